// The OpenAPI 3.1 description of the REST routes, served at GET /api/openapi.json. Written by hand
// (not generated from the route table) so rest.int.test.ts can hold the two against each other:
// every documented operation is routed, every route is documented, and real answers validate
// against the documented schemas.
import { IntegrationStatus, SyncResource, SyncStatus, WebhookEventStatus } from '../../generated/prisma/enums.js';
import { SYNC_FUNCTION_NAMES } from '../../services/sync-functions.js';
import { RESOURCE_INFO, SYNC_RESOURCES } from '../../sync/resources.js';
import { SCHEDULE_PRESETS, SYNC_FILTERS } from '../../sync/settings.js';
import { WRITE_PATHS, WRITE_SCHEMAS } from './write-openapi.js';

type Schema = Record<string, unknown>;

const ref = (name: string): Schema => ({ $ref: `#/components/schemas/${name}` });
const str = (description: string, extra: Schema = {}): Schema => ({ type: 'string', description, ...extra });
const nullableStr = (description: string, extra: Schema = {}): Schema => ({ type: ['string', 'null'], description, ...extra });
const time = (description: string): Schema => nullableStr(description, { format: 'date-time' });
const int = (description: string): Schema => ({ type: 'integer', minimum: 0, description });
const nullableInt = (description: string): Schema => ({ type: ['integer', 'null'], minimum: 0, description });
const bool = (description: string): Schema => ({ type: 'boolean', description });
const enumOf = (values: object, description: string, nullable = false): Schema =>
  ({ type: nullable ? ['string', 'null'] : 'string', enum: [...Object.values(values), ...(nullable ? [null] : [])], description });
/** An object whose every listed property is required and nothing else is allowed. */
const object = (description: string, properties: Record<string, Schema>): Schema =>
  ({ type: 'object', description, properties, required: Object.keys(properties), additionalProperties: false });

const functionNames = [...new Set(SYNC_RESOURCES.map((r) => RESOURCE_INFO[r].functionName))];

const syncStateProperties = {
  id: str('The sync state id (uuid).', { format: 'uuid' }),
  resource: enumOf(SyncResource, 'Which kind of record.'),
  functionName: { type: 'string', enum: functionNames, description: 'The Trackstar read function of the resource.' },
  status: enumOf(SyncStatus, 'State of the sync.'),
  inProgress: bool('A run is under way or was interrupted and resumes at its next page.'),
  cursor: time('Start of the last complete run: everything Trackstar updated before it is in Packr.'),
  dataAgeSeconds: nullableInt('Seconds since the cursor (the last complete sync run started): sync runs only, not how old the data is; null before the first complete run.'),
  confirmedAt: time("When Packr last confirmed this resource matches Trackstar's copy: a complete run's start or an applied webhook, whichever is later."),
  confirmedBy: { type: ['string', 'null'], enum: ['SYNC', 'WEBHOOK', null], description: 'What confirmed it last.' },
  confirmedAgeSeconds: nullableInt('Seconds since confirmedAt.'),
  lastStalledAt: time('When a run was last found stalled (no page progress for SYNC_STALL_MINUTES) and re-queued.'),
  reconciledAt: time('Start of the last complete listing that marked records the WMS no longer has as deleted.'),
  reconcileDeleted: int('Records the last reconcile marked deleted.'),
  completeListingRequested: bool('A complete listing (deletion reconcile) is asked for and not done yet.'),
  lastStartedAt: time('When the latest run started.'),
  lastSucceededAt: time('When a run last finished successfully.'),
  lastFailedAt: time('When an attempt last failed or the resource was paused.'),
  lastError: nullableStr('Why the last attempt failed or the resource is paused; null when clean.'),
  lastDurationMs: nullableInt('Duration of the last successful run in milliseconds.'),
  recordsSynced: int('Records read by the last complete run.'),
  recordsSkipped: int('Invalid records skipped by the current or last run.'),
  pagesFetched: int('Pages committed by the current or last run.'),
  backfillCompletedAt: time("When Packr's first complete run of this resource finished."),
  historicalSyncCompletedAt: time("When Trackstar reported its own historical sync of this resource done."),
};

const jobCounts = object('Jobs of the integration in one queue, by state.', {
  waiting: int('Queued, waiting for a worker.'),
  active: int('Running now.'),
  completed: int('Finished and still kept by the queue (sync jobs for a day, webhook jobs for an hour).'),
  failed: int('Failed for good and kept for inspection.'),
  delayed: int('Scheduled for later, including retries after a backoff.'),
});

const budgetProperties = {
  limit: int('Requests allowed per second.'),
  remaining: int('Requests left in that second when observed.'),
  resetsAt: time('When the budget refills, as Trackstar stated it; null when it did not say.'),
  observedAt: str('When Packr saw the answer.', { format: 'date-time' }),
};
/** A budget or null (the checker has no oneOf, so the nullable object is spelled out). */
const nullableBudget = (description: string): Schema =>
  ({ type: ['object', 'null'], description, properties: budgetProperties, required: Object.keys(budgetProperties), additionalProperties: false });

const stringList = (description: string): Schema => ({ type: 'array', items: { type: 'string' }, description });
const inputList = (description: string): Schema => ({ type: ['array', 'null'], items: { type: 'string' }, description });

const syncSettingsSchemas: Record<string, Schema> = {
  SyncFilters: object('Which records a resource syncs; an empty list does not filter.', {
    warehouseIds: stringList('Trackstar warehouse ids (warehouse locations, inbound shipments).'),
    channels: stringList('Order channel ids, e.g. ch_shopify (orders).'),
    orderTypes: stringList('Order types d2c, b2b, dropship, transfer (orders).'),
    warehouseCustomerIds: stringList('Warehouse customer ids (orders, products, inventory, returns, inbound shipments).'),
  }),
  SyncSettings: object("A brand's sync settings, one entry per resource its connection syncs.", {
    integrationId: str('The integration id (uuid).', { format: 'uuid' }),
    brandId: str('The Brand global id.'),
    brandUuid: str('The brand database id.', { format: 'uuid' }),
    backfillDays: int('Days of orders, returns and inbound shipments a backfill loads (1 to 1098).'),
    resources: {
      type: 'array',
      description: 'In sync order (WAREHOUSES first).',
      items: object('Settings of one resource, with what they mean now.', {
        resource: enumOf(SyncResource, 'Which kind of record.'),
        functionName: { type: 'string', enum: functionNames, description: 'Its Trackstar read function.' },
        preset: { type: 'string', enum: [...SCHEDULE_PRESETS], description: 'TRACKSTAR_DEFAULTS (hourly; 12 h for warehouses, locations, shipping methods), NEAR_REAL_TIME (Packr\'s default: 5 or 15 min; 12 h for reference data) or CUSTOM.' },
        everySeconds: int('Seconds between incremental syncs under the chosen schedule.'),
        customEverySeconds: nullableInt('The CUSTOM interval, kept while another preset is chosen.'),
        nearRealTimeSeconds: int('The NEAR_REAL_TIME interval of this resource.'),
        trackstarDefaultSeconds: int('The TRACKSTAR_DEFAULTS interval of this resource.'),
        paused: bool('Paused in these settings.'),
        pausedBy: nullableStr('Why it is paused when something else paused it (connection error, disconnect, not offered); a resume here does not lift that.'),
        status: enumOf(SyncStatus, 'Current sync state.'),
        nextRunAt: time('When the next scheduled sync runs; null when none is scheduled or the job queue did not answer.'),
        filters: ref('SyncFilters'),
        supportedFilters: { type: 'array', items: { type: 'string', enum: [...SYNC_FILTERS] }, description: 'The filters this resource takes.' },
      }),
    },
  }),
  SyncSettingsUpdate: {
    type: 'object',
    description: 'What to change; omitted or null properties keep their value.',
    properties: {
      backfillDays: { type: ['integer', 'null'], description: '1 to 1098 days; a longer window re-backfills orders, returns and inbound shipments.' },
      resources: {
        type: ['array', 'null'],
        description: 'Per-resource changes, each resource at most once.',
        items: {
          type: 'object',
          description: 'Changes to one resource the connection syncs.',
          properties: {
            resource: enumOf(SyncResource, 'Which resource.'),
            preset: { type: ['string', 'null'], enum: [...SCHEDULE_PRESETS, null], description: 'The schedule; CUSTOM needs everySeconds unless one was set before.' },
            everySeconds: { type: ['integer', 'null'], description: 'The CUSTOM interval, 60 to 604800 seconds; refused with another preset.' },
            paused: { type: ['boolean', 'null'], description: 'true pauses its syncs, false resumes them (a pause Packr or Trackstar imposed stays).' },
            filters: {
              type: ['object', 'null'],
              description: 'Replaces all its filters; an omitted, null or empty list removes that filter. Only the kinds in supportedFilters; at most 100 values each, no commas.',
              properties: {
                warehouseIds: inputList('Trackstar warehouse ids.'),
                channels: inputList('Order channel ids.'),
                orderTypes: inputList('d2c, b2b, dropship, transfer.'),
                warehouseCustomerIds: inputList('Warehouse customer ids.'),
              },
              additionalProperties: false,
            },
          },
          required: ['resource'],
          additionalProperties: false,
        },
      },
    },
    additionalProperties: false,
  },
  SyncSettingsError: object('Refused sync settings: nothing was changed.', {
    error: object('What went wrong.', {
      code: str('UNPROCESSABLE.'),
      message: str('All the problems in one sentence.'),
      fields: {
        type: 'array',
        description: 'One entry per refused value.',
        items: object('A refused value.', {
          field: str('Where: backfillDays, resources.<RESOURCE>, resources.<RESOURCE>.everySeconds, resources.<RESOURCE>.filters.<name>.'),
          message: str('Why, for people.'),
        }),
      },
    }),
  }),
};

const connectLinkSchemas: Record<string, Schema> = {
  MagicLink: object("A connect link: a Trackstar magic link the brand opens to connect its WMS without a Packr login. The connection it makes is attached to this brand.", {
    id: str('The ConnectLink global id (as in GraphQL).'),
    uuid: str('The link database id.', { format: 'uuid' }),
    brandId: str('The Brand global id.'),
    brandUuid: str('The brand database id.', { format: 'uuid' }),
    url: nullableStr('What to send the brand; null when Trackstar returned no URL (copy it from the Trackstar dashboard).'),
    status: { type: 'string', enum: ['ACTIVE', 'USED', 'EXPIRED', 'REVOKED'], description: 'ACTIVE: usable; USED: its connection is attached to the brand; EXPIRED; REVOKED.' },
    integrationsWithEndpoints: { type: 'array', items: { type: 'string' }, description: "Trackstar functions the brand's WMS had to support (the 3PL's Link filter when the link was made)." },
    expiresAt: str('When Trackstar stops accepting it.', { format: 'date-time' }),
    createdAt: str('When it was created.', { format: 'date-time' }),
    revokedAt: time('When it was revoked.'),
    usedAt: time('When the connection made through it was attached to the brand.'),
    connectionId: nullableStr("Trackstar's id of the connection made through it."),
  }),
  MagicLinkRequest: {
    type: 'object',
    description: 'Optional: how long the link lives. An empty body takes the defaults.',
    properties: { expiresInDays: { type: ['integer', 'null'], description: 'Days the link stays usable, 1 to 30 (default 7).' } },
    additionalProperties: false,
  },
  MagicLinks: object("The brand's connect links, newest first (at most 50), every status.", {
    magicLinks: { type: 'array', items: ref('MagicLink'), description: 'Newest first.' },
  }),
};

const schemas: Record<string, Schema> = {
  ...syncSettingsSchemas,
  ...connectLinkSchemas,
  Error: object('Every failure.', {
    error: object('What went wrong.', {
      code: str('Machine-readable: BAD_REQUEST, UNAUTHENTICATED, FORBIDDEN, NOT_FOUND, METHOD_NOT_ALLOWED, CONFLICT, NOT_CONNECTED, PAYLOAD_TOO_LARGE, UNPROCESSABLE, RATE_LIMITED, INTERNAL, UPSTREAM_ERROR, NOT_CONFIGURED, SERVICE_UNAVAILABLE.'),
      message: str('For people; never contains secrets or internals.'),
    }),
  }),
  LinkToken: object('A short-lived token that opens Trackstar Link.', {
    linkToken: str('Pass to Trackstar Link; fetch a fresh one each time Link opens.'),
  }),
  ExchangeRequest: object('The Link result to exchange.', {
    authCode: str("The auth code Trackstar Link's onSuccess callback returned."),
  }),
  SyncRequest: {
    type: 'object',
    description: 'What to sync; an empty body, a missing or empty functionsToSync means every resource the connection syncs.',
    properties: {
      functionsToSync: {
        type: ['array', 'null'],
        items: { type: 'string', enum: [...SYNC_FUNCTION_NAMES] },
        description: 'Trackstar function names; get_shipments syncs orders (shipments come with their orders). Unknown names are refused with 400.',
      },
      full: {
        type: ['boolean', 'null'],
        description: 'true: list each resource completely (orders, returns and inbound shipments over the backfill window) and mark records the WMS no longer has as deleted once the listing completes without a break. A run under way finishes first. Default false.',
      },
    },
    additionalProperties: false,
  },
  SyncState: object('Progress of syncing one resource.', syncStateProperties),
  IntegrationSyncState: object('Progress of syncing one resource, with the rows Packr holds for it.', {
    ...syncStateProperties,
    recordsStored: int('Rows of this resource Packr holds for the brand.'),
  }),
  Integration: object("A brand's Trackstar connection. The access token is never returned.", {
    id: str('The integration id (uuid).', { format: 'uuid' }),
    brandId: str('The Brand global id (as in GraphQL).'),
    brandUuid: str('The brand database id.', { format: 'uuid' }),
    provider: str('Always TRACKSTAR.', { enum: ['TRACKSTAR'] }),
    status: enumOf(IntegrationStatus, 'Connection state.'),
    connectionId: nullableStr("Trackstar's connection id; kept after a disconnect."),
    integrationName: nullableStr('The WMS behind the connection, as Trackstar names it.'),
    availableActions: { type: 'array', items: { type: 'string' }, description: 'Trackstar functions this WMS supports.' },
    lastError: nullableStr('Why the connection is in ERROR.'),
    lastSyncedAt: time('When a sync run of any resource last finished.'),
    lastWebhookAt: time('When Packr last received a webhook for this connection.'),
    connectedAt: time('When the brand was last connected.'),
    disconnectedAt: time('When the brand was last disconnected.'),
    syncStates: { type: 'array', items: ref('IntegrationSyncState'), description: 'One per resource, in resource order (WAREHOUSES first, INBOUND_SHIPMENTS last).' },
  }),
  StartedSyncs: object('The sync states a sync request queued (a resource already queued or running is included, and nothing more is queued for it).', {
    syncStates: { type: 'array', items: ref('SyncState'), description: 'In resource order.' },
  }),
  Health: object("A brand's integration health.", {
    brandId: str('The Brand global id.'),
    brandUuid: str('The brand database id.', { format: 'uuid' }),
    integrationId: nullableStr('The integration id; null when never connected.', { format: 'uuid' }),
    status: enumOf(IntegrationStatus, 'Connection state; null when never connected.', true),
    lastError: nullableStr("The connection's last error."),
    lastWebhookAt: time('When a webhook for the brand last arrived.'),
    resources: {
      type: 'array',
      description: 'Each synced resource, by name; empty when never connected.',
      items: object('Sync health of one resource.', {
        resource: enumOf(SyncResource, 'Which kind of record.'),
        functionName: { type: 'string', enum: functionNames, description: 'Its Trackstar read function.' },
        status: enumOf(SyncStatus, 'State of the sync.'),
        lastSucceededAt: time('When a run last finished successfully.'),
        dataAgeSeconds: nullableInt('Seconds since the last complete sync run started (sync runs only: not how old the data is); null before the first complete run.'),
        confirmedAt: time("When Packr last confirmed this resource matches Trackstar's copy (a complete run's start or an applied webhook)."),
        confirmedBy: { type: ['string', 'null'], enum: ['SYNC', 'WEBHOOK', null], description: 'What confirmed it last.' },
        confirmedAgeSeconds: nullableInt('Seconds since confirmedAt.'),
        newestRecordAt: time('The newest updated_date (WMS clock) among the live records Packr holds for this resource.'),
        lastStalledAt: time('When a run was last found stalled and re-queued.'),
        reconciledAt: time('Start of the last complete listing that reconciled deletions.'),
        reconcileDeleted: int('Records the last reconcile marked deleted.'),
        records: int('Rows Packr holds for this resource, deleted ones aside.'),
        inProgress: bool('A run is under way or will resume.'),
        historicalSyncCompleted: bool('Trackstar reported its historical sync of this resource done.'),
        lastError: nullableStr('Why the last attempt failed or the resource is paused.'),
      }),
    },
    queues: {
      type: ['object', 'null'],
      description: "Backlog of the integration's jobs; null when never connected or Redis did not answer in time.",
      properties: { sync: jobCounts, webhooks: jobCounts, capped: bool('A scan hit its cap: counts are lower bounds.') },
      required: ['sync', 'webhooks', 'capped'],
      additionalProperties: false,
    },
    recentWebhooks: {
      type: 'array',
      description: 'The last 20 deliveries for the brand, newest first.',
      items: object('One webhook delivery.', {
        id: str('The stored event id (uuid).', { format: 'uuid' }),
        deliveryId: nullableStr("Svix's delivery id."),
        eventType: str('Trackstar event type, e.g. order.updated.'),
        status: enumOf(WebhookEventStatus, 'Processing state.'),
        attempts: int('Processing attempts so far.'),
        error: nullableStr('Why processing failed or the event was ignored.'),
        sentAt: time('When Trackstar sent it.'),
        receivedAt: str('When Packr received it.', { format: 'date-time' }),
        processedAt: time('When Packr applied it.'),
      }),
    },
    webhookLag: object('Lag from sending to applying, over the recent processed deliveries.', {
      samples: int('Deliveries measured.'),
      p50Ms: nullableInt('Median lag in milliseconds.'),
      maxMs: nullableInt('Largest lag in milliseconds.'),
    }),
    rateLimit: nullableBudget("Trackstar's read (GET) budget as last reported for the connection (x-ratelimit-* or x-rate-limit-*); null when never connected, nothing was requested in the last hour, or Redis did not answer."),
    writeRateLimit: nullableBudget("Trackstar's write budget as last reported for the connection; null like rateLimit."),
    upstreamStuck: {
      type: 'array',
      description: "Trackstar's reports of its own stuck sync jobs or schedules for the connection (connection.sync-job-stuck, connection.schedule-stuck) in the last 24 hours, newest first, at most 5.",
      items: object('One report.', {
        eventType: str('The webhook event type.'),
        reportedAt: str('When Trackstar sent it.', { format: 'date-time' }),
        resource: enumOf(SyncResource, 'The resource it names; null when none Packr syncs.', true),
        message: nullableStr("Trackstar's message, when there is one."),
      }),
    },
  }),
};

const json = (schema: Schema) => ({ 'application/json': { schema } });
const error = (description: string) => ({ description, content: json(ref('Error')) });
const success = (description: string, name: string) => ({ description, content: json(ref(name)) });

/** The failures every brand route can answer. */
const common = {
  401: error('Missing, invalid or revoked API key (WWW-Authenticate: Bearer).'),
  404: error("Unknown brand, another tenant's brand, or one the key may not read."),
  429: error('Too many refused keys from this address (Retry-After).'),
  500: error('Unexpected failure (the message carries the request id).'),
  503: error('PostgreSQL, Redis or the job queue is unavailable, or Trackstar is not configured.'),
};
const forbidden = (who: string) => ({ 403: error(`The key's role may not do this: ${who} only.`) });
const upstream = { 502: error("Trackstar answered with an error (its message is passed on).") };
const body = { 400: error('The body is not JSON, not an object, or has wrong or unknown properties.'), 413: error('The body is over the request body limit.') };
const brandParam = {
  name: 'brandId', in: 'path', required: true,
  description: 'The brand: its GraphQL global id (Brand:…, base64) or its database id (uuid).',
  schema: { type: 'string' },
};
const BASE = '/api/brands/{brandId}/integrations/trackstar';

const document = {
  openapi: '3.1.0',
  info: {
    title: 'Packr REST API',
    version: '1',
    description: 'A brand\'s Trackstar integration and its WMS writes over REST: the same services, API keys and roles as the GraphQL API (/graphql). JSON in and out; send Authorization: Bearer <API key>. Failures are { "error": { "code", "message" } }; an unknown route is 404 and a wrong method 405 (with Allow).',
  },
  components: {
    schemas: { ...schemas, ...WRITE_SCHEMAS },
    securitySchemes: { apiKey: { type: 'http', scheme: 'bearer', description: 'A Packr API key (pk_…).' } },
  },
  security: [{ apiKey: [] }],
  paths: {
    '/api/openapi.json': {
      get: {
        operationId: 'getOpenApiDocument', summary: 'This document.', security: [],
        responses: { 200: { description: 'The OpenAPI document.', content: json({ type: 'object' }) } },
      },
    },
    [BASE]: {
      parameters: [brandParam],
      get: {
        operationId: 'getTrackstarIntegration',
        summary: "The brand's Trackstar connection with its sync state per resource. Anyone who may read the brand.",
        responses: { 200: success('The integration.', 'Integration'), ...common, 404: error('Unknown or invisible brand (code NOT_FOUND), or the brand was never connected (message says so).') },
      },
      delete: {
        operationId: 'disconnectTrackstar',
        summary: 'Deletes the connection upstream and stops syncing; synced data stays readable. OWNER and ADMIN.',
        responses: { 200: success('The integration, now DISCONNECTED.', 'Integration'), ...common, ...forbidden('OWNER and ADMIN'), 409: error('Not connected (code NOT_CONNECTED).'), ...upstream },
      },
    },
    [`${BASE}/link-token`]: {
      parameters: [brandParam],
      post: {
        operationId: 'createTrackstarLinkToken',
        summary: 'A token for Trackstar Link (reinstalls the existing connection when there is one). OWNER and ADMIN. Any body is ignored.',
        responses: { 200: success('The link token.', 'LinkToken'), ...common, ...forbidden('OWNER and ADMIN'), ...upstream },
      },
    },
    [`${BASE}/exchange`]: {
      parameters: [brandParam],
      post: {
        operationId: 'exchangeTrackstarAuthCode',
        summary: 'Exchanges the Link auth code, stores the connection and starts the backfill. OWNER and ADMIN.',
        requestBody: { required: true, content: json(ref('ExchangeRequest')) },
        responses: {
          200: success('The stored integration; its readable resources are QUEUED for the backfill.', 'Integration'),
          ...common, ...body, ...forbidden('OWNER and ADMIN'),
          409: error('The Trackstar connection is linked to another brand (code CONFLICT).'),
          422: error('authCode is blank or too long (code UNPROCESSABLE).'),
          ...upstream,
        },
      },
    },
    [`${BASE}/sync`]: {
      parameters: [brandParam],
      post: {
        operationId: 'triggerTrackstarSync',
        summary: 'Syncs the given Trackstar functions now (all when omitted) and asks Trackstar to crawl them too. OWNER, ADMIN and OPERATOR.',
        requestBody: { required: false, content: json(ref('SyncRequest')) },
        responses: {
          202: success('The sync states queued.', 'StartedSyncs'),
          ...common, ...body, ...forbidden('OWNER, ADMIN and OPERATOR'),
          400: error('Not JSON, wrong properties, or unknown function names (the message lists the valid ones).'),
          409: error('The brand is not connected, or its connection needs attention (code NOT_CONNECTED).'),
          422: error('A function this connection does not sync (code UNPROCESSABLE).'),
        },
      },
    },
    [`${BASE}/health`]: {
      parameters: [brandParam],
      get: {
        operationId: 'getTrackstarHealth',
        summary: 'Connection state, last sync per resource, queue backlog and recent webhooks. Anyone who may read the brand.',
        responses: { 200: success('The health report (also for a brand never connected: status null).', 'Health'), ...common },
      },
    },
    [`${BASE}/sync-settings`]: {
      parameters: [brandParam],
      get: {
        operationId: 'getTrackstarSyncSettings',
        summary: 'Schedule, pause and filters per resource, the backfill window, and the next scheduled run of each resource. OWNER and ADMIN.',
        responses: {
          200: success('The sync settings.', 'SyncSettings'),
          ...common, ...forbidden('OWNER and ADMIN'),
          404: error('Unknown or invisible brand (code NOT_FOUND), or the brand was never connected (message says so).'),
        },
      },
      put: {
        operationId: 'updateTrackstarSyncSettings',
        summary: 'Changes what the body names and applies it at once: schedulers replaced or removed, syncs paused or resumed, a filter change re-lists on the next run (widening re-backfills). OWNER and ADMIN.',
        requestBody: { required: true, content: json(ref('SyncSettingsUpdate')) },
        responses: {
          200: success('The settings now in force.', 'SyncSettings'),
          ...common, ...body, ...forbidden('OWNER and ADMIN'),
          404: error('Unknown or invisible brand (code NOT_FOUND), or the brand was never connected (message says so).'),
          422: { description: 'Refused values (code UNPROCESSABLE), one message per field; nothing changed.', content: json(ref('SyncSettingsError')) },
          503: error('PostgreSQL or Redis unavailable; when the message says the settings were saved, the new schedules apply once the job queue is back.'),
        },
      },
    },
    [`${BASE}/magic-links`]: {
      parameters: [brandParam],
      post: {
        operationId: 'createTrackstarMagicLink',
        summary: "Creates a connect link (Trackstar magic link) for the brand to connect its WMS without a Packr login; Link offers only integrations passing the 3PL's filter. A connected brand gets a link that reinstalls its connection. OWNER and ADMIN.",
        requestBody: { required: false, content: json(ref('MagicLinkRequest')) },
        responses: {
          201: success('The new link; send its url to the brand.', 'MagicLink'),
          ...common, ...body, ...forbidden('OWNER and ADMIN'),
          422: error('expiresInDays out of range, or the brand already has 10 active links (code UNPROCESSABLE).'),
          ...upstream,
        },
      },
      get: {
        operationId: 'listTrackstarMagicLinks',
        summary: "The brand's connect links with their status, newest first. OWNER and ADMIN.",
        responses: { 200: success('The links.', 'MagicLinks'), ...common, ...forbidden('OWNER and ADMIN') },
      },
    },
    [`${BASE}/magic-links/{id}`]: {
      parameters: [brandParam, { name: 'id', in: 'path', required: true, description: 'The link: its ConnectLink global id or its uuid.', schema: { type: 'string' } }],
      delete: {
        operationId: 'revokeTrackstarMagicLink',
        summary: 'Revokes the link: Trackstar stops accepting it. A used or revoked link is answered unchanged. OWNER and ADMIN.',
        responses: {
          200: success('The link, now REVOKED (or as it was when already used or revoked).', 'MagicLink'),
          ...common, ...forbidden('OWNER and ADMIN'),
          404: error("Unknown or invisible brand, or no such link of this brand (code NOT_FOUND)."),
          ...upstream,
        },
      },
    },
    ...WRITE_PATHS,
  },
} as const;

export type OpenApiDocument = typeof document;

export function openApiDocument(): OpenApiDocument {
  return document;
}

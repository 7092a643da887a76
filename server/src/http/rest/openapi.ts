// The OpenAPI 3.1 description of the REST routes, served at GET /api/openapi.json. Written by hand
// (not generated from the route table) so rest.int.test.ts can hold the two against each other:
// every documented operation is routed, every route is documented, and real answers validate
// against the documented schemas.
import { IntegrationStatus, SyncResource, SyncStatus, WebhookEventStatus } from '../../generated/prisma/enums.js';
import { SYNC_FUNCTION_NAMES } from '../../services/sync-functions.js';
import { RESOURCE_INFO, SYNC_RESOURCES } from '../../sync/resources.js';

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
  dataAgeSeconds: nullableInt('Seconds since the cursor; null before the first complete run.'),
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

const schemas: Record<string, Schema> = {
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
        dataAgeSeconds: nullableInt('How stale the data may be, in seconds; null before the first complete run.'),
        records: int('Rows Packr holds for this resource.'),
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
    description: 'A brand\'s Trackstar integration over REST: the same services, API keys and roles as the GraphQL API (/graphql). JSON in and out; send Authorization: Bearer <API key>. Failures are { "error": { "code", "message" } }; an unknown route is 404 and a wrong method 405 (with Allow).',
  },
  components: {
    schemas,
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
  },
} as const;

export type OpenApiDocument = typeof document;

export function openApiDocument(): OpenApiDocument {
  return document;
}

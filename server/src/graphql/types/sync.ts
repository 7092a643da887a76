// Sync progress: the SyncResource and SyncStatus enums, the SyncState type, BrandIntegration.syncStates
// and the triggerSync mutation (logic in services/integrations.ts and services/sync-status.ts).
import { db } from '../../db.js';
import { SyncResource, SyncStatus } from '../../generated/prisma/enums.js';
import { triggerSync } from '../../services/integrations.js';
import { newestRecordTimes, storedCounts } from '../../services/sync-status.js';
import { ageSeconds } from '../../sync/freshness.js';
import { loadBatched } from '../batch.js';
import { builder } from '../builder.js';
import { assertUuid, inVisibleBrand, visibleBrandId } from '../scope.js';
import { answer } from '../service-errors.js';
import { ChangeSourceEnum } from './subscriptions.js';

export const SyncResourceEnum = builder.enumType(SyncResource, {
  name: 'SyncResource',
  description: 'A kind of WMS record Packr syncs through Trackstar; each has its own SyncState per brand. The frequency given is how often Trackstar refreshes it from the WMS by default.',
  values: {
    WAREHOUSES: { description: 'Warehouses (Query.warehouses); every 12 hours.' },
    WAREHOUSE_LOCATIONS: { description: 'Storage locations inside warehouses (Warehouse.locations); every 12 hours.' },
    SHIPPING_METHODS: { description: 'Shipping methods (Query.shippingMethods); every 12 hours.' },
    PRODUCTS: { description: 'Products (Query.products); hourly.' },
    INVENTORY: { description: 'Inventory items with per-warehouse levels (Query.inventory); hourly.' },
    ORDERS: { description: 'Orders with their line items, shipments and packages (Query.orders, Query.shipments); hourly.' },
    RETURNS: { description: 'Returns (Query.returns); hourly.' },
    INBOUND_SHIPMENTS: { description: 'Inbound shipments / ASNs (Query.inboundShipments); hourly.' },
  } satisfies Record<keyof typeof SyncResource, { description: string }>,
});
export const SyncStatusEnum = builder.enumType(SyncStatus, {
  name: 'SyncStatus',
  description: "State of one resource's sync for a brand.",
  values: {
    IDLE: { description: 'Never run yet.' },
    QUEUED: { description: 'A run is waiting for a worker (also a stalled run handed to a new one: see lastStalledAt).' },
    RUNNING: { description: 'A run is reading pages from Trackstar now.' },
    SUCCEEDED: { description: 'The last run finished; the next one runs on schedule, on a webhook or on triggerSync.' },
    FAILED: { description: 'The last attempt failed (see lastError); it is retried, resuming at the page it reached.' },
    PAUSED: { description: 'Not syncing: the WMS does not offer this resource, or the brand is disconnected or needs reconnecting (see lastError).' },
  } satisfies Record<keyof typeof SyncStatus, { description: string }>,
});

builder.prismaNode('SyncState', {
  description: 'Progress and health of syncing one resource of one brand. Readable by whoever may read the brand.',
  id: { field: 'id' },
  nullable: true,
  // node(id) and fallback loads: only sync states of an integration of a brand the viewer may read.
  findUnique: (id, ctx) => ({ id: assertUuid(id), integration: inVisibleBrand(ctx) }),
  fields: (t) => ({
    resource: t.expose('resource', { type: SyncResourceEnum, description: 'Which kind of record this state is about.' }),
    status: t.expose('status', { type: SyncStatusEnum, description: 'Current state of the sync.' }),
    inProgress: t.boolean({
      description: 'A run is under way or was interrupted and will resume at its next page.',
      select: { runStartedAt: true, status: true },
      resolve: (s) => s.runStartedAt !== null || s.status === 'RUNNING',
    }),
    cursor: t.expose('cursor', {
      type: 'DateTime', nullable: true,
      description: 'Start of the last complete run: everything Trackstar had updated before it is in Packr.',
    }),
    dataAge: t.int({
      nullable: true,
      description:
        'Seconds since the cursor: since the last complete sync run started. It counts sync runs only (a webhook does not move it) and says nothing about how old the data itself is; ' +
        'see confirmedAgeSeconds (sync runs and webhooks) and newestRecordAt. Null before the first complete run.',
      select: { cursor: true },
      resolve: (s) => ageSeconds(s.cursor),
    }),
    confirmedAt: t.expose('confirmedAt', {
      type: 'DateTime', nullable: true,
      description: "When Packr last confirmed its copy of this resource matches Trackstar's: the start of the last complete sync run, or the moment a webhook for it was last applied, whichever is later. Null before either.",
    }),
    confirmedBy: t.expose('confirmedBy', {
      type: ChangeSourceEnum, nullable: true,
      description: 'What confirmed it last: SYNC (a complete run) or WEBHOOK (an applied webhook). Null before either.',
    }),
    confirmedAgeSeconds: t.int({
      nullable: true,
      description: 'Seconds since confirmedAt; null before the first confirmation.',
      select: { confirmedAt: true },
      resolve: (s) => ageSeconds(s.confirmedAt),
    }),
    newestRecordAt: t.field({
      type: 'DateTime',
      nullable: true,
      description: 'The newest updatedAt (the WMS\'s clock) among the records Packr holds for this resource, deleted ones aside: how old the newest data is. Null when it holds none.',
      select: { resource: true, integration: { select: { brandId: true } } },
      resolve: async (s, _args, ctx) => {
        const times = await loadBatched(ctx, 'syncNewestRecord', s.integration.brandId, async (brandIds: string[]) =>
          new Map(await Promise.all(brandIds.map(async (id) => [id, await newestRecordTimes(id)] as const))),
        );
        return times?.[s.resource] ?? null;
      },
    }),
    lastStalledAt: t.expose('lastStalledAt', {
      type: 'DateTime', nullable: true,
      description: 'When a run of this resource was last found stalled (RUNNING with no page progress for SYNC_STALL_MINUTES) and re-queued to resume; null if never.',
    }),
    reconciledAt: t.expose('reconciledAt', {
      type: 'DateTime', nullable: true,
      description: 'Start of the last complete, unbroken listing that reconciled deletions (records Trackstar no longer lists are marked deleted); null before the first.',
    }),
    reconcileDeleted: t.exposeInt('reconcileDeleted', { description: 'Records the last reconcile marked deleted.' }),
    completeListingRequested: t.boolean({
      description: 'A complete listing (deletion reconcile) is asked for and not done yet: the next fresh run lists the whole scope.',
      select: { reconcileRequestedAt: true },
      resolve: (s) => s.reconcileRequestedAt !== null,
    }),
    lastStartedAt: t.expose('lastStartedAt', { type: 'DateTime', nullable: true, description: 'When the latest run started; null before the first.' }),
    lastSucceededAt: t.expose('lastSucceededAt', { type: 'DateTime', nullable: true, description: 'When a run last finished successfully; null before the first.' }),
    lastFailedAt: t.expose('lastFailedAt', { type: 'DateTime', nullable: true, description: 'When an attempt last failed or the resource was paused; null if never.' }),
    lastError: t.exposeString('lastError', { nullable: true, description: 'Why the last attempt failed, the resource is paused, or records were skipped; null when the last run was clean.' }),
    lastDurationMs: t.exposeInt('lastDurationMs', { nullable: true, description: 'How long the last successful run took, in milliseconds; null before the first.' }),
    recordsSynced: t.exposeInt('recordsSynced', { description: 'Records read by the last complete run (0 after a quiet incremental run).' }),
    recordsStored: t.int({
      description: 'Records of this resource Packr holds for the brand: the total synced so far (by sync runs and webhooks), deleted ones aside.',
      select: { resource: true, integration: { select: { brandId: true } } },
      resolve: async (s, _args, ctx) => {
        // Sibling rows of one brand share one counting statement.
        const counts = await loadBatched(ctx, 'syncRecordsStored', s.integration.brandId, async (brandIds: string[]) =>
          new Map(await Promise.all(brandIds.map(async (id) => [id, await storedCounts(id)] as const))),
        );
        return counts?.[s.resource] ?? 0;
      },
    }),
    recordsSkipped: t.exposeInt('recordsSkipped', { description: 'Invalid records skipped by the current or last run.' }),
    pagesFetched: t.exposeInt('pagesFetched', { description: 'Pages committed by the current or last run.' }),
    backfillCompletedAt: t.expose('backfillCompletedAt', { type: 'DateTime', nullable: true, description: "When Packr's first complete run (the backfill) of this resource finished; null until then." }),
    historicalSyncCompletedAt: t.expose('historicalSyncCompletedAt', {
      type: 'DateTime', nullable: true,
      description: "When Trackstar reported its own initial (historical) sync of this resource done; until then Trackstar's copy, and so Packr's, may be incomplete. Null until that webhook arrives.",
    }),
    integration: t.relation('integration', { description: 'The connection this state belongs to.' }),
  }),
});

builder.prismaObjectField('BrandIntegration', 'syncStates', (t) =>
  t.relation('syncStates', { description: 'Sync state of each resource this connection syncs, by resource name.', query: { orderBy: { resource: 'asc' } } }),
);

builder.mutationField('triggerSync', (t) =>
  t.prismaField({
    type: ['SyncState'],
    authScopes: { member: true },
    description: 'Syncs the given resources now (all when empty or omitted). Clicking again while one runs queues nothing more. OWNER, ADMIN and OPERATOR.',
    args: {
      brandId: t.arg.id({ required: true, description: 'The Brand global ID.' }),
      resources: t.arg({ type: [SyncResourceEnum], required: false, description: 'Resources to sync; empty or omitted means every resource the connection syncs. A paused one is BAD_USER_INPUT.' }),
      full: t.arg.boolean({
        required: false, defaultValue: false,
        description: 'List each resource completely instead of what changed since the last run, and mark records the WMS no longer has as deleted when the listing completes without a break (orders, returns and inbound shipments over the backfill window). A run under way finishes first.',
      }),
    },
    resolve: async (query, _root, args, ctx) => {
      const brandId = await visibleBrandId(ctx.viewer!, args.brandId);
      const started = await answer(() => triggerSync(brandId, args.resources ?? null, { full: args.full ?? false, actor: ctx.viewer! }));
      return db.syncState.findMany({ ...query, where: { id: { in: started.map((s) => s.id) } }, orderBy: { resource: 'asc' } });
    },
  }),
);

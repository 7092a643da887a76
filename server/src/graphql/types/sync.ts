// Sync progress: the SyncResource and SyncStatus enums, the SyncState type, BrandIntegration.syncStates
// and the triggerSync mutation (logic in services/integrations.ts and services/sync-status.ts).
import { db } from '../../db.js';
import { SyncResource, SyncStatus } from '../../generated/prisma/enums.js';
import { triggerSync } from '../../services/integrations.js';
import { storedCounts } from '../../services/sync-status.js';
import { loadBatched } from '../batch.js';
import { builder } from '../builder.js';
import { assertUuid, inVisibleBrand, visibleBrandId } from '../scope.js';
import { answer } from '../service-errors.js';

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
    QUEUED: { description: 'A run is waiting for a worker.' },
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
      description: 'Seconds since the cursor (how stale Packr\'s copy may be); null before the first complete run.',
      select: { cursor: true },
      resolve: (s) => (s.cursor ? Math.max(0, Math.round((Date.now() - s.cursor.getTime()) / 1000)) : null),
    }),
    lastStartedAt: t.expose('lastStartedAt', { type: 'DateTime', nullable: true, description: 'When the latest run started; null before the first.' }),
    lastSucceededAt: t.expose('lastSucceededAt', { type: 'DateTime', nullable: true, description: 'When a run last finished successfully; null before the first.' }),
    lastFailedAt: t.expose('lastFailedAt', { type: 'DateTime', nullable: true, description: 'When an attempt last failed or the resource was paused; null if never.' }),
    lastError: t.exposeString('lastError', { nullable: true, description: 'Why the last attempt failed, the resource is paused, or records were skipped; null when the last run was clean.' }),
    lastDurationMs: t.exposeInt('lastDurationMs', { nullable: true, description: 'How long the last successful run took, in milliseconds; null before the first.' }),
    recordsSynced: t.exposeInt('recordsSynced', { description: 'Records read by the last complete run (0 after a quiet incremental run).' }),
    recordsStored: t.int({
      description: 'Records of this resource Packr holds for the brand: the total synced so far (by sync runs and webhooks).',
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
    },
    resolve: async (query, _root, args, ctx) => {
      const brandId = await visibleBrandId(ctx.viewer!, args.brandId);
      const started = await answer(() => triggerSync(brandId, args.resources ?? null));
      return db.syncState.findMany({ ...query, where: { id: { in: started.map((s) => s.id) } }, orderBy: { resource: 'asc' } });
    },
  }),
);

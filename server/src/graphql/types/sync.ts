// Trackstar connection and sync: the SyncState type, BrandIntegration.syncStates, and the
// connect / disconnect / trigger mutations (logic in services/integrations.ts).
import { GraphQLError } from 'graphql';
import { visibleBrands, type Viewer } from '../../auth/viewer.js';
import { db } from '../../db.js';
import { SyncResource, SyncStatus } from '../../generated/prisma/enums.js';
import {
  IntegrationError, connectTrackstar, createLinkToken, disconnectTrackstar, triggerSync,
} from '../../services/integrations.js';
import { logger } from '../../lib/logger.js';
import { reprocessIgnoredForConnection } from '../../webhooks/reresolve.js';
import { pool } from '../../pg.js';
import { loadBatched } from '../batch.js';
import { builder } from '../builder.js';
import { parseGlobalId } from '../ids.js';
import { assertUuid, inVisibleBrand } from '../scope.js';

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

// Where each resource's rows live (all keyed by "brandId", each with a ("brandId", ...) index).
const RESOURCE_TABLES: Record<SyncResource, string> = {
  WAREHOUSES: 'warehouse', WAREHOUSE_LOCATIONS: 'warehouse_location', SHIPPING_METHODS: 'shipping_method', PRODUCTS: 'product',
  INVENTORY: 'inventory_item', ORDERS: '"order"', RETURNS: '"return"', INBOUND_SHIPMENTS: 'inbound_shipment',
};

/** Rows per resource of one brand, in one statement (a screen shows all resources at once). */
async function storedCounts(brandId: string): Promise<Record<SyncResource, number>> {
  const selects = Object.entries(RESOURCE_TABLES).map(([r, table]) => `(SELECT count(*) FROM ${table} WHERE "brandId" = $1)::int AS "${r}"`);
  const { rows } = await pool.query<Record<SyncResource, number>>(`SELECT ${selects.join(', ')}`, [brandId]);
  return rows[0];
}

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

const CODES: Record<IntegrationError['code'], string> = {
  NOT_FOUND: 'NOT_FOUND', BAD_USER_INPUT: 'BAD_USER_INPUT', NOT_CONNECTED: 'FAILED_PRECONDITION', UPSTREAM: 'UPSTREAM_ERROR',
  NOT_CONFIGURED: 'NOT_CONFIGURED', CONFLICT: 'CONFLICT', UNAVAILABLE: 'SERVICE_UNAVAILABLE',
};

/** Service errors become GraphQL errors with a code; anything else stays masked by Yoga. */
async function answer<T>(call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (error) {
    if (error instanceof IntegrationError) throw new GraphQLError(error.message, { extensions: { code: CODES[error.code] } });
    throw error;
  }
}

/** A brand of the viewer's 3PL, by global id; anything else reads as not found. */
async function brandFor(viewer: Viewer, globalId: string | number): Promise<string> {
  const id = parseGlobalId(globalId, 'Brand');
  const brand = await db.brand.findFirst({ where: { id, ...visibleBrands(viewer) }, select: { id: true } });
  if (!brand) throw new GraphQLError('Brand not found', { extensions: { code: 'NOT_FOUND' } });
  return brand.id;
}

const LinkTokenPayload = builder.objectRef<{ linkToken: string }>('TrackstarLinkToken').implement({
  description: 'A short-lived token that opens Trackstar Link (the modal where the brand picks and logs in to its WMS).',
  fields: (t) => ({ linkToken: t.exposeString('linkToken', { description: 'Pass to Trackstar Link; fetch a fresh one each time Link opens.' }) }),
});

builder.mutationField('createTrackstarLinkToken', (t) =>
  t.field({
    type: LinkTokenPayload,
    authScopes: { manager: true },
    description: 'Starts connecting a brand: a token for Trackstar Link. Reinstalls the existing connection when the brand had one. OWNER and ADMIN only.',
    args: { brandId: t.arg.id({ required: true, description: 'The Brand global ID.' }) },
    resolve: async (_root, args, ctx) => {
      const brandId = await brandFor(ctx.viewer!, args.brandId);
      return { linkToken: await answer(() => createLinkToken(brandId)) };
    },
  }),
);

builder.mutationField('connectTrackstar', (t) =>
  t.prismaField({
    type: 'BrandIntegration',
    authScopes: { manager: true },
    description: 'Exchanges a Link auth code, stores the connection and starts the initial backfill. Reconnecting keeps all data. OWNER and ADMIN only.',
    args: {
      brandId: t.arg.id({ required: true, description: 'The Brand global ID.' }),
      authCode: t.arg.string({ required: true, description: "The auth code Trackstar Link's onSuccess callback returned." }),
    },
    resolve: async (query, _root, args, ctx) => {
      const brandId = await brandFor(ctx.viewer!, args.brandId);
      const integration = await answer(() => connectTrackstar(brandId, args.authCode));
      // Webhooks that beat this mutation were stored as "unknown connection"; the connect already succeeded, so a failure here only logs.
      if (integration.connectionId) await reprocessIgnoredForConnection(integration.connectionId).catch((error) => logger.error('could not reprocess early webhooks', { error }));
      return db.brandIntegration.findUniqueOrThrow({ ...query, where: { id: integration.id } });
    },
  }),
);

builder.mutationField('disconnectTrackstar', (t) =>
  t.prismaField({
    type: 'BrandIntegration',
    authScopes: { manager: true },
    description: 'Deletes the connection upstream and stops syncing. Synced data stays readable. OWNER and ADMIN only.',
    args: { brandId: t.arg.id({ required: true, description: 'The Brand global ID.' }) },
    resolve: async (query, _root, args, ctx) => {
      const brandId = await brandFor(ctx.viewer!, args.brandId);
      const integration = await answer(() => disconnectTrackstar(brandId));
      return db.brandIntegration.findUniqueOrThrow({ ...query, where: { id: integration.id } });
    },
  }),
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
      const brandId = await brandFor(ctx.viewer!, args.brandId);
      const started = await answer(() => triggerSync(brandId, args.resources ?? null));
      return db.syncState.findMany({ ...query, where: { id: { in: started.map((s) => s.id) } }, orderBy: { resource: 'asc' } });
    },
  }),
);

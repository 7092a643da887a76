// Deletion reconcile. Trackstar sends no delete events for WMS records, so Packr learns that a
// record is gone only by listing: at the end of one complete, unbroken listing of a known scope
// (full-listing.ts decides when a run is one), every live row of that scope which the listing did
// not return, and which Packr last wrote before the listing started, is marked deleted; every row
// the listing did return is live again. Nothing is removed: a deleted row leaves lists and counts
// but still answers by id, with `deletedAt`.
//
// The scope is what the listing asked Trackstar for, expressed over the rows Packr holds:
// - the brand's sync filters, compared with the raw record's own fields (the ones Trackstar's list
//   filters test), so a row outside them is never taken for deleted;
// - for orders, returns and inbound shipments, the listing's window: rows whose updated_date is at
//   or after its `updated_date[gte]`. Older rows are outside every listing Packr makes and are never
//   reconciled (a record deleted after it left the backfill window stays as Packr last saw it);
// - everything else (warehouses, locations, shipping methods, products, inventory): every row.
// A row written since the listing started (by a webhook, a write through Packr) may belong to a
// record created after the listing passed its place, so it is left for the next reconcile.
//
// Not to be confused with jobs/reconcile.ts, which rebuilds Redis (schedulers, queued runs) from
// PostgreSQL.
import type { PoolClient } from 'pg';
import { recordReconciled } from '../audit/reconcile-entries.js';
import { appendChanges, type ChangeInput, type ChangeNotice } from '../changes/change-log.js';
import type { ChangeKind, SyncResource } from '../generated/prisma/enums.js';
import { NOW } from '../pg.js';
import { FILTERS_BY_RESOURCE, type SyncFilterName, type SyncFilters } from './settings.js';
import { q } from './upsert/bulk.js';
import { RESOURCE_TABLES } from './upsert/tables.js';

/** What one complete listing covered. */
export type ListingScope = {
  /** The listing's `updated_date[gte]` (windowed resources); null when it listed every record. */
  updatedFrom: string | null;
  /** The brand's sync filters the listing applied (sync/settings.ts). */
  filters: SyncFilters;
};

export type DeletionInput = {
  brandId: string;
  resource: SyncResource;
  scope: ListingScope;
  /** External ids the listing returned (every page, every pass). */
  seen: Iterable<string>;
  /** When the listing started, by the database's clock: becomes the deleted rows' deletedAt. */
  listingStartedAt: Date;
};

export type DeletedRecord = { id: string; externalId: string };
export type RestoredRecord = { id: string; externalId: string; previousDeletedAt: Date };

/** What a reconcile changed, for the change log and for whoever audits it. */
export type DeletionChanges = {
  resource: SyncResource;
  /** Rows marked deleted now (they were live). */
  deleted: DeletedRecord[];
  /** Rows the listing returned that were marked deleted: live again. */
  restored: RestoredRecord[];
  /** Change-log notices (resources with a change stream: orders, inventory, products, returns, inbound shipments). */
  notices: ChangeNotice[];
};

/** The change-log kind of a resource's rows; null for resources without a change stream. */
const CHANGE_KINDS: Partial<Record<SyncResource, ChangeKind>> = {
  ORDERS: 'ORDER', INVENTORY: 'INVENTORY', PRODUCTS: 'PRODUCT', RETURNS: 'RETURN', INBOUND_SHIPMENTS: 'INBOUND_SHIPMENT',
};

/** The raw field (or column) each sync filter tests, per resource: the same field Trackstar's list filter reads. */
function filterExpression(resource: SyncResource, filter: SyncFilterName): string {
  switch (filter) {
    case 'warehouseCustomerIds':
      return `t."rawData"->>'warehouse_customer_id'`;
    case 'channels':
      return `coalesce(t."rawData"->'channel_object'->>'channel_id', t."rawData"->>'channel')`;
    case 'orderTypes':
      return `t."rawData"->>'type'`;
    case 'warehouseIds':
      // Locations are listed per warehouse (the path names it); inbound shipments filter on warehouse_id.
      return resource === 'WAREHOUSE_LOCATIONS' ? `t."warehouseExternalId"` : `t."rawData"->>'warehouse_id'`;
  }
}

/** SQL conditions (over alias `t`) selecting the rows a listing of this scope covers; params are appended to `params`. */
export function scopeConditions(resource: SyncResource, brandId: string, scope: ListingScope, params: unknown[]): string[] {
  const param = (value: unknown) => `$${params.push(value)}`;
  const where = [`t."brandId" = ${param(brandId)}::uuid`];
  if (scope.updatedFrom) where.push(`t."updatedAtRemote" >= (${param(scope.updatedFrom)}::timestamptz AT TIME ZONE 'UTC')`);
  for (const name of FILTERS_BY_RESOURCE[resource]) {
    const values = scope.filters[name];
    if (values && values.length > 0) where.push(`${filterExpression(resource, name)} = ANY(${param(values)}::text[])`);
  }
  return where;
}

const iso = `'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'`;

/**
 * THE deletion step: marks the scope's live rows that the listing did not return (and that Packr
 * last wrote before it started) deleted, and makes every returned row that was deleted live again.
 * Runs inside the caller's write transaction, which must be the one that completes the listing,
 * and appends one change-log entry per changed row of a resource with a change stream (source RECONCILE: previous
 * `{ deletedAt: null }` for a deletion, `{ deletedAt: <when> }` for a restore).
 *
 * Lock order as every writer of synced rows: the brand row first, then the rows.
 */
export async function markAbsentRecordsDeleted(tx: PoolClient, input: DeletionInput): Promise<DeletionChanges> {
  const { brandId, resource } = input;
  const table = q(RESOURCE_TABLES[resource]);
  // Unique already, so the statements need no DISTINCT (whose sort spilled to disk at 60k ids).
  const seen = [...new Set(input.seen)];
  const startedAt = input.listingStartedAt.toISOString();
  await tx.query('SELECT 1 FROM brand WHERE id = $1::uuid FOR NO KEY UPDATE', [brandId]);

  const params: unknown[] = [];
  const where = scopeConditions(resource, brandId, input.scope, params);
  const seenParam = `$${params.push(seen)}`;
  const startParam = `$${params.push(startedAt)}`;
  // The anti-join against the listed ids is hashed (an `<> ALL(array)` would compare every row
  // with every id). Rows are updated in id order so concurrent writers lock them alike.
  const deleted = await tx.query<DeletedRecord>(
    `WITH listed AS (SELECT unnest(${seenParam}::text[]) AS "externalId"),
     gone AS (
       SELECT t.id FROM ${table} t
        WHERE ${where.join(' AND ')} AND t."deletedAt" IS NULL
          AND t."syncedAt" < (${startParam}::timestamptz AT TIME ZONE 'UTC')
          AND NOT EXISTS (SELECT 1 FROM listed l WHERE l."externalId" = t."externalId")
        ORDER BY t.id FOR UPDATE
     )
     UPDATE ${table} t SET "deletedAt" = (${startParam}::timestamptz AT TIME ZONE 'UTC')
       FROM gone WHERE t.id = gone.id
     RETURNING t.id, t."externalId"`,
    params,
  );

  // Returned by the listing, so present upstream, whatever the dates say (a row the page write
  // already revived is live and not matched here).
  const restored = await tx.query<{ id: string; externalId: string; previousDeletedAt: string }>(
    `WITH was AS (
       SELECT t.id, t."deletedAt" FROM ${table} t
         JOIN (SELECT unnest($2::text[]) AS "externalId") l ON l."externalId" = t."externalId"
        WHERE t."brandId" = $1::uuid AND t."deletedAt" IS NOT NULL
        ORDER BY t.id FOR UPDATE OF t
     )
     UPDATE ${table} t SET "deletedAt" = NULL, "syncedAt" = ${NOW}
       FROM was WHERE t.id = was.id
     RETURNING t.id, t."externalId", to_char(was."deletedAt", ${iso}) AS "previousDeletedAt"`,
    [brandId, seen],
  );

  const changes: ChangeInput[] = [];
  const kind = CHANGE_KINDS[resource];
  if (kind) {
    for (const row of deleted.rows) changes.push({ kind, entityId: row.id, source: 'RECONCILE', previous: { deletedAt: null } });
    for (const row of restored.rows) changes.push({ kind, entityId: row.id, source: 'RECONCILE', previous: { deletedAt: row.previousDeletedAt } });
  }
  // The audit trail, every resource: one entry per row deleted or restored, in this transaction.
  await recordReconciled(tx, brandId, RESOURCE_TABLES[resource], [
    ...deleted.rows.map((r) => ({ id: r.id, externalId: r.externalId, deletedBefore: null, deletedAfter: startedAt })),
    ...restored.rows.map((r) => ({ id: r.id, externalId: r.externalId, deletedBefore: r.previousDeletedAt, deletedAfter: null })),
  ]);
  return {
    resource,
    deleted: deleted.rows.map((r) => ({ id: r.id, externalId: r.externalId })),
    restored: restored.rows.map((r) => ({ id: r.id, externalId: r.externalId, previousDeletedAt: new Date(r.previousDeletedAt) })),
    notices: await appendChanges(tx, brandId, changes),
  };
}

/**
 * Records a reconcile on the resource's sync state (same transaction, row already locked by the
 * page claim): when the listing started and how many rows it marked deleted. A request for a
 * complete listing made before this one started is fulfilled; a later one stays for the next run.
 */
export async function recordReconcile(tx: PoolClient, stateId: string, listingStartedAt: Date, deleted: number): Promise<void> {
  await tx.query(
    `UPDATE sync_state SET "reconciledAt" = ($2::timestamptz AT TIME ZONE 'UTC'), "reconcileDeleted" = $3,
       "reconcileRequestedAt" = CASE WHEN "reconcileRequestedAt" <= ($2::timestamptz AT TIME ZONE 'UTC') THEN NULL ELSE "reconcileRequestedAt" END
     WHERE id = $1`,
    [stateId, listingStartedAt.toISOString(), deleted],
  );
}

/**
 * A complete listing that could not reconcile for a reason an immediate retry would not cure
 * (invalid records hid which records they were): recorded, and the request dropped until the
 * next daily one (jobs/full-listing-sweep.ts counts a day from here).
 */
export async function recordReconcileSkipped(tx: PoolClient, stateId: string, listingStartedAt: Date): Promise<void> {
  await tx.query(
    `UPDATE sync_state SET "reconcileSkippedAt" = ($2::timestamptz AT TIME ZONE 'UTC'),
       "reconcileRequestedAt" = CASE WHEN "reconcileRequestedAt" <= ($2::timestamptz AT TIME ZONE 'UTC') THEN NULL ELSE "reconcileRequestedAt" END
     WHERE id = $1`,
    [stateId, listingStartedAt.toISOString()],
  );
}

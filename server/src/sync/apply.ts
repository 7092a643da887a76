// applyRecords: the one way Trackstar records become Packr rows, shared by the sync runner
// (pages) and the webhook worker (single events). Validates per record, writes with the bulk
// apply-only-if-newer statements, appends change-log and audit entries in the same transaction.
import type { PoolClient } from 'pg';
import type { SyncResource } from '../generated/prisma/enums.js';
import { defaultStamp, type AuditStamp } from '../audit/entries.js';
import { logger } from '../lib/logger.js';
import { appendChanges, type ChangeInput, type ChangeNotice } from '../changes/change-log.js';
import { runWriteTransaction } from '../changes/write-transaction.js';
import type { InboundShipment, InventoryItem, Order, Product, Return, ShippingMethod, Warehouse, WarehouseLocation } from '../../../trackstar-contract/contract.js';
import { mapShippingMethod, mapWarehouse, mapWarehouseLocation } from './map/catalog.js';
import { mapInboundShipment, mapReturn } from './map/receiving.js';
import type { ParentOutcome, SameSecondRule } from './upsert/bulk.js';
import { writeProducts, writeSimple } from './upsert/catalog.js';
import { writeInventory } from './upsert/inventory.js';
import { writeOrders } from './upsert/orders.js';
import { INBOUND_SHIPMENT, RETURN, SHIPPING_METHOD, WAREHOUSE, WAREHOUSE_LOCATION } from './upsert/tables.js';
import { validateRecords, type InvalidRecord, type ValidRecord, type Validated } from './validate.js';

export type ApplyInput = {
  brandId: string;
  integrationId: string;
  resource: SyncResource;
  /** Raw Trackstar records; validated here one by one (invalid ones are reported, not thrown). */
  records: unknown[];
  source: 'SYNC' | 'WEBHOOK' | 'MANUAL';
  /** Optional: `validateRecords(resource, records)` done ahead (the sync runner validates the next page while the current one commits). */
  validated?: Validated;
  /**
   * Same updated_date as stored, different content (upsert/bulk.ts SameSecondRule): 'overwrite'
   * (default) for current reads of Trackstar's copy; 'keep-and-report' for copies carried by
   * events, which may be the older of two same-second changes (reported in `tied`).
   */
  sameSecond?: SameSecondRule;
  /**
   * How the audit trail names these writes (source, event, actor); default from `source`: a sync
   * page, a webhook, or a user's write (MANUAL). Entries are written only for rows whose mapped
   * fields changed, in this transaction (audit/sync-entries.ts).
   */
  audit?: AuditStamp;
};

export type ApplyResult = {
  /** Rows inserted or updated. */
  applied: number;
  /** Same updated_date and same content as stored: nothing written. */
  unchanged: number;
  /** Older than what is stored: ignored (a newer copy already arrived). */
  stale: number;
  /** External ids left alone under 'keep-and-report': same updated_date as stored, different content. */
  tied: string[];
  invalid: InvalidRecord[];
  notices: ChangeNotice[];
};

type Written = { outcomes: ParentOutcome[]; changes: ChangeInput[] };

async function write(tx: PoolClient, input: ApplyInput, valid: ValidRecord<any>[]): Promise<Written> {
  const { brandId, source, sameSecond } = input;
  const audit = input.audit ?? defaultStamp(source);
  const rows = <T>(map: (r: T, raw: unknown) => Record<string, unknown>) => valid.map((v) => map(v.record as T, v.raw));
  switch (input.resource) {
    case 'ORDERS': return writeOrders(tx, brandId, valid as ValidRecord<Order>[], source, sameSecond, audit);
    case 'INVENTORY': return writeInventory(tx, brandId, valid as ValidRecord<InventoryItem>[], source, sameSecond, audit);
    case 'PRODUCTS': return writeProducts(tx, brandId, valid as ValidRecord<Product>[], source, sameSecond, audit);
    case 'WAREHOUSES': return writeSimple(tx, brandId, WAREHOUSE, rows<Warehouse>(mapWarehouse), sameSecond, audit);
    case 'WAREHOUSE_LOCATIONS': return writeSimple(tx, brandId, WAREHOUSE_LOCATION, rows<WarehouseLocation>(mapWarehouseLocation), sameSecond, audit);
    case 'SHIPPING_METHODS': return writeSimple(tx, brandId, SHIPPING_METHOD, rows<ShippingMethod>(mapShippingMethod), sameSecond, audit);
    case 'RETURNS': return writeSimple(tx, brandId, RETURN, rows<Return>(mapReturn), sameSecond, audit, { kind: 'RETURN', source });
    case 'INBOUND_SHIPMENTS': return writeSimple(tx, brandId, INBOUND_SHIPMENT, rows<InboundShipment>(mapInboundShipment), sameSecond, audit, { kind: 'INBOUND_SHIPMENT', source });
    default: throw new Error(`unknown sync resource ${String(input.resource)}`);
  }
}

/**
 * Applies raw Trackstar records of one resource to one brand inside the caller's open transaction
 * (the sync runner commits a page together with its cursor; the webhook worker commits records
 * together with their events). The caller publishes `result.notices` after its commit, which
 * runWriteTransaction does.
 */
export async function applyRecordsIn(tx: PoolClient, input: ApplyInput): Promise<ApplyResult> {
  const { valid, invalid } = (input.validated ?? validateRecords(input.resource, input.records)) as Validated<{ id: string }>;
  for (const bad of invalid) {
    logger.warn('trackstar record failed validation; skipped', { resource: input.resource, recordId: bad.id, error: bad.error, brandId: input.brandId, integrationId: input.integrationId });
  }
  if (valid.length === 0) return { applied: 0, unchanged: 0, stale: 0, tied: [], invalid, notices: [] };

  // Every writer of a brand's synced rows takes this row lock first, so a sync page and a webhook
  // for the same brand serialize instead of deadlocking on each other's rows. NO KEY UPDATE, like
  // appendChanges' UPDATE, does not block inserts that merely reference the brand.
  const brand = await tx.query({ name: 'apply-lock-brand', text: 'SELECT 1 FROM brand WHERE id = $1::uuid FOR NO KEY UPDATE', values: [input.brandId] });
  if (brand.rowCount === 0) throw new Error(`brand ${input.brandId} does not exist`);

  const { outcomes, changes } = await write(tx, input, valid);
  const notices = await appendChanges(tx, input.brandId, changes);
  return { ...tally(outcomes, valid), invalid, notices };
}

/** What became of each incoming record (outcomes of child rows are not counted). */
function tally(outcomes: ParentOutcome[], valid: ValidRecord<{ id: string }>[]): Pick<ApplyResult, 'applied' | 'unchanged' | 'stale' | 'tied'> {
  const incomingMs = new Map(valid.map((v) => [v.record.id, v.updatedMs]));
  let applied = 0;
  let unchanged = 0;
  let stale = 0;
  const tied: string[] = [];
  for (const o of outcomes) {
    if (!incomingMs.has(o.externalId)) continue;
    if (o.written) applied++;
    else if (o.tied) tied.push(o.externalId);
    else if (o.previous && o.previous.updatedAtRemoteMs > incomingMs.get(o.externalId)!) stale++;
    else unchanged++;
  }
  return { applied, unchanged, stale, tied };
}

/** Applies raw Trackstar records in a transaction of their own, then publishes the change notices. */
export function applyRecords(input: ApplyInput): Promise<ApplyResult> {
  return runWriteTransaction(async (tx) => {
    const result = await applyRecordsIn(tx, input);
    return { value: result, notices: result.notices };
  });
}

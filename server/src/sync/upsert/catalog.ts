// Pages of warehouses, locations, shipping methods (no change stream), products (with their
// inventory-item links), returns and inbound shipments (one change per row written).
import type { PoolClient } from 'pg';
import type { AuditStamp } from '../../audit/entries.js';
import type { ChangeKind, ChangeSource } from '../../generated/prisma/enums.js';
import type { Product } from '../../../../trackstar-contract/contract.js';
import { mapProduct, mapProductInventoryItems } from '../map/catalog.js';
import type { ValidRecord } from '../validate.js';
import { replaceChildren, upsertParents, type ParentSpec, type SameSecondRule } from './bulk.js';
import { parentChanges } from './changes.js';
import { PRODUCT, PRODUCT_INVENTORY_ITEM } from './tables.js';

/** `change`: the change-log kind of the spec's rows; omitted for resources without a change stream. */
export async function writeSimple(
  tx: PoolClient, brandId: string, spec: ParentSpec, rows: Record<string, unknown>[], sameSecond: SameSecondRule | undefined, audit: AuditStamp,
  change?: { kind: ChangeKind; source: ChangeSource },
) {
  const outcomes = await upsertParents(tx, brandId, spec, rows, sameSecond, audit);
  const changes = change ? parentChanges(change.kind, outcomes, change.source, spec.previous?.includes('status') ?? false) : [];
  return { outcomes, changes };
}

export async function writeProducts(tx: PoolClient, brandId: string, records: ValidRecord<Product>[], source: ChangeSource, sameSecond: SameSecondRule | undefined, audit: AuditStamp) {
  const outcomes = await upsertParents(tx, brandId, PRODUCT, records.map((r) => mapProduct(r.record, r.raw)), sameSecond, audit);
  const written = new Map(outcomes.filter((o) => o.written).map((o) => [o.externalId, o]));
  const links: Record<string, unknown>[] = [];
  for (const { record } of records) {
    const productId = written.get(record.id)?.id;
    if (productId) for (const link of mapProductInventoryItems(record)) links.push({ ...link, productId });
  }
  await replaceChildren(tx, PRODUCT_INVENTORY_ITEM, [...written.values()], links);
  return { outcomes, changes: parentChanges('PRODUCT', outcomes, source, false) };
}

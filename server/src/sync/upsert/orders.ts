// Orders page: the order rows, then line items, shipments and packages of the orders written. One
// ORDER change per order written, one SHIPMENT change per shipment new or different.
import type { PoolClient } from 'pg';
import { defaultStamp, type AuditStamp } from '../../audit/entries.js';
import type { ChangeInput } from '../../changes/change-log.js';
import type { ChangeSource } from '../../generated/prisma/enums.js';
import type { Order } from '../../../../trackstar-contract/contract.js';
import { mapOrder, mapOrderChildren } from '../map/orders.js';
import type { ValidRecord } from '../validate.js';
import { insertRows, replaceChildren, upsertParents, type SameSecondRule } from './bulk.js';
import { parentChanges } from './changes.js';
import { replaceShipments } from './shipments.js';
import { ORDER, ORDER_LINE_ITEM, PACKAGE_COLUMNS } from './tables.js';

export async function writeOrders(
  tx: PoolClient, brandId: string, records: ValidRecord<Order>[], source: ChangeSource, sameSecond?: SameSecondRule, audit: AuditStamp = defaultStamp(source),
) {
  const outcomes = await upsertParents(tx, brandId, ORDER, records.map((r) => mapOrder(r.record, r.raw)), sameSecond, audit);
  const written = new Map(outcomes.filter((o) => o.written).map((o) => [o.externalId, o]));

  const lineItems: Record<string, unknown>[] = [];
  const shipments: Record<string, unknown>[] = [];
  const packages: Record<string, unknown>[] = [];
  for (const { record, raw } of records) {
    const parent = written.get(record.id);
    if (!parent) continue;
    const children = mapOrderChildren(record, raw);
    for (const li of children.lineItems) lineItems.push({ ...li, brandId, orderId: parent.id });
    for (const s of children.shipments) shipments.push({ ...s, brandId, orderId: parent.id });
    for (const p of children.packages) packages.push({ ...p, brandId });
  }
  await replaceChildren(tx, ORDER_LINE_ITEM, [...written.values()], lineItems);
  const shipmentOutcomes = await replaceShipments(tx, [...written.values()], shipments, packages);
  await insertRows(tx, 'package', PACKAGE_COLUMNS, packages);

  const changes: ChangeInput[] = parentChanges('ORDER', outcomes, source, true);
  for (const s of shipmentOutcomes) {
    if (s.changed) changes.push({ kind: 'SHIPMENT', entityId: s.id, source, previous: s.inserted ? null : { status: s.previousStatus } });
  }
  return { outcomes, changes };
}

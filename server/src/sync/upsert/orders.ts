// Orders page: the order rows, then line items, shipments and packages of the orders written.
import type { PoolClient } from 'pg';
import { defaultStamp, type AuditStamp } from '../../audit/entries.js';
import type { ChangeInput } from '../../changes/change-log.js';
import type { ChangeSource } from '../../generated/prisma/enums.js';
import type { Order } from '../../../../trackstar-contract/contract.js';
import { mapOrder, mapOrderChildren } from '../map/orders.js';
import type { ValidRecord } from '../validate.js';
import { insertRows, replaceChildren, revivedFrom, upsertParents, type ParentOutcome, type SameSecondRule } from './bulk.js';
import { ORDER, ORDER_LINE_ITEM, PACKAGE_COLUMNS, SHIPMENT } from './tables.js';

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
  await replaceChildren(tx, SHIPMENT, [...written.values()], shipments);
  await insertRows(tx, 'package', PACKAGE_COLUMNS, packages);

  const changes: ChangeInput[] = [...written.values()].map((o: ParentOutcome) => ({
    kind: 'ORDER',
    entityId: o.id,
    source,
    previous: o.previous ? { status: o.previous.status, ...revivedFrom(o) } : null,
  }));
  return { outcomes, changes };
}

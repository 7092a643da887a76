import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { db } from '../db.js';
import { pool } from '../pg.js';
import { closeChangePublisher } from '../changes/change-log.js';
import { makeTenant, type TenantFixture } from '../../test/fixtures.js';
import { applyRecords, applyRecordsIn } from './apply.js';
import { inventoryRecord, orderRecord, returnRecord } from '../../test/support/sync-records.js';

let tenant: TenantFixture;
let brandId: string;
let integrationId: string;

beforeAll(async () => {
  tenant = await makeTenant('Apply');
  brandId = tenant.brandA.id;
  integrationId = (await db.brandIntegration.create({ data: { brandId, status: 'ACTIVE' } })).id;
});

afterAll(async () => {
  await closeChangePublisher();
});

const apply = (resource: 'ORDERS' | 'INVENTORY' | 'RETURNS', records: unknown[], source: 'SYNC' | 'WEBHOOK' = 'SYNC') =>
  applyRecords({ brandId, integrationId, resource, records, source });

describe('applyRecords: orders', () => {
  it('inserts orders with line items, shipments and packages, mapped column by column', async () => {
    const result = await apply('ORDERS', [orderRecord('o1', '2026-02-01T10:00:00Z'), orderRecord('o2', '2026-02-01T10:00:00Z')]);
    expect(result).toMatchObject({ applied: 2, unchanged: 0, stale: 0, invalid: [] });
    // One change per order and one per (new) shipment.
    expect(result.notices.map((n) => n.kind)).toEqual(['ORDER', 'ORDER', 'SHIPMENT', 'SHIPMENT']);
    const order = await db.order.findUniqueOrThrow({
      where: { brandId_externalId: { brandId, externalId: 'o1' } },
      include: { lineItems: { orderBy: { position: 'asc' } }, shipments: { include: { packages: true } } },
    });
    expect(order).toMatchObject({
      status: 'OPEN', rawStatus: 'Open', orderNumber: '#o1', referenceId: 'ref-o1', channel: 'Shopify', type: 'd2c',
      shippingMethodName: 'Ground', carrierName: 'UPS', currency: 'USD', tags: ['vip', 'rush:yes'], warehouseExternalId: 'wh-1',
    });
    expect(order.totalPrice?.toString()).toBe('42.5');
    expect(order.updatedAtRemote.toISOString()).toBe('2026-02-01T10:00:00.000Z');
    expect(order.lineItems.map((l) => [l.position, l.sku, l.quantity, l.unitPrice?.toString(), l.isPicked])).toEqual([
      [0, 'SKU-1', 2, '10.25', false],
      [1, 'SKU-2', 1, '22', true],
    ]);
    expect(order.shipments).toHaveLength(1);
    expect(order.shipments[0]).toMatchObject({ externalId: 's-o1', status: 'SHIPPED', carrierName: 'UPS', trackingNumbers: ['1Zo1'] });
    expect(order.shipments[0].packages[0]).toMatchObject({ externalId: 'pk-o1', trackingNumber: '1Zo1', carrierName: 'UPS' });
    expect((order.rawData as { id: string }).id).toBe('o1');
  });

  it('an exact replay writes nothing and an older copy never overwrites a newer one', async () => {
    const replay = await apply('ORDERS', [orderRecord('o1', '2026-02-01T10:00:00Z')], 'WEBHOOK');
    expect(replay).toMatchObject({ applied: 0, unchanged: 1, stale: 0, notices: [] });
    const older = await apply('ORDERS', [orderRecord('o1', '2026-02-01T09:00:00Z', { status: 'cancelled' })]);
    expect(older).toMatchObject({ applied: 0, stale: 1 });
    expect((await db.order.findFirstOrThrow({ where: { brandId, externalId: 'o1' } })).status).toBe('OPEN');
  });

  it('a newer copy replaces the order and its children and logs the previous status', async () => {
    const newer = orderRecord('o1', '2026-02-01T11:00:00Z', { status: 'in-transit-weird', line_items: [{ product_id: 'p-9', sku: 'SKU-9', quantity: 5, unit_price: null, is_picked: false, discount_amount: null }], shipments: [] });
    const result = await apply('ORDERS', [newer], 'WEBHOOK');
    expect(result).toMatchObject({ applied: 1, stale: 0 });
    const order = await db.order.findFirstOrThrow({ where: { brandId, externalId: 'o1' }, include: { lineItems: true, shipments: true } });
    expect(order.status).toBe('OTHER');
    expect(order.lineItems.map((l) => l.sku)).toEqual(['SKU-9']);
    expect(order.shipments).toEqual([]);
    expect(await db.package.count({ where: { brandId, externalId: 'pk-o1' } })).toBe(0);
    const change = await db.changeLog.findFirstOrThrow({ where: { brandId, entityId: order.id }, orderBy: { sequence: 'desc' } });
    expect(change).toMatchObject({ kind: 'ORDER', source: 'WEBHOOK', previous: { status: 'OPEN' } });
  });

  it('reports invalid records by id and still applies the rest of the page', async () => {
    const result = await apply('ORDERS', [
      { id: 'bad1', updated_date: 'yesterday' },
      'not even an object',
      orderRecord('o3', '2026-02-02T00:00:00Z'),
    ]);
    expect(result.applied).toBe(1);
    expect(result.invalid.map((i) => i.id)).toEqual(['bad1', null]);
    expect(result.invalid[0].error).toMatch(/updated_date/);
  });

  it('keeps only the newest copy when one page carries an id twice', async () => {
    const result = await apply('ORDERS', [orderRecord('o4', '2026-02-03T00:00:00Z', { status: 'fulfilled' }), orderRecord('o4', '2026-02-02T00:00:00Z')]);
    expect(result.applied).toBe(1);
    expect((await db.order.findFirstOrThrow({ where: { brandId, externalId: 'o4' } })).status).toBe('FULFILLED');
  });
});

describe('applyRecords: inventory', () => {
  it('appends a snapshot only when quantities change and logs previous quantities', async () => {
    await apply('INVENTORY', [inventoryRecord('i1', '2026-03-01T00:00:00Z', 10)]);
    const item = await db.inventoryItem.findFirstOrThrow({ where: { brandId, externalId: 'i1' }, include: { levels: true } });
    expect(item).toMatchObject({ onHand: 10, fulfillable: 9, sellable: 9, committed: 1 });
    expect(item.levels).toMatchObject([{ warehouseExternalId: 'wh-1', onHand: 10 }]);

    // Newer, but only the name changed: written, no snapshot.
    await apply('INVENTORY', [inventoryRecord('i1', '2026-03-01T01:00:00Z', 10, { name: 'Renamed' })]);
    expect(await db.inventorySnapshot.count({ where: { inventoryItemId: item.id } })).toBe(1);

    await apply('INVENTORY', [inventoryRecord('i1', '2026-03-01T02:00:00Z', 7)], 'WEBHOOK');
    const snapshots = await db.inventorySnapshot.findMany({ where: { inventoryItemId: item.id }, orderBy: { id: 'asc' } });
    expect(snapshots.map((s) => s.onHand)).toEqual([10, 7]);
    const last = await db.changeLog.findFirstOrThrow({ where: { brandId, entityId: item.id }, orderBy: { sequence: 'desc' } });
    expect(last.previous).toMatchObject({ onHand: 10, fulfillable: 9 });
  });
});

describe('applyRecords: receiving statuses', () => {
  it('maps in-transit to IN_TRANSIT and unknown words to OTHER', async () => {
    await apply('RETURNS', [returnRecord('r1', '2026-03-01T00:00:00Z', 'in-transit'), returnRecord('r2', '2026-03-01T00:00:00Z', 'lost-at-sea')]);
    const rows = await db.return.findMany({ where: { brandId }, orderBy: { externalId: 'asc' } });
    expect(rows.map((r) => [r.externalId, r.status, r.notes])).toEqual([
      ['r1', 'IN_TRANSIT', ['damaged box']],
      ['r2', 'OTHER', ['damaged box']],
    ]);
  });
});

describe('applyRecords with a caller transaction', () => {
  it('writes nothing when the caller rolls back', async () => {
    const tx = await pool.connect();
    try {
      await tx.query('BEGIN');
      const result = await applyRecordsIn(tx, { brandId, integrationId, resource: 'ORDERS', records: [orderRecord('o-rollback', '2026-02-01T00:00:00Z')], source: 'SYNC' });
      expect(result.applied).toBe(1);
      await tx.query('ROLLBACK');
    } finally {
      tx.release();
    }
    expect(await db.order.count({ where: { brandId, externalId: 'o-rollback' } })).toBe(0);
  });
});

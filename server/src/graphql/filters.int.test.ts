// List filters over the wire: status lists, dates, escaped text search, low stock, warehouse.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { db } from '../db.js';
import { buildApp } from '../http/app.js';
import { gql, makeTenant, type TenantFixture } from '../../test/fixtures.js';
import { encodeGlobalId as gid } from '../../test/support/ids.js';
import { seedOrder } from '../../test/support/seed.js';

const app = buildApp();
afterAll(() => app.stop());

let t: TenantFixture;
let brand: string;
const ORDERS = 'query ($b: ID!, $f: OrderFilter) { orders(brandId: $b, filter: $f) { edges { node { orderNumber } } } }';
const INVENTORY = 'query ($b: ID!, $f: InventoryFilter) { inventory(brandId: $b, filter: $f) { edges { node { sku } } } }';

async function orderNumbers(filter: Record<string, unknown>) {
  const res = await gql(app.yoga, ORDERS, { b: brand, f: filter }, t.keys.operator);
  expect(res.body.errors, JSON.stringify(res.body.errors)).toBeUndefined();
  return res.body.data.orders.edges.map((e: { node: { orderNumber: string } }) => e.node.orderNumber).sort();
}

async function skus(filter: Record<string, unknown>) {
  const res = await gql(app.yoga, INVENTORY, { b: brand, f: filter }, t.keys.operator);
  expect(res.body.errors, JSON.stringify(res.body.errors)).toBeUndefined();
  return res.body.data.inventory.edges.map((e: { node: { sku: string } }) => e.node.sku).sort();
}

beforeAll(async () => {
  t = await makeTenant('Filters');
  brand = gid('Brand', t.brandA.id);
  await seedOrder(t.brandA.id, { orderNumber: '100%_OFF', status: 'OPEN', updatedAt: new Date('2026-01-01T00:00:00Z'), sku: 'RED-SHIRT' });
  await seedOrder(t.brandA.id, { orderNumber: '100XYOFF', status: 'FULFILLED', updatedAt: new Date('2026-02-01T00:00:00Z'), sku: 'BLUE-SHIRT' });
  await seedOrder(t.brandA.id, { orderNumber: 'A-3', status: 'CANCELLED', updatedAt: new Date('2026-03-01T00:00:00Z'), sku: 'GREEN-HAT' });
  await seedOrder(t.brandB.id, { orderNumber: 'OTHER-BRAND', status: 'OPEN', sku: 'RED-SHIRT' });
  const now = new Date();
  const item = (sku: string, fulfillable: number, warehouse: string) =>
    db.inventoryItem.create({
      data: {
        brandId: t.brandA.id, externalId: sku, sku, name: `Name of ${sku}`, awaiting: 0, onHand: fulfillable, committed: 0,
        unfulfillable: 0, fulfillable, sellable: fulfillable, rawData: {}, createdAtRemote: now, updatedAtRemote: now,
        levels: { create: [{ brandId: t.brandA.id, warehouseExternalId: warehouse, onHand: fulfillable }] },
      },
    });
  await item('WIDGET-1', 0, 'wh_east');
  await item('WIDGET-2', 10, 'wh_west');
  await item('GADGET_9', 50, 'wh_east');
});

describe('order filters', () => {
  it('by status list, date and text (order number, reference, line-item SKU) in this brand only', async () => {
    expect(await orderNumbers({ status: ['OPEN', 'CANCELLED'] })).toEqual(['100%_OFF', 'A-3']);
    expect(await orderNumbers({ updatedSince: '2026-02-01T00:00:00Z' })).toEqual(['100XYOFF', 'A-3']);
    expect(await orderNumbers({ search: 'shirt' })).toEqual(['100%_OFF', '100XYOFF']);
    expect(await orderNumbers({ search: '  green-hat ' })).toEqual(['A-3']);
    expect(await orderNumbers({ status: [], search: '' })).toHaveLength(3);
  });

  it('treats % and _ in the search text literally', async () => {
    expect(await orderNumbers({ search: '100%_' })).toEqual(['100%_OFF']);
    expect(await orderNumbers({ search: '%' })).toEqual(['100%_OFF']);
  });
});

describe('inventory filters', () => {
  it('by text, warehouse and low stock', async () => {
    expect(await skus({ search: 'widget' })).toEqual(['WIDGET-1', 'WIDGET-2']);
    expect(await skus({ search: 'T_9' })).toEqual(['GADGET_9']);
    expect(await skus({ search: 'T_' })).toEqual(['GADGET_9']);
    expect(await skus({ warehouseId: 'wh_east' })).toEqual(['GADGET_9', 'WIDGET-1']);
    expect(await skus({ lowStock: { threshold: 10 } })).toEqual(['WIDGET-1', 'WIDGET-2']);
    expect(await skus({ lowStock: { threshold: 10 }, warehouseId: 'wh_east' })).toEqual(['WIDGET-1']);
  });
});

describe('brand counts', () => {
  it('lowStockCount and openOrderCount for a whole brand list', async () => {
    const res = await gql(app.yoga, '{ brands { name lowStockCount openOrderCount lowest: lowStockCount(threshold: 0) dataAge lastSyncedAt } }', {}, t.keys.owner);
    expect(res.body.errors).toBeUndefined();
    const [a, b] = res.body.data.brands;
    expect(a).toMatchObject({ lowStockCount: 2, lowest: 1, openOrderCount: 1, dataAge: null, lastSyncedAt: null });
    expect(b).toMatchObject({ lowStockCount: 0, openOrderCount: 1 });
  });
});

// Keyset pagination over the wire: complete walks under concurrent inserts, ties, nullable sort
// keys, and cursors that belong to another query.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { db } from '../db.js';
import { buildApp } from '../http/app.js';
import { gql, makeTenant, type TenantFixture } from '../../test/fixtures.js';
import { encodeGlobalId as gid } from '../../test/support/ids.js';
import { seedOrder, seedOrders } from '../../test/support/seed.js';

const app = buildApp();
afterAll(() => app.stop());

const ORDERS = `query ($b: ID!, $first: Int, $after: String, $filter: OrderFilter) {
  orders(brandId: $b, first: $first, after: $after, filter: $filter) { edges { cursor node { id } } pageInfo { hasNextPage endCursor } }
}`;
const INVENTORY = `query ($b: ID!, $first: Int, $after: String, $sort: InventorySort) {
  inventory(brandId: $b, first: $first, after: $after, sort: $sort) { edges { node { id sku onHand } } pageInfo { hasNextPage endCursor } }
}`;

let t: TenantFixture;
let brandA: string;
let brandB: string;

async function walk(query: string, field: string, variables: Record<string, unknown>, between?: () => Promise<void>) {
  const seen: any[] = [];
  let after: string | null = null;
  for (let page = 0; page < 100; page++) {
    const res: { body: any } = await gql(app.yoga, query, { ...variables, after }, t.keys.operator);
    expect(res.body.errors, JSON.stringify(res.body.errors)).toBeUndefined();
    const conn: any = res.body.data[field];
    seen.push(...conn.edges.map((e: { node: unknown }) => e.node));
    if (!conn.pageInfo.hasNextPage) return seen;
    after = conn.pageInfo.endCursor;
    await between?.();
  }
  throw new Error('pagination did not end');
}

beforeAll(async () => {
  t = await makeTenant('Pages');
  brandA = gid('Brand', t.brandA.id);
  brandB = gid('Brand', t.brandB.id);
});

describe('keyset pagination', () => {
  it('returns every order exactly once while newer orders arrive between pages', async () => {
    // 10 orders share one timestamp, so the id tie-breaker is exercised too.
    const tied = new Date(Date.UTC(2025, 5, 1));
    const original = [...(await seedOrders(t.brandA.id, 23, { lineItems: 1 })), ...(await seedOrders(t.brandA.id, 10, { lineItems: 1, updatedAt: tied }))];
    let inserted = 0;
    const nodes = await walk(ORDERS, 'orders', { b: brandA, first: 7 }, async () => {
      inserted++;
      await seedOrder(t.brandA.id, { lineItems: 1, updatedAt: new Date() }); // newer than everything: lands before the cursor
    });
    const ids = nodes.map((n) => n.id);
    expect(new Set(ids).size).toBe(ids.length);
    const expected = original.map((o) => gid('Order', o.id));
    expect(ids.filter((id) => expected.includes(id)).sort()).toEqual(expected.sort());
    expect(inserted).toBeGreaterThanOrEqual(4);
  });

  it('walks inventory sorted by a nullable column (sku) in both directions without loss or repeats', async () => {
    const now = new Date();
    for (let i = 0; i < 17; i++) {
      await db.inventoryItem.create({
        data: {
          brandId: t.brandB.id, externalId: `inv_${i}`, sku: i % 4 === 0 ? null : `SKU-${i % 5}`, name: `Item ${i}`,
          awaiting: 0, onHand: i % 3, committed: 0, unfulfillable: 0, fulfillable: i % 3, sellable: 0,
          rawData: {}, createdAtRemote: now, updatedAtRemote: now,
        },
      });
    }
    for (const direction of ['ASC', 'DESC']) {
      for (const field of ['SKU', 'ON_HAND', 'NAME', 'FULFILLABLE', 'UPDATED_AT']) {
        const nodes = await walk(INVENTORY, 'inventory', { b: brandB, first: 4, sort: { field, direction } });
        expect(nodes).toHaveLength(17);
        expect(new Set(nodes.map((n) => n.id)).size).toBe(17);
      }
    }
    const asc = await walk(INVENTORY, 'inventory', { b: brandB, first: 3, sort: { field: 'SKU', direction: 'ASC' } });
    const skus = asc.map((n) => n.sku);
    const firstNull = skus.indexOf(null);
    expect(skus.slice(firstNull).every((s) => s === null)).toBe(true); // NULLs last when ascending
    expect(skus.slice(0, firstNull)).toEqual([...skus.slice(0, firstNull)].sort());
  });

  it("rejects a cursor from another field, brand, filter or sort with BAD_USER_INPUT", async () => {
    await seedOrders(t.brandB.id, 3, { lineItems: 1 });
    const first = await gql(app.yoga, ORDERS, { b: brandA, first: 1 }, t.keys.owner);
    const cursor = first.body.data.orders.pageInfo.endCursor as string;
    const attempts = [
      gql(app.yoga, ORDERS, { b: brandB, first: 1, after: cursor }, t.keys.owner),
      gql(app.yoga, ORDERS, { b: brandA, first: 1, after: cursor, filter: { status: ['OPEN'] } }, t.keys.owner),
      gql(app.yoga, INVENTORY, { b: brandA, first: 1, after: cursor }, t.keys.owner),
      gql(app.yoga, ORDERS, { b: brandA, first: 1, after: 'not-a-cursor' }, t.keys.owner),
      gql(app.yoga, ORDERS, { b: brandA, first: 1, after: Buffer.from('[1,2,3]').toString('base64url') }, t.keys.owner),
    ];
    const inv = await gql(app.yoga, INVENTORY, { b: brandB, first: 1, sort: { field: 'SKU', direction: 'ASC' } }, t.keys.owner);
    attempts.push(gql(app.yoga, INVENTORY, { b: brandB, first: 1, after: inv.body.data.inventory.pageInfo.endCursor, sort: { field: 'NAME', direction: 'ASC' } }, t.keys.owner));
    for (const res of await Promise.all(attempts)) {
      expect(res.status).toBeLessThan(500);
      expect(res.body.errors?.[0]?.extensions?.code, JSON.stringify(res.body)).toBe('BAD_USER_INPUT');
    }
    // The same cursor on its own query keeps working.
    const next = await gql(app.yoga, ORDERS, { b: brandA, first: 1, after: cursor }, t.keys.owner);
    expect(next.body.errors).toBeUndefined();
  });

  it('refuses first above 250 and backward pagination clearly', async () => {
    for (const [vars, query] of [
      [{ b: brandA, first: 251 }, ORDERS],
      [{ b: brandA, first: -1 }, ORDERS],
      [{ b: brandA }, `query ($b: ID!) { orders(brandId: $b, last: 5) { edges { cursor } } }`],
    ] as const) {
      const res = await gql(app.yoga, query, vars, t.keys.owner);
      expect(res.body.errors?.[0]?.extensions?.code, JSON.stringify(res.body)).toBe('BAD_USER_INPUT');
    }
  });
});

// Cross-brand lists (#16): orders, inventory, returns, inboundShipments and shipments over
// brandIds or every readable brand. Scope (subset, all, a brand viewer's grants, foreign ids),
// argument errors, keyset walks across brands, cursors bound to their scope, and Node.brand loaded
// in one batch per page.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closeChangePublisher } from '../changes/change-log.js';
import { db } from '../db.js';
import { buildApp } from '../http/app.js';
import { pool } from '../pg.js';
import { applyRecords } from '../sync/apply.js';
import { gql, makeTenant, type TenantFixture } from '../../test/fixtures.js';
import { encodeGlobalId as gid } from '../../test/support/ids.js';
import { countQueries } from '../../test/support/query-counter.js';
import { seedBrandData, seedOrder } from '../../test/support/seed.js';
import { orderRecord } from '../../test/support/sync-records.js';

// The response cache off: some tests count SQL statements.
const app = buildApp({ responseCacheEntries: 0 });
afterAll(async () => {
  await app.stop();
  await closeChangePublisher();
});

type Field = 'orders' | 'inventory' | 'returns' | 'inboundShipments' | 'shipments';
const FIELDS: Field[] = ['orders', 'inventory', 'returns', 'inboundShipments', 'shipments'];
const TYPE: Record<Field, string> = { orders: 'Order', inventory: 'InventoryItem', returns: 'Return', inboundShipments: 'InboundShipment', shipments: 'Shipment' };

const listQuery = (field: Field, extra = '') => `query ($b: ID, $bs: [ID!], $first: Int, $after: String${extra ? `, ${extra}` : ''}) {
  ${field}(brandId: $b, brandIds: $bs, first: $first, after: $after${extra ? ', sort: $sort' : ''}) {
    edges { node { id brand { id name } } } pageInfo { hasNextPage endCursor }
  }
}`;

let t: TenantFixture;
let other: TenantFixture;
let brandC: { id: string; name: string };
/** Brand uuid -> its global id. */
const G = (id: string) => gid('Brand', id);
/** Every row of the tenant's three brands, per list, in list order: [global id, brand uuid]. */
const expected = {} as Record<Field, { id: string; brandId: string }[]>;
let foreign: Awaited<ReturnType<typeof seedBrandData>>;

async function walk(field: Field, variables: Record<string, unknown>, key: string, query = listQuery(field)) {
  const nodes: { id: string; brand: { id: string; name: string } }[] = [];
  let after: string | null = null;
  for (let page = 0; page < 100; page++) {
    const res: { body: any } = await gql(app.yoga, query, { ...variables, after }, key);
    expect(res.body.errors, JSON.stringify(res.body.errors)).toBeUndefined();
    const conn = res.body.data[field];
    nodes.push(...conn.edges.map((e: { node: (typeof nodes)[number] }) => e.node));
    if (!conn.pageInfo.hasNextPage) return nodes;
    after = conn.pageInfo.endCursor;
  }
  throw new Error('pagination did not end');
}

const idsOf = (field: Field, brandUuids: string[]) => expected[field].filter((r) => brandUuids.includes(r.brandId)).map((r) => r.id);

async function item(brandId: string, sku: string | null, updatedAt: Date) {
  const tag = randomUUID().slice(0, 8);
  return db.inventoryItem.create({
    data: {
      brandId, externalId: `inv_${tag}`, sku, name: `Item ${tag}`, awaiting: 0, onHand: 3, committed: 0, unfulfillable: 0, fulfillable: 3, sellable: 3,
      rawData: {}, createdAtRemote: updatedAt, updatedAtRemote: updatedAt,
    },
  });
}

beforeAll(async () => {
  t = await makeTenant('Cross');
  other = await makeTenant('Elsewhere');
  brandC = await db.brand.create({ data: { name: 'Cross Brand C', threePLId: t.threePLId } });
  const brands = [t.brandA.id, t.brandB.id, brandC.id];
  // Brand A is busy and newest, B has few rows, C interleaves; several rows share a timestamp
  // across brands so the id tie-breaker and the per-brand bound meet at equal values.
  const tied = new Date(Date.UTC(2026, 2, 1));
  const at = (minutes: number) => new Date(Date.UTC(2026, 1, 1) + minutes * 60_000);
  for (let i = 0; i < 12; i++) await seedOrder(t.brandA.id, { updatedAt: i % 4 === 0 ? tied : at(100 + i * 3), lineItems: 1, status: i % 3 ? 'OPEN' : 'FULFILLED' });
  for (let i = 0; i < 3; i++) await seedOrder(t.brandB.id, { updatedAt: i === 0 ? tied : at(i), lineItems: 1, orderNumber: `#C-B${i}` });
  const cOrders = [];
  for (let i = 0; i < 5; i++) cOrders.push(await seedOrder(brandC.id, { updatedAt: i < 2 ? tied : at(101 + i * 3), lineItems: 1, orderNumber: `#C-${i}` }));
  await db.order.update({ where: { id: cOrders[3].id }, data: { deletedAt: new Date() } }); // left out unless includeDeleted
  for (const brandId of brands) await seedBrandData(brandId); // one of every record kind per brand
  for (let i = 0; i < 6; i++) await item(t.brandA.id, i % 3 === 0 ? null : `A-${i}`, i < 2 ? tied : at(i));
  for (let i = 0; i < 4; i++) await item(brandC.id, i === 0 ? null : `C-${i}`, i < 2 ? tied : at(50 + i));
  for (let i = 0; i < 3; i++) {
    for (const brandId of brands) {
      const base = { brandId, rawData: {}, createdAtRemote: at(i), updatedAtRemote: i === 0 ? tied : at(i * 7), lineItems: [] };
      await db.return.create({ data: { ...base, externalId: `ret_${randomUUID()}`, status: i === 1 ? 'RECEIVED' : 'OPEN', shipments: [] } });
      await db.inboundShipment.create({ data: { ...base, externalId: `inb_${randomUUID()}`, status: i === 2 ? 'RECEIVED' : 'IN_TRANSIT', receipts: [] } });
    }
  }
  foreign = await seedBrandData(other.brandA.id);

  const order = [{ updatedAtRemote: 'desc' as const }, { id: 'desc' as const }];
  const live = { brandId: { in: brands }, deletedAt: null };
  const rows = (list: { id: string; brandId: string }[], type: string) => list.map((r) => ({ id: gid(type, r.id), brandId: r.brandId }));
  expected.orders = rows(await db.order.findMany({ where: live, orderBy: order, select: { id: true, brandId: true } }), 'Order');
  expected.inventory = rows(await db.inventoryItem.findMany({ where: live, orderBy: order, select: { id: true, brandId: true } }), 'InventoryItem');
  expected.returns = rows(await db.return.findMany({ where: live, orderBy: order, select: { id: true, brandId: true } }), 'Return');
  expected.inboundShipments = rows(await db.inboundShipment.findMany({ where: live, orderBy: order, select: { id: true, brandId: true } }), 'InboundShipment');
  expected.shipments = rows(
    await db.shipment.findMany({ where: { brandId: { in: brands }, order: { deletedAt: null } }, orderBy: order, select: { id: true, brandId: true } }),
    'Shipment',
  );
});

describe('cross-brand lists: scope', () => {
  for (const field of FIELDS) {
    it(`${field}: brandIds lists exactly those brands, newest change first, each row with its brand`, async () => {
      const nodes = await walk(field, { bs: [G(t.brandA.id), G(brandC.id)], first: 250 }, t.keys.operator);
      expect(nodes.map((n) => n.id)).toEqual(idsOf(field, [t.brandA.id, brandC.id]));
      const brandOf = new Map(expected[field].map((r) => [r.id, r.brandId]));
      for (const node of nodes) expect(node.brand.id).toBe(G(brandOf.get(node.id)!));
      expect(new Set(nodes.map((n) => n.brand.name))).toEqual(new Set([t.brandA.name, brandC.name]));
    });

    it(`${field}: neither brandId nor brandIds lists every readable brand (never another tenant's)`, async () => {
      const nodes = await walk(field, { first: 250 }, t.keys.owner);
      expect(nodes.map((n) => n.id)).toEqual(expected[field].map((r) => r.id));
      const foreignNodes = await walk(field, { first: 250 }, other.keys.owner);
      expect(foreignNodes.every((n) => n.brand.id === G(foreign.brandId))).toBe(true);
      expect(foreignNodes.length).toBeGreaterThan(0);
    });

    it(`${field}: a brand viewer gets only its brands, also when asking for others`, async () => {
      const all = await walk(field, { first: 250 }, t.keys.viewer);
      expect(all.map((n) => n.id)).toEqual(idsOf(field, [t.brandA.id]));
      const asked = await walk(field, { bs: [G(t.brandB.id), G(brandC.id), G(t.brandA.id)], first: 250 }, t.keys.viewer);
      expect(asked.map((n) => n.id)).toEqual(idsOf(field, [t.brandA.id]));
      const none = await walk(field, { bs: [G(t.brandB.id)], first: 250 }, t.keys.viewer);
      expect(none).toEqual([]);
    });

    it(`${field}: foreign and unknown ids contribute nothing; bare UUIDs are accepted`, async () => {
      const nodes = await walk(field, { bs: [G(foreign.brandId), t.brandB.id, G(randomUUID())], first: 250 }, t.keys.admin);
      expect(nodes.map((n) => n.id)).toEqual(idsOf(field, [t.brandB.id]));
      const intruder = await walk(field, { bs: [G(t.brandA.id), G(t.brandB.id), G(brandC.id)], first: 250 }, other.keys.owner);
      expect(intruder).toEqual([]);
      expect(await walk(field, { bs: [], first: 250 }, t.keys.owner)).toEqual([]);
    });

    it(`${field}: brandId still lists one brand`, async () => {
      const nodes = await walk(field, { b: G(brandC.id), first: 250 }, t.keys.owner);
      expect(nodes.map((n) => n.id)).toEqual(idsOf(field, [brandC.id]));
    });
  }
});

describe('cross-brand lists: bad input', () => {
  const code = (res: { body: { errors?: { extensions?: Record<string, unknown> }[] } }) => res.body.errors?.[0]?.extensions?.code;

  for (const field of FIELDS) {
    it(`${field}: brandId and brandIds together, a malformed id or more than 200 ids are BAD_USER_INPUT`, async () => {
      const q = listQuery(field);
      const both = await gql(app.yoga, q, { b: G(t.brandA.id), bs: [G(t.brandB.id)] }, t.keys.owner);
      expect(both.status).toBeLessThan(500);
      expect(code(both)).toBe('BAD_USER_INPUT');
      expect(code(await gql(app.yoga, q, { bs: [G(t.brandA.id), 'not-an-id'] }, t.keys.owner))).toBe('BAD_USER_INPUT');
      expect(code(await gql(app.yoga, q, { bs: [gid('Order', t.brandA.id)] }, t.keys.owner))).toBe('BAD_USER_INPUT');
      const many = Array.from({ length: 201 }, () => randomUUID());
      expect(code(await gql(app.yoga, q, { bs: many }, t.keys.owner))).toBe('BAD_USER_INPUT');
      const max = await gql(app.yoga, q, { bs: [...many.slice(2), t.brandA.id] }, t.keys.owner);
      expect(max.body.errors).toBeUndefined();
    });
  }
});

describe('cross-brand lists: paging', () => {
  for (const field of FIELDS) {
    it(`${field}: small pages across brands return every row exactly once, in order`, async () => {
      for (const first of [1, 2, 4, 7]) {
        const nodes = await walk(field, { first }, t.keys.owner);
        expect(nodes.map((n) => n.id), `first: ${first}`).toEqual(expected[field].map((r) => r.id));
      }
      const subset = await walk(field, { bs: [G(brandC.id), G(t.brandB.id)], first: 3 }, t.keys.owner);
      expect(subset.map((n) => n.id)).toEqual(idsOf(field, [t.brandB.id, brandC.id]));
    });

    it(`${field}: a cursor of one scope is refused in another`, async () => {
      const q = listQuery(field);
      const page = await gql(app.yoga, q, { bs: [G(t.brandA.id), G(t.brandB.id)], first: 1 }, t.keys.owner);
      const cursor = page.body.data[field].pageInfo.endCursor;
      expect(cursor).toBeTruthy();
      const same = await gql(app.yoga, q, { bs: [G(t.brandB.id), t.brandA.id], first: 1, after: cursor }, t.keys.owner);
      expect(same.body.errors).toBeUndefined(); // the same set, in another order and spelling
      for (const variables of [{ bs: [G(t.brandA.id), G(brandC.id)] }, {}, { b: G(t.brandA.id) }, { bs: [G(t.brandA.id)] }]) {
        const res = await gql(app.yoga, q, { ...variables, first: 1, after: cursor }, t.keys.owner);
        expect(res.body.errors?.[0]?.extensions?.code, JSON.stringify(variables)).toBe('BAD_USER_INPUT');
      }
      const all = await gql(app.yoga, q, { first: 1 }, t.keys.owner);
      const single = await gql(app.yoga, q, { b: G(t.brandA.id), first: 1, after: all.body.data[field].pageInfo.endCursor }, t.keys.owner);
      expect(single.body.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    });
  }

  it('inventory: every sort pages across brands like the single-brand list (NULL SKUs included)', async () => {
    const query = listQuery('inventory', '$sort: InventorySort');
    for (const sort of [{ field: 'SKU', direction: 'ASC' }, { field: 'SKU', direction: 'DESC' }, { field: 'NAME', direction: 'ASC' }, { field: 'ON_HAND', direction: 'DESC' }, { field: 'UPDATED_AT', direction: 'ASC' }]) {
      const whole = await walk('inventory', { first: 250, sort }, t.keys.owner, query);
      const paged = await walk('inventory', { first: 3, sort }, t.keys.owner, query);
      expect(paged.map((n) => n.id), JSON.stringify(sort)).toEqual(whole.map((n) => n.id));
      expect(new Set(whole.map((n) => n.id))).toEqual(new Set(expected.inventory.map((r) => r.id)));
    }
    const bySku = await walk('inventory', { first: 2, sort: { field: 'SKU', direction: 'ASC' } }, t.keys.owner, query);
    const rows = await db.inventoryItem.findMany({
      where: { brandId: { in: [t.brandA.id, t.brandB.id, brandC.id] }, deletedAt: null },
      orderBy: [{ sku: { sort: 'asc', nulls: 'last' } }, { id: 'asc' }],
      select: { id: true },
    });
    expect(bySku.map((n) => n.id)).toEqual(rows.map((r) => gid('InventoryItem', r.id)));
  });
});

describe('cross-brand lists: filters', () => {
  const cases: [Field, string, object][] = [
    ['orders', 'OrderFilter', { status: ['FULFILLED'] }],
    ['orders', 'OrderFilter', { search: 'c-' }],
    ['orders', 'OrderFilter', { includeDeleted: true, updatedSince: '2026-02-01T01:00:00Z' }],
    ['inventory', 'InventoryFilter', { search: 'a-' }],
    ['inventory', 'InventoryFilter', { lowStock: { threshold: 3 } }],
    ['inventory', 'InventoryFilter', { warehouseId: 'nowhere' }],
    ['returns', 'ReceivingFilter', { status: ['RECEIVED'] }],
    ['inboundShipments', 'ReceivingFilter', { status: ['RECEIVED'] }],
    ['shipments', 'ShipmentFilter', { status: ['SHIPPED'], includeDeleted: true }],
  ];
  for (const [field, type, filter] of cases) {
    it(`${field} ${JSON.stringify(filter)}: across brands, the union of each brand's filtered list`, async () => {
      const query = listQuery(field).replace('$after: String', `$after: String, $filter: ${type}`).replace('after: $after', 'after: $after, filter: $filter');
      const across = await walk(field, { first: 2, filter }, t.keys.owner, query);
      const perBrand = [];
      for (const brandId of [t.brandA.id, t.brandB.id, brandC.id]) perBrand.push(...(await walk(field, { b: G(brandId), first: 250, filter }, t.keys.owner, query)));
      expect(across.map((n) => n.id).sort()).toEqual(perBrand.map((n) => n.id).sort());
      const unfiltered = await walk(field, { first: 250 }, t.keys.owner);
      expect(across.length).not.toBe(unfiltered.length); // each case's filter changes the list
      if (!('warehouseId' in filter)) expect(across.length).toBeGreaterThan(0);
    });
  }
});

describe('cross-brand lists: brand field', () => {
  // The API key lookup (cached for a second) and its lastUsedAt write come and go between requests.
  // The all-brands orders page inlines its LIMIT (order-page.ts pageOfThreePL).
  const pageStatements = (run: { statements: string[] }) =>
    run.statements.filter((s) => !/api_key/.test(s)).map((s) => s.replace(/\$\d+(,\$\d+)*/g, '$n').replace(/LIMIT \d+/g, 'LIMIT n'));
  for (const field of FIELDS) {
    it(`${field}: brand costs the same number of statements for a page of 2 and of 20`, async () => {
      const q = listQuery(field);
      const small = await countQueries(() => gql(app.yoga, q, { first: 2 }, t.keys.owner));
      const large = await countQueries(() => gql(app.yoga, q, { first: 20 }, t.keys.owner));
      expect(small.result.body.errors).toBeUndefined();
      expect(small.result.body.data[field].edges).toHaveLength(2);
      expect(large.result.body.data[field].edges.length).toBeGreaterThan(2);
      expect(new Set(large.result.body.data[field].edges.map((e: { node: { brand: { id: string } } }) => e.node.brand.id)).size).toBeGreaterThan(1);
      expect(pageStatements(large), large.statements.join('\n')).toEqual(pageStatements(small));
    });
  }

  it('orders: the brand of the orders page and of its shipments is loaded once per page', async () => {
    const q = 'query ($first: Int) { orders(first: $first) { edges { node { id brand { id name } shipments { brand { id } } } } } }';
    const small = await countQueries(() => gql(app.yoga, q, { first: 2 }, t.keys.owner));
    const large = await countQueries(() => gql(app.yoga, q, { first: 20 }, t.keys.owner));
    expect(large.result.body.errors).toBeUndefined();
    const nodes = large.result.body.data.orders.edges.map((e: { node: any }) => e.node);
    expect(nodes).toHaveLength(20);
    for (const node of nodes) for (const shipment of node.shipments) expect(shipment.brand.id).toBe(node.brand.id);
    expect(pageStatements(large), large.statements.join('\n')).toEqual(pageStatements(small));
  });

  // Brand fields that need more than the brand's own row (its integration, its change sequence)
  // resolve on rows the SQL pages loaded as well as on rows Prisma loaded.
  for (const field of FIELDS) {
    it(`${field}: every Brand field resolves on the row's brand`, async () => {
      const q = `query { ${field}(first: 5) { edges { node { brand { id name changeSequence integration { status } } } } } }`;
      const res = await gql(app.yoga, q, {}, t.keys.owner);
      expect(res.body.errors).toBeUndefined();
      for (const edge of res.body.data[field].edges) expect(edge.node.brand.changeSequence).toMatch(/^\d+$/);
    });
  }
});

describe('orders: every brand of a member\'s 3PL, read through the 3PL index', () => {
  // A 3PL member naming no brand reads order."threePLId" (order-page.ts pageOfThreePL) instead of
  // merging per brand. This 3PL's archived brand and another 3PL's brand get the newest orders and
  // orders at the tied timestamp, so leaving them out shows on every page size.
  const tied = new Date(Date.UTC(2026, 2, 1));
  const newest = new Date(Date.UTC(2026, 5, 1));
  const threePLPage = (statements: string[]) => statements.some((s) => /FROM "order" o WHERE o."threePLId" = \$1::uuid/.test(s));

  it('leaves out an archived brand and another 3PL, and pages every row once across ties', async () => {
    const archived = await db.brand.create({ data: { name: 'Cross Brand Archived', threePLId: t.threePLId, archivedAt: new Date() } });
    const foreignOrders: string[] = [];
    try {
      for (const updatedAt of [tied, tied, newest]) {
        await seedOrder(archived.id, { updatedAt, lineItems: 1 });
        foreignOrders.push((await seedOrder(other.brandA.id, { updatedAt, lineItems: 1 })).id);
      }
      // Every order row carries its brand's 3PL (set by the trigger, whatever the writer passed).
      const { rows } = await pool.query(
        `SELECT count(*)::int AS wrong FROM "order" o JOIN brand b ON b.id = o."brandId" WHERE b."threePLId" IN ($1, $2) AND o."threePLId" <> b."threePLId"`,
        [t.threePLId, other.threePLId],
      );
      expect(rows[0].wrong).toBe(0);
      expect(await db.order.count({ where: { brandId: archived.id, threePLId: t.threePLId } })).toBe(3);

      for (const first of [1, 2, 3, 5, 250]) {
        const nodes = await walk('orders', { first }, t.keys.operator);
        expect(nodes.map((n) => n.id), `first: ${first}`).toEqual(expected.orders.map((r) => r.id));
      }
      // The 3PL statement serves the member; a brand viewer (scope: its grants) never reads it.
      const member = await countQueries(() => gql(app.yoga, listQuery('orders'), { first: 3 }, t.keys.owner));
      expect(threePLPage(member.statements), member.statements.join('\n')).toBe(true);
      const viewer = await countQueries(() => gql(app.yoga, listQuery('orders'), { first: 3 }, t.keys.viewer));
      expect(viewer.result.body.data.orders.edges.length).toBeGreaterThan(0);
      expect(threePLPage(viewer.statements)).toBe(false);
      // The other 3PL sees its own newest orders first, none of this 3PL's.
      const foreignNodes = await walk('orders', { first: 2 }, other.keys.operator);
      expect(foreignNodes.slice(0, 3).map((n) => n.id).sort()).toEqual(foreignOrders.map((id) => gid('Order', id)).sort());
      expect(foreignNodes.every((n) => n.brand.id === G(other.brandA.id))).toBe(true);
    } finally {
      await db.brand.delete({ where: { id: archived.id } });
      await db.order.deleteMany({ where: { id: { in: foreignOrders } } });
    }
  });

  it('a row inserted by the sync upsert carries its brand\'s threePLId; a brand cannot move to another 3PL', async () => {
    const integration = await db.brandIntegration.findUniqueOrThrow({ where: { brandId: brandC.id } }); // seedBrandData's
    try {
      const result = await applyRecords({ brandId: brandC.id, integrationId: integration.id, resource: 'ORDERS', records: [orderRecord('xb-upsert', '2026-06-02T00:00:00Z')], source: 'SYNC' });
      expect(result).toMatchObject({ applied: 1, invalid: [] });
      const { rows } = await pool.query(`SELECT "threePLId" FROM "order" WHERE "brandId" = $1 AND "externalId" = 'xb-upsert'`, [brandC.id]);
      expect(rows).toEqual([{ threePLId: t.threePLId }]);
      // A Prisma create naming another 3PL is corrected too.
      const forged = await db.order.create({
        data: { brandId: brandC.id, threePLId: other.threePLId, externalId: 'xb-forged', orderNumber: '#F', referenceId: 'F', status: 'OPEN', rawData: {}, createdAtRemote: tied, updatedAtRemote: tied },
      });
      expect(forged.threePLId).toBe(t.threePLId);
      await expect(db.brand.update({ where: { id: brandC.id }, data: { threePLId: other.threePLId } })).rejects.toThrow(/cannot move to another 3PL/);
      expect((await db.brand.findUniqueOrThrow({ where: { id: brandC.id } })).threePLId).toBe(t.threePLId);
    } finally {
      await db.order.deleteMany({ where: { brandId: brandC.id, externalId: { in: ['xb-upsert', 'xb-forged'] } } });
    }
  });
});

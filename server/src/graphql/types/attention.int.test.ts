// The attention board over the wire: scoping (a brand viewer never sees another brand's items or
// counts, another tenant sees nothing), keyset pages, settings validation and roles, the per-SKU
// threshold, and attentionChanged live and resumed.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { attentionHub } from '../../attention/attention-hub.js';
import { closeAttentionPublisher } from '../../attention/attention-log.js';
import { refreshBrandAttention } from '../../attention/refresh.js';
import { db } from '../../db.js';
import { buildApp } from '../../http/app.js';
import { closeProducerQueues } from '../../jobs/queues.js';
import { gql, makeTenant, type TenantFixture } from '../../../test/fixtures.js';
import { encodeGlobalId as gid } from '../../../test/support/ids.js';
import { seedOrder } from '../../../test/support/seed.js';
import { record } from '../../../test/support/subscription-recorder.js';

const app = buildApp();
let url: string;
let t: TenantFixture;
let other: TenantFixture;

beforeAll(async () => {
  ({ url } = await app.start(0, '127.0.0.1'));
  t = await makeTenant('Board');
  other = await makeTenant('Elsewhere');
});
afterAll(async () => {
  await app.stop();
  await attentionHub.close();
  await closeAttentionPublisher();
  await closeProducerQueues();
});

async function lowItem(brandId: string, fulfillable: number) {
  const tag = randomUUID().slice(0, 8);
  const now = new Date();
  return db.inventoryItem.create({
    data: {
      brandId, externalId: `inv_${tag}`, sku: `SKU-${tag}`, name: `Item ${tag}`, awaiting: 0, onHand: fulfillable, committed: 0, unfulfillable: 0,
      fulfillable, sellable: fulfillable, rawData: {}, createdAtRemote: now, updatedAtRemote: now,
    },
  });
}

async function lateOrder(brandId: string, hoursAgo: number) {
  const o = await seedOrder(brandId, { status: 'OPEN' });
  await db.order.update({ where: { id: o.id }, data: { requiredShipDate: new Date(Date.now() - hoursAgo * 3_600_000) } });
  return o;
}

const PAGE = `query ($brandIds: [ID!], $kinds: [AttentionKind!], $first: Int, $after: String) {
  attention(brandIds: $brandIds, kinds: $kinds, first: $first, after: $after) {
    edges { node { id kind reason since recordType recordId rawStatus brand { id } order { id } inventoryItem { id lowStockThreshold } } }
    pageInfo { hasNextPage endCursor }
  }
}`;
const COUNTS = `query ($brandIds: [ID!]) { attentionCounts(brandIds: $brandIds) { total byKind { kind count } byBrand { brand { id name } count byKind { kind count } } } }`;

describe('attention board', () => {
  beforeAll(async () => {
    await lateOrder(t.brandA.id, 5);
    await lateOrder(t.brandA.id, 2);
    await lowItem(t.brandA.id, 1);
    await lateOrder(t.brandB.id, 3);
    await lowItem(other.brandA.id, 0);
    for (const b of [t.brandA.id, t.brandB.id, other.brandA.id]) await refreshBrandAttention(b);
  });

  it('lists every brand for a member, oldest since first, with the record and a rendered reason', async () => {
    const res = await gql(app.yoga, PAGE, {}, t.keys.operator);
    expect(res.body.errors).toBeUndefined();
    const nodes = res.body.data.attention.edges.map((e: any) => e.node);
    expect(nodes.map((n: any) => n.kind)).toEqual(['LATE_ORDER', 'LATE_ORDER', 'LATE_ORDER', 'LOW_STOCK']);
    expect(nodes.map((n: any) => n.brand.id)).toEqual([gid('Brand', t.brandA.id), gid('Brand', t.brandB.id), gid('Brand', t.brandA.id), gid('Brand', t.brandA.id)]);
    const since = nodes.map((n: any) => Date.parse(n.since));
    expect([...since].sort((a, b) => a - b)).toEqual(since);
    expect(nodes[0].reason).toBe('Required ship date passed 5 h ago');
    expect(nodes[0].recordType).toBe('Order');
    expect(nodes[0].recordId).toBe(nodes[0].order.id);
    expect(nodes[3]).toMatchObject({ reason: 'Fulfillable 1 ≤ threshold 10', order: null, inventoryItem: { lowStockThreshold: null } });
  });

  it('pages with keyset cursors and filters by kind and brand', async () => {
    const first = await gql(app.yoga, PAGE, { first: 2 }, t.keys.owner);
    const page1 = first.body.data.attention;
    expect(page1.edges).toHaveLength(2);
    expect(page1.pageInfo.hasNextPage).toBe(true);
    const second = await gql(app.yoga, PAGE, { first: 2, after: page1.pageInfo.endCursor }, t.keys.owner);
    const page2 = second.body.data.attention;
    expect(page2.edges.map((e: any) => e.node.kind)).toEqual(['LATE_ORDER', 'LOW_STOCK']);
    expect(page2.pageInfo.hasNextPage).toBe(false);
    const ids = [...page1.edges, ...page2.edges].map((e: any) => e.node.id);
    expect(new Set(ids).size).toBe(4);

    const kinds = await gql(app.yoga, PAGE, { kinds: ['LOW_STOCK'] }, t.keys.owner);
    expect(kinds.body.data.attention.edges.map((e: any) => e.node.kind)).toEqual(['LOW_STOCK']);
    const brandB = await gql(app.yoga, PAGE, { brandIds: [gid('Brand', t.brandB.id)] }, t.keys.owner);
    expect(brandB.body.data.attention.edges).toHaveLength(1);
    // A cursor of another query is refused.
    const mixed = await gql(app.yoga, PAGE, { kinds: ['LOW_STOCK'], after: page1.pageInfo.endCursor }, t.keys.owner);
    expect(mixed.body.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
  });

  it("a brand viewer sees only its brand's items and counts, even when asking for another brand; another tenant sees nothing", async () => {
    const viewer = await gql(app.yoga, PAGE, {}, t.keys.viewer);
    const brands = new Set(viewer.body.data.attention.edges.map((e: any) => e.node.brand.id));
    expect([...brands]).toEqual([gid('Brand', t.brandA.id)]);
    expect(viewer.body.data.attention.edges).toHaveLength(3);
    const asked = await gql(app.yoga, PAGE, { brandIds: [gid('Brand', t.brandB.id)] }, t.keys.viewer);
    expect(asked.body.data.attention.edges).toEqual([]);

    const counts = await gql(app.yoga, COUNTS, {}, t.keys.viewer);
    expect(counts.body.data.attentionCounts.total).toBe(3);
    expect(counts.body.data.attentionCounts.byBrand.map((b: any) => b.brand.id)).toEqual([gid('Brand', t.brandA.id)]);
    const countsB = await gql(app.yoga, COUNTS, { brandIds: [gid('Brand', t.brandB.id)] }, t.keys.viewer);
    expect(countsB.body.data.attentionCounts).toMatchObject({ total: 0, byBrand: [] });

    const intruder = await gql(app.yoga, PAGE, { brandIds: [gid('Brand', t.brandA.id)] }, other.keys.owner);
    expect(intruder.body.data.attention.edges).toEqual([]);
    const intruderCounts = await gql(app.yoga, COUNTS, { brandIds: [gid('Brand', t.brandA.id)] }, other.keys.owner);
    expect(intruderCounts.body.data.attentionCounts.total).toBe(0);

    // node(id) of an item is scoped like the lists.
    const itemId = viewer.body.data.attention.edges[0].node.id;
    const node = (key: string) => gql(app.yoga, 'query ($id: ID!) { node(id: $id) { id ... on AttentionItem { kind brand { id name } } } }', { id: itemId }, key);
    const mine = await node(t.keys.viewer);
    expect(mine.body.data.node).toMatchObject({ id: itemId, brand: { id: gid('Brand', t.brandA.id), name: t.brandA.name } });
    expect((await node(other.keys.owner)).body.data.node).toBeNull();
  });

  it('counts per kind and per brand in one answer', async () => {
    const res = await gql(app.yoga, COUNTS, {}, t.keys.owner);
    const c = res.body.data.attentionCounts;
    expect(c.total).toBe(4);
    expect(c.byKind).toContainEqual({ kind: 'LATE_ORDER', count: 3 });
    expect(c.byKind).toContainEqual({ kind: 'LOW_STOCK', count: 1 });
    expect(c.byKind).toContainEqual({ kind: 'CONNECTION', count: 0 });
    expect(c.byBrand.map((b: any) => [b.brand.name, b.count])).toEqual([[t.brandA.name, 3], [t.brandB.name, 1]]);
    expect(c.byBrand[0].byKind).toContainEqual({ kind: 'LOW_STOCK', count: 1 });
  });

  it('per-kind counts alone (no byBrand) cover the same scope: a viewer only its brand, another tenant nothing', async () => {
    const KIND_COUNTS = `query ($brandIds: [ID!]) { attentionCounts(brandIds: $brandIds) { total byKind { kind count } } }`;
    const kinds = async (key: string, brandIds?: string[]) => {
      const res = await gql(app.yoga, KIND_COUNTS, { brandIds }, key);
      expect(res.body.errors).toBeUndefined();
      const c = res.body.data.attentionCounts;
      return { total: c.total, ...Object.fromEntries(c.byKind.filter((k: any) => k.count > 0).map((k: any) => [k.kind, k.count])) };
    };
    expect(await kinds(t.keys.operator)).toEqual({ total: 4, LATE_ORDER: 3, LOW_STOCK: 1 });
    expect(await kinds(t.keys.operator, [gid('Brand', t.brandA.id), gid('Brand', t.brandB.id)])).toEqual({ total: 4, LATE_ORDER: 3, LOW_STOCK: 1 });
    expect(await kinds(t.keys.operator, [gid('Brand', t.brandB.id)])).toEqual({ total: 1, LATE_ORDER: 1 });
    expect(await kinds(t.keys.viewer)).toEqual({ total: 3, LATE_ORDER: 2, LOW_STOCK: 1 });
    expect(await kinds(t.keys.viewer, [gid('Brand', t.brandB.id)])).toEqual({ total: 0 });
    expect(await kinds(other.keys.owner)).toEqual({ total: 1, LOW_STOCK: 1 });
    expect(await kinds(other.keys.owner, [gid('Brand', t.brandA.id)])).toEqual({ total: 0 });
  });

  it("the page's brand (preloaded) and records (batched) resolve every field, with or without the brand selected", async () => {
    const RICH = `query ($brandIds: [ID!]) { attention(brandIds: $brandIds) { edges { node {
      id kind detectedAt brand { id name createdAt archivedAt changeSequence }
      order { id orderNumber brand { name } } inventoryItem { id sku lowStockThreshold } inboundShipment { id } return { id } integration { id } } } } }`;
    const res = await gql(app.yoga, RICH, { brandIds: [gid('Brand', t.brandA.id), gid('Brand', t.brandB.id)] }, t.keys.owner);
    expect(res.body.errors).toBeUndefined();
    const nodes = res.body.data.attention.edges.map((e: any) => e.node);
    expect(nodes).toHaveLength(4);
    const a = await db.brand.findUniqueOrThrow({ where: { id: t.brandA.id } });
    const brandA = { id: gid('Brand', a.id), name: a.name, createdAt: a.createdAt.toISOString(), archivedAt: null, changeSequence: a.changeSeq.toString() };
    expect(nodes[0].brand).toEqual(brandA);
    for (const n of nodes.filter((n: any) => n.kind === 'LATE_ORDER')) {
      expect(n.order.brand.name).toBe(n.brand.name);
      expect(n.inventoryItem).toBeNull();
    }
    const low = nodes.find((n: any) => n.kind === 'LOW_STOCK');
    expect(low).toMatchObject({ order: null, inboundShipment: null, return: null, integration: null, inventoryItem: { lowStockThreshold: null } });
    expect(low.inventoryItem.sku).toMatch(/^SKU-/);
    expect(Date.parse(low.detectedAt)).toBeLessThanOrEqual(Date.now());

    // Brand fields its row does not hold (the integration, lastSyncedAt) load through Prisma, in both lists.
    await db.brandIntegration.create({ data: { brandId: t.brandA.id, status: 'ACTIVE', connectedAt: new Date(), lastSyncedAt: new Date('2026-01-02T03:04:05.678Z') } });
    try {
      const deep = await gql(app.yoga, `query { attention(first: 1) { edges { node { brand { id name lastSyncedAt integration { status } } } } }
        attentionCounts { byBrand { count brand { name changeSequence lastSyncedAt } } } }`, {}, t.keys.owner);
      expect(deep.body.errors).toBeUndefined();
      expect(deep.body.data.attention.edges[0].node.brand).toEqual({ id: brandA.id, name: a.name, lastSyncedAt: '2026-01-02T03:04:05.678Z', integration: { status: 'ACTIVE' } });
      expect(deep.body.data.attentionCounts.byBrand).toEqual([
        { count: 3, brand: { name: a.name, changeSequence: a.changeSeq.toString(), lastSyncedAt: '2026-01-02T03:04:05.678Z' } },
        { count: 1, brand: { name: t.brandB.name, changeSequence: expect.any(String), lastSyncedAt: null } },
      ]);
    } finally {
      await db.brandIntegration.deleteMany({ where: { brandId: t.brandA.id } });
    }

    // Without brand in the selection: the records still load.
    const bare = await gql(app.yoga, 'query { attention(kinds: [LATE_ORDER], first: 1) { edges { node { id recordId order { id } } } } }', {}, t.keys.owner);
    expect(bare.body.errors).toBeUndefined();
    const [edge] = bare.body.data.attention.edges;
    expect(edge.node.order.id).toBe(edge.node.recordId);
  });

  it('too many brand ids or a malformed one is BAD_USER_INPUT', async () => {
    const many = Array.from({ length: 201 }, () => gid('Brand', randomUUID()));
    expect((await gql(app.yoga, COUNTS, { brandIds: many }, t.keys.owner)).body.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect((await gql(app.yoga, PAGE, { brandIds: ['nope'] }, t.keys.owner)).body.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
  });
});

const SETTINGS = `query ($b: ID) { attentionSettings(brandId: $b) { lateOrderWindowHours returnRestockDays lowStockThreshold freshnessWindowMinutes overrides brand { id } } }`;
const UPDATE = `mutation ($b: ID, $input: AttentionSettingsInput!) { updateAttentionSettings(brandId: $b, input: $input) { lowStockThreshold lateOrderWindowHours overrides } }`;

describe('attention settings', () => {
  it('defaults, a brand override and inheritance again', async () => {
    const s = await makeTenant('Settings');
    const defaults = await gql(app.yoga, SETTINGS, {}, s.keys.admin);
    expect(defaults.body.data.attentionSettings).toEqual({ lateOrderWindowHours: 24, returnRestockDays: 3, lowStockThreshold: 10, freshnessWindowMinutes: 120, overrides: [], brand: null });

    const tpl = await gql(app.yoga, UPDATE, { input: { lateOrderWindowHours: 12 } }, s.keys.owner);
    expect(tpl.body.data.updateAttentionSettings).toMatchObject({ lateOrderWindowHours: 12, lowStockThreshold: 10 });
    const b = gid('Brand', s.brandA.id);
    const brand = await gql(app.yoga, UPDATE, { b, input: { lowStockThreshold: 25 } }, s.keys.admin);
    expect(brand.body.data.updateAttentionSettings).toEqual({ lowStockThreshold: 25, lateOrderWindowHours: 12, overrides: ['lowStockThreshold'] });
    // The viewer of that brand reads what is in force for it.
    const seen = await gql(app.yoga, SETTINGS, { b }, s.keys.viewer);
    expect(seen.body.data.attentionSettings).toMatchObject({ lowStockThreshold: 25, lateOrderWindowHours: 12, brand: { id: b } });
    const back = await gql(app.yoga, UPDATE, { b, input: { lowStockThreshold: null } }, s.keys.admin);
    expect(back.body.data.updateAttentionSettings).toEqual({ lowStockThreshold: 10, lateOrderWindowHours: 12, overrides: [] });
  });

  it('refuses out-of-range values field by field, and callers other than OWNER and ADMIN', async () => {
    const s = await makeTenant('Refuse');
    const bad = await gql(app.yoga, UPDATE, { input: { lowStockThreshold: -1, freshnessWindowMinutes: 1, returnRestockDays: 3 } }, s.keys.owner);
    const error = bad.body.errors?.[0];
    expect(error?.extensions?.code).toBe('BAD_USER_INPUT');
    expect((error?.extensions?.fields as { field: string }[]).map((f) => f.field).sort()).toEqual(['freshnessWindowMinutes', 'lowStockThreshold']);
    // null for the 3PL restores the default; for nothing else is null refused.
    const restored = await gql(app.yoga, UPDATE, { input: { lowStockThreshold: null } }, s.keys.owner);
    expect(restored.body.data.updateAttentionSettings.lowStockThreshold).toBe(10);

    for (const key of [s.keys.operator, s.keys.viewer]) {
      const res = await gql(app.yoga, UPDATE, { input: { lowStockThreshold: 5 } }, key);
      expect(res.body.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    }
    // Brand viewers may not read the 3PL-wide defaults; another tenant's brand is not found.
    expect((await gql(app.yoga, SETTINGS, {}, s.keys.viewer)).body.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    const foreign = await gql(app.yoga, UPDATE, { b: gid('Brand', t.brandA.id), input: { lowStockThreshold: 5 } }, s.keys.owner);
    expect(foreign.body.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
  });

  it('setLowStockThreshold: the SKU override opens and clears LOW_STOCK at once', async () => {
    const s = await makeTenant('Sku');
    const item = await lowItem(s.brandA.id, 30);
    const SET = `mutation ($id: ID!, $n: Int) { setLowStockThreshold(inventoryItemId: $id, threshold: $n) { id lowStockThreshold } }`;
    const id = gid('InventoryItem', item.id);
    const set = await gql(app.yoga, SET, { id, n: 40 }, s.keys.admin);
    expect(set.body.data.setLowStockThreshold).toEqual({ id, lowStockThreshold: 40 });
    expect(await db.attentionItem.count({ where: { inventoryItemId: item.id, kind: 'LOW_STOCK' } })).toBe(1);
    await gql(app.yoga, SET, { id, n: null }, s.keys.admin);
    expect(await db.attentionItem.count({ where: { inventoryItemId: item.id } })).toBe(0);

    expect((await gql(app.yoga, SET, { id, n: -5 }, s.keys.admin)).body.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect((await gql(app.yoga, SET, { id, n: 5 }, s.keys.operator)).body.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    expect((await gql(app.yoga, SET, { id, n: 5 }, other.keys.owner)).body.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
  });
});

const CHANGED = `subscription ($brandIds: [ID!], $after: String) {
  attentionChanged(brandIds: $brandIds, afterSequence: $after) { sequence change kind itemId brand { id } item { id reason } }
}`;

describe('attentionChanged', () => {
  it('delivers OPENED then RESOLVED live, only for the brands the subscriber may read, and replays with afterSequence', async () => {
    const s = await makeTenant('Live');
    const viewer = record(url, s.keys.viewer, CHANGED, { after: '0' });
    const owner = record(url, s.keys.owner, CHANGED, { after: '0' });

    const itemA = await lowItem(s.brandA.id, 2);
    await lowItem(s.brandB.id, 2);
    await refreshBrandAttention(s.brandB.id); // the viewer must never get this one
    await refreshBrandAttention(s.brandA.id);
    await db.inventoryItem.update({ where: { id: itemA.id }, data: { fulfillable: 500 } });
    await refreshBrandAttention(s.brandA.id);

    const ownerEvents = await owner.waitFor(3);
    expect(ownerEvents.map((e) => `${e.change} ${e.kind}`)).toEqual(['OPENED LOW_STOCK', 'OPENED LOW_STOCK', 'RESOLVED LOW_STOCK']);
    const events = await viewer.waitFor(2);
    expect(events.map((e) => [e.change, e.brand.id])).toEqual([['OPENED', gid('Brand', s.brandA.id)], ['RESOLVED', gid('Brand', s.brandA.id)]]);
    expect(events[1].itemId).toBe(events[0].itemId);
    expect(events[1].item).toBeNull();
    expect(BigInt(events[1].sequence)).toBeGreaterThan(BigInt(events[0].sequence));
    await viewer.dispose();

    // Resumed after the OPENED: exactly the RESOLVED, then live.
    const resumed = record(url, s.keys.viewer, CHANGED, { after: events[0].sequence });
    const [replayed] = await resumed.waitFor(1);
    expect(replayed).toMatchObject({ change: 'RESOLVED', sequence: events[1].sequence });
    await lowItem(s.brandA.id, 1);
    await refreshBrandAttention(s.brandA.id);
    const live = await resumed.waitFor(2);
    expect(live[1]).toMatchObject({ change: 'OPENED', kind: 'LOW_STOCK', item: { reason: 'Fulfillable 1 ≤ threshold 10' } });
    expect(resumed.events).toHaveLength(2);
    await resumed.dispose();
    await owner.dispose();
  });

  it('a resume point the log no longer holds is RESUME_TOO_OLD', async () => {
    const s = await makeTenant('TooOld');
    await lowItem(s.brandA.id, 1);
    await lowItem(s.brandA.id, 1);
    await refreshBrandAttention(s.brandA.id);
    await db.attentionEvent.deleteMany({ where: { threePLId: s.threePLId, sequence: 1n } });
    const sub = record(url, s.keys.owner, CHANGED, { after: '0' });
    await sub.ended();
    expect(JSON.stringify(sub.errors)).toContain('RESUME_TOO_OLD');
    await sub.dispose();
  });
});

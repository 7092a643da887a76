// The audit trail through the API: user actions over GraphQL and REST (the sandbox as Trackstar)
// carry the user and API key; Query.auditLog filters, pages and stays within the caller's brands;
// Order.auditHistory and InventoryItem.auditHistory list a record's own entries.
import { encodeGlobalID as gid } from '@pothos/plugin-relay';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { gql, makeTenant, type TenantFixture } from '../../../test/fixtures.js';
import { attachConnection, retireSync, startTestSandbox } from '../../../test/support/sync-harness.js';
import { inventoryRecord, orderRecord } from '../../../test/support/sync-records.js';
import { closeChangePublisher } from '../../changes/change-log.js';
import { db } from '../../db.js';
import { buildApp, type App } from '../../http/app.js';
import { httpRoutes } from '../../http/routes.js';
import { closeSyncQueue } from '../../jobs/queues.js';
import { applyRecords } from '../../sync/apply.js';
import { runSync } from '../../sync/runner.js';

let sb: Awaited<ReturnType<typeof startTestSandbox>>;
let app: App;
let url = '';
let t: TenantFixture;
let other: TenantFixture;

beforeAll(async () => {
  sb = await startTestSandbox({ orders: 30, products: 10 });
  app = buildApp({ plugins: httpRoutes().plugins });
  url = (await app.start(0, '127.0.0.1')).url;
  t = await makeTenant('AuditApi');
  other = await makeTenant('AuditApiOther');
});

afterAll(async () => {
  await retireSync();
  await closeSyncQueue();
  await sb?.stop();
  await app?.stop();
  await closeChangePublisher();
});

const ENTRY = 'id at source event recordType recordId externalId actor { userId apiKeyId } changes { field before after } detail idempotencyKey';
const AUDIT_LOG = `query ($b: ID!, $f: AuditLogFilter, $first: Int, $after: String) {
  auditLog(brandId: $b, filter: $f, first: $first, after: $after) { edges { cursor node { ${ENTRY} } } pageInfo { hasNextPage endCursor } }
}`;

async function keyOf(threePLId: string, name: string) {
  return db.apiKey.findFirstOrThrow({ where: { threePLId, name }, select: { id: true, userId: true } });
}

async function auditLog(key: string | null, brandId: string, variables: Record<string, unknown> = {}) {
  const res = await gql(url, AUDIT_LOG, { b: gid('Brand', brandId), ...variables }, key);
  return res;
}

describe('user actions', () => {
  it('connect, settings (REST), sync now and disconnect each leave a USER entry with the user and the API key', async () => {
    const brand = gid('Brand', t.brandA.id);
    const link = await gql(url, 'mutation ($b: ID!) { createTrackstarLinkToken(brandId: $b) { linkToken } }', { b: brand }, t.keys.owner);
    const code = await sb.authorize(link.body.data.createTrackstarLinkToken.linkToken);
    const connected = await gql(url, 'mutation ($b: ID!, $c: String!) { connectTrackstar(brandId: $b, authCode: $c) { id connectionId } }', { b: brand, c: code }, t.keys.owner);
    expect(connected.body.errors).toBeUndefined();
    const integrationGid = connected.body.data.connectTrackstar.id;

    // REST, as an ADMIN: a real change is logged field by field; an empty one changes nothing and logs nothing.
    const put = (body: unknown) => fetch(`${url}/api/brands/${t.brandA.id}/integrations/trackstar/sync-settings`, {
      method: 'PUT', headers: { authorization: `Bearer ${t.keys.admin}`, 'content-type': 'application/json' }, body: JSON.stringify(body),
    });
    expect((await put({ backfillDays: 45, resources: [{ resource: 'RETURNS', paused: true }] })).status).toBe(200);
    expect((await put({})).status).toBe(200);

    const synced = await gql(url, 'mutation ($b: ID!) { triggerSync(brandId: $b, resources: [INVENTORY]) { resource } }', { b: brand }, t.keys.operator);
    expect(synced.body.errors).toBeUndefined();
    const gone = await gql(url, 'mutation ($b: ID!) { disconnectTrackstar(brandId: $b) { status } }', { b: brand }, t.keys.owner);
    expect(gone.body.data.disconnectTrackstar.status).toBe('DISCONNECTED');

    const owner = await keyOf(t.threePLId, 'Initial key');
    const admin = await keyOf(t.threePLId, 'ADMIN key');
    const operator = await keyOf(t.threePLId, 'OPERATOR key');
    const res = await auditLog(t.keys.viewer, t.brandA.id, { f: { source: 'USER' } });
    expect(res.body.errors).toBeUndefined();
    const entries = res.body.data.auditLog.edges.map((e: any) => e.node);
    // Newest first.
    expect(entries.map((e: any) => e.event)).toEqual(['disconnectTrackstar', 'triggerSync', 'updateSyncSettings', 'connectTrackstar']);
    const [disconnect, trigger, settings, connect] = entries;
    const actor = (k: { id: string; userId: string }) => ({ userId: k.userId, apiKeyId: gid('ApiKey', k.id) });
    expect(connect).toMatchObject({ source: 'USER', recordType: 'INTEGRATION', recordId: integrationGid, actor: actor(owner) });
    expect(connect.changes).toEqual([
      { field: 'connectionId', before: null, after: connected.body.data.connectTrackstar.connectionId },
      { field: 'status', before: null, after: 'ACTIVE' },
    ]);
    expect(settings).toMatchObject({ actor: actor(admin), recordId: integrationGid });
    expect(settings.changes).toEqual([
      { field: 'backfillDays', before: 30, after: 45 },
      { field: 'resources.RETURNS.paused', before: false, after: true },
    ]);
    expect(trigger).toMatchObject({ actor: actor(operator), changes: [], detail: { resources: ['INVENTORY'], full: false } });
    expect(disconnect).toMatchObject({ actor: actor(owner), changes: [{ field: 'status', before: 'ACTIVE', after: 'DISCONNECTED' }] });
  }, 60_000);

  it('a WMS write logs the record change as USER with the user, key and action; its replay logs nothing more', async () => {
    // Another tenant's brand, so this connection does not disturb brand A's actions above.
    const brandId = other.brandB.id;
    const integration = await attachConnection(brandId, sb.sandbox.connect('sandbox'), ['WAREHOUSES', 'INVENTORY']);
    await runSync({ integrationId: integration.id, resource: 'WAREHOUSES' });
    await runSync({ integrationId: integration.id, resource: 'INVENTORY' });
    const item = await db.inventoryItem.findFirstOrThrow({ where: { brandId, onHand: { gt: 0 }, active: true }, orderBy: { externalId: 'asc' } });
    const level = await db.inventoryLevel.findFirstOrThrow({ where: { inventoryItemId: item.id } });
    const warehouse = await db.warehouse.findFirstOrThrow({ where: { brandId, externalId: level.warehouseExternalId } });
    const ADJUST = `mutation ($input: AdjustInventoryInput!) { adjustInventory(input: $input) { idempotencyKey replayed userErrors { message } } }`;
    const input = { inventoryItemId: gid('InventoryItem', item.id), warehouseId: gid('Warehouse', warehouse.id), quantity: 7, adjustmentType: 'INCREASE', idempotencyKey: 'audit-adjust-1' };
    const done = await gql(url, ADJUST, { input }, other.keys.owner);
    expect(done.body.data.adjustInventory).toMatchObject({ idempotencyKey: 'audit-adjust-1', replayed: false, userErrors: [] });
    const again = await gql(url, ADJUST, { input }, other.keys.owner);
    expect(again.body.data.adjustInventory.replayed).toBe(true);

    const owner = await keyOf(other.threePLId, 'Initial key');
    const entries = await db.auditLog.findMany({ where: { brandId, recordId: item.id, source: 'USER' } });
    expect(entries).toHaveLength(1);
    expect(entries[0]).toMatchObject({ event: 'adjustInventory', actorUserId: owner.userId, actorApiKeyId: owner.id, idempotencyKey: 'audit-adjust-1', recordType: 'INVENTORY_ITEM' });
    expect((entries[0].changes as Record<string, unknown>).onHand).toEqual([item.onHand, item.onHand + 7]);
  }, 60_000);

  it('a refused action leaves no entry', async () => {
    const before = await db.auditLog.count({ where: { brandId: t.brandB.id } });
    const refused = await gql(url, 'mutation ($b: ID!) { triggerSync(brandId: $b) { resource } }', { b: gid('Brand', t.brandB.id) }, t.keys.owner);
    expect(refused.body.errors?.[0]?.extensions?.code).toBe('FAILED_PRECONDITION');
    expect(await db.auditLog.count({ where: { brandId: t.brandB.id } })).toBe(before);
  });
});

describe('Query.auditLog and auditHistory', () => {
  let itemId: string;
  let orderId: string;

  beforeAll(async () => {
    const brandId = t.brandB.id;
    const integrationId = (await db.brandIntegration.create({ data: { brandId, status: 'ACTIVE' } })).id;
    const apply = (resource: 'ORDERS' | 'INVENTORY', records: unknown[], source: 'SYNC' | 'WEBHOOK', event?: string) =>
      applyRecords({ brandId, integrationId, resource, records, source, ...(event ? { audit: { source, event } } : {}) });
    await apply('INVENTORY', [inventoryRecord('i-api', '2026-03-01T14:00:00Z', 120)], 'SYNC');
    await apply('ORDERS', [orderRecord('o-api', '2026-03-01T14:00:00Z')], 'SYNC');
    await apply('INVENTORY', [inventoryRecord('i-api', '2026-03-01T14:02:11Z', 96)], 'WEBHOOK', 'inventory.updated');
    await apply('INVENTORY', [inventoryRecord('i-api', '2026-03-01T15:00:00Z', 80)], 'SYNC');
    itemId = (await db.inventoryItem.findFirstOrThrow({ where: { brandId, externalId: 'i-api' } })).id;
    orderId = (await db.order.findFirstOrThrow({ where: { brandId, externalId: 'o-api' } })).id;
  });

  it('pages newest first with cursors, every entry exactly once', async () => {
    const all = await db.auditLog.findMany({ where: { brandId: t.brandB.id }, orderBy: [{ at: 'desc' }, { id: 'desc' }] });
    expect(all.length).toBeGreaterThanOrEqual(4);
    const seen: string[] = [];
    let after: string | null = null;
    for (let page = 0; page < 10; page++) {
      const res = await auditLog(t.keys.owner, t.brandB.id, { first: 1, after });
      expect(res.body.errors).toBeUndefined();
      const { edges, pageInfo } = res.body.data.auditLog;
      seen.push(...edges.map((e: any) => e.node.id));
      if (!pageInfo.hasNextPage) break;
      after = pageInfo.endCursor;
    }
    expect(seen).toEqual(all.map((e) => e.id.toString()));
  });

  it('filters by record, source and time', async () => {
    const byItem = await auditLog(t.keys.owner, t.brandB.id, { f: { recordId: gid('InventoryItem', itemId) } });
    const items = byItem.body.data.auditLog.edges.map((e: any) => e.node);
    expect(items.map((e: any) => [e.source, e.event])).toEqual([['SYNC', 'sync page'], ['WEBHOOK', 'inventory.updated'], ['SYNC', 'sync page']]);
    expect(items[1].changes).toEqual([
      { field: 'fulfillable', before: 119, after: 95 },
      { field: 'onHand', before: 120, after: 96 },
      { field: 'sellable', before: 119, after: 95 },
    ]);
    expect(items[1]).toMatchObject({ recordType: 'INVENTORY_ITEM', recordId: gid('InventoryItem', itemId), externalId: 'i-api', actor: null });
    // A bare uuid names the record too.
    expect((await auditLog(t.keys.owner, t.brandB.id, { f: { recordId: itemId } })).body.data.auditLog.edges).toHaveLength(3);

    const hooks = await auditLog(t.keys.owner, t.brandB.id, { f: { source: 'WEBHOOK' } });
    expect(hooks.body.data.auditLog.edges.map((e: any) => e.node.id)).toEqual([items[1].id]);

    const since = await auditLog(t.keys.owner, t.brandB.id, { f: { recordId: itemId, since: items[1].at } });
    expect(since.body.data.auditLog.edges.map((e: any) => e.node.id)).toEqual([items[0].id, items[1].id]);
    const until = await auditLog(t.keys.owner, t.brandB.id, { f: { recordId: itemId, until: items[1].at } });
    expect(until.body.data.auditLog.edges.map((e: any) => e.node.id)).toEqual([items[2].id]);
  });

  it('Order.auditHistory and InventoryItem.auditHistory list the record\'s own entries', async () => {
    const q = `query ($o: ID!, $i: ID!) {
      order(id: $o) { auditHistory(first: 10) { edges { node { event changes { field before after } } } } }
      inventoryItem(id: $i) { auditHistory(first: 2) { edges { node { source changes { field before after } } } pageInfo { hasNextPage } } }
    }`;
    const res = await gql(url, q, { o: gid('Order', orderId), i: gid('InventoryItem', itemId) }, t.keys.operator);
    expect(res.body.errors).toBeUndefined();
    const order = res.body.data.order.auditHistory.edges;
    expect(order).toHaveLength(1);
    expect(order[0].node.changes).toContainEqual({ field: 'status', before: null, after: 'OPEN' });
    const item = res.body.data.inventoryItem.auditHistory;
    expect(item.edges.map((e: any) => e.node.source)).toEqual(['SYNC', 'WEBHOOK']);
    expect(item.edges[0].node.changes).toContainEqual({ field: 'onHand', before: 96, after: 80 });
    expect(item.pageInfo.hasNextPage).toBe(true);
  });

  it('stays within the caller\'s brands and tenant', async () => {
    // Brand B: members read it; the brand viewer of A and another tenant get an empty trail.
    expect((await auditLog(t.keys.operator, t.brandB.id)).body.data.auditLog.edges.length).toBeGreaterThan(0);
    expect((await auditLog(t.keys.viewer, t.brandB.id)).body.data.auditLog.edges).toEqual([]);
    expect((await auditLog(other.keys.owner, t.brandB.id)).body.data.auditLog.edges).toEqual([]);
    const anonymous = await auditLog(null, t.brandB.id);
    expect(anonymous.status === 401 || anonymous.body.errors?.[0]?.extensions?.code === 'UNAUTHENTICATED').toBe(true);
    expect(anonymous.body.data?.auditLog ?? null).toBeNull();
    // Another tenant reading a record of t through its own brand finds nothing either.
    const foreign = await auditLog(other.keys.owner, other.brandA.id, { f: { recordId: gid('InventoryItem', itemId) } });
    expect(foreign.body.data.auditLog.edges).toEqual([]);
  });

  it('bad arguments are clear input errors', async () => {
    const codeOf = async (variables: Record<string, unknown>) => (await auditLog(t.keys.owner, t.brandB.id, variables)).body.errors?.[0]?.extensions?.code;
    expect(await codeOf({ f: { since: '2026-03-02T00:00:00Z', until: '2026-03-01T00:00:00Z' } })).toBe('BAD_USER_INPUT');
    expect(await codeOf({ f: { recordId: 'not an id' } })).toBe('BAD_USER_INPUT');
    expect(await codeOf({ first: 1000 })).toBe('BAD_USER_INPUT');
    expect(await codeOf({ after: 'garbage' })).toBe('BAD_USER_INPUT');
    // A cursor of another filter is refused rather than silently skipping rows.
    const page = await auditLog(t.keys.owner, t.brandB.id, { first: 1 });
    expect(await codeOf({ first: 1, after: page.body.data.auditLog.pageInfo.endCursor, f: { source: 'SYNC' } })).toBe('BAD_USER_INPUT');
  });
});

// Sync settings on the real stack: GraphQL over the real app, the sandbox as Trackstar over HTTP
// (its webhooks signed and delivered to Packr's receiver), the real sync workers and BullMQ in
// Redis. A schedule change replaces the scheduler in Redis at once, a pause removes it and stops
// every sync of the resource, a resume restores it; settings pauses and connection-error pauses
// never lift each other; filters change what the next run asks Trackstar for, and widening one
// backfills what it used to exclude; refused values name their field; only OWNER and ADMIN may
// read or change settings; the rate-limit budget Trackstar reports shows in health.
import { encodeGlobalID } from '@pothos/plugin-relay';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { gql, makeTenant, type TenantFixture } from '../../test/fixtures.js';
import { startLiveStack, type LiveStack } from '../../test/support/live-stack.js';
import { attachConnection, syncsSettled, waitFor } from '../../test/support/sync-harness.js';
import { runWriteTransaction } from '../changes/write-transaction.js';
import { db } from '../db.js';
import type { SyncResource } from '../generated/prisma/enums.js';
import type { App } from '../http/app.js';
import { enqueueSync, syncKey, syncQueue } from '../jobs/queues.js';
import { OVERLAP_MS } from '../sync/cursor.js';
import { finishRun, SETTINGS_PAUSE, startRun } from '../sync/state.js';

const LINK = `mutation($b: ID!) { createTrackstarLinkToken(brandId: $b) { linkToken } }`;
const CONNECT = `mutation($b: ID!, $code: String!) { connectTrackstar(brandId: $b, authCode: $code) { connectionId status } }`;
const TRIGGER = `mutation($b: ID!) { triggerSync(brandId: $b) { resource } }`;
const SETTINGS = `query($b: ID!) { integration(brandId: $b) { id syncSettings {
  backfillDays
  resources { resource preset everySeconds customEverySeconds nearRealTimeSeconds trackstarDefaultSeconds paused status pausedBy nextRunAt supportedFilters
    filters { warehouseIds channels orderTypes warehouseCustomerIds } }
  filterChoices { warehouses { id name } channels { id name } warehouseCustomerIds }
} } }`;
const UPDATE = `mutation($b: ID!, $input: SyncSettingsInput!) { updateSyncSettings(brandId: $b, input: $input) {
  backfillDays resources { resource preset everySeconds paused status pausedBy nextRunAt filters { channels warehouseIds } }
  integration { id syncStates { resource status } }
} }`;
const HEALTH = `query($b: ID!) { health(brandId: $b) { rateLimit { limit remaining resetsAt observedAt } writeRateLimit { limit } } }`;

let stack: LiveStack;
let app: App;
let sb: LiveStack['sb'];
let integrations: string[];

beforeAll(async () => {
  stack = await startLiveStack({ orders: 150, products: 20 });
  ({ app, sb, integrations } = stack);
}, 60_000);

afterAll(() => stack?.stop());

type Linked = { t: TenantFixture; brandId: string; gid: string; key: string; integrationId: string; connectionId: string };

/** The Link flow through GraphQL (a reinstall when the brand already has a connection), then the backfill settles. */
async function link(t: TenantFixture, brandId = t.brandA.id): Promise<Linked> {
  const gid = encodeGlobalID('Brand', brandId);
  const key = t.keys.owner;
  const token = await gql(app.yoga, LINK, { b: gid }, key);
  expect(token.body.errors).toBeUndefined();
  const code = await sb.authorize(token.body.data.createTrackstarLinkToken.linkToken);
  const since = new Date();
  const connected = await gql(app.yoga, CONNECT, { b: gid, code }, key);
  expect(connected.body.errors).toBeUndefined();
  const integration = await db.brandIntegration.findUniqueOrThrow({ where: { brandId } });
  if (!integrations.includes(integration.id)) integrations.push(integration.id);
  await syncsSettled(integration.id, since);
  return { t, brandId, gid, key, integrationId: integration.id, connectionId: connected.body.data.connectTrackstar.connectionId };
}

async function update(c: Pick<Linked, 'gid'>, input: Record<string, unknown>, key: string | null) {
  return gql(app.yoga, UPDATE, { b: c.gid, input }, key);
}

async function updateOk(c: Linked, input: Record<string, unknown>) {
  const res = await update(c, input, c.key);
  expect(res.body.errors, JSON.stringify(res.body.errors)).toBeUndefined();
  return res.body.data.updateSyncSettings;
}

const scheduler = (integrationId: string, resource: SyncResource) => syncQueue().getJobScheduler(syncKey(integrationId, resource));
const stateOf = (integrationId: string, resource: SyncResource) => db.syncState.findUniqueOrThrow({ where: { integrationId_resource: { integrationId, resource } } });
/** WMS requests of one connection (the sandbox logs its first 8 characters) since a time. */
const requestsSince = (connectionId: string, at: number, path: string) =>
  sb.requests.filter((r) => r.at >= at && r.path.startsWith(path) && r.line.includes(` conn=${connectionId.slice(0, 8)}`));

/** No sync job waiting or running, twice 300 ms apart. */
async function syncQueueIdle() {
  const idle = async () => Object.values(await syncQueue().getJobCounts('active', 'waiting', 'prioritized')).every((n) => n === 0);
  await waitFor('sync queue idle', async () => (await idle()) && (await new Promise((r) => setTimeout(r, 300))) === undefined && (await idle()), 30_000, 50);
}

async function succeededAfter(integrationId: string, resource: SyncResource, since: Date) {
  return waitFor(`${resource} synced`, async () => {
    const s = await stateOf(integrationId, resource);
    return s.status === 'SUCCEEDED' && s.runStartedAt === null && s.lastSucceededAt !== null && s.lastSucceededAt >= since ? s : null;
  }, 30_000);
}

describe('sync settings', () => {
  let c: Linked;
  beforeAll(async () => {
    c = await link(await makeTenant('Settings'));
  }, 60_000);

  it('start as today\'s behaviour: NEAR_REAL_TIME, not paused, no filters, 30 days; schedulers at those intervals', async () => {
    const res = await gql(app.yoga, SETTINGS, { b: c.gid }, c.key);
    expect(res.body.errors).toBeUndefined();
    const s = res.body.data.integration.syncSettings;
    expect(s.backfillDays).toBe(30);
    const byResource = Object.fromEntries(s.resources.map((r: { resource: string }) => [r.resource, r]));
    expect(Object.keys(byResource)).toEqual(['WAREHOUSES', 'WAREHOUSE_LOCATIONS', 'SHIPPING_METHODS', 'PRODUCTS', 'INVENTORY', 'ORDERS', 'RETURNS', 'INBOUND_SHIPMENTS']);
    expect(byResource.ORDERS).toMatchObject({
      preset: 'NEAR_REAL_TIME', everySeconds: 300, customEverySeconds: null, nearRealTimeSeconds: 300, trackstarDefaultSeconds: 3600, paused: false,
      status: 'SUCCEEDED', pausedBy: null, supportedFilters: ['CHANNELS', 'ORDER_TYPES', 'WAREHOUSE_CUSTOMER_IDS'],
      filters: { warehouseIds: [], channels: [], orderTypes: [], warehouseCustomerIds: [] },
    });
    expect(byResource.WAREHOUSES).toMatchObject({ everySeconds: 12 * 3600, supportedFilters: [] });
    expect(byResource.INBOUND_SHIPMENTS.supportedFilters).toEqual(['WAREHOUSE_IDS', 'WAREHOUSE_CUSTOMER_IDS']);
    for (const r of s.resources) {
      expect(Number((await scheduler(c.integrationId, r.resource))?.every)).toBe(r.everySeconds * 1000);
      expect(Date.parse(r.nextRunAt)).toBeGreaterThan(Date.now() - 60_000);
    }
    // The pickers' choices come from what was synced.
    const wms = sb.sandbox.connection(c.connectionId).data;
    expect(s.filterChoices.warehouses.map((w: { id: string }) => w.id).sort()).toEqual(wms.warehouses.all().map((w) => w.id).sort());
    expect(s.filterChoices.channels.length).toBeGreaterThan(1);
    expect(s.filterChoices.channels[0]).toEqual({ id: expect.stringMatching(/^ch_/), name: expect.any(String) });
    expect(s.filterChoices.warehouseCustomerIds.length).toBeGreaterThan(0);
  });

  it('are read and changed by OWNER and ADMIN only; operators and brand viewers are refused, other tenants see nothing', async () => {
    const other = await makeTenant('SettingsIntruder');
    const read = (key: string | null, gid = c.gid) => gql(app.yoga, SETTINGS, { b: gid }, key);
    for (const key of [c.t.keys.owner, c.t.keys.admin]) {
      const res = await read(key);
      expect(res.body.errors).toBeUndefined();
      expect(res.body.data.integration.syncSettings.resources).toHaveLength(8);
    }
    for (const key of [c.t.keys.operator, c.t.keys.viewer]) {
      const res = await read(key);
      // The integration stays readable; only the settings field is refused.
      expect(res.body.data.integration).toMatchObject({ id: expect.any(String), syncSettings: null });
      expect(res.body.errors).toEqual([expect.objectContaining({ path: ['integration', 'syncSettings'], extensions: expect.objectContaining({ code: 'FORBIDDEN' }) })]);
    }
    expect((await read(other.keys.owner)).body).toEqual({ data: { integration: null } });

    const change = { resources: [{ resource: 'RETURNS', preset: 'TRACKSTAR_DEFAULTS' }] };
    for (const key of [c.t.keys.operator, c.t.keys.viewer]) expect((await update(c, change, key)).body.errors?.[0].extensions?.code).toBe('FORBIDDEN');
    expect((await update(c, change, other.keys.owner)).body.errors?.[0].extensions?.code).toBe('NOT_FOUND');
    const anonymous = await update(c, change, null);
    expect(anonymous.status === 401 || anonymous.body.errors?.[0].extensions?.code === 'UNAUTHENTICATED').toBe(true);
    expect((await stateOf(c.integrationId, 'RETURNS')).status).toBe('SUCCEEDED');
    expect(Number((await scheduler(c.integrationId, 'RETURNS'))?.every)).toBe(900_000);
    // An admin may.
    const res = await update(c, change, c.t.keys.admin);
    expect(res.body.errors).toBeUndefined();
    expect(Number((await scheduler(c.integrationId, 'RETURNS'))?.every)).toBe(3_600_000);
    await updateOk(c, { resources: [{ resource: 'RETURNS', preset: 'NEAR_REAL_TIME' }] });
  });

  it('refuses invalid values with a message per field and changes nothing', async () => {
    const before = await db.brandIntegration.findUniqueOrThrow({ where: { id: c.integrationId }, select: { config: true } });
    const res = await update(c, {
      backfillDays: 5000,
      resources: [
        { resource: 'ORDERS', preset: 'CUSTOM', everySeconds: 10 },
        { resource: 'INVENTORY', filters: { warehouseIds: ['wh_1'] } },
        { resource: 'PRODUCTS', preset: 'CUSTOM' },
        { resource: 'WAREHOUSES', paused: true },
      ],
    }, c.key);
    expect(res.body.data).toBeNull();
    const [error] = res.body.errors!;
    expect(error.extensions).toMatchObject({ code: 'BAD_USER_INPUT' });
    expect(error.extensions!.fields).toEqual([
      { field: 'backfillDays', message: expect.stringMatching(/from 1 to 1098; got 5000/) },
      { field: 'resources.ORDERS.everySeconds', message: expect.stringMatching(/from 60 \(1 min\) to 604800 \(7 days\); got 10/) },
      { field: 'resources.INVENTORY.filters.warehouseIds', message: expect.stringMatching(/cannot filter INVENTORY by warehouse/) },
      { field: 'resources.PRODUCTS.everySeconds', message: expect.stringMatching(/CUSTOM schedule needs an interval/) },
    ]);
    expect(error.message).toMatch(/^Invalid sync settings: backfillDays: /);
    // The valid part (pausing WAREHOUSES) was not applied either.
    expect(await db.brandIntegration.findUniqueOrThrow({ where: { id: c.integrationId }, select: { config: true } })).toEqual(before);
    expect((await stateOf(c.integrationId, 'WAREHOUSES')).status).toBe('SUCCEEDED');
    expect(await scheduler(c.integrationId, 'WAREHOUSES')).toBeDefined();
    // GraphQL's own type checks still answer first for a wrong type.
    const typed = await update(c, { resources: [{ resource: 'ORDERS', preset: 'SOMETIMES' }] }, c.key);
    expect(typed.body.errors?.[0].message).toMatch(/SOMETIMES/);
  });

  it('a schedule change replaces the BullMQ scheduler in Redis at once; a pause removes it and stops every sync; a resume restores it', async () => {
    const custom = await updateOk(c, { resources: [{ resource: 'ORDERS', preset: 'CUSTOM', everySeconds: 120 }] });
    expect(custom.resources.find((r: { resource: string }) => r.resource === 'ORDERS')).toMatchObject({ preset: 'CUSTOM', everySeconds: 120 });
    // Read right after the mutation answered: no restart, no reconcile pass in between.
    expect(Number((await scheduler(c.integrationId, 'ORDERS'))?.every)).toBe(120_000);
    const orders = await stateOf(c.integrationId, 'ORDERS');
    // The new interval counts from the last run's start instead of firing at once.
    expect((await scheduler(c.integrationId, 'ORDERS'))?.next).toBe(orders.lastStartedAt!.getTime() + 120_000);
    expect(Number((await scheduler(c.integrationId, 'INVENTORY'))?.every)).toBe(300_000);

    await updateOk(c, { resources: [{ resource: 'ORDERS', preset: 'TRACKSTAR_DEFAULTS' }] });
    expect(Number((await scheduler(c.integrationId, 'ORDERS'))?.every)).toBe(3_600_000);
    const stored = await db.brandIntegration.findUniqueOrThrow({ where: { id: c.integrationId }, select: { config: true } });
    expect((stored.config as any).resources.ORDERS).toMatchObject({ preset: 'TRACKSTAR_DEFAULTS', everySeconds: 120, paused: false });

    await syncQueueIdle();
    const pausedAt = Date.now();
    const paused = await updateOk(c, { resources: [{ resource: 'ORDERS', paused: true }] });
    expect(paused.resources.find((r: { resource: string }) => r.resource === 'ORDERS')).toMatchObject({ paused: true, status: 'PAUSED', pausedBy: null, nextRunAt: null });
    expect(await scheduler(c.integrationId, 'ORDERS')).toBeUndefined();
    expect(await stateOf(c.integrationId, 'ORDERS')).toMatchObject({ status: 'PAUSED', lastError: SETTINGS_PAUSE });
    // Neither "sync all" nor a job already in the queue syncs it.
    const triggered = await gql(app.yoga, TRIGGER, { b: c.gid }, c.key);
    expect(triggered.body.data.triggerSync.map((s: { resource: string }) => s.resource)).not.toContain('ORDERS');
    const named = await gql(app.yoga, `mutation($b: ID!) { triggerSync(brandId: $b, resources: [ORDERS]) { resource } }`, { b: c.gid }, c.key);
    expect(named.body.errors?.[0]).toMatchObject({ message: `Paused: ORDERS (${SETTINGS_PAUSE})`, extensions: { code: 'BAD_USER_INPUT' } });
    await enqueueSync({ integrationId: c.integrationId, resource: 'ORDERS', reason: 'manual' });
    await syncQueueIdle();
    expect(requestsSince(c.connectionId, pausedAt, '/wms/orders')).toEqual([]);
    expect(requestsSince(c.connectionId, pausedAt, '/wms/inventory').length).toBeGreaterThan(0);
    expect((await stateOf(c.integrationId, 'ORDERS')).status).toBe('PAUSED');
    // The dashboards heard about it.
    expect(await db.changeLog.count({ where: { brandId: c.brandId, kind: 'SYNC_STATUS', source: 'MANUAL', entityId: orders.id } })).toBeGreaterThanOrEqual(3);

    const resumedAt = new Date();
    await updateOk(c, { resources: [{ resource: 'ORDERS', paused: false }] });
    expect(Number((await scheduler(c.integrationId, 'ORDERS'))?.every)).toBe(3_600_000);
    await succeededAfter(c.integrationId, 'ORDERS', resumedAt);
    expect(requestsSince(c.connectionId, resumedAt.getTime(), '/wms/orders').length).toBeGreaterThan(0);
    await updateOk(c, { resources: [{ resource: 'ORDERS', preset: 'NEAR_REAL_TIME' }] });
    expect(Number((await scheduler(c.integrationId, 'ORDERS'))?.every)).toBe(300_000);
  }, 60_000);

  it('a settings pause and a connection-error pause never lift each other', async () => {
    const ordersPausedBy = async () => (await stateOf(c.integrationId, 'ORDERS')).lastError ?? '';
    const connectionError = (on: boolean) => sb.sandbox.setFaults({ connection_id: c.connectionId, missing_permissions: on ? ['get_orders'] : [] });

    // Settings first, then a connection error: the error shows; resuming in the settings does not lift it.
    await updateOk(c, { resources: [{ resource: 'ORDERS', paused: true }] });
    connectionError(true);
    await waitFor('connection error shown', async () => (await ordersPausedBy()).startsWith('Paused by a Trackstar connection error'), 10_000, 50);
    const resumed = await updateOk(c, { resources: [{ resource: 'ORDERS', paused: false }] });
    expect(resumed.resources.find((r: { resource: string }) => r.resource === 'ORDERS')).toMatchObject({ paused: false, status: 'PAUSED', pausedBy: expect.stringMatching(/connection error/) });
    expect(await scheduler(c.integrationId, 'ORDERS')).toBeUndefined();
    expect((await stateOf(c.integrationId, 'ORDERS')).status).toBe('PAUSED');
    // Its resolution resumes it (the settings no longer hold it).
    const resolvedAt = new Date();
    connectionError(false);
    await succeededAfter(c.integrationId, 'ORDERS', resolvedAt);
    expect(await scheduler(c.integrationId, 'ORDERS')).toBeDefined();

    // A connection error first, then a settings pause: its resolution hands over to the settings pause.
    connectionError(true);
    await waitFor('connection error shown', async () => (await ordersPausedBy()).startsWith('Paused by a Trackstar connection error'), 10_000, 50);
    await updateOk(c, { resources: [{ resource: 'ORDERS', paused: true }] });
    expect(await ordersPausedBy()).toMatch(/^Paused by a Trackstar connection error/);
    connectionError(false);
    await waitFor('settings pause back', async () => (await ordersPausedBy()) === SETTINGS_PAUSE, 10_000, 50);
    await sb.sandbox.webhooksIdle();
    await syncQueueIdle();
    const quietSince = Date.now();
    await new Promise((r) => setTimeout(r, 500));
    expect(await scheduler(c.integrationId, 'ORDERS')).toBeUndefined();
    expect(requestsSince(c.connectionId, quietSince, '/wms/orders')).toEqual([]);
    expect((await stateOf(c.integrationId, 'ORDERS')).status).toBe('PAUSED');

    const resumedAt = new Date();
    await updateOk(c, { resources: [{ resource: 'ORDERS', paused: false }] });
    await succeededAfter(c.integrationId, 'ORDERS', resumedAt);
  }, 60_000);

  it('a run that starts just after the pause committed (the runner checked before) leaves the resource paused', async () => {
    await updateOk(c, { resources: [{ resource: 'SHIPPING_METHODS', paused: true }] });
    const state = await stateOf(c.integrationId, 'SHIPPING_METHODS');
    await runWriteTransaction(async (tx) => ({ value: null, notices: await startRun(tx, c.brandId, state.id, new Date(), { query: {} }) }));
    expect(await stateOf(c.integrationId, 'SHIPPING_METHODS')).toMatchObject({ status: 'PAUSED', lastError: SETTINGS_PAUSE });
    await runWriteTransaction(async (tx) => ({ value: null, notices: await finishRun(tx, c.brandId, state.id, null) }));
    expect(await stateOf(c.integrationId, 'SHIPPING_METHODS')).toMatchObject({ status: 'PAUSED', lastError: SETTINGS_PAUSE, runStartedAt: null });
    const resumedAt = new Date();
    await updateOk(c, { resources: [{ resource: 'SHIPPING_METHODS', paused: false }] });
    await succeededAfter(c.integrationId, 'SHIPPING_METHODS', resumedAt);
  });

  it('reconnecting keeps a settings pause', async () => {
    await updateOk(c, { resources: [{ resource: 'RETURNS', paused: true }] });
    const since = Date.now();
    const again = await link(c.t);
    expect(again.integrationId).toBe(c.integrationId);
    expect(await stateOf(c.integrationId, 'RETURNS')).toMatchObject({ status: 'PAUSED', lastError: SETTINGS_PAUSE });
    expect(await scheduler(c.integrationId, 'RETURNS')).toBeUndefined();
    expect(requestsSince(c.connectionId, since, '/wms/returns')).toEqual([]);
    expect(requestsSince(c.connectionId, since, '/wms/orders').length).toBeGreaterThan(0);
    const resumedAt = new Date();
    await updateOk(c, { resources: [{ resource: 'RETURNS', paused: false }] });
    await succeededAfter(c.integrationId, 'RETURNS', resumedAt);
  }, 60_000);

  it('a longer backfill window re-backfills orders, returns and inbound shipments over the new window', async () => {
    await syncQueueIdle();
    const products = await stateOf(c.integrationId, 'PRODUCTS');
    const since = new Date();
    await updateOk(c, { backfillDays: 90 });
    for (const r of ['ORDERS', 'RETURNS', 'INBOUND_SHIPMENTS'] as const) await succeededAfter(c.integrationId, r, since);
    const first = requestsSince(c.connectionId, since.getTime(), '/wms/orders')[0];
    const from = Date.parse(first.query.get('updated_date[gte]')!);
    expect(Math.abs(from - (since.getTime() - 90 * 86_400_000))).toBeLessThan(60_000);
    // Current-state resources are not windowed: untouched.
    expect((await stateOf(c.integrationId, 'PRODUCTS')).cursor).toEqual(products.cursor);
    await updateOk(c, { backfillDays: 30 });
  }, 60_000);

  it('shows the rate-limit budget Trackstar reported for the connection in health', async () => {
    const res = await gql(app.yoga, HEALTH, { b: c.gid }, c.t.keys.viewer);
    expect(res.body.errors).toBeUndefined();
    const budget = res.body.data.health.rateLimit;
    expect(budget).toMatchObject({ limit: 10, remaining: expect.any(Number) });
    expect(budget.remaining).toBeLessThanOrEqual(10);
    expect(Date.now() - Date.parse(budget.observedAt)).toBeLessThan(60_000);
    expect(Date.parse(budget.resetsAt)).toBeGreaterThan(Date.parse(budget.observedAt) - 2_000);
    // "Sync all" asked Trackstar to crawl the WMS too (POST /connections/sync): a write, with its own budget.
    expect(res.body.data.health.writeRateLimit).toEqual({ limit: 50 });
  });
});

describe('sync settings while syncs run', () => {
  it('changes made during a backfill apply without errors (no lock conflict with the pages being written), and the backfill completes', async () => {
    const t = await makeTenant('SettingsBusy');
    const gid = encodeGlobalID('Brand', t.brandA.id);
    const token = await gql(app.yoga, LINK, { b: gid }, t.keys.owner);
    const code = await sb.authorize(token.body.data.createTrackstarLinkToken.linkToken);
    const since = new Date();
    const connected = await gql(app.yoga, CONNECT, { b: gid, code }, t.keys.owner);
    expect(connected.body.errors).toBeUndefined();
    const integration = await db.brandIntegration.findUniqueOrThrow({ where: { brandId: t.brandA.id } });
    integrations.push(integration.id);
    // Right away, while the backfill's pages commit: schedules flip, a resource pauses and resumes.
    for (let i = 0; i < 12; i++) {
      const res = await update({ gid }, {
        resources: [
          { resource: 'ORDERS', preset: 'CUSTOM', everySeconds: 120 + i * 60 },
          { resource: 'INVENTORY', preset: i % 2 ? 'TRACKSTAR_DEFAULTS' : 'NEAR_REAL_TIME' },
          { resource: 'PRODUCTS', paused: i % 3 === 0 },
        ],
      }, t.keys.owner);
      expect(res.body.errors, JSON.stringify(res.body.errors)).toBeUndefined();
      await new Promise((r) => setTimeout(r, 50));
    }
    await updateOk({ gid, key: t.keys.owner } as Linked, { resources: [{ resource: 'PRODUCTS', paused: false }] });
    await syncsSettled(integration.id, since);
    const wms = sb.sandbox.connection(connected.body.data.connectTrackstar.connectionId).data;
    expect(await db.product.count({ where: { brandId: t.brandA.id } })).toBe(wms.products.all().length);
    expect(await db.inventoryItem.count({ where: { brandId: t.brandA.id } })).toBe(wms.inventory.all().length);
    expect(Number((await scheduler(integration.id, 'ORDERS'))?.every)).toBe((120 + 11 * 60) * 1000);
    expect(Number((await scheduler(integration.id, 'INVENTORY'))?.every)).toBe(3_600_000);
  }, 60_000);
});

describe('sync filters', () => {
  it('a new run asks Trackstar only for the chosen scope; widening backfills what was excluded, narrowing keeps what was synced', async () => {
    const t = await makeTenant('Filters');
    const exchange = sb.sandbox.connect('sandbox');
    const wms = sb.sandbox.connection(exchange.connection_id).data;
    const countBy = <T>(items: T[], key: (i: T) => string) => items.reduce((m, i) => m.set(key(i), (m.get(key(i)) ?? 0) + 1), new Map<string, number>());
    const channelOf = (o: { channel_object?: { channel_id?: string } | null; channel?: string | null }) => o.channel_object?.channel_id ?? o.channel ?? '';
    const [channel] = [...countBy(wms.orders.all(), channelOf)].sort((a, b) => b[1] - a[1])[0];
    const inboundByWarehouse = countBy(wms.inbound_shipments.all(), (s) => s.warehouse_id ?? '');
    const warehouse = wms.warehouses.all().map((w) => w.id).find((id) => inboundByWarehouse.has(id))!;
    const integration = await attachConnection(t.brandA.id, exchange, ['WAREHOUSES', 'WAREHOUSE_LOCATIONS', 'ORDERS', 'INBOUND_SHIPMENTS'], {
      resources: {
        ORDERS: { filters: { channels: [channel] } },
        INBOUND_SHIPMENTS: { filters: { warehouseIds: [warehouse] } },
        WAREHOUSE_LOCATIONS: { filters: { warehouseIds: [warehouse] } },
      },
    });
    integrations.push(integration.id);
    const c = { gid: encodeGlobalID('Brand', t.brandA.id) };
    const inWindow = (r: { updated_date: string }, days: number) => Date.parse(r.updated_date) >= Date.now() - days * 86_400_000;

    // Queued directly rather than with triggerSync: that also asks Trackstar to crawl the WMS, and
    // the sandbox's crawl touches records and announces them by webhook, which apply whatever the
    // filters (they govern what sync runs list).
    const since = new Date();
    const synced = ['WAREHOUSES', 'WAREHOUSE_LOCATIONS', 'ORDERS', 'INBOUND_SHIPMENTS'] as const;
    for (const resource of synced) await enqueueSync({ integrationId: integration.id, resource, reason: 'manual' });
    for (const resource of synced) await succeededAfter(integration.id, resource, since);
    // What was asked: every orders page with the channel, every inbound page with the warehouse, only its locations.
    const ordersAsked = requestsSince(exchange.connection_id, since.getTime(), '/wms/orders');
    expect(ordersAsked.length).toBeGreaterThan(0);
    expect(ordersAsked.every((r) => r.query.get('channel[in]') === channel)).toBe(true);
    const inboundAsked = requestsSince(exchange.connection_id, since.getTime(), '/wms/inbound-shipments');
    expect(inboundAsked.length).toBeGreaterThan(0);
    expect(inboundAsked.every((r) => r.query.get('warehouse_id') === warehouse)).toBe(true);
    expect(new Set(requestsSince(exchange.connection_id, since.getTime(), '/wms/warehouses/').map((r) => r.path))).toEqual(new Set([`/wms/warehouses/${warehouse}/locations`]));
    // What arrived: that scope, all of it.
    const expectedOrders = wms.orders.all().filter((o) => channelOf(o) === channel && inWindow(o, 30)).length;
    expect(await db.order.count({ where: { brandId: t.brandA.id } })).toBe(expectedOrders);
    const names = await db.order.findMany({ where: { brandId: t.brandA.id }, select: { rawData: true } });
    expect(new Set(names.map((o) => channelOf(o.rawData as never)))).toEqual(new Set([channel]));
    expect(await db.inboundShipment.count({ where: { brandId: t.brandA.id } })).toBe(wms.inbound_shipments.all().filter((s) => s.warehouse_id === warehouse && inWindow(s, 30)).length);
    expect(await db.inboundShipment.count({ where: { brandId: t.brandA.id, NOT: { warehouseExternalId: warehouse } } })).toBe(0);
    expect(await db.warehouseLocation.count({ where: { brandId: t.brandA.id, NOT: { warehouseExternalId: warehouse } } })).toBe(0);
    expect(await db.warehouseLocation.count({ where: { brandId: t.brandA.id } })).toBeGreaterThan(0);

    // Widening (the channel filter dropped): the cursor is cleared at once and the orders the
    // filter excluded are backfilled by the run the change started.
    const widenedAt = new Date();
    const widened = await gql(app.yoga, UPDATE, { b: c.gid, input: { resources: [{ resource: 'ORDERS', filters: { channels: [] } }] } }, t.keys.owner);
    expect(widened.body.errors).toBeUndefined();
    const allInWindow = wms.orders.all().filter((o) => inWindow(o, 30)).length;
    expect(allInWindow).toBeGreaterThan(expectedOrders);
    await succeededAfter(integration.id, 'ORDERS', widenedAt);
    expect(await db.order.count({ where: { brandId: t.brandA.id } })).toBe(allInWindow);
    const backfill = requestsSince(exchange.connection_id, widenedAt.getTime(), '/wms/orders');
    expect(backfill.every((r) => !r.query.has('channel[in]'))).toBe(true);
    expect(Date.parse(backfill[0].query.get('updated_date[gte]')!)).toBeLessThan(widenedAt.getTime() - 29 * 86_400_000);

    // Narrowing again: nothing is deleted, the cursor stays, the next run is incremental with the filter.
    const cursor = (await stateOf(integration.id, 'ORDERS')).cursor!;
    const narrowedAt = new Date();
    await gql(app.yoga, UPDATE, { b: c.gid, input: { resources: [{ resource: 'ORDERS', filters: { channels: [channel] } }] } }, t.keys.owner);
    expect((await stateOf(integration.id, 'ORDERS')).cursor).toEqual(cursor);
    await succeededAfter(integration.id, 'ORDERS', narrowedAt);
    const incremental = requestsSince(exchange.connection_id, narrowedAt.getTime(), '/wms/orders');
    expect(incremental.length).toBeGreaterThan(0);
    expect(incremental.every((r) => r.query.get('channel[in]') === channel)).toBe(true);
    expect(Date.parse(incremental[0].query.get('updated_date[gte]')!)).toBe(Math.floor((cursor.getTime() - OVERLAP_MS) / 1000) * 1000);
    expect(await db.order.count({ where: { brandId: t.brandA.id } })).toBe(allInWindow);
  }, 90_000);
});

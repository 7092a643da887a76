// Sync performance monitoring end to end: real worker processes sync from the sandbox over HTTP,
// publish their metrics through Redis, and the API's /metrics (a real HTTP server in this process,
// which runs no worker itself) reports their sum; a killed worker drops out once its snapshot
// expires. Each attempt leaves a row in the run history (figures checked against the sync state
// and the metrics), which GraphQL serves only to callers who may read the brand, and which the
// worker's retention sweep prunes.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { gql, makeTenant, type TenantFixture } from '../../test/fixtures.js';
import { startNodeService, type Child } from '../../test/support/child-services.js';
import { encodeGlobalId as gid } from '../../test/support/ids.js';
import { attachConnection, retireSync, startTestSandbox, syncsSettled, waitFor } from '../../test/support/sync-harness.js';
import { connectBrand, envelope, inventoryRecord, signDelivery, TEST_WEBHOOK_SECRET } from '../../test/support/webhooks.js';
import { connectRaw } from '../../test/support/ws-client.js';
import { db } from '../db.js';
import { buildApp, type App } from '../http/app.js';
import { closeMetricsSnapshotsRedis } from '../http/metrics-route.js';
import { trackstarWebhookRoute } from '../http/webhooks/trackstar.js';
import { closeLimiterRedis } from '../lib/failure-limiter.js';
import { pruneSyncRuns } from '../sync/run-history.js';
import { closeProducerQueues, enqueueSync } from './queues.js';

const ORDERS = 2_500; // three pages of 1000
let sb: Awaited<ReturnType<typeof startTestSandbox>>;
let app: App;
let url: string;
let t: TenantFixture;
let other: TenantFixture;
let integrationId: string;
const children: Child[] = [];

const startWorker = async () => {
  const child = await startNodeService(
    'server/test/support/metrics-worker-process.ts',
    // 1 read/s per access token: the two resources' requests queue behind each other, so waits are
    // real even on a loaded machine, where slow page processing spaces requests out by itself.
    { TRACKSTAR_BASE_URL: sb.url, TRACKSTAR_API_KEY: sb.sandbox.apiKey, SYNC_TEST_READS_PER_SECOND: '1', METRICS_TEST_EVERY_MS: '300', METRICS_TEST_TTL_MS: '1500' },
    /"msg":"worker ready"/,
  );
  children.push(child);
  return child;
};

/** The value of one series of a Prometheus text answer, by name and (a subset of) its labels. */
function sample(text: string, name: string, labels: Record<string, string> = {}): number | undefined {
  for (const line of text.split('\n')) {
    const m = /^([a-zA-Z_:][\w:]*)(?:\{(.*)\})? (\S+)$/.exec(line);
    if (!m || m[1] !== name) continue;
    const found = Object.fromEntries([...(m[2] ?? '').matchAll(/(\w+)="((?:[^"\\]|\\.)*)"/g)].map((l) => [l[1], l[2]]));
    if (Object.entries(labels).every(([k, v]) => found[k] === v)) return Number(m[3]);
  }
  return undefined;
}

const scrape = async (base = url, headers: Record<string, string> = {}) => {
  const res = await fetch(`${base}/metrics`, { headers });
  return { status: res.status, text: await res.text() };
};

beforeAll(async () => {
  sb = await startTestSandbox({ orders: ORDERS, products: 60, rateLimit: false });
  // With the webhook receiver, as in production (http/routes.ts), under the test's own secret.
  app = buildApp({ nodeRoutes: [trackstarWebhookRoute({ secrets: [TEST_WEBHOOK_SECRET], limiterName: `metrics-test-${randomUUID()}` })] });
  ({ url } = await app.start(0, '127.0.0.1'));
  t = await makeTenant('Metrics');
  other = await makeTenant('Stranger');
}, 120_000);

afterAll(async () => {
  for (const c of children) await c.stop();
  await retireSync();
  await closeProducerQueues();
  await app?.stop();
  await sb?.stop();
  await closeMetricsSnapshotsRedis();
  await closeLimiterRedis();
});

describe('worker metrics and run history', () => {
  it("a worker process's sync shows in /metrics and in the run history, with matching figures", async () => {
    const integration = await attachConnection(t.brandA.id, sb.sandbox.connect('sandbox'), ['ORDERS', 'PRODUCTS'], { backfillDays: 120 });
    integrationId = integration.id;
    // A row older than the retention window, there before the worker starts: its sweep removes it.
    const longAgo = Date.now() - 31 * 86_400_000;
    const expired = await db.syncRun.create({
      data: { integrationId, resource: 'ORDERS', reason: 'schedule', startedAt: new Date(longAgo), finishedAt: new Date(longAgo + 1_000), outcome: 'COMPLETED', records: 1, pages: 1, durationMs: 1_000 },
    });

    const since = new Date();
    await startWorker();
    await enqueueSync({ integrationId, resource: 'ORDERS', reason: 'backfill' });
    await enqueueSync({ integrationId, resource: 'PRODUCTS', reason: 'backfill' });
    await syncsSettled(integrationId, since, 90_000);
    // The worker's reconciler also starts each resource's scheduler, whose first tick may run
    // before the backfill job (which then runs after it): one or two attempts per resource, and
    // the backfill job's attempt always comes last.
    const runs = await waitFor('the backfill jobs\' attempts', async () => {
      const rows = await db.syncRun.findMany({ where: { integrationId, startedAt: { gte: since } }, orderBy: { startedAt: 'asc' } });
      const done = ['ORDERS', 'PRODUCTS'].every((r) => rows.some((row) => row.resource === r && row.reason === 'backfill'));
      return done ? rows : null;
    }, 30_000);
    expect(await db.syncRun.findUnique({ where: { id: expired.id } })).toBeNull();
    const of = (resource: string) => runs.filter((r) => r.resource === resource);
    // Exactly one attempt per resource read the whole catalogue; any other found nothing new.
    expect(of('ORDERS').filter((r) => r.records === ORDERS && r.pages === 3)).toHaveLength(1);
    expect(of('PRODUCTS').filter((r) => r.records === 60 && r.pages === 1)).toHaveLength(1);
    for (const run of runs) {
      expect(run).toMatchObject({ outcome: 'COMPLETED', resumed: false, error: null });
      expect(['backfill', 'schedule']).toContain(run.reason);
      expect(run.startedAt.getTime()).toBeGreaterThanOrEqual(since.getTime() - 1_000);
      expect(run.finishedAt.getTime() - run.startedAt.getTime()).toBe(run.durationMs);
      expect(run.durationMs).toBeGreaterThan(0);
    }
    // At least four requests for one access token at 1/s, two runs starting together: some of them wait.
    const sum = (rows: typeof runs, field: 'pages' | 'records' | 'durationMs' | 'rateLimitWaitMs') => rows.reduce((n, r) => n + r[field], 0);
    const waited = sum(runs, 'rateLimitWaitMs');
    expect(waited).toBeGreaterThan(0);
    expect(waited).toBeLessThan(sum(runs, 'durationMs'));

    // The worker's snapshot reaches the API's /metrics (it refreshes every 300 ms) and agrees with the history.
    const { text } = await waitFor('worker sync metrics in /metrics', async () => {
      const s = await scrape();
      const counted = ['ORDERS', 'PRODUCTS'].every((r) => sample(s.text, 'packr_sync_runs_total', { resource: r, outcome: 'completed' }) === of(r).length);
      return counted ? s : null;
    }, 10_000);
    expect(sample(text, 'packr_worker_processes')).toBe(1);
    for (const resource of ['ORDERS', 'PRODUCTS']) {
      const rows = of(resource);
      expect(sample(text, 'packr_sync_pages_total', { resource })).toBe(sum(rows, 'pages'));
      expect(sample(text, 'packr_sync_records_total', { resource })).toBe(sum(rows, 'records'));
      expect(sample(text, 'packr_sync_run_duration_seconds_count', { resource, outcome: 'completed' })).toBe(rows.length);
      expect(sample(text, 'packr_sync_run_duration_seconds_sum', { resource, outcome: 'completed' })).toBeCloseTo(sum(rows, 'durationMs') / 1000, 2);
      expect((sample(text, 'packr_sync_rate_limit_wait_seconds_total', { resource }) ?? 0) * 1000).toBeCloseTo(sum(rows, 'rateLimitWaitMs'), 0);
    }
    expect(sample(text, 'packr_sync_records_total', { resource: 'ORDERS' })).toBeGreaterThanOrEqual(ORDERS);
    // Read at scrape time from Redis, next to the API's own series.
    expect(sample(text, 'packr_queue_jobs', { queue: 'sync', state: 'failed' })).toBe(0);
    expect(sample(text, 'packr_queue_jobs', { queue: 'webhooks', state: 'waiting' })).toBeGreaterThanOrEqual(0);
    expect(text).toContain('# TYPE packr_webhook_ack_seconds histogram');
    expect(text).toContain('# TYPE packr_subscriptions_active gauge');
    // Tenant and brand ids never become labels.
    for (const id of [t.threePLId, t.brandA.id, integrationId]) expect(text).not.toContain(id);
  }, 150_000);

  it('sums live workers and drops a killed one once its snapshot expires; a stopped one at once', async () => {
    const [first] = children;
    const second = await startWorker();
    const both = await waitFor('two live workers', async () => {
      const s = await scrape();
      return sample(s.text, 'packr_worker_processes') === 2 ? s : null;
    }, 10_000);
    expect(sample(both.text, 'packr_sync_pages_total', { resource: 'ORDERS' })).toBeGreaterThanOrEqual(3);

    first.process.kill('SIGKILL');
    const killedAt = Date.now();
    const after = await waitFor('the killed worker to drop out', async () => {
      const s = await scrape();
      return sample(s.text, 'packr_worker_processes') === 1 ? s : null;
    }, 10_000, 200);
    // Not before its 1.5 s TTL ran out (a snapshot written just before the kill lives that long).
    expect(Date.now() - killedAt).toBeGreaterThan(300);
    expect(sample(after.text, 'packr_sync_pages_total', { resource: 'ORDERS' })).toBeUndefined();

    await second.stop();
    const none = await scrape();
    expect(sample(none.text, 'packr_worker_processes')).toBeUndefined();
  }, 60_000);

  it('GraphQL serves the history only to callers who may read the brand', async () => {
    const query = `query ($b: ID!, $r: SyncResource, $first: Int, $since: DateTime) {
      integration(brandId: $b) { syncRuns(resource: $r, first: $first, since: $since) { resource outcome reason resumed records pages durationMs rateLimitWaitMs recordsPerSecond error startedAt } }
    }`;
    const b = gid('Brand', t.brandA.id);
    const owner = await gql(app.yoga, query, { b }, t.keys.owner);
    const runs = owner.body.data.integration.syncRuns;
    const stored = await db.syncRun.findMany({ where: { integrationId }, orderBy: [{ startedAt: 'desc' }, { id: 'desc' }] });
    expect(runs.map((r: { resource: string; records: number }) => [r.resource, r.records])).toEqual(stored.map((r) => [r.resource, r.records]));
    const backfill = runs.find((r: { resource: string; records: number }) => r.resource === 'ORDERS' && r.records === ORDERS);
    expect(backfill).toMatchObject({ outcome: 'COMPLETED', pages: 3, error: null, resumed: false });
    expect(backfill.recordsPerSecond).toBeCloseTo(ORDERS / (backfill.durationMs / 1000), 1);

    const filtered = await gql(app.yoga, query, { b, r: 'PRODUCTS', first: 1 }, t.keys.viewer);
    const newestProducts = stored.find((r) => r.resource === 'PRODUCTS')!;
    expect(filtered.body.data.integration.syncRuns).toEqual([expect.objectContaining({ resource: 'PRODUCTS', records: newestProducts.records })]);
    const later = await gql(app.yoga, query, { b, since: new Date(Date.now() + 60_000).toISOString() }, t.keys.operator);
    expect(later.body.data.integration.syncRuns).toEqual([]);
    const tooMany = await gql(app.yoga, query, { b, first: 1000 }, t.keys.owner);
    expect(tooMany.body.errors?.[0]).toMatchObject({ message: 'first must be between 0 and 250', extensions: { code: 'BAD_USER_INPUT' } });

    // Another tenant reaches neither the integration nor, through node(id), its history.
    expect((await gql(app.yoga, query, { b }, other.keys.owner)).body.data.integration).toBeNull();
    const byNode = await gql(app.yoga, 'query ($id: ID!) { node(id: $id) { ... on BrandIntegration { syncRuns { records } } } }', { id: gid('BrandIntegration', integrationId) }, other.keys.owner);
    expect(byNode.body.data.node).toBeNull();
    // Nor does a brand viewer of the other brand.
    const b2 = gid('Brand', t.brandB.id);
    expect((await gql(app.yoga, query, { b: b2 }, t.keys.viewer)).body.data.integration).toBeNull();
  });

  it('retention: rows older than SYNC_RUN_RETENTION_DAYS are pruned, newer ones kept', async () => {
    const day = 86_400_000;
    const make = (ageDays: number) =>
      db.syncRun.create({ data: { integrationId, resource: 'RETURNS', reason: 'schedule', startedAt: new Date(Date.now() - ageDays * day), finishedAt: new Date(Date.now() - ageDays * day + 500), outcome: 'COMPLETED', durationMs: 500 } });
    const old = await make(30.5);
    const recent = await make(29.5);
    expect(await pruneSyncRuns()).toBeGreaterThanOrEqual(1);
    expect(await db.syncRun.findUnique({ where: { id: old.id } })).toBeNull();
    expect(await db.syncRun.findUnique({ where: { id: recent.id } })).not.toBeNull();
    expect(await pruneSyncRuns(7)).toBeGreaterThanOrEqual(1);
    expect(await db.syncRun.findUnique({ where: { id: recent.id } })).toBeNull();
  });
});

describe('webhook, subscription and response-cache metrics', () => {
  it('counts an acknowledged delivery, its processing by a worker, the subscriber it reached, and cache hits', async () => {
    const worker = await startWorker();
    const integration = await connectBrand(t.brandB.id);
    const brand = gid('Brand', t.brandB.id);
    const value = async (name: string, labels: Record<string, string> = {}) => sample((await scrape()).text, name, labels) ?? 0;

    const socket = await connectRaw(url, t.keys.owner);
    socket.subscribe('inv', 'subscription ($b: ID!) { inventoryChanged(brandId: $b) { sequence } }', { b: brand });
    await expect.poll(() => value('packr_subscriptions_active', { kind: 'INVENTORY' })).toBe(1);

    const acked = await value('packr_webhook_ack_seconds_count', { outcome: 'accepted' });
    const delivered = await value('packr_subscription_delivery_seconds_count');
    const processed = await value('packr_webhook_events_processed_total', { outcome: 'processed' });
    const d = signDelivery(envelope('inventory.updated', integration.connectionId!, inventoryRecord(`inv_${randomUUID()}`, 7, new Date().toISOString())));
    const res = await fetch(`${url}/api/webhooks/trackstar`, { method: 'POST', headers: d.headers, body: d.body });
    expect(res.status).toBe(202);
    await socket.waitFor((m) => m.type === 'next' && m.id === 'inv', 'the inventory change');

    expect(await value('packr_webhook_ack_seconds_count', { outcome: 'accepted' })).toBe(acked + 1);
    await expect.poll(() => value('packr_subscription_delivery_seconds_count')).toBe(delivered + 1);
    // The worker's counters arrive with its next snapshot.
    await expect.poll(() => value('packr_webhook_events_processed_total', { outcome: 'processed' }), { timeout: 5_000 }).toBe(processed + 1);
    expect(await value('packr_webhook_processing_lag_seconds_count')).toBeGreaterThanOrEqual(1);

    socket.complete('inv');
    await expect.poll(() => value('packr_subscriptions_active', { kind: 'INVENTORY' })).toBe(0);
    socket.socket.close();

    // The same inventory page twice: once the brand's change stream is live, the second is a hit.
    const page = 'query ($b: ID!) { inventory(brandId: $b, first: 5) { edges { node { sku onHand } } } }';
    const hits = await value('packr_response_cache_requests_total', { result: 'hit' });
    await expect.poll(async () => {
      await gql(app.yoga, page, { b: brand }, t.keys.owner);
      return value('packr_response_cache_requests_total', { result: 'hit' });
    }, { timeout: 5_000 }).toBeGreaterThan(hits);
    await worker.stop();
  }, 60_000);
});

describe('/metrics refusals still hold with worker metrics merged in', () => {
  it('token required when METRICS_TOKEN is set; loopback only (404 elsewhere) when not', async () => {
    const token = 'metrics-token-0123456789abcdef';
    const withToken = buildApp({ limits: { metricsToken: token } });
    const behindProxy = buildApp({ limits: { metricsToken: undefined, trustedProxyHops: 1 } });
    const { url: tokenUrl } = await withToken.start(0, '127.0.0.1');
    const { url: proxyUrl } = await behindProxy.start(0, '127.0.0.1');
    try {
      expect((await scrape(tokenUrl)).status).toBe(401);
      expect((await scrape(tokenUrl, { authorization: 'Bearer wrong-token-wrong-token' })).status).toBe(401);
      const ok = await scrape(tokenUrl, { authorization: `Bearer ${token}` });
      expect(ok.status).toBe(200);
      expect(ok.text).toContain('# TYPE packr_queue_jobs gauge');

      expect((await scrape(proxyUrl, { 'x-forwarded-for': '203.0.113.7' })).status).toBe(404);
      expect((await scrape(proxyUrl, { 'x-forwarded-for': '127.0.0.1' })).status).toBe(200);
    } finally {
      await withToken.stop();
      await behindProxy.stop();
    }
  });
});

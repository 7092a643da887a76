// npm run bench:freshness — time from a sandbox inventory adjustment (PUT /wms/inventory/{id}/adjust
// on an embedded sandbox whose webhooks point at Packr) to the inventoryChanged event at each of
// 1,000 subscribers connected to one API process. Path measured: sandbox write -> Svix-signed
// webhook -> API (verify, store, enqueue) -> worker (applyRecords, change_log, commit, publish) ->
// Redis -> API hub fan-out -> graphql-ws -> client. Reports p50/p95/p99 and missed events.
// Goals: p95 < 250 ms, p99 < 500 ms, none missed. Own database (packr_bench_freshness), Redis DB 10.
// Env: BENCH_SUBSCRIBERS=1000  BENCH_CHANGES=200  BENCH_INTERVAL_MS=100  BENCH_GRACE_MS=15000 (wait after the
// last change; events not delivered by then count as missed)
import { mkdirSync, writeFileSync } from 'node:fs';
import { processCpuMs } from './support/proc-cpu.js';
import { freshDatabase, ms, percentile } from './support/realtime-env.js';

const SUBSCRIBERS = Number(process.env.BENCH_SUBSCRIBERS ?? 1000);
const CHANGES = Number(process.env.BENCH_CHANGES ?? 200);
const INTERVAL_MS = Number(process.env.BENCH_INTERVAL_MS ?? 100);
// (1,000 subscribers x 10 changes/s = 10k deliveries/s; STACK.md's SLO assumes <= 1 event/s each.)

const databaseUrl = await freshDatabase('packr_bench_freshness');
process.env.DATABASE_URL = databaseUrl;
process.env.REDIS_URL = process.env.PACKR_BENCH_REDIS_FRESHNESS ?? 'redis://127.0.0.1:6379/10';
process.env.LOG_LEVEL = 'silent';
process.env.NODE_ENV = 'production';
process.env.PACKR_ENCRYPTION_KEY ??= '0f1e2d3c4b5a69788796a5b4c3d2e1f00f1e2d3c4b5a69788796a5b4c3d2e1f0';

const { Redis } = await import('ioredis');
const { encodeGlobalID } = await import('@pothos/plugin-relay');
const { createClient } = await import('graphql-ws');
const { default: WebSocket } = await import('ws');
const { db } = await import('../server/src/db.js');
const { createTenant } = await import('../server/src/services/tenants.js');
const { TEST_WEBHOOK_SECRET } = await import('../server/test/support/webhooks.js');
const { startApi, startWorkerProcess } = await import('../server/test/support/child-services.js');
const { createSandbox } = await import('../sandbox/src/server.js');

const flush = new Redis(process.env.REDIS_URL);
await flush.flushdb();
flush.disconnect();

const childEnv = { WEBHOOK_TRACKSTAR_SECRET: TEST_WEBHOOK_SECRET, LOG_LEVEL: 'info', DATABASE_URL: databaseUrl, REDIS_URL: process.env.REDIS_URL!, NODE_ENV: 'production' };
const [api, worker] = await Promise.all([startApi(childEnv, process.env.BENCH_API_PROFILE ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_API_PROFILE}`] : []), startWorkerProcess(childEnv)]);

const sandbox = createSandbox({ webhookSecret: TEST_WEBHOOK_SECRET, webhookUrl: `${api.url}/api/webhooks/trackstar`, rateLimit: false, log: false, products: 400, orders: 50 });
const { url: sandboxUrl } = await sandbox.start(0);
const exchange = sandbox.connect();

const tenant = await createTenant({ name: 'Freshness 3PL', email: 'bench-freshness@example.test' });
const brand = await db.brand.create({ data: { name: 'Freshness Brand', threePLId: tenant.threePLId } });
await db.brandIntegration.create({ data: { brandId: brand.id, connectionId: exchange.connection_id, status: 'ACTIVE', integrationName: exchange.integration_name, connectedAt: new Date() } });

// ---- subscribers -----------------------------------------------------------------------------
const QUERY = 'subscription($b: ID!, $a: String) { inventoryChanged(brandId: $b, afterSequence: $a) { sequence item { externalId onHand } } }';
const received = new Map<string, number[]>(); // externalId -> arrival times, one per subscriber
let errors = 0;
const connect = () => {
  const client = createClient({ url: api.url!.replace('http', 'ws') + '/graphql', webSocketImpl: WebSocket, connectionParams: { authorization: `Bearer ${tenant.apiKey}` }, retryAttempts: 0, lazy: false, onNonLazyError: () => errors++ });
  client.subscribe<any>({ query: QUERY, variables: { b: encodeGlobalID('Brand', brand.id), a: '0' } }, {
    next: (r) => {
      const at = performance.now();
      const id = r.data?.inventoryChanged?.item?.externalId;
      if (!id) return void errors++;
      let list = received.get(id);
      if (!list) received.set(id, (list = []));
      list.push(at);
    },
    error: () => errors++,
    complete: () => {},
  });
  return client;
};
// Connect in batches: a thousand simultaneous handshakes on a busy 2-core box can miss
// graphql-ws' 3 s connection_init window.
const clients: ReturnType<typeof connect>[] = [];
for (let i = 0; i < SUBSCRIBERS; i++) {
  clients.push(connect());
  if (i % 50 === 49) await new Promise((r) => setTimeout(r, 100));
}

const items = sandbox.connection(exchange.connection_id).data.inventory.all().filter((i: any) => Object.keys(i.inventory_by_warehouse_id).length > 0);
if (items.length < CHANGES + 1) throw new Error(`sandbox has ${items.length} inventory items; need ${CHANGES + 1}`);
const adjust = (item: any) =>
  fetch(`${sandboxUrl}/wms/inventory/${item.id}/adjust`, {
    method: 'PUT',
    headers: { 'content-type': 'application/json', 'x-trackstar-api-key': sandbox.apiKey, 'x-trackstar-access-token': exchange.access_token },
    body: JSON.stringify({ quantity: 1, adjustment_type: 'increase', warehouse_id: Object.keys(item.inventory_by_warehouse_id)[0] }),
  }).then((r) => {
    if (!r.ok) throw new Error(`adjust ${item.id}: ${r.status}`);
  });

async function waitUntil(what: string, done: () => boolean, timeoutMs: number) {
  const until = Date.now() + timeoutMs;
  while (!done()) {
    if (Date.now() > until) throw new Error(`timed out: ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

// Warm-up: once every subscriber saw this change, all of them are live.
await adjust(items[0]);
const warmedUp = () => received.get(items[0].id)?.length ?? 0;
await waitUntil('all subscribers live', () => warmedUp() >= SUBSCRIBERS || errors > 0, 120_000).catch((error) => {
  throw new Error(`${error.message}: ${warmedUp()} of ${SUBSCRIBERS} saw the warm-up change, ${errors} errors`);
});
if (errors > 0) throw new Error(`${errors} subscribers failed to connect or subscribe`);

// ---- measured changes ------------------------------------------------------------------------
const sentAt = new Map<string, number>();
// API CPU over the measured window: comparable across runs on a shared machine, unlike latency.
const cpuBefore = processCpuMs(api.process.pid);
for (let i = 1; i <= CHANGES; i++) {
  const item = items[i];
  sentAt.set(item.id, performance.now());
  void adjust(item);
  await new Promise((r) => setTimeout(r, INTERVAL_MS));
}
const expected = CHANGES * SUBSCRIBERS;
const count = () => [...sentAt.keys()].reduce((n, id) => n + Math.min(SUBSCRIBERS, received.get(id)?.length ?? 0), 0);
await waitUntil('all events delivered', () => count() >= expected, Number(process.env.BENCH_GRACE_MS ?? 15_000)).catch(() => {});

const cpuAfter = processCpuMs(api.process.pid);
const latencies: number[] = [];
for (const [id, t0] of sentAt) for (const at of received.get(id) ?? []) latencies.push(at - t0);
latencies.sort((a, b) => a - b);
const missed = expected - count();
const result = {
  at: new Date().toISOString(),
  subscribers: SUBSCRIBERS,
  changes: CHANGES,
  intervalMs: INTERVAL_MS,
  delivered: latencies.length,
  missed,
  errors,
  p50: percentile(latencies, 0.5),
  p95: percentile(latencies, 0.95),
  p99: percentile(latencies, 0.99),
  max: latencies[latencies.length - 1],
  apiCpuMs: cpuBefore !== null && cpuAfter !== null ? cpuAfter - cpuBefore : null,
  apiCpuMsPer1kDeliveries: cpuBefore !== null && cpuAfter !== null && latencies.length ? ((cpuAfter - cpuBefore) * 1000) / latencies.length : null,
};
console.log(`\nFreshness: sandbox adjustment -> subscriber event (${SUBSCRIBERS} subscribers, ${CHANGES} changes, one every ${INTERVAL_MS} ms)`);
console.log(`delivered ${result.delivered}/${expected}, missed ${missed}, errors ${errors}`);
console.log(`p50 ${ms(result.p50)}  p95 ${ms(result.p95)}  p99 ${ms(result.p99)}  max ${ms(result.max)}`);
if (result.apiCpuMs !== null) console.log(`API CPU ${ms(result.apiCpuMs)} over the measured window = ${ms(result.apiCpuMsPer1kDeliveries ?? NaN)} per 1,000 deliveries`);
console.log(`goals p95 < 250 ms, p99 < 500 ms, none missed: ${result.p95 < 250 && result.p99 < 500 && missed === 0 ? 'MET' : 'NOT MET'}`);
mkdirSync('bench/results', { recursive: true });
writeFileSync('bench/results/freshness.json', JSON.stringify(result, null, 2));

await Promise.all(clients.map((c) => c.dispose()));
await sandbox.stop();
await api.stop();
await worker.stop();
await db.$disconnect();
process.exit(0);

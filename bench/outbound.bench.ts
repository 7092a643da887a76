// npm run bench:outbound — outbound webhook delivery under load, next to webhook ingestion.
// BENCH_OUTBOUND_EVENTS events (default 10,000, emitted at BENCH_OUTBOUND_RATE per second) go to
// 20 endpoints on localhost, one of which answers only after ~2 s. Every receiver verifies every
// request with the svix library; they run in a child process, as real receivers run elsewhere. Reports, from the event's commit (outbound_event.createdAt) to
// receipt, p50/p99 for the 19 fast endpoints and separately for the slow one; and the p99 of
// Trackstar webhook ingestion (the API's acknowledgement, bench/webhooks.bench.ts's paced load)
// measured in the same run twice: before any outbound load (baseline) and while the events are
// being delivered. The worker process runs the dispatcher, exactly as in production.
// Own database (packr_bench_outbound), Redis DB 12.
// Env: BENCH_OUTBOUND_EVENTS=10000  BENCH_OUTBOUND_RATE=100  BENCH_INGEST_RATE=100  BENCH_INGEST_SECONDS=10
//      BENCH_SLOW_MS=2000  BENCH_DRAIN_SECONDS=600 (how long to wait for the fast endpoints to get everything)
import { pacedLoad } from './support/paced-load.js';
import { startReceivers } from './support/webhook-receivers.js';
import { freshDatabase, ms, percentile } from './support/realtime-env.js';

const EVENTS = Number(process.env.BENCH_OUTBOUND_EVENTS ?? 10_000);
const EVENT_RATE = Number(process.env.BENCH_OUTBOUND_RATE ?? 100);
const INGEST_RATE = Number(process.env.BENCH_INGEST_RATE ?? 100);
const INGEST_SECONDS = Number(process.env.BENCH_INGEST_SECONDS ?? 10);
const SLOW_MS = Number(process.env.BENCH_SLOW_MS ?? 2000);
const DRAIN_SECONDS = Number(process.env.BENCH_DRAIN_SECONDS ?? 600);
const ENDPOINTS = 20;
const BENCH_TYPE = 'bench.load';

const databaseUrl = await freshDatabase('packr_bench_outbound');
process.env.DATABASE_URL = databaseUrl;
process.env.REDIS_URL = process.env.PACKR_BENCH_REDIS ?? 'redis://127.0.0.1:6379/12';
process.env.LOG_LEVEL = 'silent';
process.env.NODE_ENV = 'production';
process.env.PACKR_ENCRYPTION_KEY ??= '0f1e2d3c4b5a69788796a5b4c3d2e1f00f1e2d3c4b5a69788796a5b4c3d2e1f0';

// Imported after the environment is set: env.ts reads it once.
const { Redis } = await import('ioredis');
const { db } = await import('../server/src/db.js');
const { pool } = await import('../server/src/pg.js');
const { createTenant } = await import('../server/src/services/tenants.js');
const { newEndpointSecret, sealSecret } = await import('../server/src/outbound/endpoint-secrets.js');
const { connectBrand, envelope, inventoryRecord, signDelivery, TEST_WEBHOOK_SECRET } = await import('../server/test/support/webhooks.js');
const { startApi, startWorkerProcess } = await import('../server/test/support/child-services.js');

const flush = new Redis(process.env.REDIS_URL);
await flush.flushdb();
flush.disconnect();

const childEnv = {
  WEBHOOK_TRACKSTAR_SECRET: TEST_WEBHOOK_SECRET, LOG_LEVEL: 'info', DATABASE_URL: databaseUrl, REDIS_URL: process.env.REDIS_URL!, NODE_ENV: 'production',
  // The receivers are on localhost.
  OUTBOUND_ALLOW_PRIVATE_NETWORKS: 'on',
  PACKR_ENCRYPTION_KEY: process.env.PACKR_ENCRYPTION_KEY!,
};
const api = await startApi(childEnv);
const worker = await startWorkerProcess(childEnv);

const tenant = await createTenant({ name: 'Bench 3PL', email: 'bench-outbound@example.test' });
const brand = await db.brand.create({ data: { name: 'Bench Brand', threePLId: tenant.threePLId } });
const { connectionId } = await connectBrand(brand.id);

// ---- receivers: 19 fast, 1 slow, in a child process (bench/support/webhook-receivers.ts) ----
const specs = Array.from({ length: ENDPOINTS }, (_, i) => ({ secret: newEndpointSecret(), delayMs: i === 0 ? SLOW_MS : 0 }));
const receivers = await startReceivers(specs);
for (const [i, spec] of specs.entries()) {
  // Straight into the table: the service refuses http:// URLs in production, and these are on localhost.
  // A type of the bench's own: alerts the ingestion load opens (alert.opened) are not in the counts.
  await db.webhookEndpoint.create({ data: { threePLId: tenant.threePLId, url: receivers.urls[i], eventTypes: [BENCH_TYPE], secretCiphertext: sealSecret(spec.secret) } });
}
const SLOW = 0;

// ---- ingestion: Svix-signed Trackstar deliveries at a fixed rate, paced (no coordinated omission) ----
let round = 0;
async function ingestion(): Promise<{ p50: number; p99: number; sent: number; errors: number }> {
  const total = INGEST_RATE * INGEST_SECONDS + 100;
  const r = round++;
  const deliveries = Array.from({ length: total }, (_, i) =>
    signDelivery(envelope('inventory.updated', connectionId!, inventoryRecord(`inv_${r}_${i % 300}`, i, new Date(Date.UTC(2026, 0, 1 + r, 0, 0, i)).toISOString().replace('.000', '')))));
  let next = 0;
  const result = await pacedLoad({
    url: api.url!, rate: INGEST_RATE, seconds: INGEST_SECONDS,
    next: () => {
      const d = deliveries[next++ % deliveries.length];
      return { method: 'POST', path: '/api/webhooks/trackstar', headers: d.headers, body: d.body };
    },
  });
  const sorted = result.latencies.sort((a, b) => a - b);
  return { p50: percentile(sorted, 0.5), p99: percentile(sorted, 0.99), sent: result.sent, errors: result.errors + result.non2xx };
}

// ---- outbound load: events stored the way a change stores them (outbound_enqueue), at EVENT_RATE ----
async function emitEvents(): Promise<void> {
  const perTick = Math.max(1, Math.round(EVENT_RATE / 10));
  const started = Date.now();
  for (let sent = 0, tick = 0; sent < EVENTS; tick++) {
    const n = Math.min(perTick, EVENTS - sent);
    await pool.query(
      `SELECT outbound_enqueue($1, NULL, $4, jsonb_build_object('type', $4::text, 'timestamp', now(), 'data', jsonb_build_object('n', g)))
         FROM generate_series($2::int, $3::int) g`,
      [tenant.threePLId, sent, sent + n - 1, BENCH_TYPE],
    );
    sent += n;
    const wait = started + (tick + 1) * 100 - Date.now();
    if (wait > 0) await new Promise((r) => setTimeout(r, wait));
  }
}

// Warm-up (not reported): JIT and pools of the API and the worker.
await ingestion();
const baseline = await ingestion();

const outboundStarted = Date.now();
const emitting = emitEvents();
const underLoad = await ingestion();
await emitting;
const emittedIn = (Date.now() - outboundStarted) / 1000;

const FAST = ENDPOINTS - 1;
const drainDeadline = Date.now() + DRAIN_SECONDS * 1000;
while (Date.now() < drainDeadline) {
  const counts = await receivers.counts();
  if (counts.every((n, i) => i === SLOW || n >= EVENTS)) break;
  await new Promise((r) => setTimeout(r, 250));
}
const drainedIn = (Date.now() - outboundStarted) / 1000;

const got = await receivers.arrivals();
const created = new Map((await db.outboundEvent.findMany({ select: { id: true, createdAt: true } })).map((e) => [e.id, e.createdAt.getTime()]));
const latencies = (rs: typeof got) => rs.flatMap((r) => r.arrivals.map(([id, at]) => at - (created.get(id) ?? at))).sort((a, b) => a - b);
const fast = got.filter((_, i) => i !== SLOW);
const slow = got[SLOW];
const fastLatency = latencies(fast);
const slowLatency = latencies([slow]);
const fastReceived = fast.reduce((n, r) => n + r.arrivals.length, 0);
const invalid = got.reduce((n, r) => n + r.invalid, 0);
const fastArrivals = fast.flatMap((r) => r.arrivals.map(([, at]) => at)).sort((a, b) => a - b);
const firstArrival = ((fastArrivals[0] ?? NaN) - outboundStarted) / 1000;
const deliveryRate = fastArrivals.length / (((fastArrivals.at(-1) ?? NaN) - (fastArrivals[0] ?? NaN)) / 1000);
const slowPending = await db.outboundDelivery.count({ where: { status: 'PENDING', endpoint: { url: receivers.urls[SLOW] } } });

console.log(`\nOutbound webhooks: ${EVENTS} events at ${EVENT_RATE}/s to ${ENDPOINTS} endpoints (1 answering after ${SLOW_MS} ms), worker process dispatching, 2-core box`);
console.log(`events emitted in ${emittedIn.toFixed(1)} s; fast endpoints: first delivery after ${firstArrival.toFixed(1)} s, complete after ${drainedIn.toFixed(1)} s, ${Math.round(deliveryRate)} deliveries/s in between (asked: ${EVENT_RATE * FAST}/s)`);
console.log('                                   deliveries        p50        p99        max');
console.log(`commit -> receipt, 19 fast      ${String(fastReceived).padStart(12)} ${ms(percentile(fastLatency, 0.5)).padStart(10)} ${ms(percentile(fastLatency, 0.99)).padStart(10)} ${ms(fastLatency.at(-1) ?? NaN).padStart(10)}   (expected ${EVENTS * FAST})`);
console.log(`commit -> receipt, 1 slow       ${String(slow.arrivals.length).padStart(12)} ${ms(percentile(slowLatency, 0.5)).padStart(10)} ${ms(percentile(slowLatency, 0.99)).padStart(10)} ${ms(slowLatency.at(-1) ?? NaN).padStart(10)}   (still pending: ${slowPending}; it takes at most OUTBOUND_PER_ENDPOINT at a time)`);
console.log(`signature failures at the receivers: ${invalid}`);
console.log('\nTrackstar webhook ingestion (API acknowledgement), paced, same run:');
console.log('                                 rate/s   requests        p50        p99   errors');
for (const [label, r] of [['baseline (no outbound load)', baseline], ['while delivering', underLoad]] as const) {
  console.log(`${label.padEnd(32)} ${String(INGEST_RATE).padStart(6)} ${String(r.sent).padStart(10)} ${ms(r.p50).padStart(10)} ${ms(r.p99).padStart(10)} ${String(r.errors).padStart(8)}`);
}

await api.stop();
await worker.stop();
receivers.close();
await db.$disconnect();
await pool.end();
process.exit(0);

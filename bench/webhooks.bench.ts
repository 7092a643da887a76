// npm run bench:webhooks — Svix-signed Trackstar deliveries at fixed rates (default 200/s and
// 500/s for 20 s each) against the real API process, next to the same process answering /health
// at the same rate in the same run (the floor). Reports acknowledgement p50/p99 and errors.
// Each rate is driven three ways:
// - paced: an open-loop generator (bench/support/paced-load.ts) whose requests arrive evenly at the
//   stated rate, the way independent deliveries do;
// - autocannon: as `autocannon -R <rate> -d 20` runs it, i.e. with its default 10 connections.
//   Its rate limit lets each connection send its per-second quota back to back, so requests come
//   in bursts of 10 concurrent at the start of every second;
// - autocannon x50: the same with 50 connections, bursts of 50 simultaneous deliveries (stress).
// Goal: p99 < 25 ms at 500/s, zero errors; printed for each way.
// autocannon's latency: with a rate set, autocannon 9 "corrects" for coordinated omission by
// recording, for every response, synthetic samples spaced Math.ceil(1 / rate) apart, which it
// reads as milliseconds although rate is per second: at any rate over 1/s per connection a response
// of N ms adds N - 1 invented samples of 1..N-1 ms, so slow answers weigh N times more than fast
// ones and its percentiles describe neither (even /health). The table gives the measured response
// times of 2xx answers (from autocannon's 'response' events); its own figures are printed below it.
// Each row also gives CPU per request of the API, the worker, PostgreSQL (all its processes),
// Redis and the load generator, and how busy the whole machine was: tail latency on a shared
// 2-core box is mostly queueing for CPU, and these figures show where the CPU goes.
// Own database (packr_bench_webhooks), Redis DB 11.
// Env: BENCH_RATES=200,500  BENCH_DURATION=20  BENCH_WITH_WORKER=1  BENCH_MODES=paced,autocannon,autocannon-x50
//      BENCH_API_NODE_ARGS (extra node flags for the API process)
import { mkdirSync, writeFileSync } from 'node:fs';
// @ts-expect-error autocannon ships no type declarations (and @types/autocannon is not installed)
import autocannon from 'autocannon';
import { pacedLoad } from './support/paced-load.js';
import { commandCpuDeltaMs, commandCpuSnapshot, machineBusyShare, machineCpuTicks, processCpuMs } from './support/proc-cpu.js';
import { freshDatabase, ms, percentile } from './support/realtime-env.js';

const RATES = (process.env.BENCH_RATES ?? '200,500').split(',').map(Number);
const DURATION = Number(process.env.BENCH_DURATION ?? 20);
const WITH_WORKER = process.env.BENCH_WITH_WORKER !== '0';
const MODES = (process.env.BENCH_MODES ?? 'paced,autocannon,autocannon-x50').split(',') as Mode[];
/** autocannon's connections per mode (10 is its default); the paced generator opens sockets as needed. */
const AUTOCANNON_CONNECTIONS: Record<Mode, number> = { paced: 0, autocannon: 10, 'autocannon-x50': 50 };
for (const mode of MODES) if (!(mode in AUTOCANNON_CONNECTIONS)) throw new Error(`BENCH_MODES: unknown mode ${mode} (use ${Object.keys(AUTOCANNON_CONNECTIONS).join(', ')})`);

const databaseUrl = await freshDatabase('packr_bench_webhooks');
process.env.DATABASE_URL = databaseUrl;
process.env.REDIS_URL = process.env.PACKR_BENCH_REDIS ?? 'redis://127.0.0.1:6379/11';
process.env.LOG_LEVEL = 'silent';
process.env.NODE_ENV = 'production';
process.env.PACKR_ENCRYPTION_KEY ??= '0f1e2d3c4b5a69788796a5b4c3d2e1f00f1e2d3c4b5a69788796a5b4c3d2e1f0';

// Imported after the environment is set: env.ts reads it once.
const { Redis } = await import('ioredis');
const { db } = await import('../server/src/db.js');
const { createTenant } = await import('../server/src/services/tenants.js');
const { connectBrand, envelope, inventoryRecord, signDelivery, TEST_WEBHOOK_SECRET } = await import('../server/test/support/webhooks.js');
const { startApi, startWorkerProcess } = await import('../server/test/support/child-services.js');

const flush = new Redis(process.env.REDIS_URL);
await flush.flushdb();
flush.disconnect();

const childEnv = { WEBHOOK_TRACKSTAR_SECRET: TEST_WEBHOOK_SECRET, LOG_LEVEL: 'info', DATABASE_URL: databaseUrl, REDIS_URL: process.env.REDIS_URL!, NODE_ENV: 'production' };
// e.g. BENCH_API_NODE_ARGS="--cpu-prof --cpu-prof-dir=/tmp/prof" to profile the API under load.
const api = await startApi(childEnv, (process.env.BENCH_API_NODE_ARGS ?? '').split(' ').filter(Boolean));
const worker = WITH_WORKER ? await startWorkerProcess(childEnv) : null;

const tenant = await createTenant({ name: 'Bench 3PL', email: 'bench-webhooks@example.test' });
const brand = await db.brand.create({ data: { name: 'Bench Brand', threePLId: tenant.threePLId } });
const { connectionId } = await connectBrand(brand.id);

type Mode = 'paced' | 'autocannon' | 'autocannon-x50';
type Latency = { requests: number; p50: number; p99: number; max: number; errors: number; non2xx: number; timeouts: number };
/** CPU figures are null where unknown (no /proc, or no worker process). */
type Run = Latency & {
  target: string; mode: Mode; rate: number; machineBusy: number | null;
  cpuMsPerRequest: { api: number | null; worker: number | null; postgres: number | null; redis: number | null; generator: number | null };
  /** autocannon's own percentiles, with its coordinated-omission correction (see the header). */
  autocannonOwn?: { p50: number; p99: number };
};

function signedPool(rate: number, size: number) {
  // Pre-signed unique deliveries: signing inside the load generator would skew its timing.
  return Array.from({ length: size }, (_, i) => signDelivery(envelope('inventory.updated', connectionId!, inventoryRecord(`inv_${rate}_${i % 500}`, i, new Date(Date.UTC(2026, 0, 1, 0, 0, i)).toISOString().replace('.000', '')))));
}
let poolRound = 0;

async function run(target: 'webhook' | 'health', rate: number, mode: Mode, seconds = DURATION): Promise<Run> {
  const total = rate * seconds + 200;
  const round = poolRound++;
  const pool = target === 'webhook' ? signedPool(rate * 1000 + round, total) : [];
  let next = 0;
  // API CPU per request: comparable across runs on a shared machine, unlike latency.
  const cpuBefore = processCpuMs(api.process.pid);
  const workerBefore = processCpuMs(worker?.process.pid);
  const machineBefore = machineCpuTicks();
  const generatorBefore = process.cpuUsage();
  const postgresBefore = commandCpuSnapshot('postgres');
  const redisBefore = commandCpuSnapshot('redis-server');
  let stats: Latency;
  let autocannonOwn: Run['autocannonOwn'];
  if (mode === 'paced') {
    const paced = await pacedLoad({
      url: api.url!, rate, seconds,
      next: () => {
        if (target === 'health') return { method: 'GET', path: '/health' };
        const d = pool[next++ % pool.length];
        return { method: 'POST', path: '/api/webhooks/trackstar', headers: d.headers, body: d.body };
      },
    });
    const sorted = paced.latencies.sort((a, b) => a - b);
    stats = { requests: paced.sent, p50: percentile(sorted, 0.5), p99: percentile(sorted, 0.99), max: sorted.at(-1) ?? NaN, errors: paced.errors, non2xx: paced.non2xx, timeouts: 0 };
  } else {
    const instance = autocannon({
      url: api.url!,
      connections: AUTOCANNON_CONNECTIONS[mode],
      overallRate: rate,
      duration: seconds,
      requests: [
        target === 'webhook'
          ? {
              method: 'POST',
              path: '/api/webhooks/trackstar',
              setupRequest: (req: any) => {
                const d = pool[next++ % pool.length];
                return { ...req, headers: d.headers, body: d.body };
              },
            }
          : { method: 'GET', path: '/health' },
      ],
    });
    // Raw response times of 2xx answers (see the header on autocannon's own correction).
    const raw: number[] = [];
    instance.on('response', (_client: unknown, status: number, _bytes: number, responseTime: number) => {
      if (status >= 200 && status < 300) raw.push(responseTime);
    });
    const result = await instance;
    raw.sort((a, b) => a - b);
    stats = { requests: result.requests.total, p50: percentile(raw, 0.5), p99: percentile(raw, 0.99), max: raw.at(-1) ?? NaN, errors: result.errors, non2xx: result.non2xx, timeouts: result.timeouts };
    autocannonOwn = { p50: result.latency.p50, p99: result.latency.p99 };
  }
  const cpuAfter = processCpuMs(api.process.pid);
  const workerAfter = processCpuMs(worker?.process.pid);
  const generatorUsage = process.cpuUsage(generatorBefore);
  const perRequest = (before: number | null, after: number | null) => (before !== null && after !== null && stats.requests > 0 ? (after - before) / stats.requests : null);
  return {
    cpuMsPerRequest: {
      api: perRequest(cpuBefore, cpuAfter),
      worker: perRequest(workerBefore, workerAfter),
      postgres: perRequest(0, commandCpuDeltaMs(postgresBefore, commandCpuSnapshot('postgres'))),
      redis: perRequest(0, commandCpuDeltaMs(redisBefore, commandCpuSnapshot('redis-server'))),
      generator: perRequest(0, (generatorUsage.user + generatorUsage.system) / 1000),
    },
    machineBusy: machineBusyShare(machineBefore, machineCpuTicks()),
    autocannonOwn,
    target,
    mode,
    rate,
    ...stats,
  };
}

// Warm-up (not reported): JIT, connection pools and prepared paths of both endpoints.
await run('health', 200, 'paced', 3);
await run('webhook', 200, 'paced', 3);

const runs: Run[] = [];
for (const rate of RATES) {
  for (const mode of MODES) {
    runs.push(await run('health', rate, mode));
    runs.push(await run('webhook', rate, mode));
  }
}

const stored = await db.trackstarWebhookEvent.count();
const pending = await db.trackstarWebhookEvent.count({ where: { status: 'PENDING' } });
console.log(`\nWebhook acknowledgement (${DURATION} s per run, worker ${WITH_WORKER ? 'running' : 'off'}, 2-core box)`);
console.log('                                                                                ------------------- CPU per request -------------------');
console.log('target   load           rate/s  requests    p50       p99       max   errors non2xx timeouts     API   worker postgres    redis  load gen  machine busy');
for (const r of runs) {
  const cpu = (v: number | null) => (v === null ? '-' : ms(v)).padStart(8);
  const c = r.cpuMsPerRequest;
  console.log(`${r.target.padEnd(8)} ${r.mode.padEnd(14)} ${String(r.rate).padStart(6)} ${String(r.requests).padStart(9)} ${ms(r.p50).padStart(9)} ${ms(r.p99).padStart(9)} ${ms(r.max).padStart(9)} ${String(r.errors).padStart(6)} ${String(r.non2xx).padStart(6)} ${String(r.timeouts).padStart(8)} ${cpu(c.api)} ${cpu(c.worker)} ${cpu(c.postgres)} ${cpu(c.redis)} ${cpu(c.generator)}  ${(r.machineBusy === null ? '-' : `${Math.round(r.machineBusy * 100)} %`).padStart(12)}`);
}
const corrected = runs.filter((r) => r.autocannonOwn);
if (corrected.length > 0) {
  console.log("autocannon's own percentiles (coordinated-omission correction with a 1 ms interval, see header):");
  for (const r of corrected) console.log(`  ${r.target.padEnd(8)} ${r.mode.padEnd(14)} ${String(r.rate).padStart(4)}/s  p50 ${ms(r.autocannonOwn!.p50)}  p99 ${ms(r.autocannonOwn!.p99)}`);
}
console.log(`stored events: ${stored} (still PENDING at the end: ${pending})`);
for (const mode of MODES) {
  const at500 = runs.find((r) => r.target === 'webhook' && r.rate === 500 && r.mode === mode);
  const floor = runs.find((r) => r.target === 'health' && r.rate === 500 && r.mode === mode);
  if (!at500) continue;
  const met = at500.p99 < 25 && at500.errors + at500.non2xx + at500.timeouts === 0;
  console.log(`${mode.padEnd(14)} goal p99 < 25 ms at 500/s with zero errors: ${met ? 'MET' : 'NOT MET'} (p99 ${ms(at500.p99)}; /health floor p99 ${floor ? ms(floor.p99) : '-'})`);
}

mkdirSync('bench/results', { recursive: true });
writeFileSync('bench/results/webhooks.json', JSON.stringify({ at: new Date().toISOString(), duration: DURATION, worker: WITH_WORKER, runs, stored, pending }, null, 2));

await api.stop();
await worker?.stop();
await db.$disconnect();
process.exit(0);

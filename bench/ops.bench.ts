// npm run bench:ops — the operations room at scale (issue #16): the cross-brand orders page of 50,
// the attention page of 50 and the attention counts per kind (and, without a goal, per brand), at
// 32 connections with the response cache off, next to `{ __typename }` (the floor) in the same run,
// at two sizes: BENCH_OPS_BASE_ORDERS (50,000) and BENCH_OPS_ORDERS (1,000,000) orders over 200
// brands of one 3PL (plus a small second tenant), with a fifth as many inventory items (200,000 at
// 1M), shipments, sync history and the attention board refreshed for every brand. Prints p50 / p99
// / req/s per query and size, the p99 growth from the small to the large size against the 2x limit,
// the p99 < 150 ms goal, the operationsStats (14 days, every brand) time, and EXPLAIN (ANALYZE,
// BUFFERS) of every read statement each of those operations runs (recorded from the driver,
// explained with the same parameters).
//
// Each size runs in a child process of its own (a fresh database each time: packr_bench_ops).
// Quick development run: BENCH_OPS_ORDERS=20000 BENCH_DURATION=4 npm run bench:ops (the base
// size is then ORDERS / 20). BENCH_OPS_PHASE_ORDERS=<n> runs one size alone. At 1M orders the
// seeding takes minutes and the database about 3 GB.
import { spawn } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { emptySample, formatResult, load, startApiServer, stopApiServer, summarize, type Result } from './support/autocannon-load.js';
import { explain, installStatementRecorder, recordStatements } from './support/explain-capture.js';
import { freshDatabase } from './support/fresh-database.js';
import { percentile } from './support/realtime-env.js';

const ORDERS = Number(process.env.BENCH_OPS_ORDERS ?? 1_000_000);
const BASE_ORDERS = Number(process.env.BENCH_OPS_BASE_ORDERS ?? (ORDERS >= 1_000_000 ? 50_000 : Math.max(1_000, Math.round(ORDERS / 20))));
const PHASE_ORDERS = process.env.BENCH_OPS_PHASE_ORDERS ? Number(process.env.BENCH_OPS_PHASE_ORDERS) : null;
const BRANDS = Number(process.env.BENCH_OPS_BRANDS ?? 200);
const DURATION = Number(process.env.BENCH_DURATION ?? 20);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 32);
const ROUNDS = 4;
const P99_GOAL_MS = 150;
const GROWTH_LIMIT = 2;
const PG = process.env.PACKR_BENCH_PG ?? 'postgresql://postgres@127.0.0.1:5432';
const DATABASE = 'packr_bench_ops';
const URL_DB = `${PG}/${DATABASE}`;
const REDIS = process.env.PACKR_BENCH_REDIS ?? 'redis://127.0.0.1:6379/12';

const QUERIES = {
  trivial: { name: '{ __typename }', query: '{ __typename }' },
  orders: {
    name: 'orders page, all brands (50)',
    query: 'query OpsOrders { orders(first: 50) { edges { node { id orderNumber status brand { id name } updatedAt } } pageInfo { hasNextPage endCursor } } }',
  },
  attention: {
    name: 'attention page (50)',
    query: 'query OpsAttention { attention(first: 50) { edges { node { id kind reason since brand { id name } recordType recordId } } pageInfo { hasNextPage endCursor } } }',
  },
  // The "per-kind counts" (the board's header); the per-brand breakdown is measured beside
  // it but carries no goal (200 brands × 6 kinds is a payload, not a count).
  counts: {
    name: 'attentionCounts per kind',
    query: 'query OpsAttentionCounts { attentionCounts { total byKind { kind count } } }',
  },
  countsByBrand: {
    name: 'attentionCounts byBrand (no goal)',
    query: 'query OpsAttentionCountsByBrand { attentionCounts { byBrand { brand { id name } count byKind { kind count } } } }',
  },
} as const;
type QueryKey = keyof typeof QUERIES;
/** Measured and reported, but not held to the p99 goal. */
const NO_GOAL: ReadonlySet<QueryKey> = new Set(['trivial', 'countsByBrand']);

// operationsStats in two parts: the charts, and the sync history, whose list is hour × brand
// (up to 200 × 336 rows for 14 days) and so costs more than the rest together.
const STATS_QUERIES = {
  charts: `query OpsStatsCharts { operationsStats(days: 14) {
  ordersPerDay { day brand { id name } created shipped late }
  leadTime { samples p50Hours p90Hours p99Hours perDay { day p50Hours p90Hours samples } }
  stockOutsPerDay { day brand { id } skus } } }`,
  syncHours: 'query OpsStatsSync { operationsStats(days: 14) { syncRecordsPerHour { hour brand { id } records } } }',
} as const;

type PhaseResult = {
  orders: number;
  inventoryItems: number;
  attentionItems: number | null;
  seedSeconds: number;
  results: Partial<Record<QueryKey, Result>>;
  skipped: Partial<Record<QueryKey, string>>;
  statsMs: Record<keyof typeof STATS_QUERIES, number[]>;
  /** The worker's minute sweep, brand by brand: attention refresh and alert evaluation (steady state). */
  sweep: SweepResult;
  loadAverage: string;
};

type SweepResult = { refreshMs: number[]; alertsMs: number[]; totalSeconds: number; openAlerts: number };

const resultFile = (orders: number) => `bench/results/ops-${orders}.json`;

// ---------------------------------------------------------------- one size (child process)

async function phase(orders: number): Promise<void> {
  // The in-process part (tenants, attention refresh, EXPLAIN) reads its configuration at import.
  Object.assign(process.env, { DATABASE_URL: URL_DB, REDIS_URL: REDIS, RESPONSE_CACHE_ENTRIES: '0', LOG_LEVEL: 'silent', NODE_ENV: 'production', PACKR_ENV_FILE: 'none' });
  installStatementRecorder();
  console.log(`\n=== ${orders.toLocaleString('en')} orders, ${BRANDS} brands, ${CONNECTIONS} connections, ${DURATION} s per query ===`);
  await freshDatabase(PG, DATABASE);
  const { createTenant } = await import('../server/src/services/tenants.js');
  const large = await createTenant({ name: 'Ops 3PL', email: 'ops@packr.test' });
  const small = await createTenant({ name: 'Other 3PL', email: 'other@packr.test' });
  const started = Date.now();
  const { seedOps } = await import('./seed-ops.js');
  const seeded = await seedOps(URL_DB, large, small, BRANDS, orders);
  const { refreshBrandAttention } = await import('../server/src/attention/refresh.js');
  const attentionItems = await refreshAttention(refreshBrandAttention, [...seeded.brandIds, ...seeded.otherBrandIds]);
  const seedSeconds = (Date.now() - started) / 1000;
  console.log(`seeded ${seeded.orders} orders, ${seeded.inventoryItems} inventory items, ${attentionItems} attention items in ${seedSeconds.toFixed(1)} s`);
  const sweep = await timeSweep(refreshBrandAttention, seeded.brandIds);
  console.log(
    `worker sweep of ${seeded.brandIds.length} brands (attention refresh + alert evaluation, nothing changed): ${sweep.totalSeconds.toFixed(1)} s; ` +
      `per brand p50/p99 refresh ${pct(sweep.refreshMs, 0.5)}/${pct(sweep.refreshMs, 0.99)} ms, alerts ${pct(sweep.alertsMs, 0.5)}/${pct(sweep.alertsMs, 0.99)} ms; ${sweep.openAlerts} alerts open`,
  );

  const { url, child } = await startApiServer({ ...process.env, LOG_LEVEL: 'warn' });
  const result: PhaseResult = { orders, inventoryItems: seeded.inventoryItems, attentionItems, seedSeconds, results: {}, skipped: {}, statsMs: { charts: [], syncHours: [] }, sweep, loadAverage: '' };
  try {
    const post = (query: string) =>
      fetch(`${url}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${large.apiKey}` }, body: JSON.stringify({ query }) }).then(
        (r) => r.json() as Promise<any>,
      );
    // Probe: each query answers without errors, and never with the other tenant's brands.
    const foreign = new Set(seeded.otherBrandIds.map((id) => Buffer.from(`Brand:${id}`).toString('base64')));
    const keys: QueryKey[] = [];
    for (const key of Object.keys(QUERIES) as QueryKey[]) {
      const probe = await post(QUERIES[key].query);
      if (probe.errors) {
        result.skipped[key] = probe.errors[0]?.message ?? 'error';
        console.log(`skipping ${QUERIES[key].name}: ${JSON.stringify(probe.errors).slice(0, 300)}`);
        continue;
      }
      const text = JSON.stringify(probe.data);
      if ([...foreign].some((id) => text.includes(id))) throw new Error(`${key} answered another tenant's brand`);
      if (key === 'orders' && probe.data.orders.edges.length !== 50) throw new Error(`orders page has ${probe.data.orders.edges.length} rows`);
      keys.push(key);
    }

    const samples = Object.fromEntries(keys.map((k) => [k, emptySample()]));
    const bodies = Object.fromEntries(keys.map((k) => [k, JSON.stringify({ query: QUERIES[k].query })]));
    // Warm up JIT, pools and PostgreSQL caches, then alternate the queries in ROUNDS slices so all
    // of them see the same background load on a shared machine.
    for (const k of keys) await load({ url, key: large.apiKey, body: () => bodies[k]!, seconds: Math.min(3, DURATION), connections: CONNECTIONS });
    const slice = Math.max(1, Math.round(DURATION / ROUNDS));
    for (let round = 0; round < ROUNDS; round++) {
      for (const k of keys) await load({ url, key: large.apiKey, body: () => bodies[k]!, seconds: slice, connections: CONNECTIONS, into: samples[k], pid: child.pid });
    }
    for (const k of keys) result.results[k] = summarize(QUERIES[k].name, samples[k]!);
    result.loadAverage = readFileSync('/proc/loadavg', 'utf8').split(' ')[0]!;
    for (const k of keys) console.log(formatResult(result.results[k]!));
    console.log(`machine load average: ${result.loadAverage} (on ${availableParallelism()} cores; other processes share them)`);

    // operationsStats: not a p99 goal; five sequential requests of each part on the idle server.
    for (const part of Object.keys(STATS_QUERIES) as (keyof typeof STATS_QUERIES)[]) {
      const first = await post(STATS_QUERIES[part]);
      if (first.errors) {
        console.log(`operationsStats ${part} failed: ${JSON.stringify(first.errors).slice(0, 300)}`);
        continue;
      }
      for (let i = 0; i < 5; i++) {
        const t0 = performance.now();
        await post(STATS_QUERIES[part]);
        result.statsMs[part].push(performance.now() - t0);
      }
      const s = first.data.operationsStats;
      const rows =
        part === 'charts'
          ? `${s.ordersPerDay.length} order rows, ${s.leadTime.samples} lead-time samples, ${s.stockOutsPerDay.length} stock-out rows`
          : `${s.syncRecordsPerHour.length} rows, ${(JSON.stringify(first).length / 1e6).toFixed(1)} MB`;
      const sorted = [...result.statsMs[part]].sort((a, b) => a - b);
      console.log(`operationsStats(days: 14) ${part}, ${BRANDS} brands: median ${sorted[2]!.toFixed(0)} ms, max ${sorted[4]!.toFixed(0)} ms (${rows})`);
    }
  } finally {
    await stopApiServer(child);
  }

  await explainHotStatements(large.apiKey, [...(Object.keys(QUERIES) as QueryKey[]).filter((k) => k !== 'trivial' && !result.skipped[k]).map((k) => QUERIES[k]), ...Object.entries(STATS_QUERIES).map(([part, query]) => ({ name: `operationsStats(days: 14) ${part}`, query }))]);
  mkdirSync('bench/results', { recursive: true });
  writeFileSync(resultFile(orders), JSON.stringify({ at: new Date().toISOString(), DURATION, CONNECTIONS, BRANDS, ...result }, null, 2));
  const { pool } = await import('../server/src/pg.js');
  const { db } = await import('../server/src/db.js');
  await Promise.allSettled([pool.end(), db.$disconnect()]);
  process.exit(0); // Redis publishers and the app's timers would keep the process alive.
}

/**
 * Runs the attention refresh once for every brand (as the worker's sweep would), then ANALYZE, as
 * autovacuum would after such a write burst (it is off on the CI database server).
 */
async function refreshAttention(refreshBrandAttention: (brandId: string) => Promise<unknown>, brandIds: string[]): Promise<number> {
  for (const id of brandIds) await refreshBrandAttention(id);
  const { pool } = await import('../server/src/pg.js');
  await pool.query('VACUUM ANALYZE attention_item');
  await pool.query('ANALYZE attention_count');
  const { rows } = await pool.query<{ n: number }>('SELECT count(*)::int AS n FROM attention_item');
  return rows[0]!.n;
}

/**
 * What the worker does for every brand each minute (jobs/attention.worker.ts): the attention
 * refresh, then the alert rules. A first pass opens the alerts the seeded data calls for; the
 * timed pass is the steady state (nothing changed), which the sweep repeats every minute.
 */
async function timeSweep(refreshBrandAttention: (brandId: string) => Promise<unknown>, brandIds: string[]): Promise<SweepResult> {
  const { evaluateBrandAlerts } = await import('../server/src/alerts/evaluate.js');
  for (const id of brandIds) await evaluateBrandAlerts(id);
  const refreshMs: number[] = [];
  const alertsMs: number[] = [];
  const started = performance.now();
  for (const id of brandIds) {
    const t0 = performance.now();
    await refreshBrandAttention(id);
    const t1 = performance.now();
    await evaluateBrandAlerts(id);
    refreshMs.push(t1 - t0);
    alertsMs.push(performance.now() - t1);
  }
  const totalSeconds = (performance.now() - started) / 1000;
  const { pool } = await import('../server/src/pg.js');
  const { rows } = await pool.query<{ n: number }>('SELECT count(*)::int AS n FROM alert WHERE "resolvedAt" IS NULL');
  return { refreshMs, alertsMs, totalSeconds, openAlerts: rows[0]!.n };
}

const pct = (xs: number[], p: number) => percentile([...xs].sort((a, b) => a - b), p).toFixed(1);

/** One in-process request per operation (after a warm-up one), its read statements explained. */
async function explainHotStatements(key: string, operations: { name: string; query: string }[]) {
  const { buildApp } = await import('../server/src/http/app.js');
  const app = buildApp();
  try {
    for (const op of operations) {
      const run = async () => {
        const response = await app.yoga.fetch('http://bench.local/graphql', {
          method: 'POST',
          headers: { 'content-type': 'application/json', authorization: `Bearer ${key}` },
          body: JSON.stringify({ query: op.query }),
        });
        return response.text();
      };
      await run();
      const statements = await recordStatements(run);
      console.log(`\n--- EXPLAIN (ANALYZE, BUFFERS): ${op.name} (${statements.length} read statements) ---`);
      for (const plan of await explain(URL_DB, statements)) console.log(`\n${plan}`);
    }
  } finally {
    await app.stop();
  }
}

// ---------------------------------------------------------------- both sizes (parent)

function runPhase(orders: number): Promise<PhaseResult> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'bench/ops.bench.ts'], { env: { ...process.env, BENCH_OPS_PHASE_ORDERS: String(orders) }, stdio: 'inherit' });
  return new Promise((resolve, reject) => {
    child.once('exit', (code) => (code === 0 ? resolve(JSON.parse(readFileSync(resultFile(orders), 'utf8'))) : reject(new Error(`phase ${orders} exited with ${code}`))));
  });
}

async function main() {
  console.log(`bench:ops — ${BASE_ORDERS.toLocaleString('en')} then ${ORDERS.toLocaleString('en')} orders over ${BRANDS} brands, response cache off`);
  const base = await runPhase(BASE_ORDERS);
  const large = await runPhase(ORDERS);
  console.log(`\n=== summary: ${BASE_ORDERS.toLocaleString('en')} -> ${ORDERS.toLocaleString('en')} orders (${(ORDERS / BASE_ORDERS).toFixed(0)}x) ===`);
  for (const key of Object.keys(QUERIES) as QueryKey[]) {
    const a = base.results[key];
    const b = large.results[key];
    if (!a || !b) {
      console.log(`${QUERIES[key].name.padEnd(34)} not measured (${large.skipped[key] ?? base.skipped[key] ?? 'missing'})`);
      continue;
    }
    const growth = b.p99 / a.p99;
    const goal = NO_GOAL.has(key) ? '' : `   p99 goal < ${P99_GOAL_MS} ms: ${b.p99 < P99_GOAL_MS ? 'met' : 'MISSED'}`;
    console.log(
      `${QUERIES[key].name.padEnd(34)} p99 ${a.p99.toFixed(1).padStart(6)} -> ${b.p99.toFixed(1).padStart(6)} ms  growth ${growth.toFixed(2)}x ` +
        `(limit ${GROWTH_LIMIT}x: ${growth <= GROWTH_LIMIT ? 'met' : 'MISSED'})   req/s ${a.rps.toFixed(0)} -> ${b.rps.toFixed(0)}${goal}`,
    );
  }
  const median = (xs: number[]) => [...xs].sort((x, y) => x - y)[Math.floor(xs.length / 2)];
  for (const part of Object.keys(STATS_QUERIES) as (keyof typeof STATS_QUERIES)[]) {
    if (!base.statsMs[part].length || !large.statsMs[part].length) continue;
    console.log(`operationsStats(days: 14) ${part}: median ${median(base.statsMs[part])!.toFixed(0)} -> ${median(large.statsMs[part])!.toFixed(0)} ms (aim < 300 ms; not a p99 goal)`);
  }
  console.log(
    `worker sweep, ${BRANDS} brands (attention refresh + alerts): ${base.sweep.totalSeconds.toFixed(1)} -> ${large.sweep.totalSeconds.toFixed(1)} s ` +
      `(the sweep runs every 60 s); per brand p99 refresh ${pct(base.sweep.refreshMs, 0.99)} -> ${pct(large.sweep.refreshMs, 0.99)} ms, alerts ${pct(base.sweep.alertsMs, 0.99)} -> ${pct(large.sweep.alertsMs, 0.99)} ms`,
  );
  writeFileSync('bench/results/ops.json', JSON.stringify({ at: new Date().toISOString(), base, large }, null, 2));
}

if (PHASE_ORDERS !== null) await phase(PHASE_ORDERS);
else await main();

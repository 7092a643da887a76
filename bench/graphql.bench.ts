// npm run bench:graphql — throughput and latency of the real orders page (50 orders with line
// items, shipments and packages) next to a trivial `{ __typename }` on the same server, same run.
// Seeds 50k orders over 20 brands into its own database (packr_bench_graphql), runs the API as a
// child process, drives it with autocannon at 32 connections for BENCH_DURATION seconds each
// (in 4 alternating slices, so all runs see the same background load).
// Two API processes: the default one (response cache on) and one with RESPONSE_CACHE_ENTRIES=0,
// so the executor path (every request a cache miss) is measured in the same run.
// Goals: orders ≥ 40 % of trivial throughput, orders p99 < 100 ms.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { createInterface } from 'node:readline';
// @ts-expect-error autocannon ships no type declarations (and @types/autocannon is not installed)
import autocannon from 'autocannon';
import { seedOrders } from './seed-orders.js';
import { freshDatabase } from './support/fresh-database.js';
import { ORDERS_PAGE_QUERY } from './support/orders-query.js';

const DURATION = Number(process.env.BENCH_DURATION ?? 20);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 32);
const ORDERS = Number(process.env.BENCH_ORDERS ?? 50_000);
const BRANDS = 20;
const ROUNDS = 4;
const PG = process.env.PACKR_BENCH_PG ?? 'postgresql://postgres@127.0.0.1:5432';
const DATABASE = 'packr_bench_graphql';
const URL_DB = `${PG}/${DATABASE}`;


const childEnv = {
  ...process.env,
  DATABASE_URL: URL_DB,
  REDIS_URL: process.env.PACKR_BENCH_REDIS ?? 'redis://127.0.0.1:6379/13',
  NODE_ENV: 'production',
  LOG_LEVEL: 'warn',
};

/** createTenant through the service (so the key is a real one); env must point at the bench DB first. */
async function tenant(): Promise<{ threePLId: string; apiKey: string }> {
  Object.assign(process.env, { DATABASE_URL: URL_DB, LOG_LEVEL: 'silent' });
  const { createTenant } = await import('../server/src/services/tenants.js');
  const { db } = await import('../server/src/db.js');
  const t = await createTenant({ name: 'Bench 3PL', email: 'bench@packr.test' });
  await db.$disconnect();
  return t;
}

async function startServer(extraEnv: Record<string, string> = {}): Promise<{ url: string; child: ChildProcess }> {
  // BENCH_CPU_PROF=<dir>: write a V8 CPU profile of the API process there (open it in Chrome DevTools).
  const profile = process.env.BENCH_CPU_PROF ? ['--cpu-prof', '--cpu-prof-dir', process.env.BENCH_CPU_PROF] : [];
  const child = spawn(process.execPath, [...profile, '--import', 'tsx', 'bench/graphql-server.ts'], { env: { ...childEnv, ...extraEnv }, stdio: ['ignore', 'pipe', 'inherit'] });
  const lines = createInterface({ input: child.stdout! });
  const url = await new Promise<string>((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`API exited early (${code})`)));
    lines.on('line', (line) => {
      try {
        const parsed = JSON.parse(line) as { url?: string };
        if (parsed.url) resolve(parsed.url);
      } catch {
        /* a log line */
      }
    });
  });
  return { url, child };
}

type Result = { name: string; rps: number; p50: number; p95: number; p99: number; requests: number; errors: number; cpuMsPerRequest: number };
type Sample = { latencies: number[]; errors: number; seconds: number; cpuMs: number };

const emptySample = (): Sample => ({ latencies: [], errors: 0, seconds: 0, cpuMs: 0 });

/** CPU time (user + system) the API process has used so far, in ms: less sensitive to a busy machine than req/s. */
function cpuMsOf(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
  return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100; // utime + stime, in USER_HZ (100)
}

function summarize(name: string, sample: Sample): Result {
  const sorted = [...sample.latencies].sort((a, b) => a - b);
  const q = (p: number) => sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))] ?? NaN;
  return {
    name,
    rps: sorted.length / sample.seconds,
    p50: q(0.5),
    p95: q(0.95),
    p99: q(0.99),
    requests: sorted.length,
    errors: sample.errors,
    cpuMsPerRequest: sample.cpuMs / sorted.length,
  };
}

/** One autocannon run; latencies come from every response (autocannon reports no p95 itself). */
async function load(url: string, key: string, body: () => string, seconds: number, into: Sample = emptySample(), pid?: number): Promise<Sample> {
  const { latencies } = into;
  const cpuBefore = pid ? cpuMsOf(pid) : 0;
  const instance = autocannon({
    url: `${url}/graphql`,
    connections: CONNECTIONS,
    duration: seconds,
    requests: [{ method: 'POST', setupRequest: (req: any) => ({ ...req, body: body() }) }],
    headers: { 'content-type': 'application/json', authorization: `Bearer ${key}` },
  });
  instance.on('response', (_client: unknown, status: number, _bytes: number, ms: number) => {
    latencies.push(ms);
    if (status !== 200) into.errors++;
  });
  const result = await instance;
  into.errors += result.errors;
  into.seconds += result.duration;
  if (pid) into.cpuMs += cpuMsOf(pid) - cpuBefore;
  return into;
}

async function main() {
  console.log(`bench:graphql — ${ORDERS} orders over ${BRANDS} brands, ${CONNECTIONS} connections, ${DURATION} s per run`);
  await freshDatabase(PG, DATABASE);
  const t = await tenant();
  const started = Date.now();
  const { brandIds } = await seedOrders(URL_DB, t.threePLId, BRANDS, ORDERS);
  console.log(`seeded in ${((Date.now() - started) / 1000).toFixed(1)} s`);

  const globalIds = brandIds.map((id) => Buffer.from(`Brand:${id}`).toString('base64'));
  const { url, child } = await startServer();
  const uncachedServer = await startServer({ RESPONSE_CACHE_ENTRIES: '0' });
  try {
    // Sanity check: the real query answers a full page without errors.
    const probe = await fetch(`${url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${t.apiKey}` },
      body: JSON.stringify({ query: ORDERS_PAGE_QUERY, variables: { brandId: globalIds[0] } }),
    }).then((r) => r.json() as Promise<any>);
    if (probe.errors || probe.data.orders.edges.length !== 50) throw new Error(`orders query failed: ${JSON.stringify(probe).slice(0, 300)}`);

    let n = 0;
    const ordersBody = () => JSON.stringify({ query: ORDERS_PAGE_QUERY, variables: { brandId: globalIds[n++ % globalIds.length] } });
    const trivialBody = () => JSON.stringify({ query: '{ __typename }' });
    // Warm up JIT, pools and PostgreSQL caches before measuring.
    await load(url, t.apiKey, ordersBody, Math.min(5, DURATION));
    await load(uncachedServer.url, t.apiKey, ordersBody, Math.min(5, DURATION));
    await load(url, t.apiKey, trivialBody, Math.min(3, DURATION));
    // Alternate the two in ROUNDS slices so both see the same background load on a shared machine.
    const trivialSample = emptySample();
    const ordersSample = emptySample();
    const uncachedSample = emptySample();
    const slice = Math.max(1, Math.round(DURATION / ROUNDS));
    for (let round = 0; round < ROUNDS; round++) {
      await load(url, t.apiKey, trivialBody, slice, trivialSample, child.pid);
      await load(url, t.apiKey, ordersBody, slice, ordersSample, child.pid);
      await load(uncachedServer.url, t.apiKey, ordersBody, slice, uncachedSample, uncachedServer.child.pid);
    }
    const trivial = summarize('{ __typename }', trivialSample);
    const orders = summarize('orders page (50 + children)', ordersSample);
    const uncached = summarize('orders page, cache off', uncachedSample);

    const ratio = orders.rps / trivial.rps;
    const fmt = (r: Result) =>
      `${r.name.padEnd(30)} ${r.rps.toFixed(0).padStart(6)} req/s   p50 ${r.p50.toFixed(1)} ms   p95 ${r.p95.toFixed(1)} ms   p99 ${r.p99.toFixed(1)} ms   ` +
      `API CPU ${r.cpuMsPerRequest.toFixed(2)} ms/request   (${r.requests} requests, ${r.errors} errors)`;
    console.log(fmt(trivial));
    console.log(fmt(orders));
    console.log(fmt(uncached));
    const load1 = readFileSync('/proc/loadavg', 'utf8').split(' ')[0];
    console.log(`machine load average during the run: ${load1} (on ${availableParallelism()} cores; other processes share them)`);
    console.log(`API CPU per request, orders/trivial: ${(orders.cpuMsPerRequest / trivial.cpuMsPerRequest).toFixed(1)}× (throughput bound if the API process had the cores to itself: ${((trivial.cpuMsPerRequest / orders.cpuMsPerRequest) * 100).toFixed(0)} %)`);
    console.log(`ratio orders/trivial: ${(ratio * 100).toFixed(1)} %  (goal ≥ 40 %: ${ratio >= 0.4 ? 'met' : 'MISSED'});  orders p99 ${orders.p99.toFixed(1)} ms (goal < 100 ms: ${orders.p99 < 100 ? 'met' : 'MISSED'})`);
    console.log(`cache off (every request executed): ${((uncached.rps / trivial.rps) * 100).toFixed(1)} % of trivial, p99 ${uncached.p99.toFixed(1)} ms`);
    mkdirSync('bench/results', { recursive: true });
    writeFileSync('bench/results/graphql.json', JSON.stringify({ at: new Date().toISOString(), DURATION, CONNECTIONS, ORDERS, trivial, orders, uncached, ratio }, null, 2));
  } finally {
    for (const c of [child, uncachedServer.child]) {
      c.kill('SIGTERM');
      await new Promise((resolve) => c.once('exit', resolve));
    }
  }
}

await main();

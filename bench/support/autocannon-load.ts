// The closed-loop load harness of the GraphQL benchmarks: the API as a child process from
// bench/graphql-server.ts, autocannon at a fixed number of connections, every response's latency
// kept (autocannon reports no p95 itself) and the API process's CPU time per request.
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createInterface } from 'node:readline';
// @ts-expect-error autocannon ships no type declarations (and @types/autocannon is not installed)
import autocannon from 'autocannon';

export type Sample = { latencies: number[]; errors: number; seconds: number; cpuMs: number };
export type Result = { name: string; rps: number; p50: number; p95: number; p99: number; requests: number; errors: number; cpuMsPerRequest: number };

export const emptySample = (): Sample => ({ latencies: [], errors: 0, seconds: 0, cpuMs: 0 });

/** Starts bench/graphql-server.ts with `env`; resolves once it prints its URL. */
export async function startApiServer(env: NodeJS.ProcessEnv): Promise<{ url: string; child: ChildProcess }> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'bench/graphql-server.ts'], { env, stdio: ['ignore', 'pipe', 'inherit'] });
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

export async function stopApiServer(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return;
  child.kill('SIGTERM');
  await new Promise((resolve) => child.once('exit', resolve));
}

/** CPU time (user + system) the process has used so far, in ms. */
export function cpuMsOf(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
  return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100; // utime + stime, in USER_HZ (100)
}

export function summarize(name: string, sample: Sample): Result {
  const sorted = [...sample.latencies].sort((a, b) => a - b);
  const q = (p: number) => sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))] ?? NaN;
  return { name, rps: sorted.length / sample.seconds, p50: q(0.5), p95: q(0.95), p99: q(0.99), requests: sorted.length, errors: sample.errors, cpuMsPerRequest: sample.cpuMs / sorted.length };
}

/** One autocannon run of POST /graphql with `body()` per request, added to `into`. */
export async function load(options: { url: string; key: string; body: () => string; seconds: number; connections: number; into?: Sample; pid?: number }): Promise<Sample> {
  const into = options.into ?? emptySample();
  const cpuBefore = options.pid ? cpuMsOf(options.pid) : 0;
  const instance = autocannon({
    url: `${options.url}/graphql`,
    connections: options.connections,
    duration: options.seconds,
    requests: [{ method: 'POST', setupRequest: (req: any) => ({ ...req, body: options.body() }) }],
    headers: { 'content-type': 'application/json', authorization: `Bearer ${options.key}` },
  });
  instance.on('response', (_client: unknown, status: number, _bytes: number, ms: number) => {
    into.latencies.push(ms);
    if (status !== 200) into.errors++;
  });
  const result = await instance;
  into.errors += result.errors;
  into.seconds += result.duration;
  if (options.pid) into.cpuMs += cpuMsOf(options.pid) - cpuBefore;
  return into;
}

export const formatResult = (r: Result) =>
  `${r.name.padEnd(34)} ${r.rps.toFixed(0).padStart(6)} req/s   p50 ${r.p50.toFixed(1).padStart(6)} ms   p99 ${r.p99.toFixed(1).padStart(6)} ms   ` +
  `API CPU ${r.cpuMsPerRequest.toFixed(2)} ms/request   (${r.requests} requests, ${r.errors} errors)`;

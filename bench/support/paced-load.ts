// An open-loop load generator: requests leave at a fixed arrival rate whatever the server does,
// and each latency is measured from the request's scheduled departure (so a stalled server or a
// late timer shows up as latency instead of silently lowering the rate: no coordinated omission).
// autocannon's rate limit works differently: each connection sends back-to-back until its
// per-second quota is spent, then idles until the next second, so "500/s over 50 connections"
// arrives as a saturating burst at the start of every second.
import http from 'node:http';
import { performance } from 'node:perf_hooks';

export type PacedRequest = { method: string; path: string; headers?: Record<string, string>; body?: string };
export type PacedResult = { sent: number; latencies: number[]; errors: number; non2xx: number; seconds: number };

export function pacedLoad(options: { url: string; rate: number; seconds: number; next: () => PacedRequest }): Promise<PacedResult> {
  const target = new URL(options.url);
  const agent = new http.Agent({ keepAlive: true, maxSockets: 512 });
  const interval = 1000 / options.rate;
  const total = Math.round(options.rate * options.seconds);
  const result: PacedResult = { sent: 0, latencies: [], errors: 0, non2xx: 0, seconds: options.seconds };
  let finished = 0;

  return new Promise((resolve) => {
    const done = () => {
      if (++finished < total) return;
      agent.destroy();
      resolve(result);
    };
    const fire = (scheduledAt: number) => {
      const r = options.next();
      result.sent++;
      const req = http.request(
        { agent, host: target.hostname, port: target.port, method: r.method, path: r.path, headers: r.headers },
        (res) => {
          res.resume();
          res.on('end', () => {
            result.latencies.push(performance.now() - scheduledAt);
            if (!res.statusCode || res.statusCode < 200 || res.statusCode >= 300) result.non2xx++;
            done();
          });
        },
      );
      req.setTimeout(10_000, () => req.destroy(new Error('timeout')));
      req.on('error', () => {
        result.errors++;
        done();
      });
      req.end(r.body);
    };
    const start = performance.now();
    let i = 0;
    const tick = () => {
      // Send everything whose time has come (a late timer catches up; its lateness counts as latency).
      const now = performance.now();
      while (i < total && start + i * interval <= now) fire(start + interval * i++);
      if (i < total) setTimeout(tick, Math.max(0, start + i * interval - performance.now()));
    };
    tick();
  });
}

// GET /metrics: the Prometheus scrape (lib/metrics.ts), on the raw Node request.
//
// Who may read it: metrics reveal traffic, error rates and refused addresses' patterns, so they are
// not public. With METRICS_TOKEN set, a scraper anywhere sends Authorization: Bearer <token>.
// Without one, only the same machine may read them (a Prometheus agent or sidecar next to the
// API), and everyone else gets 404, as if the route did not exist: a default install leaks nothing
// and needs no secret to be scraped locally. "The same machine" is the client address as
// client-address.ts sees it; a reverse proxy on this host must therefore be counted in
// TRUSTED_PROXY_HOPS, or METRICS_TOKEN be set, or it would make every caller look local.
//
// What it serves: this API process's registry (HTTP, webhook acknowledgements, subscriptions,
// response cache), the queue depths read now (jobs/queue-metrics.ts), and the sum of the live
// worker processes' snapshots from Redis (sync runs, webhook processing: lib/metrics-snapshots.ts).
import { createHash, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { Redis } from 'ioredis';
import type { Registry } from 'prom-client';
import '../jobs/queue-metrics.js';
import { logger } from '../lib/logger.js';
import { metricsRegistry } from '../lib/metrics.js';
import { readLiveSnapshots, withWorkerSnapshots, type MetricsSnapshot } from '../lib/metrics-snapshots.js';
import { createRedis } from '../redis.js';
import type { AuthFailureGuard } from './auth-failures.js';
import { clientAddress, isLoopback } from './client-address.js';
import { pathOf, sendJson, type NodeRoute } from './node-route.js';

export const METRICS_PATH = '/metrics';

export type MetricsRouteOptions = {
  /** undefined: loopback clients only. */
  token?: string;
  trustedProxyHops: number;
  /** Wrong tokens count as authentication failures of the address (and may be limited). */
  authFailures?: AuthFailureGuard;
};

const digest = (value: string) => createHash('sha256').update(value).digest();

export function metricsRoute(options: MetricsRouteOptions): NodeRoute {
  const expected = options.token === undefined ? null : digest(options.token);

  // Comparing digests keeps the comparison constant-time whatever the presented length.
  const tokenMatches = (req: IncomingMessage) => {
    const presented = /^Bearer\s+(.+)$/i.exec(req.headers.authorization ?? '')?.[1]?.trim();
    return expected !== null && presented !== undefined && timingSafeEqual(digest(presented), expected);
  };

  async function serve(req: IncomingMessage, res: Parameters<NodeRoute>[1]): Promise<void> {
    if (expected === null) {
      if (!isLoopback(clientAddress(req, options.trustedProxyHops))) return sendJson(res, 404, { error: { code: 'NOT_FOUND', message: 'not found' } });
    } else {
      const blocked = options.authFailures?.refuseIfBlocked(req) ?? 0;
      if (blocked > 0) return sendJson(res, 429, tooMany(blocked), { 'retry-after': String(blocked) });
      if (!tokenMatches(req)) {
        const verdict = req.headers.authorization ? await options.authFailures?.recordFailure(req, 'metrics') : null;
        if (verdict?.limited) return sendJson(res, 429, tooMany(verdict.retryAfterSeconds), { 'retry-after': String(verdict.retryAfterSeconds) });
        return sendJson(res, 401, { error: { code: 'UNAUTHENTICATED', message: 'send Authorization: Bearer <METRICS_TOKEN>' } }, { 'www-authenticate': 'Bearer' });
      }
    }
    if (req.method !== 'GET' && req.method !== 'HEAD') return sendJson(res, 405, { error: { code: 'METHOD_NOT_ALLOWED', message: 'use GET' } }, { allow: 'GET, HEAD' });
    const text = await (await deploymentRegistry()).metrics();
    res.writeHead(200, { 'content-type': metricsRegistry.contentType, 'content-length': Buffer.byteLength(text), 'cache-control': 'no-store' });
    res.end(req.method === 'HEAD' ? undefined : text);
  }

  return (req, res) => {
    if (pathOf(req.url) !== METRICS_PATH) return false;
    serve(req, res).catch(() => {
      if (!res.headersSent) sendJson(res, 500, { error: { code: 'INTERNAL', message: 'metrics could not be collected' } });
    });
    return true;
  };
}

let snapshotsRedis: Redis | null = null;

/** This process's metrics plus the workers'; without Redis, this process's alone (and a log line). */
async function deploymentRegistry(): Promise<Registry> {
  // Offline queue on, short timeout: a scrape waits at most about a second for Redis.
  snapshotsRedis ??= createRedis('cache', { enableOfflineQueue: true, commandTimeout: 1_000 });
  let snapshots: MetricsSnapshot[] = [];
  try {
    snapshots = await readLiveSnapshots(snapshotsRedis);
  } catch (error) {
    logger.warn('worker metrics unavailable for this scrape', { error: (error as Error).message });
  }
  try {
    return withWorkerSnapshots(metricsRegistry, snapshots);
  } catch (error) {
    logger.error('worker metrics could not be merged; serving this process only', { error });
    return metricsRegistry;
  }
}

/** Closes the connection that reads worker snapshots (shutdown, end of a test file). */
export async function closeMetricsSnapshotsRedis(): Promise<void> {
  const client = snapshotsRedis;
  snapshotsRedis = null;
  if (client) await client.quit().catch(() => client.disconnect());
}

const tooMany = (seconds: number) => ({ error: { code: 'RATE_LIMITED', message: `too many failed attempts; retry after ${seconds} s` } });

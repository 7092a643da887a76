// Publishes this worker process's metrics (lib/worker-metrics.ts) to Redis every few seconds, for
// the API's /metrics to sum (lib/metrics-snapshots.ts). One publisher per process however many
// times startWorkers runs in it (tests start several), since they would all report the same
// registry and be counted twice.
import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import type { Redis } from 'ioredis';
import { publishSnapshot, removeSnapshot } from '../lib/metrics-snapshots.js';
import { workerMetricsRegistry } from '../lib/worker-metrics.js';
import { createRedis } from '../redis.js';
import { runEvery, type Periodic } from './periodic.js';

export type MetricsPublisherOptions = {
  /** How often the snapshot is rewritten. */
  everyMs?: number;
  /** How long a snapshot outlives its last write: a dead worker drops out of /metrics after this. */
  ttlMs?: number;
};

export const DEFAULT_PUBLISH_EVERY_MS = 5_000;
/** Three missed writes: a worker stalled by a long GC or a busy event loop does not flicker out. */
export const DEFAULT_SNAPSHOT_TTL_MS = 15_000;

type Shared = { id: string; redis: Redis; periodic: Periodic; users: number };
let shared: Shared | null = null;

export function startMetricsPublisher(options: MetricsPublisherOptions = {}): { stop(): Promise<void> } {
  if (!shared) {
    const everyMs = options.everyMs ?? DEFAULT_PUBLISH_EVERY_MS;
    const ttlMs = Math.max(options.ttlMs ?? DEFAULT_SNAPSHOT_TTL_MS, everyMs * 2);
    const id = `${hostname()}-${process.pid}-${randomUUID().slice(0, 8)}`;
    // Offline queue on: a publish during a reconnect waits briefly instead of failing at once.
    const redis = createRedis('cache', { enableOfflineQueue: true, commandTimeout: 2_000 });
    const publish = async () => publishSnapshot(redis, id, await workerMetricsRegistry.getMetricsAsJSON(), ttlMs);
    const periodic = runEvery('worker metrics publish', everyMs, publish);
    void periodic.runNow();
    shared = { id, redis, periodic, users: 0 };
  }
  const current = shared;
  current.users++;
  let stopped = false;
  return {
    async stop() {
      if (stopped) return;
      stopped = true;
      if (--current.users > 0) return;
      if (shared === current) shared = null;
      await current.periodic.stop();
      // A clean stop leaves no stale numbers behind for the TTL to clear.
      await removeSnapshot(current.redis, current.id).catch(() => {});
      await current.redis.quit().catch(() => current.redis.disconnect());
    },
  };
}

// Worker metrics travel through Redis: each worker process writes its registry's JSON under a key
// of its own with a TTL, and lists the key in an index set; the API's /metrics reads the live
// ones and sums them with prom-client's AggregatorRegistry (the same merge its cluster mode does).
// A worker that stops cleanly deletes its key; one that dies stops refreshing it, and its numbers
// drop out of the sum when the TTL runs out (Prometheus reads the drop as a counter reset).
// Reading costs one SMEMBERS and one MGET however large Redis is: no SCAN over job keys.
import type { Redis } from 'ioredis';
import { AggregatorRegistry, Registry, type MetricObjectWithValues, type MetricValue } from 'prom-client';

const INDEX = 'packr:metrics:workers';
const snapshotKey = (id: string) => `packr:metrics:worker:${id}`;

export type MetricsSnapshot = MetricObjectWithValues<MetricValue<string>>[];

export async function publishSnapshot(redis: Redis, id: string, snapshot: MetricsSnapshot, ttlMs: number): Promise<void> {
  await redis.multi().set(snapshotKey(id), JSON.stringify(snapshot), 'PX', ttlMs).sadd(INDEX, id).exec();
}

export async function removeSnapshot(redis: Redis, id: string): Promise<void> {
  await redis.multi().del(snapshotKey(id)).srem(INDEX, id).exec();
}

/** The snapshots whose TTL has not run out; index entries of expired ones are removed on the way. */
export async function readLiveSnapshots(redis: Redis): Promise<MetricsSnapshot[]> {
  const ids = await redis.smembers(INDEX);
  if (ids.length === 0) return [];
  const values = await redis.mget(ids.map(snapshotKey));
  const expired = ids.filter((_, i) => values[i] === null);
  if (expired.length > 0) await redis.srem(INDEX, ...expired);
  const snapshots: MetricsSnapshot[] = [];
  for (const value of values) {
    if (value === null) continue;
    try {
      snapshots.push(JSON.parse(value) as MetricsSnapshot);
    } catch {
      // A corrupt value is skipped; its writer replaces it within seconds.
    }
  }
  return snapshots;
}

/** The process's own registry plus the sum of the workers' snapshots, as one registry to render. */
export function withWorkerSnapshots(own: Registry, snapshots: MetricsSnapshot[]): Registry {
  if (snapshots.length === 0) return own;
  // merge() refuses a name present on both sides: worker metric names are kept apart by design
  // (lib/worker-metrics.ts), and a clash must fail loudly rather than report one side silently.
  return Registry.merge([own, AggregatorRegistry.aggregate(snapshots)]);
}

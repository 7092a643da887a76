// The attention board's upkeep in the worker (logic in attention/):
// - the BullMQ worker that runs one brand's refresh (attention/refresh.ts) per job;
// - a listener on the change feed: every change notice of a brand (sync pages and run states,
//   webhook events, disconnects, WMS writes: everything that goes through changes/ publishes one)
//   asks for a debounced refresh of that brand. It listens on Redis like the API's change hub, so
//   writes made by any process count; a notice lost with Redis is caught by the sweep;
// - the sweep: every brand once a minute, because late orders, overdue inbound shipments, returns
//   waiting to be restocked and stale data become due with the clock alone;
// - after each refresh, the brand's alert rules (alerts/evaluate.ts), which count its items;
// - the retention prune of attention_event (the change log's window) and of resolved alerts.
import { Worker } from 'bullmq';
import { evaluateBrandAlerts } from '../alerts/evaluate.js';
import { pruneResolvedAlerts } from '../alerts/retention.js';
import { pruneAttentionEvents } from '../attention/attention-log.js';
import { allBrandIds, refreshBrandAttention } from '../attention/refresh.js';
import { changeChannel } from '../changes/change-log.js';
import { logger } from '../lib/logger.js';
import { createRedis } from '../redis.js';
import { enqueueAttentionRefresh } from './attention-queue.js';
import { runEvery } from './periodic.js';
import { ATTENTION_QUEUE, openQueue, type QueueJob } from './queues.js';

export type AttentionWorkerOptions = {
  /** How often every brand is re-evaluated (default a minute). */
  sweepEveryMs?: number;
  concurrency?: number;
};

/** A brand's notices within this long of the last request add nothing (its job is still waiting). */
const LOCAL_DEBOUNCE_MS = 1_000;

export function startAttentionWorker(options: AttentionWorkerOptions = {}) {
  const log = logger.child({ worker: ATTENTION_QUEUE });
  const connection = createRedis('worker');
  const subscriber = createRedis('sub');
  // Its own worker-role queue: requests wait through a Redis outage instead of failing fast.
  const queue = openQueue(ATTENTION_QUEUE, connection);

  const worker = new Worker(
    ATTENTION_QUEUE,
    async (job: QueueJob<typeof ATTENTION_QUEUE>) => {
      const result = await refreshBrandAttention(job.data.brandId);
      // Alerts count the items just refreshed, so they follow every refresh (and the sweep).
      const alerts = await evaluateBrandAlerts(job.data.brandId);
      return { events: result?.notices.length ?? 0, alerts: alerts?.notices.length ?? 0 };
    },
    { connection, concurrency: options.concurrency ?? 2 },
  );
  worker.on('error', (error) => log.error('attention worker error', { error }));
  worker.on('failed', (job, error) => log.warn('attention refresh failed', { brandId: job?.data.brandId, attempt: job?.attemptsMade, error: error.message }));

  const requested = new Map<string, number>();
  const prefix = changeChannel('');
  subscriber.on('pmessage', (_pattern: string, channel: string) => {
    const brandId = channel.slice(prefix.length);
    const now = Date.now();
    if (now - (requested.get(brandId) ?? 0) < LOCAL_DEBOUNCE_MS) return;
    if (requested.size > 10_000) requested.clear();
    requested.set(brandId, now);
    enqueueAttentionRefresh([brandId], queue).catch((error) => log.warn('could not queue an attention refresh; the sweep will', { brandId, error }));
  });
  void subscriber.psubscribe(`${prefix}*`).catch((error) => log.warn('attention change listener could not subscribe', { error }));

  const sweep = runEvery('attention sweep', options.sweepEveryMs ?? 60_000, async () => enqueueAttentionRefresh(await allBrandIds(), queue));
  const pruner = runEvery('attention event and resolved alert prune', 10 * 60_000, async () => {
    await pruneAttentionEvents();
    await pruneResolvedAlerts();
  });
  void pruner.runNow();

  return {
    worker,
    /** Re-evaluates every brand now (through the queue). */
    sweepNow: () => sweep.runNow(),
    async close() {
      await sweep.stop();
      await pruner.stop();
      subscriber.disconnect();
      const deadline = new Promise<void>((resolve) => setTimeout(resolve, 5_000).unref());
      await Promise.race([worker.close(), deadline]);
      await worker.close(true).catch(() => {});
      await queue.close().catch(() => {});
      connection.disconnect();
    },
  };
}

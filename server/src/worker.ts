// Worker process: startWorkers() is the list of what runs in it (the BullMQ workers, the periodic
// tasks and the sync reconciler). `npm run worker` runs it alone; `npm start` and tests call
// startWorkers() in-process.
import { setPriority } from 'node:os';
import { pathToFileURL } from 'node:url';
import { closeChangePublisher } from './changes/change-log.js';
import { db } from './db.js';
import { env } from './env.js';
import { closeAlertPublisher } from './alerts/alert-log.js';
import { closeAttentionPublisher } from './attention/attention-log.js';
import { startAttentionWorker, type AttentionWorkerOptions } from './jobs/attention.worker.js';
import { startAuditLogPruner } from './jobs/audit-upkeep.js';
import { startChangeLogPruner, startOutboxRelay } from './jobs/change-log-upkeep.js';
import { startMetricsPublisher, type MetricsPublisherOptions } from './jobs/metrics-publisher.js';
import { startOutboundWorker, type OutboundWorkerOptions } from './jobs/outbound.worker.js';
import { closeProducerQueues } from './jobs/queues.js';
import { startSyncReconciler } from './jobs/reconciler.js';
import { startFullListingSweep } from './jobs/full-listing-sweep.js';
import { startStallDetector, type StallDetectorOptions } from './jobs/stall-detector.js';
import { startSyncRunPruner } from './jobs/sync-run-upkeep.js';
import { startSyncWorker, type SyncWorkerOptions } from './jobs/sync.worker.js';
import { startSweeper } from './jobs/webhook-sweeper.js';
import { startWebhookWorker } from './jobs/webhook.worker.js';
import { logger } from './lib/logger.js';
import { onShutdown } from './lib/shutdown.js';
import { pool } from './pg.js';
import { closeTrackstar } from './trackstar/client.js';

export type WorkerOptions = {
  sync?: SyncWorkerOptions;
  /** How often this process publishes its metrics for the API's /metrics, and how long they outlive it. */
  metrics?: MetricsPublisherOptions;
  /** When a RUNNING sync run without page progress counts as stalled (default SYNC_STALL_MINUTES), and how often to look. */
  stall?: Partial<StallDetectorOptions>;
  /** The attention board's refresh worker, change listener and sweep. */
  attention?: AttentionWorkerOptions;
  /** Outbound webhook delivery (retry schedule, timeouts, concurrency); defaults from OUTBOUND_* env. */
  outbound?: OutboundWorkerOptions;
};
export type RunningWorkers = { close(): Promise<void> };

export async function startWorkers(options: WorkerOptions = {}): Promise<RunningWorkers> {
  const closers: (() => Promise<void>)[] = [];

  // Each part starts here and pushes its close; they close in reverse order.
  // Sync and webhook metrics of this process, summed into the API's /metrics through Redis.
  const metricsPublisher = startMetricsPublisher(options.metrics);
  closers.push(() => metricsPublisher.stop());

  const syncWorker = startSyncWorker(options.sync);
  closers.push(() => syncWorker.close());

  const webhookWorker = startWebhookWorker();
  closers.push(() => webhookWorker.close());

  // Webhook events stored while Redis was down are enqueued from PostgreSQL.
  const sweeper = startSweeper();
  closers.push(() => sweeper.stop());

  const outboxRelay = startOutboxRelay();
  closers.push(() => outboxRelay.stop());

  const changeLogPruner = startChangeLogPruner();
  closers.push(() => changeLogPruner.stop());

  const syncRunPruner = startSyncRunPruner();
  closers.push(() => syncRunPruner.stop());

  const auditLogPruner = startAuditLogPruner();
  closers.push(() => auditLogPruner.stop());

  // Runs that hang while holding their locks are handed to a new job (jobs/stall-detector.ts).
  const stallDetector = startStallDetector({ stallMs: env.SYNC_STALL_MINUTES * 60_000, ...options.stall });
  closers.push(() => stallDetector.close());

  // The attention board: refreshes per brand on its changes and once a minute (jobs/attention.worker.ts).
  const attentionWorker = startAttentionWorker(options.attention);
  closers.push(() => attentionWorker.close());

  // Outbound webhooks to the 3PLs' endpoints: own pg pool and LISTEN connection, never the ingestion path's (jobs/outbound.worker.ts).
  const outboundWorker = startOutboundWorker(options.outbound);
  closers.push(() => outboundWorker.close());

  // Daily complete listings that find records deleted in the WMS (sync/deletions.ts).
  const fullListingSweep = startFullListingSweep();
  closers.push(() => fullListingSweep.stop());

  // Schedulers, queued runs and runs in progress live in Redis, which can lose them: rebuilt from
  // the database now, periodically and after every Redis reconnect.
  const reconciler = await startSyncReconciler({ everyMs: env.SCHEDULER_RECONCILE_SECONDS * 1000 });
  closers.push(() => reconciler.stop());
  logger.info('workers started');

  let closed: Promise<void> | null = null;
  return {
    close: () =>
      (closed ??= (async () => {
        for (const close of closers.reverse()) await close().catch((error) => logger.error('worker close failed', { error }));
        // Shared clients last: the parts above produce jobs and publish changes until they stop.
        await closeProducerQueues();
        await closeChangePublisher();
        await closeAttentionPublisher();
        await closeAlertPublisher();
        await closeTrackstar();
      })()),
  };
}

// Run as its own process (`npm run worker`, `tsx server/src/worker.ts`).
if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  // Webhook acknowledgements and dashboard queries are latency-bound, sync and webhook processing
  // are not: when both share the cores, the API should win (bench:webhooks measures the effect).
  try {
    if (env.WORKER_NICE > 0) setPriority(env.WORKER_NICE);
  } catch (error) {
    logger.warn('could not lower the worker priority', { error: (error as Error).message });
  }
  const workers = await startWorkers();
  onShutdown('worker', async () => {
    await workers.close();
    await db.$disconnect();
    await pool.end();
  });
}

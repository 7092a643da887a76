// Worker process: the BullMQ workers and the schedulers behind them. `npm run worker` runs it
// alone; `npm start` and tests call startWorkers() in-process.
import { setPriority } from 'node:os';
import { pathToFileURL } from 'node:url';
import { db } from './db.js';
import { env } from './env.js';
import { closeSyncQueue } from './jobs/queues.js';
import { startSyncReconciler } from './jobs/reconciler.js';
import { startSyncWorker, type SyncWorkerOptions } from './jobs/sync.worker.js';
import { logger } from './lib/logger.js';
import { onShutdown } from './lib/shutdown.js';
import { pool } from './pg.js';
import { startWebhookServices } from './jobs/webhook-services.js';
import { closeTrackstar } from './trackstar/client.js';

export type WorkerOptions = { sync?: SyncWorkerOptions };
export type RunningWorkers = { close(): Promise<void> };

export async function startWorkers(options: WorkerOptions = {}): Promise<RunningWorkers> {
  const closers: (() => Promise<void>)[] = [];

  const sync = startSyncWorker(options.sync);
  closers.push(() => sync.close());

  // ---- other workers: each starts here and pushes its close() (webhook worker, relays, ...) ----
  const webhooks = startWebhookServices();
  closers.push(() => webhooks.close());

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
        await closeSyncQueue();
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

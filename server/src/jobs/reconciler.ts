// Runs the sync reconcile (reconcile.ts) at worker start, then every `everyMs`, and as soon as
// Redis answers again after a dropped connection: a Redis that restarted without persistence or
// failed over has lost every scheduler, queued job and lock, and nothing else would notice until
// the next worker restart. Chained setTimeout rather than setInterval, so runs never overlap.
import { logger } from '../lib/logger.js';
import { createRedis } from '../redis.js';
import { openQueue, SYNC_QUEUE } from './queues.js';
import { reconcileSyncState } from './reconcile.js';

export type SyncReconcilerOptions = { everyMs: number };
export type SyncReconciler = { runNow(): Promise<void>; stop(): Promise<void> };

const STOP_DEADLINE_MS = 5_000;

export async function startSyncReconciler(options: SyncReconcilerOptions): Promise<SyncReconciler> {
  // A worker-role connection: commands wait through an outage instead of failing fast, so a run
  // caught by a drop finishes once Redis is back. Its 'ready' events are the reconnect signal.
  const connection = createRedis('worker');
  // Its errors surface as a failed run, logged below.
  const queue = openQueue(SYNC_QUEUE, connection);
  const log = logger.child({ task: 'sync-reconciler' });

  let running: Promise<void> | null = null;
  let runAgain = false;
  let stopped = false;
  let timer: NodeJS.Timeout | null = null;

  const reconcileOnce = async (thorough: boolean) => {
    try {
      await reconcileSyncState(queue, connection, { thorough });
    } catch (error) {
      log.warn('sync reconcile failed; retrying on the next tick', { error });
    }
  };

  /**
   * One run at a time. `followUp`: if a run is in flight, run once more after it, because the
   * in-flight one may have read Redis before it lost its data (a reconnect asks for this).
   */
  const request = (thorough: boolean, followUp: boolean): Promise<void> => {
    if (running) {
      if (followUp) runAgain = true;
      return running;
    }
    running = (async () => {
      let first = true;
      do {
        runAgain = false;
        await reconcileOnce(first && thorough);
        first = false;
      } while (runAgain && !stopped);
    })().finally(() => {
      running = null;
    });
    return running;
  };

  const schedule = () => {
    if (stopped) return;
    timer = setTimeout(() => void request(false, false).finally(schedule), options.everyMs);
    timer.unref();
  };

  let connectedBefore = false;
  connection.on('ready', () => {
    // The first 'ready' is the initial connection, which the start-up run below covers.
    if (!connectedBefore) {
      connectedBefore = true;
      return;
    }
    if (stopped) return;
    log.info('redis connection is back; reconciling sync state');
    void request(false, true);
  });

  // Worker start: also resume failed runs, whose retries a previous Redis may have held.
  await request(true, false);
  schedule();

  return {
    runNow: () => request(false, true),
    async stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      // A run waiting on an unreachable Redis must not hold up shutdown; its work is idempotent.
      const deadline = () => new Promise<void>((resolve) => setTimeout(resolve, STOP_DEADLINE_MS).unref());
      await Promise.race([running ?? Promise.resolve(), deadline()]);
      await Promise.race([queue.close().catch(() => {}), deadline()]);
      connection.disconnect();
    },
  };
}

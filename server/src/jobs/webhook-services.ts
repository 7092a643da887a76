// Everything the worker process runs for webhooks and realtime: the webhook worker, the PENDING
// sweeper, the change-log outbox relay and the retention prune. worker.ts calls this once.
import { startOutboxRelay } from '../changes/outbox-relay.js';
import { startChangeLogPruner } from '../changes/retention.js';
import { closeChangePublisher } from '../changes/change-log.js';
import { closeWebhookQueue } from './webhook-queue.js';
import { startSweeper } from './webhook-sweeper.js';
import { startWebhookWorker, type WebhookWorkerOptions } from './webhook.worker.js';

export type WebhookServicesOptions = WebhookWorkerOptions & { sweepEveryMs?: number; sweepOlderThanMs?: number; relayEveryMs?: number };

export function startWebhookServices(options: WebhookServicesOptions = {}) {
  const worker = startWebhookWorker(options);
  const sweeper = startSweeper({ everyMs: options.sweepEveryMs, olderThanMs: options.sweepOlderThanMs });
  const relay = startOutboxRelay({ everyMs: options.relayEveryMs });
  const pruner = startChangeLogPruner();
  void pruner.runNow();
  return {
    worker: worker.worker,
    async close() {
      await Promise.all([sweeper.stop(), relay.stop(), pruner.stop()]);
      await worker.close();
      await closeWebhookQueue();
      await closeChangePublisher();
    },
  };
}

// Test support: the webhook half of the worker process (server/src/worker.ts), for tests that process webhooks in-process
// without a sync worker or reconciler: the webhook worker, the PENDING sweeper and the change log's
// upkeep, closed together with the webhook producer and the change publisher.
import { closeChangePublisher } from '../../src/changes/change-log.js';
import { startChangeLogPruner, startOutboxRelay } from '../../src/jobs/change-log-upkeep.js';
import { closeWebhookQueue } from '../../src/jobs/webhook-queue.js';
import { startSweeper } from '../../src/jobs/webhook-sweeper.js';
import { startWebhookWorker, type WebhookWorkerOptions } from '../../src/jobs/webhook.worker.js';

export type WebhookServicesOptions = WebhookWorkerOptions & { sweepEveryMs?: number };

export function startWebhookServices(options: WebhookServicesOptions = {}) {
  const worker = startWebhookWorker(options);
  const sweeper = startSweeper({ everyMs: options.sweepEveryMs });
  const relay = startOutboxRelay();
  const pruner = startChangeLogPruner();
  return {
    async close() {
      await Promise.all([sweeper.stop(), relay.stop(), pruner.stop()]);
      await worker.close();
      await closeWebhookQueue();
      await closeChangePublisher();
    },
  };
}

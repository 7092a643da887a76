// The BullMQ worker for stored webhook events. Thin: it calls processWebhookEvent and turns the
// outcome into the event's status (FAILED after the last attempt, or at once for bad records).
import { UnrecoverableError, Worker } from 'bullmq';
import { logger } from '../lib/logger.js';
import { webhookEventsProcessed, webhookProcessingFailures, webhookProcessingLag } from '../lib/worker-metrics.js';
import { createRedis } from '../redis.js';
import { PermanentEventError, processWebhookEvent, recordEventFailure } from '../webhooks/process-event.js';
import { WEBHOOK_QUEUE, type QueueJob } from './queues.js';

export type WebhookWorkerOptions = { concurrency?: number };

export function startWebhookWorker(options: WebhookWorkerOptions = {}) {
  const connection = createRedis('worker');
  const log = logger.child({ worker: WEBHOOK_QUEUE });
  const worker = new Worker(
    WEBHOOK_QUEUE,
    async (job: QueueJob<typeof WEBHOOK_QUEUE>) => {
      try {
        const outcome = await processWebhookEvent(job.data.eventId);
        webhookEventsProcessed.inc({ outcome: outcome.toLowerCase() });
        // job.timestamp is when the receiver queued it, right after acknowledging the delivery.
        webhookProcessingLag.observe(Math.max(0, Date.now() - job.timestamp) / 1000);
        return outcome;
      } catch (error) {
        const permanent = error instanceof PermanentEventError;
        const final = permanent || job.attemptsMade + 1 >= (job.opts.attempts ?? 1);
        webhookProcessingFailures.inc({ final: String(final) });
        await recordEventFailure(job.data.eventId, error, final);
        log.warn('webhook event failed', { eventId: job.data.eventId, attempt: job.attemptsMade + 1, final, error });
        throw permanent ? new UnrecoverableError(error.message) : error;
      }
    },
    { connection, concurrency: options.concurrency ?? 8 },
  );
  worker.on('error', (error) => log.error('webhook worker error', { error }));

  return {
    worker,
    async close() {
      // worker.close() has no deadline of its own; stalled jobs are recovered by the next worker.
      const deadline = new Promise<void>((resolve) => setTimeout(resolve, 5_000).unref());
      await Promise.race([worker.close(), deadline]);
      await worker.close(true).catch(() => {});
      connection.disconnect();
    },
  };
}

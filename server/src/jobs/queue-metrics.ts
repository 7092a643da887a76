// Queue depths for /metrics, read when Prometheus scrapes: one getJobCounts per queue (a few
// O(1) Redis commands each), bounded by a timeout so a slow or absent Redis cannot hold up the
// scrape; then the series are simply missing from that scrape.
import { Gauge } from 'prom-client';
import { logger } from '../lib/logger.js';
import { metricsRegistry } from '../lib/metrics.js';
import { QUEUE_NAMES } from './queue-names.js';
import { producerQueue } from './queues.js';

const STATES = ['waiting', 'active', 'delayed', 'failed'] as const;
const TIMEOUT_MS = 1_000;

async function readCounts(): Promise<{ queue: string; counts: Record<string, number> }[]> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error('queue counts timed out')), TIMEOUT_MS);
  });
  try {
    return await Promise.race([Promise.all(QUEUE_NAMES.map(async (queue) => ({ queue, counts: await producerQueue(queue).getJobCounts(...STATES) }))), timeout]);
  } finally {
    clearTimeout(timer);
  }
}

export const queueJobs = new Gauge({
  name: 'packr_queue_jobs',
  help: 'Jobs in each BullMQ queue by state (waiting, active, delayed, failed), read at scrape time',
  labelNames: ['queue', 'state'] as const,
  registers: [metricsRegistry],
  async collect() {
    this.reset();
    try {
      for (const { queue, counts } of await readCounts()) for (const state of STATES) this.set({ queue, state }, counts[state] ?? 0);
    } catch (error) {
      logger.debug('queue depths unavailable for this scrape', { error: (error as Error).message });
    }
  },
});

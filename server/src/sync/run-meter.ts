// What one sync job attempt does, measured while it runs: pages and records as they commit, time
// spent waiting for the shared Trackstar rate limiter, whether it continued a run in progress.
// Feeds the worker's metrics live (per page, so a long backfill shows progress) and, at the end,
// the run history (jobs/metered-sync.ts writes it through sync/run-history.ts).
import { performance } from 'node:perf_hooks';
import type { SyncResource } from '../generated/prisma/enums.js';
import type { RateLimitWaitSink } from '../lib/rate-limit-waits.js';
import { syncPages, syncRateLimitWait, syncRecords } from '../lib/worker-metrics.js';

export class SyncRunMeter implements RateLimitWaitSink {
  readonly startedAt = new Date();
  private readonly started = performance.now();
  pages = 0;
  records = 0;
  rateLimitWaitMs = 0;
  /** The attempt picked up a run already in progress (after a crash, a shutdown or a failed attempt). */
  resumed = false;

  constructor(readonly resource: SyncResource) {}

  pageCommitted(records: number): void {
    this.pages++;
    this.records += records;
    syncPages.inc({ resource: this.resource });
    if (records > 0) syncRecords.inc({ resource: this.resource }, records);
  }

  addRateLimitWait(ms: number): void {
    this.rateLimitWaitMs += ms;
    syncRateLimitWait.inc({ resource: this.resource }, ms / 1000);
  }

  runResumed(): void {
    this.resumed = true;
  }

  elapsedMs(): number {
    return Math.max(0, Math.round(performance.now() - this.started));
  }
}

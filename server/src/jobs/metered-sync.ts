// runSync as the sync worker calls it: measured. Each attempt's pages, records and rate-limit
// waits feed the worker's metrics while it runs; when it ends (returned or thrown) its outcome and
// duration are counted and one row goes into the run history (sync/run-history.ts). Attempts
// that did nothing (a yielded race, an inactive integration) leave no row.
import type { SyncRunOutcome } from '../generated/prisma/enums.js';
import { logger } from '../lib/logger.js';
import { creditingRateLimitWaits } from '../lib/rate-limit-waits.js';
import { syncErrors, syncRunDuration, syncRuns } from '../lib/worker-metrics.js';
import { recordSyncRun } from '../sync/run-history.js';
import { SyncRunMeter } from '../sync/run-meter.js';
import { runSync, type RunOptions, type RunOutcome } from '../sync/runner.js';
import {
  TrackstarAuthError, TrackstarError, TrackstarNotImplementedError, TrackstarRateLimitedError, TrackstarUpstreamError,
} from '../trackstar/errors.js';
import { RateLimitWaitTooLong } from '../trackstar/rate-limiter.js';
import type { SyncReason } from './queues.js';

const OUTCOME: Record<RunOutcome['status'], SyncRunOutcome> = {
  completed: 'COMPLETED',
  stopped: 'STOPPED',
  skipped: 'SKIPPED',
  unsupported: 'UNSUPPORTED',
  'auth-failed': 'AUTH_FAILED',
};

/** A low-cardinality name for a failure (the metric label): never the message itself. */
function errorKind(error: unknown): string {
  if (error instanceof TrackstarRateLimitedError || error instanceof RateLimitWaitTooLong) return 'rate_limited';
  if (error instanceof TrackstarUpstreamError) return 'upstream';
  if (error instanceof TrackstarAuthError) return 'auth';
  if (error instanceof TrackstarNotImplementedError) return 'not_implemented';
  if (error instanceof TrackstarError) return 'trackstar';
  return 'internal';
}

export async function runMeteredSync(options: Omit<RunOptions, 'meter'> & { reason: SyncReason }): Promise<RunOutcome> {
  const { reason, ...runOptions } = options;
  const meter = new SyncRunMeter(options.resource);
  try {
    const outcome = await creditingRateLimitWaits(meter, () => runSync({ ...runOptions, meter }));
    await finish(options, meter, OUTCOME[outcome.status], outcome.status === 'auth-failed' || outcome.status === 'unsupported' ? (outcome.reason ?? null) : null);
    return outcome;
  } catch (error) {
    syncErrors.inc({ resource: options.resource, error: errorKind(error) });
    // Trackstar's messages are safe to show (runner.ts records them the same way); ours stay in the log.
    const shown = error instanceof TrackstarError ? error.message : 'Internal error while syncing (see the worker log)';
    await finish(options, meter, 'FAILED', shown);
    throw error;
  }
}

async function finish(options: RunOptions & { reason: SyncReason }, meter: SyncRunMeter, outcome: SyncRunOutcome, error: string | null): Promise<void> {
  const durationMs = meter.elapsedMs();
  const labels = { resource: options.resource, outcome: outcome.toLowerCase() };
  syncRuns.inc(labels);
  syncRunDuration.observe(labels, durationMs / 1000);
  if (outcome === 'SKIPPED' && meter.pages === 0) return;
  try {
    await recordSyncRun({
      integrationId: options.integrationId,
      resource: options.resource,
      reason: options.reason,
      resumed: meter.resumed,
      startedAt: meter.startedAt,
      finishedAt: new Date(meter.startedAt.getTime() + durationMs),
      outcome,
      records: meter.records,
      pages: meter.pages,
      durationMs,
      rateLimitWaitMs: meter.rateLimitWaitMs,
      error,
    });
  } catch (failure) {
    // History is advisory: losing a row must never fail the sync job.
    logger.warn('could not record the sync run in its history', { integrationId: options.integrationId, resource: options.resource, error: failure });
  }
}

// The sync run history's retention in the worker: rows older than SYNC_RUN_RETENTION_DAYS are
// deleted (sync/run-history.ts). Hourly is plenty for a window counted in days.
import { pruneSyncRuns } from '../sync/run-history.js';
import { runEvery, type Periodic } from './periodic.js';

/** Prunes at start too: a worker restarted more often than `everyMs` would otherwise never prune. */
export function startSyncRunPruner(everyMs = 60 * 60_000): Periodic {
  const pruner = runEvery('sync run history prune', everyMs, () => pruneSyncRuns());
  void pruner.runNow();
  return pruner;
}

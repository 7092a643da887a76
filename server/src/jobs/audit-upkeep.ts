// The audit trail's retention in the worker: entries older than AUDIT_RETENTION_DAYS are deleted
// (audit/retention.ts). Hourly is plenty for a window counted in days.
import { pruneAuditLog } from '../audit/retention.js';
import { runEvery, type Periodic } from './periodic.js';

/** Prunes at start too: a worker restarted more often than `everyMs` would otherwise never prune. */
export function startAuditLogPruner(everyMs = 60 * 60_000): Periodic {
  const pruner = runEvery('audit log prune', everyMs, () => pruneAuditLog());
  void pruner.runNow();
  return pruner;
}

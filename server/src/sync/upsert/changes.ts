// The change-log entries of a page of parent rows: one per row written (inserted, updated or
// revived), none for a replay or a stale copy, so subscribers hear of real changes only.
import type { ChangeInput } from '../../changes/change-log.js';
import type { ChangeKind, ChangeSource } from '../../generated/prisma/enums.js';
import { revivedFrom, type ParentOutcome } from './bulk.js';

/**
 * `withStatus`: the spec reads the previous `status` (ParentSpec.previous), and the event shows it.
 * `previous` stays null for a new row; a revive records the former deletedAt (sync/deletions.ts).
 */
export function parentChanges(kind: ChangeKind, outcomes: ParentOutcome[], source: ChangeSource, withStatus: boolean): ChangeInput[] {
  const changes: ChangeInput[] = [];
  for (const o of outcomes) {
    if (!o.written) continue;
    let previous: Record<string, unknown> | null = null;
    if (o.previous) {
      previous = { ...(withStatus ? { status: o.previous.status } : {}), ...revivedFrom(o) };
      if (Object.keys(previous).length === 0) previous = null;
    }
    changes.push({ kind, entityId: o.id, source, previous });
  }
  return changes;
}

// The change log's periodic upkeep in the worker. The one-shot tasks live in changes/: the outbox
// relay re-publishes rows committed but never published, the retention prune deletes rows past
// the resume window.
import { relayUnpublishedChanges, type RelayOptions } from '../changes/outbox-relay.js';
import { pruneChangeLog } from '../changes/retention.js';
import { runEvery, type Periodic } from './periodic.js';

export type OutboxRelayOptions = RelayOptions & { everyMs?: number };

export function startOutboxRelay(options: OutboxRelayOptions = {}): Periodic {
  return runEvery('change outbox relay', options.everyMs ?? 1_500, () => relayUnpublishedChanges(options));
}

/** Prunes at start too: a worker restarted more often than `everyMs` would otherwise never prune. */
export function startChangeLogPruner(everyMs = 10 * 60_000): Periodic {
  const pruner = runEvery('change log prune', everyMs, () => pruneChangeLog());
  void pruner.runNow();
  return pruner;
}

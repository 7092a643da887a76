// alertChanged's stream: the alert notices of one 3PL (alerts/alert-hub.ts), limited on the server
// to what the subscriber may read now. Its key is re-checked on every message (a revoked key or a
// narrowed brand grant takes effect at once), as in attention-stream.ts. With afterSequence, the
// alerts changed since are sent first, each once as it is now (alerts/alert-log.ts); live notices
// wait behind that replay and those it already covered are skipped.
import { GraphQLError } from 'graphql';
import type { WebSocket } from 'ws';
import { alertHub, type AlertHub, type AlertHubMessage } from '../../alerts/alert-hub.js';
import { ALERT_REPLAY_MAX, alertHead, alertsChangedAfter, type AlertNotice } from '../../alerts/alert-log.js';
import { isManager, type Viewer } from '../../auth/viewer.js';
import { logger } from '../../lib/logger.js';
import { subscriptionsActive } from '../../lib/metrics.js';
import { CLOSE_SLOW_CONSUMER, MAX_BUFFERED_BYTES, MAX_QUEUED_EVENTS } from './change-stream.js';
import { PushIterator } from './push-iterator.js';

const SUBSCRIBE_WAIT_MS = 3_000;
const KIND = 'ALERTS';

export type AlertStreamOptions = {
  threePLId: string;
  /** Brands asked for (null: every brand the subscriber may read, and 3PL-level alerts for OWNER/ADMIN). */
  brandIds: string[] | null;
  /** Resume: first the alerts changed after this sequence. */
  afterSequence?: bigint | null;
  /** Re-checks the subscriber's key; resolves to the viewer as it is now. Throws to end the stream. */
  authorize: () => Promise<Viewer>;
  socket?: WebSocket | null;
  hub?: AlertHub;
};

/**
 * Whether a viewer may see a notice of this brand (null: a 3PL-level alert): brand viewers only
 * their brands, never 3PL-level alerts; 3PL-level alerts to OWNER and ADMIN only; a brandIds filter
 * leaves 3PL-level alerts out.
 */
export function mayReceive(viewer: Viewer, asked: Set<string> | null, brandId: string | null): boolean {
  if (brandId === null) return asked === null && viewer.brandIds === null && isManager(viewer);
  if (asked !== null && !asked.has(brandId)) return false;
  return viewer.brandIds === null || viewer.brandIds.includes(brandId);
}

const withTimeout = (p: Promise<void>, ms: number) => Promise.race([p, new Promise<void>((resolve) => setTimeout(resolve, ms).unref())]);

export async function openAlertStream(options: AlertStreamOptions): Promise<AsyncIterableIterator<AlertNotice>> {
  const { threePLId, socket } = options;
  const hub = options.hub ?? alertHub;
  const asked = options.brandIds === null ? null : new Set(options.brandIds);
  // Live notices queue behind the replay (if any), so the subscriber sees sequences in order.
  let replayed!: () => void;
  let chain: Promise<void> = new Promise<void>((resolve) => (replayed = resolve));
  let coveredUpTo = -1n;

  const iterator = new PushIterator<AlertNotice>(MAX_QUEUED_EVENTS + 1, () => {
    subscription.off();
    subscriptionsActive.dec({ kind: KIND });
  });

  const emit = (n: AlertNotice) => {
    if (iterator.size >= MAX_QUEUED_EVENTS || (socket?.bufferedAmount ?? 0) > MAX_BUFFERED_BYTES) {
      iterator.fail(new GraphQLError('Subscriber is too slow; re-read alerts and subscribe again', { extensions: { code: 'SLOW_CONSUMER' } }));
      logger.warn('dropping a slow alert subscriber', { threePLId });
      if (socket && socket.readyState === socket.OPEN) socket.close(CLOSE_SLOW_CONSUMER, 'Slow consumer');
      return;
    }
    iterator.push(n);
  };

  const handle = async (message: AlertHubMessage) => {
    if (iterator.closed || message.type !== 'notices') return;
    const viewer = await options.authorize();
    const notices = [...message.notices].sort((a, b) => (BigInt(a.sequence) < BigInt(b.sequence) ? -1 : 1));
    for (const n of notices) if (!iterator.closed && BigInt(n.sequence) > coveredUpTo && mayReceive(viewer, asked, n.brandId)) emit(n);
  };

  const subscription = hub.subscribe(threePLId, (message) => {
    chain = chain
      .then(() => handle(message))
      .catch((error) => iterator.fail(error instanceof GraphQLError ? error : new GraphQLError('Alert stream interrupted; subscribe again', { extensions: { code: 'STREAM_INTERRUPTED' } })));
  });
  subscriptionsActive.inc({ kind: KIND });
  try {
    await options.authorize();
    await withTimeout(subscription.ready, SUBSCRIBE_WAIT_MS);
    const head = await alertHead(threePLId);
    if (head === null) throw new GraphQLError('Not found', { extensions: { code: 'NOT_FOUND' } });
    if (options.afterSequence != null) {
      const missed = await alertsChangedAfter(threePLId, options.afterSequence);
      if (missed === null) {
        throw new GraphQLError(`More than ${ALERT_REPLAY_MAX} alerts changed since that sequence; re-read alerts and subscribe without afterSequence`, { extensions: { code: 'RESUME_TOO_OLD' } });
      }
      await handle({ type: 'notices', notices: missed } as AlertHubMessage);
      // Live notices up to here were replayed (in their current state) or predate afterSequence.
      coveredUpTo = missed.length > 0 ? BigInt(missed.at(-1)!.sequence) : options.afterSequence;
    }
  } catch (error) {
    replayed();
    void iterator.return();
    throw error;
  }
  replayed();
  return iterator;
}

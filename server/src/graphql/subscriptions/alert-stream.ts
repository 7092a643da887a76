// alertChanged's stream: the alert notices of one 3PL (alerts/alert-hub.ts), limited on the server
// to what the subscriber may read now. Its key is re-checked on every message (a revoked key or a
// narrowed brand grant takes effect at once), as in attention-stream.ts. There is no replay: the
// bell re-reads `alerts` when it (re)connects, so a notice lost with Redis costs nothing lasting.
import { GraphQLError } from 'graphql';
import type { WebSocket } from 'ws';
import { alertHub, type AlertHub, type AlertHubMessage } from '../../alerts/alert-hub.js';
import { alertHead, type AlertNotice } from '../../alerts/alert-log.js';
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
  let chain: Promise<void> = Promise.resolve();

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
    for (const n of notices) if (!iterator.closed && mayReceive(viewer, asked, n.brandId)) emit(n);
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
  } catch (error) {
    void iterator.return();
    throw error;
  }
  return iterator;
}

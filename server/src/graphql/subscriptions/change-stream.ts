// One GraphQL subscription's stream of changes of one kind for one brand: first what the client
// missed (afterSequence) from change_log, then live notices from the hub, without gaps or
// duplicates. Live notices are buffered while the replay runs; anything at or below the cursor is a
// duplicate; a jump past cursor + 1 (a lost or reordered notice) is filled from change_log.
import { GraphQLError } from 'graphql';
import type { WebSocket } from 'ws';
import type { ChangeKind } from '../../generated/prisma/enums.js';
import { logger } from '../../lib/logger.js';
import { subscriptionsActive } from '../../lib/metrics.js';
import type { ChangeNotice } from '../../changes/change-log.js';
import { changeHub, type ChangeHub, type HubMessage } from '../../changes/change-hub.js';
import { assertResumable, headSequence, readAllChanges, ResumeTooOldError } from '../../changes/change-log-reader.js';
import { PushIterator } from './push-iterator.js';

export const CLOSE_SLOW_CONSUMER = 4008;
/** Events waiting for one subscription before its client counts as too slow. */
export const MAX_QUEUED_EVENTS = 1_000;
/** Bytes waiting in a socket's send buffer before its client counts as too slow. */
export const MAX_BUFFERED_BYTES = 4 * 1024 * 1024;
const SUBSCRIBE_WAIT_MS = 3_000;
const REPLAY_PAGE_WAIT = 100;

export type ChangeStreamOptions = {
  brandId: string;
  kind: ChangeKind;
  afterSequence: bigint | null;
  /** Re-checks the subscriber's key and brand access; throws to end the stream. */
  authorize: () => Promise<unknown>;
  /** The client's socket (graphql-ws), for the send-buffer check. */
  socket?: WebSocket | null;
  hub?: ChangeHub;
};

const withTimeout = (p: Promise<void>, ms: number) =>
  Promise.race([p, new Promise<void>((resolve) => setTimeout(resolve, ms).unref())]);

export async function openChangeStream(options: ChangeStreamOptions): Promise<AsyncIterableIterator<ChangeNotice>> {
  const { brandId, kind, socket } = options;
  const hub = options.hub ?? changeHub;
  let cursor = 0n;
  // Live messages queue behind `gate`, which opens once the replay has been handed over.
  let openGate!: () => void;
  let chain: Promise<void> = new Promise<void>((resolve) => (openGate = resolve));

  const iterator = new PushIterator<ChangeNotice>(MAX_QUEUED_EVENTS + 1, () => {
    subscription.off();
    subscriptionsActive.dec({ kind });
  });

  const dropSlowConsumer = () => {
    iterator.fail(new GraphQLError('Subscriber is too slow; resubscribe with afterSequence', { extensions: { code: 'SLOW_CONSUMER' } }));
    logger.warn('dropping a slow subscriber', { brandId, kind });
    if (socket && socket.readyState === socket.OPEN) socket.close(CLOSE_SLOW_CONSUMER, 'Slow consumer');
  };

  const emit = (n: ChangeNotice) => {
    if (n.kind !== kind || iterator.closed) return;
    if (iterator.size >= MAX_QUEUED_EVENTS || (socket?.bufferedAmount ?? 0) > MAX_BUFFERED_BYTES) return dropSlowConsumer();
    iterator.push(n);
  };

  const fill = async (upTo: bigint) => {
    for await (const page of readAllChanges(brandId, cursor, upTo)) {
      for (const n of page) emit(n);
      cursor = BigInt(page[page.length - 1].sequence);
    }
  };

  const handle = async (message: HubMessage) => {
    if (iterator.closed) return;
    await options.authorize();
    if (message.type === 'resync') {
      const latest = await headSequence(brandId, true);
      if (latest !== null && latest > cursor) await fill(latest);
      return;
    }
    const notices = [...message.notices].sort((a, b) => (BigInt(a.sequence) < BigInt(b.sequence) ? -1 : 1));
    for (const n of notices) {
      const seq = BigInt(n.sequence);
      if (seq <= cursor) continue; // duplicate (replayed, or re-published by the relay)
      if (seq === cursor + 1n) {
        emit(n);
        cursor = seq;
      } else {
        await fill(seq); // sequences are commit-ordered: everything up to seq is committed
      }
    }
  };

  const enqueue = (message: HubMessage) => {
    chain = chain
      .then(() => handle(message))
      .catch((error) => iterator.fail(error instanceof GraphQLError ? error : new GraphQLError('Change stream interrupted; resubscribe with afterSequence', { extensions: { code: 'STREAM_INTERRUPTED' } })));
  };

  const subscription = hub.subscribe(brandId, enqueue);
  subscriptionsActive.inc({ kind });
  let head: bigint;
  try {
    // With Redis down the stream still starts; live notices follow once the hub reconnects.
    await withTimeout(subscription.ready, SUBSCRIBE_WAIT_MS);
    const current = await headSequence(brandId);
    if (current === null) throw new GraphQLError('Brand not found', { extensions: { code: 'NOT_FOUND' } });
    head = current;
    if (options.afterSequence !== null) await assertResumable(brandId, options.afterSequence, head);
  } catch (error) {
    void iterator.return();
    throw error instanceof ResumeTooOldError ? resumeTooOld(error) : error;
  }

  // The replay runs while the client consumes, one page at a time, so a long history never
  // trips the slow-consumer limit.
  const after = options.afterSequence;
  void (async () => {
    if (after !== null && after < head) {
      for await (const page of readAllChanges(brandId, after, head, kind)) {
        for (const n of page) if (!iterator.closed) iterator.push(n);
        await iterator.waitBelow(REPLAY_PAGE_WAIT);
        if (iterator.closed) return;
      }
    }
    cursor = after !== null && after > head ? after : head;
  })().then(openGate, (error) => {
    iterator.fail(new GraphQLError('Could not replay missed changes; resubscribe with afterSequence', { extensions: { code: 'STREAM_INTERRUPTED' } }));
    logger.warn('change replay failed', { brandId, error });
  });
  return iterator;
}

/** The change log's refusal in the API's terms (changes/ stays free of GraphQL). */
function resumeTooOld(error: ResumeTooOldError): GraphQLError {
  return new GraphQLError(error.message, { extensions: { code: 'RESUME_TOO_OLD', oldestSequence: error.oldestSequence } });
}

// attentionChanged's stream: the events of one 3PL's board, limited to the brands the subscriber
// may read (checked here, on the server, for every event). Like change-stream.ts: first what the
// client missed after afterSequence (from attention_event), then live notices from the hub without
// gaps or duplicates; live notices wait while the replay runs, anything at or below the cursor is a
// duplicate, and a jump past cursor + 1 is filled from the log. Sequences are per 3PL, so events of
// brands the subscriber does not get still move its cursor.
import { GraphQLError } from 'graphql';
import type { WebSocket } from 'ws';
import { attentionHub, type AttentionHub, type AttentionHubMessage } from '../../attention/attention-hub.js';
import { assertAttentionResumable, attentionHead, readAttentionEvents, type AttentionNotice } from '../../attention/attention-log.js';
import { ResumeTooOldError } from '../../changes/change-log-reader.js';
import { logger } from '../../lib/logger.js';
import { subscriptionsActive } from '../../lib/metrics.js';
import { CLOSE_SLOW_CONSUMER, MAX_BUFFERED_BYTES, MAX_QUEUED_EVENTS } from './change-stream.js';
import { PushIterator } from './push-iterator.js';

const SUBSCRIBE_WAIT_MS = 3_000;
const REPLAY_PAGE_WAIT = 100;
const KIND = 'ATTENTION';

export type AttentionStreamOptions = {
  threePLId: string;
  /** Brands asked for (null: every brand the subscriber may read). */
  brandIds: string[] | null;
  afterSequence: bigint | null;
  /** Re-checks the subscriber's key; resolves to the brands it may read now (null: all of the 3PL). Throws to end the stream. */
  authorize: () => Promise<string[] | null>;
  socket?: WebSocket | null;
  hub?: AttentionHub;
};

const withTimeout = (p: Promise<void>, ms: number) => Promise.race([p, new Promise<void>((resolve) => setTimeout(resolve, ms).unref())]);

/** The brands both asked for and allowed (null: no limit). */
export function brandScope(asked: string[] | null, allowed: string[] | null): string[] | null {
  if (asked === null) return allowed;
  if (allowed === null) return asked;
  const ok = new Set(allowed);
  return asked.filter((id) => ok.has(id));
}

export async function openAttentionStream(options: AttentionStreamOptions): Promise<AsyncIterableIterator<AttentionNotice>> {
  const { threePLId, socket } = options;
  const hub = options.hub ?? attentionHub;
  let cursor = 0n;
  let scope: Set<string> | null = null;
  let openGate!: () => void;
  let chain: Promise<void> = new Promise<void>((resolve) => (openGate = resolve));

  const iterator = new PushIterator<AttentionNotice>(MAX_QUEUED_EVENTS + 1, () => {
    subscription.off();
    subscriptionsActive.dec({ kind: KIND });
  });

  const rescope = async () => {
    const allowed = brandScope(options.brandIds, await options.authorize());
    scope = allowed === null ? null : new Set(allowed);
  };

  const emit = (n: AttentionNotice) => {
    if (iterator.closed || (scope !== null && !scope.has(n.brandId))) return;
    if (iterator.size >= MAX_QUEUED_EVENTS || (socket?.bufferedAmount ?? 0) > MAX_BUFFERED_BYTES) {
      iterator.fail(new GraphQLError('Subscriber is too slow; resubscribe with afterSequence', { extensions: { code: 'SLOW_CONSUMER' } }));
      logger.warn('dropping a slow attention subscriber', { threePLId });
      if (socket && socket.readyState === socket.OPEN) socket.close(CLOSE_SLOW_CONSUMER, 'Slow consumer');
      return;
    }
    iterator.push(n);
  };

  const fill = async (upTo: bigint) => {
    for await (const page of readAttentionEvents(threePLId, cursor, upTo, scope ? [...scope] : null)) for (const n of page) emit(n);
    cursor = upTo;
  };

  const handle = async (message: AttentionHubMessage) => {
    if (iterator.closed) return;
    await rescope();
    if (message.type === 'resync') {
      const latest = await attentionHead(threePLId);
      if (latest !== null && latest > cursor) await fill(latest);
      return;
    }
    const notices = [...message.notices].sort((a, b) => (BigInt(a.sequence) < BigInt(b.sequence) ? -1 : 1));
    for (const n of notices) {
      const seq = BigInt(n.sequence);
      if (seq <= cursor) continue;
      if (seq === cursor + 1n) {
        emit(n);
        cursor = seq;
      } else {
        await fill(seq);
      }
    }
  };

  const enqueue = (message: AttentionHubMessage) => {
    chain = chain
      .then(() => handle(message))
      .catch((error) => iterator.fail(error instanceof GraphQLError ? error : new GraphQLError('Attention stream interrupted; resubscribe with afterSequence', { extensions: { code: 'STREAM_INTERRUPTED' } })));
  };

  const subscription = hub.subscribe(threePLId, enqueue);
  subscriptionsActive.inc({ kind: KIND });
  let head: bigint;
  try {
    await rescope();
    await withTimeout(subscription.ready, SUBSCRIBE_WAIT_MS);
    const current = await attentionHead(threePLId);
    if (current === null) throw new GraphQLError('Not found', { extensions: { code: 'NOT_FOUND' } });
    head = current;
    if (options.afterSequence !== null) await assertAttentionResumable(threePLId, options.afterSequence, head);
  } catch (error) {
    void iterator.return();
    if (error instanceof ResumeTooOldError) {
      throw new GraphQLError(error.message, { extensions: { code: 'RESUME_TOO_OLD', oldestSequence: error.oldestSequence } });
    }
    throw error;
  }

  const after = options.afterSequence;
  void (async () => {
    if (after !== null && after < head) {
      for await (const page of readAttentionEvents(threePLId, after, head, scope ? [...scope] : null)) {
        for (const n of page) if (!iterator.closed) iterator.push(n);
        await iterator.waitBelow(REPLAY_PAGE_WAIT);
        if (iterator.closed) return;
      }
    }
    cursor = after !== null && after > head ? after : head;
  })().then(openGate, (error) => {
    iterator.fail(new GraphQLError('Could not replay missed attention events; resubscribe with afterSequence', { extensions: { code: 'STREAM_INTERRUPTED' } }));
    logger.warn('attention replay failed', { threePLId, error });
  });
  return iterator;
}

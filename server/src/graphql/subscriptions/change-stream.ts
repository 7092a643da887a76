// One GraphQL subscription's stream of changes of one kind for one or more brands: first what the
// client missed (afterSequence, single brand only) from change_log, then live notices from the hub,
// without gaps or duplicates. Sequences are per brand, so each brand keeps its own cursor and its
// own queue of hub messages (a gap fill of one brand never holds up another). Live notices are
// buffered while the replay runs; anything at or below the brand's cursor is a duplicate; a jump
// past cursor + 1 (a lost or reordered notice) is filled from change_log.
import { GraphQLError } from 'graphql';
import type { WebSocket } from 'ws';
import type { ChangeKind } from '../../generated/prisma/enums.js';
import { logger } from '../../lib/logger.js';
import { subscriptionsActive } from '../../lib/metrics.js';
import type { ChangeNotice } from '../../changes/change-log.js';
import { changeHub, type ChangeHub, type HubMessage } from '../../changes/change-hub.js';
import { assertResumable, headSequence, headSequences, readAllChanges, ResumeTooOldError } from '../../changes/change-log-reader.js';
import { PushIterator } from './push-iterator.js';

export const CLOSE_SLOW_CONSUMER = 4008;
/** Events waiting for one subscription before its client counts as too slow. */
export const MAX_QUEUED_EVENTS = 1_000;
/** Bytes waiting in a socket's send buffer before its client counts as too slow. */
export const MAX_BUFFERED_BYTES = 4 * 1024 * 1024;
const SUBSCRIBE_WAIT_MS = 3_000;
const REPLAY_PAGE_WAIT = 100;

export type ChangeStreamOptions = {
  /** The brands to follow (their channels are subscribed for the life of the stream). */
  brandIds: string[];
  kind: ChangeKind;
  /** Resume point; only with exactly one brand (sequences are per brand). */
  afterSequence: bigint | null;
  /** Re-checks the subscriber's key and its access to the brand of a message; throws to end the stream. */
  authorize: (brandId: string) => Promise<unknown>;
  /** The client's socket (graphql-ws), for the send-buffer check. */
  socket?: WebSocket | null;
  hub?: ChangeHub;
};

type BrandStream = { cursor: bigint; chain: Promise<void> };

const withTimeout = (p: Promise<unknown>, ms: number) =>
  Promise.race([p.then(() => undefined), new Promise<void>((resolve) => setTimeout(resolve, ms).unref())]);

export async function openChangeStream(options: ChangeStreamOptions): Promise<AsyncIterableIterator<ChangeNotice>> {
  const { kind, socket } = options;
  const brandIds = [...new Set(options.brandIds)];
  const after = options.afterSequence;
  if (after !== null && brandIds.length !== 1) throw new Error('afterSequence needs exactly one brand');
  const hub = options.hub ?? changeHub;
  // Live messages queue behind `gate`, which opens once the replay has been handed over.
  let openGate!: () => void;
  const gate = new Promise<void>((resolve) => (openGate = resolve));
  const brands = new Map<string, BrandStream>(brandIds.map((id) => [id, { cursor: 0n, chain: gate }]));

  const iterator = new PushIterator<ChangeNotice>(MAX_QUEUED_EVENTS + 1, () => {
    for (const s of subscriptions) s.off();
    subscriptionsActive.dec({ kind });
  });

  const dropSlowConsumer = () => {
    iterator.fail(new GraphQLError('Subscriber is too slow; resubscribe with afterSequence', { extensions: { code: 'SLOW_CONSUMER' } }));
    logger.warn('dropping a slow subscriber', { brandId: brandIds[0], brands: brandIds.length, kind });
    if (socket && socket.readyState === socket.OPEN) socket.close(CLOSE_SLOW_CONSUMER, 'Slow consumer');
  };

  const emit = (n: ChangeNotice) => {
    if (n.kind !== kind || iterator.closed) return;
    if (iterator.size >= MAX_QUEUED_EVENTS || (socket?.bufferedAmount ?? 0) > MAX_BUFFERED_BYTES) return dropSlowConsumer();
    iterator.push(n);
  };

  const fill = async (brandId: string, state: BrandStream, upTo: bigint) => {
    for await (const page of readAllChanges(brandId, state.cursor, upTo)) {
      for (const n of page) emit(n);
      state.cursor = BigInt(page[page.length - 1].sequence);
    }
  };

  const handle = async (brandId: string, state: BrandStream, message: HubMessage) => {
    if (iterator.closed) return;
    await options.authorize(brandId);
    if (message.type === 'resync') {
      const latest = await headSequence(brandId, true);
      if (latest !== null && latest > state.cursor) await fill(brandId, state, latest);
      return;
    }
    const notices = [...message.notices].sort((a, b) => (BigInt(a.sequence) < BigInt(b.sequence) ? -1 : 1));
    for (const n of notices) {
      const seq = BigInt(n.sequence);
      if (seq <= state.cursor) continue; // duplicate (replayed, or re-published by the relay)
      if (seq === state.cursor + 1n) {
        emit(n);
        state.cursor = seq;
      } else {
        await fill(brandId, state, seq); // sequences are commit-ordered: everything up to seq is committed
      }
    }
  };

  const enqueue = (brandId: string) => (message: HubMessage) => {
    const state = brands.get(brandId)!;
    state.chain = state.chain
      .then(() => handle(brandId, state, message))
      .catch((error) => iterator.fail(error instanceof GraphQLError ? error : new GraphQLError('Change stream interrupted; resubscribe with afterSequence', { extensions: { code: 'STREAM_INTERRUPTED' } })));
  };

  const subscriptions = brandIds.map((brandId) => hub.subscribe(brandId, enqueue(brandId)));
  subscriptionsActive.inc({ kind });
  let heads: Map<string, bigint>;
  try {
    // With Redis down the stream still starts; live notices follow once the hub reconnects.
    await withTimeout(Promise.all(subscriptions.map((s) => s.ready)), SUBSCRIBE_WAIT_MS);
    heads = await headSequences(brandIds);
    if (heads.size < brandIds.length) throw new GraphQLError('Brand not found', { extensions: { code: 'NOT_FOUND' } });
    if (after !== null) await assertResumable(brandIds[0], after, heads.get(brandIds[0])!);
  } catch (error) {
    void iterator.return();
    throw error instanceof ResumeTooOldError ? resumeTooOld(error) : error;
  }

  // The replay runs while the client consumes, one page at a time, so a long history never
  // trips the slow-consumer limit.
  void (async () => {
    if (after !== null) {
      const head = heads.get(brandIds[0])!;
      if (after < head) {
        for await (const page of readAllChanges(brandIds[0], after, head, kind)) {
          for (const n of page) if (!iterator.closed) iterator.push(n);
          await iterator.waitBelow(REPLAY_PAGE_WAIT);
          if (iterator.closed) return;
        }
      }
    }
    for (const [brandId, state] of brands) {
      const head = heads.get(brandId)!;
      state.cursor = after !== null && after > head ? after : head;
    }
  })().then(openGate, (error) => {
    iterator.fail(new GraphQLError('Could not replay missed changes; resubscribe with afterSequence', { extensions: { code: 'STREAM_INTERRUPTED' } }));
    logger.warn('change replay failed', { brandId: brandIds[0], error });
  });
  return iterator;
}

/** The change log's refusal in the API's terms (changes/ stays free of GraphQL). */
function resumeTooOld(error: ResumeTooOldError): GraphQLError {
  return new GraphQLError(error.message, { extensions: { code: 'RESUME_TOO_OLD', oldestSequence: error.oldestSequence } });
}

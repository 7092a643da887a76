// Resume bookkeeping for live subscriptions. Every change event carries a per-brand, commit-ordered
// `sequence` (a bigint as a decimal string). We remember the highest one seen; when the socket drops
// and graphql-ws re-sends the subscription, it goes out with `afterSequence` set to that value, so the
// server replays what we missed from its change log. The first subscribe already carries a cursor when
// the caller passes one (live/useChangeCursor.ts), closing the gap between the list query and it. Replays may overlap what we already saw, so
// events at or below the cursor are dropped. Pure module: no React, no socket.

export type ResumeState = {
  /** Highest sequence delivered so far, or null before the first event. */
  readonly cursor: string | null;
  /** The variables to send right now (the caller's, plus afterSequence once we have a cursor). */
  variables(): Record<string, unknown>;
  /** Records an event's sequence; false means it is a duplicate (or older) and must be dropped. */
  accept(sequence: string | null | undefined): boolean;
};

const DECIMAL = /^\d{1,30}$/;

/** Compares two non-negative decimal strings without losing precision past 2^53. */
export function compareSequence(a: string, b: string): number {
  const x = BigInt(a);
  const y = BigInt(b);
  return x === y ? 0 : x > y ? 1 : -1;
}

/**
 * `base.afterSequence` (when a decimal) is the initial cursor: the brand's changeSequence read
 * before the list data, so the first subscribe replays anything committed in between. From then on
 * the cursor is ours and `base.afterSequence` is never sent again as given.
 */
export function createResumeState(base: Record<string, unknown> | undefined, initialCursor: string | null = null): ResumeState {
  const { afterSequence: given, ...rest } = base ?? {};
  let cursor = initialCursor ?? (given != null && DECIMAL.test(String(given)) ? String(given) : null);
  return {
    get cursor() {
      return cursor;
    },
    variables() {
      return cursor === null ? { ...rest } : { ...rest, afterSequence: cursor };
    },
    accept(sequence) {
      // Events without a usable sequence cannot be ordered; pass them through untouched.
      if (sequence == null || !DECIMAL.test(String(sequence))) return true;
      const seq = String(sequence);
      if (cursor !== null && compareSequence(seq, cursor) <= 0) return false;
      cursor = seq;
      return true;
    },
  };
}

/** The `sequence` of a subscription result: the first root field's `sequence`, if any. */
export function sequenceOf(data: unknown): string | null {
  if (!data || typeof data !== 'object') return null;
  for (const value of Object.values(data as Record<string, unknown>)) {
    if (value && typeof value === 'object' && 'sequence' in value) {
      const seq = (value as { sequence: unknown }).sequence;
      return seq == null ? null : String(seq);
    }
  }
  return null;
}

export type SubscribePayload = { query: string; operationName?: string | null; variables?: Record<string, unknown> | null; extensions?: Record<string, unknown> | null };

/**
 * A graphql-ws payload whose `variables` are read at send time. graphql-ws keeps the payload
 * object and stringifies it again on every reconnect, so an enumerable getter makes each resend
 * carry the latest cursor without tearing the subscription down.
 */
export function resumablePayload(request: SubscribePayload, state: ResumeState): SubscribePayload {
  const declaresCursor = /\$afterSequence\b/.test(request.query);
  const payload: SubscribePayload = { query: request.query, operationName: request.operationName ?? undefined, extensions: request.extensions ?? undefined };
  Object.defineProperty(payload, 'variables', {
    enumerable: true,
    get: () => (declaresCursor ? state.variables() : { ...(request.variables ?? {}) }),
  });
  return payload;
}

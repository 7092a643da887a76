// One WMS write from a form: its idempotency key, its busy state and its outcome.
//
// The key is drawn when the form opens and kept for every retry of the same write: a double click
// sends nothing twice (a second submit while one is in flight is ignored), and a retry after a
// lost answer (network error, UNAVAILABLE) goes out under the same key, so the WMS acts at most
// once. A new key is drawn only when it cannot create a second record: after a success (the
// next write is another one), or when the inputs changed after a refusal that says nothing was
// done (INVALID, NOT_FOUND, REJECTED…; a WMS may remember the refused request under its key). After
// an answer in doubt the key stays even if the inputs change: should the first attempt have gone
// through, the API answers IDEMPOTENCY_KEY_REUSED instead of writing twice, and the form offers to
// send the new values as a new write (startOver) once the person has checked.
import { useCallback, useRef, useState } from 'react';
import { useMutation, type AnyVariables, type TypedDocumentNode } from 'urql';
import { errorMessage } from '../../app/ui';
import type { FieldError } from './field-errors';
import { newIdempotencyKey } from './idempotency';

/** Refusals after which the write certainly did not happen (UNAVAILABLE and IDEMPOTENCY_KEY_REUSED leave it open). */
const NOTHING_DONE = new Set(['INVALID', 'NOT_FOUND', 'NOT_CONNECTED', 'ACTION_NOT_AVAILABLE', 'REJECTED']);

/** What a form's previous request sent (its variables without the key) and whether its answer said nothing was done. */
export type LastAttempt = { sent: string; nothingDone: boolean };

/** The key for the next attempt: the same one, unless the last attempt certainly did nothing and the inputs changed since. */
export function keyForAttempt(last: LastAttempt | null, sent: string, key: string, draw: () => string = newIdempotencyKey): string {
  return last?.nothingDone && last.sent !== sent ? draw() : key;
}

/** Whether an answer says the write certainly did not happen. */
export const nothingDone = (outcome: WriteOutcome<unknown>) =>
  outcome.status === 'refused' && outcome.errors.length > 0 && outcome.errors.every((e) => e.code !== undefined && NOTHING_DONE.has(e.code));

export type WritePayload<R> = { record: R | null | undefined; replayed: boolean; userErrors: readonly FieldError[] };

export type WriteOutcome<R> =
  | { status: 'idle' }
  | { status: 'busy' }
  | { status: 'done'; record: R | null; replayed: boolean }
  /** Refused (userErrors or the form's own checks): nothing was written, except possibly for UNAVAILABLE. */
  | { status: 'refused'; errors: FieldError[] }
  /** No answer (network) or a request-level error: the write may or may not have happened. */
  | { status: 'failed'; message: string };

export function useWrite<Data, Variables extends AnyVariables, R>(document: TypedDocumentNode<Data, Variables>, pick: (data: Data) => WritePayload<R>) {
  const [key, setKey] = useState(newIdempotencyKey);
  const [outcome, setOutcome] = useState<WriteOutcome<R>>({ status: 'idle' });
  const [, execute] = useMutation(document);
  const inFlight = useRef(false);
  /** What the last request sent (its variables without the key) and whether its answer said nothing was done. */
  const last = useRef<LastAttempt | null>(null);

  const submit = useCallback(
    async (variables: (idempotencyKey: string) => Variables): Promise<WriteOutcome<R>> => {
      if (inFlight.current) return { status: 'busy' };
      inFlight.current = true;
      const sent = JSON.stringify(variables(''));
      const useKey = keyForAttempt(last.current, sent, key);
      if (useKey !== key) setKey(useKey);
      setOutcome({ status: 'busy' });
      let next: WriteOutcome<R>;
      try {
        const result = await execute(variables(useKey));
        if (result.error || !result.data) {
          next = { status: 'failed', message: result.error ? errorMessage(result.error) : 'Packr gave no answer.' };
        } else {
          const payload = pick(result.data);
          next = payload.userErrors.length > 0 ? { status: 'refused', errors: [...payload.userErrors] } : { status: 'done', record: payload.record ?? null, replayed: payload.replayed };
        }
      } catch (error) {
        next = { status: 'failed', message: (error as Error).message || 'Could not reach Packr.' };
      }
      inFlight.current = false;
      last.current = { sent, nothingDone: nothingDone(next) };
      setOutcome(next);
      return next;
    },
    [execute, key, pick],
  );

  /** The form's own checks failed: show them like userErrors (nothing was sent). */
  const refuse = useCallback((errors: FieldError[]) => setOutcome({ status: 'refused', errors }), []);

  /** A new write with a new key (after a success, or when the person chose to send changed values as a new write). */
  const startOver = useCallback(() => {
    setKey(newIdempotencyKey());
    last.current = null;
    setOutcome({ status: 'idle' });
  }, []);

  return { key, outcome, submit, refuse, startOver, busy: outcome.status === 'busy' };
}

/** Whether an outcome leaves the write in doubt, so a retry (same key) is what to offer. */
export function inDoubt(outcome: WriteOutcome<unknown>): boolean {
  return outcome.status === 'failed' || (outcome.status === 'refused' && outcome.errors.some((e) => e.code === 'UNAVAILABLE'));
}

export const keyReused = (outcome: WriteOutcome<unknown>) => outcome.status === 'refused' && outcome.errors.some((e) => e.code === 'IDEMPOTENCY_KEY_REUSED');

// Time spent waiting for the shared Trackstar rate limiter, credited to whatever is running: a sync
// run opens a scope and every request made inside it, prefetches included, adds its waits there.
// AsyncLocalStorage rather than a parameter, because the waits happen deep inside the one
// Trackstar client, which serves callers that have nothing to credit.
import { AsyncLocalStorage } from 'node:async_hooks';

export type RateLimitWaitSink = { addRateLimitWait(ms: number): void };

const scope = new AsyncLocalStorage<RateLimitWaitSink>();

/** Runs `work` with its rate-limit waits credited to `sink`. */
export function creditingRateLimitWaits<T>(sink: RateLimitWaitSink, work: () => Promise<T>): Promise<T> {
  return scope.run(sink, work);
}

/** Called by the Trackstar client after each wait for a request slot. */
export function recordRateLimitWait(ms: number): void {
  if (ms > 0) scope.getStore()?.addRateLimitWait(ms);
}

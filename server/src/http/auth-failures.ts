// The limit on refused credentials per source address (AUTH_FAILURES_PER_MINUTE), for every way a
// key is presented: GraphQL over HTTP (app.ts), graphql-ws connection_init (ws.ts), /metrics and
// the queue board's sign-in and session cookie (admin/admin-route.ts).
// Only a presented-and-refused credential counts; a request without one costs no key lookup and
// is answered 401 as before. Once an address is over, it gets 429 for the rest of the window
// before any lookup is made (valid key or not): a guesser learns nothing more, and each guess no
// longer costs a database round trip.
import type { IncomingMessage } from 'node:http';
import { GraphQLError } from 'graphql';
import { FailureLimiter, type FailureVerdict } from '../lib/failure-limiter.js';
import { authFailures, rateLimited } from '../lib/metrics.js';
import { clientAddress } from './client-address.js';
import { respondAndDiscardBody } from './discard-body.js';
import { pathOf, sendJson, type NodeRoute } from './node-route.js';

export type AuthTransport = 'http' | 'ws' | 'metrics' | 'admin';

export class AuthFailureGuard {
  constructor(
    private readonly limiter: FailureLimiter,
    private readonly trustedProxyHops: number,
  ) {}

  static create(options: { perMinute: number; trustedProxyHops: number; name?: string }): AuthFailureGuard {
    return new AuthFailureGuard(new FailureLimiter({ name: options.name ?? 'auth', perWindow: options.perMinute }), options.trustedProxyHops);
  }

  /**
   * Seconds the caller must wait when its address is known to be over the limit (the refusal is
   * counted in metrics), else 0. No I/O: safe on every request. Unknown addresses (in-process
   * calls) are never blocked.
   */
  refuseIfBlocked(req: IncomingMessage | undefined): number {
    const address = clientAddress(req, this.trustedProxyHops);
    const wait = address === null ? 0 : this.limiter.blockedFor(address);
    if (wait > 0) rateLimited.inc({ limit: 'auth' });
    return wait;
  }

  /** Counts one refused credential of the caller; `limited` means answer 429 instead of 401. */
  async recordFailure(req: IncomingMessage | undefined, transport: AuthTransport): Promise<FailureVerdict | null> {
    authFailures.inc({ transport });
    const address = clientAddress(req, this.trustedProxyHops);
    if (address === null) return null;
    const verdict = await this.limiter.recordFailure(address);
    if (verdict.limited) rateLimited.inc({ limit: 'auth' });
    return verdict;
  }
}

/** The GraphQL error for a limited address: HTTP 429 with retry-after (Yoga applies extensions.http). */
export function tooManyAuthFailures(retryAfterSeconds: number): GraphQLError {
  return new GraphQLError(`Too many failed authentication attempts from this address; retry after ${retryAfterSeconds} s`, {
    extensions: { code: 'RATE_LIMITED', http: { status: 429, headers: { 'retry-after': String(retryAfterSeconds) } } },
  });
}

/**
 * A node route turning away a blocked address before Yoga runs (no parsing, no key lookup). It
 * only ever answers for blocked addresses; everyone else falls through at the cost of a Map lookup.
 */
export function authLockoutRoute(guard: AuthFailureGuard, graphqlPath: string): NodeRoute {
  return (req, res) => {
    if (pathOf(req.url) !== graphqlPath) return false;
    const wait = guard.refuseIfBlocked(req);
    if (wait === 0) return false;
    const error = tooManyAuthFailures(wait);
    respondAndDiscardBody(req, res, () =>
      sendJson(res, 429, { errors: [{ message: error.message, extensions: { code: 'RATE_LIMITED' } }] }, { 'retry-after': String(wait) }),
    );
    return true;
  };
}

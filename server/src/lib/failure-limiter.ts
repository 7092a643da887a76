// Counts failures (refused API keys, refused webhooks) per source address in a fixed window kept in
// Redis, so every API instance shares one count. Only failures touch Redis: a successful request
// never waits for it. An address found over its limit is also remembered in this process until its
// window ends, so callers can turn it away before doing any work (blockedFor: a Map lookup).
import type { Redis } from 'ioredis';
import { createRedis } from '../redis.js';
import { logger } from './logger.js';

// INCR and, on the first failure of a window, start the window's clock. PTTL is returned so every
// instance tells the client the same retry-after. A key that somehow lost its expiry gets one.
const COUNT_FAILURE = `
local n = redis.call('INCR', KEYS[1])
if n == 1 then redis.call('PEXPIRE', KEYS[1], ARGV[1]) end
local ttl = redis.call('PTTL', KEYS[1])
if ttl < 0 then
  redis.call('PEXPIRE', KEYS[1], ARGV[1])
  ttl = tonumber(ARGV[1])
end
return {n, ttl}
`;

export type FailureVerdict = {
  /** Failures of this address in the current window, this one included. */
  count: number;
  /** Over the limit: answer 429. */
  limited: boolean;
  /** Whole seconds until the window ends (for retry-after). */
  retryAfterSeconds: number;
};

export type FailureLimiterOptions = {
  /** Part of the Redis key: limiters with different names never share counts. */
  name: string;
  /** Failures allowed per address per window; the next one is limited. */
  perWindow: number;
  windowMs?: number;
  /** Defaults to one connection shared by every limiter of the process (limiterRedis). */
  redis?: () => Redis;
};

// Addresses remembered as blocked; past this many the oldest is forgotten (it is still counted in
// Redis, so it is blocked again on its next failure).
const MAX_REMEMBERED = 10_000;

export class FailureLimiter {
  readonly name: string;
  readonly perWindow: number;
  readonly windowMs: number;
  private readonly redis: () => Redis;
  private readonly blockedUntil = new Map<string, number>();

  constructor(options: FailureLimiterOptions) {
    this.name = options.name;
    this.perWindow = options.perWindow;
    this.windowMs = options.windowMs ?? 60_000;
    this.redis = options.redis ?? limiterRedis;
  }

  /** Seconds this process knows the address must still wait, or 0. No I/O. */
  blockedFor(address: string, now = Date.now()): number {
    const until = this.blockedUntil.get(address);
    if (until === undefined) return 0;
    if (until <= now) {
      this.blockedUntil.delete(address);
      return 0;
    }
    return Math.max(1, Math.ceil((until - now) / 1000));
  }

  /**
   * Counts one failure of the address. With Redis unreachable it fails open (never limited): the
   * limit protects the service, and refusing every caller because Redis is down would not.
   */
  async recordFailure(address: string): Promise<FailureVerdict> {
    let count: number;
    let ttlMs: number;
    try {
      const reply = (await this.redis().eval(COUNT_FAILURE, 1, this.key(address), this.windowMs)) as [number, number];
      [count, ttlMs] = [Number(reply[0]), Number(reply[1])];
    } catch (error) {
      logger.warn('failure limiter unavailable; not limiting', { limiter: this.name, error });
      return { count: 0, limited: false, retryAfterSeconds: 0 };
    }
    const limited = count > this.perWindow;
    if (limited) this.remember(address, Date.now() + ttlMs);
    return { count, limited, retryAfterSeconds: Math.max(1, Math.ceil(ttlMs / 1000)) };
  }

  private key(address: string): string {
    return `packr:failures:${this.name}:${address}`;
  }

  private remember(address: string, until: number): void {
    this.blockedUntil.delete(address);
    if (this.blockedUntil.size >= MAX_REMEMBERED) {
      const oldest = this.blockedUntil.keys().next().value;
      if (oldest !== undefined) this.blockedUntil.delete(oldest);
    }
    this.blockedUntil.set(address, until);
  }
}

let shared: Redis | null = null;

/**
 * The limiters' Redis connection, opened on the first failure. Commands wait briefly for the
 * connection (offline queue, 1 s timeout) rather than failing at start-up, and never longer.
 */
export function limiterRedis(): Redis {
  shared ??= createRedis('cache', { enableOfflineQueue: true, commandTimeout: 1_000 });
  return shared;
}

/** Closes the shared connection (shutdown, end of a test file). */
export async function closeLimiterRedis(): Promise<void> {
  const client = shared;
  shared = null;
  if (client) await client.quit().catch(() => client.disconnect());
}

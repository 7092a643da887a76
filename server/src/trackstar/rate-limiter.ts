// Per-access-token token bucket in Redis, shared by every worker process (BullMQ's limiter is per
// queue, not per key: STACK.md §6). A caller reserves a token and is told how long to wait for it;
// reservations queue up (the bucket may go negative), so concurrent callers are spaced evenly
// instead of polling. Redis' own clock is used so processes with skewed clocks agree.
import { createHash } from 'node:crypto';
import type { Redis } from 'ioredis';

const RESERVE = `
local key = KEYS[1]
local rate = tonumber(ARGV[1])
local burst = tonumber(ARGV[2])
local penaltyMs = tonumber(ARGV[3])
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local state = redis.call('HMGET', key, 'tokens', 'ts')
local tokens = tonumber(state[1])
local ts = tonumber(state[2])
if tokens == nil then tokens = burst; ts = now end
tokens = math.min(burst, tokens + (now - ts) * rate / 1000)
if penaltyMs > 0 then
  -- Upstream said 429: nobody gets a token before penaltyMs from now.
  tokens = math.min(tokens, -penaltyMs * rate / 1000)
  redis.call('HSET', key, 'tokens', tokens, 'ts', now)
  redis.call('PEXPIRE', key, 60000 + penaltyMs)
  return 0
end
tokens = tokens - 1
redis.call('HSET', key, 'tokens', tokens, 'ts', now)
local wait = 0
if tokens < 0 then wait = math.ceil(-tokens * 1000 / rate) end
redis.call('PEXPIRE', key, 60000 + wait)
return wait
`;

/**
 * Share of Trackstar's per-token limits (10 GET/s, 50 writes/s) that Packr spends by default.
 * 90 %, not 80 %: a backfill is paced by this limiter, so every point of share given up below
 * Trackstar's own limit stretches it in proportion (at 80 % it takes 10/8 of the upstream floor,
 * pages / 10 s). 9/s is still safe: the bucket is shared by every process through Redis,
 * its burst is small, the sandbox enforces 10/s like Trackstar, and a 429's retry-after is
 * honoured (penalize). Override per client with TrackstarConfig.readsPerSecond / writesPerSecond.
 */
export const DEFAULT_UPSTREAM_SHARE = 0.9;

export type RateLimiterOptions = {
  /** Sustained requests per second. */
  ratePerSecond: number;
  /** Tokens that may be spent at once after idling. Keep small: burst + rate must stay under the upstream limit in any second. */
  burst: number;
  /** Longest single wait handed out; beyond it the caller gets an error instead (a runaway queue). */
  maxWaitMs?: number;
};

export class RateLimitWaitTooLong extends Error {}

export class TokenBucket {
  constructor(
    private readonly redis: Redis,
    private readonly name: string,
    private readonly options: RateLimiterOptions,
  ) {}

  /** Redis key per access token: a hash, so the token itself never lands in Redis. */
  private key(accessToken: string): string {
    const digest = createHash('sha256').update(accessToken).digest('hex').slice(0, 32);
    return `packr:ratelimit:${this.name}:${digest}`;
  }

  /** Reserves one request slot; returns how long the caller must wait before sending (ms). */
  async reserve(accessToken: string): Promise<number> {
    const wait = Number(await this.redis.eval(RESERVE, 1, this.key(accessToken), this.options.ratePerSecond, this.options.burst, 0));
    if (this.options.maxWaitMs !== undefined && wait > this.options.maxWaitMs) {
      throw new RateLimitWaitTooLong(`rate limiter queue is ${wait} ms long`);
    }
    return wait;
  }

  /** Waits until a request may be sent; returns how long it waited (ms). */
  async acquire(accessToken: string): Promise<number> {
    const wait = await this.reserve(accessToken);
    if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
    return wait;
  }

  /** Upstream answered 429: hold every process off this token for `ms`. */
  async penalize(accessToken: string, ms: number): Promise<void> {
    await this.redis.eval(RESERVE, 1, this.key(accessToken), this.options.ratePerSecond, this.options.burst, Math.max(1, Math.round(ms)));
  }
}

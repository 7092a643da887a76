// Trackstar's limits: per access token, 10 GET/s and 50 writes/s, as token buckets. Every answer
// carries the limit and the remaining budget; a 429 also says when to retry.
import { RATE_LIMIT_HEADERS, RATE_LIMITS } from '../../trackstar-contract/contract.js';

export type RateLimitOptions = false | { read?: number; write?: number };
export type HeaderStyle = 'current' | 'legacy';
type Bucket = { tokens: number; last: number };

export class RateLimiter {
  private readonly buckets = new Map<string, Bucket>();
  private readonly limits: { read: number; write: number } | null;

  constructor(options: RateLimitOptions | undefined, private readonly style: HeaderStyle, private readonly now: () => number) {
    this.limits = options === false ? null : { ...RATE_LIMITS, ...options };
  }

  /** Takes one token; returns the headers to send and whether the request may proceed. */
  take(accessToken: string, kind: 'read' | 'write'): { ok: boolean; headers: Record<string, string> } {
    if (!this.limits) return { ok: true, headers: {} };
    const limit = this.limits[kind];
    const key = `${kind}:${accessToken}`;
    const now = this.now();
    const b = this.buckets.get(key) ?? { tokens: limit, last: now };
    b.tokens = Math.min(limit, b.tokens + ((now - b.last) / 1000) * limit);
    b.last = now;
    this.buckets.set(key, b);
    const ok = b.tokens >= 1;
    if (ok) b.tokens -= 1;
    const retryAfter = ok ? 0 : Math.max(1, Math.ceil((1 - b.tokens) / limit));
    return { ok, headers: this.headers(limit, Math.floor(b.tokens), now + ((limit - b.tokens) / limit) * 1000, ok ? undefined : retryAfter) };
  }

  /** Headers for a 429 the sandbox forces (rate_limit_storm fault). */
  storm(kind: 'read' | 'write'): Record<string, string> {
    const limit = this.limits?.[kind] ?? RATE_LIMITS[kind];
    return this.headers(limit, 0, this.now() + 1000, 1);
  }

  private headers(limit: number, remaining: number, resetMs: number, retryAfter?: number): Record<string, string> {
    const names = RATE_LIMIT_HEADERS[this.style];
    const h: Record<string, string> = {
      [names.limit]: String(limit),
      [names.remaining]: String(Math.max(0, remaining)),
      [names.reset]: String(Math.ceil(resetMs / 1000)),
    };
    if (retryAfter !== undefined) h[names.retryAfter] = String(retryAfter);
    return h;
  }

  forget(accessToken: string): void {
    this.buckets.delete(`read:${accessToken}`);
    this.buckets.delete(`write:${accessToken}`);
  }
}

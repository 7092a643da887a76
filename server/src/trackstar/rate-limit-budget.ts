// The rate-limit budget Trackstar last reported for a connection: every answer carries the limit
// per second, what is left of it and when it resets (`x-ratelimit-*`, or `x-rate-limit-*` as the
// 2025 docs spelled it). The worker's client records the last one seen per access token and kind
// (reads and writes have separate budgets) in Redis; the health report reads it back. Keyed by a
// hash of the token, like the rate limiter, so no token lands in Redis.
import { createHash } from 'node:crypto';
import type { Redis } from 'ioredis';
import { RATE_LIMIT_HEADERS } from '../../../trackstar-contract/contract.js';

export type BudgetKind = 'read' | 'write';
export type RateLimitBudget = {
  /** Requests allowed per second. */
  limit: number;
  remaining: number;
  /** When the budget refills, as Trackstar stated it (null when it did not say). */
  resetsAt: Date | null;
  observedAt: Date;
};

/** An observation outlives any reset window many times over; older ones say nothing current. */
const TTL_MS = 60 * 60_000;

type Headers = Record<string, string | string[] | undefined>;

const budgetKey = (kind: BudgetKind, accessToken: string) =>
  `packr:ratelimit-budget:${kind}:${createHash('sha256').update(accessToken).digest('hex').slice(0, 32)}`;

function first(headers: Headers, name: string): string | null {
  const value = headers[name];
  return (Array.isArray(value) ? value[0] : value) ?? null;
}

const count = (value: string | null) => {
  const n = value === null || value.trim() === '' ? NaN : Number(value);
  return Number.isInteger(n) && n >= 0 ? n : null;
};

/**
 * The budget a response states, in either spelling; null when it states none (a response
 * without limit and remaining, or with values that are not counts). The reset is epoch seconds.
 */
export function budgetFromHeaders(headers: Headers, observedAt = new Date()): RateLimitBudget | null {
  for (const names of [RATE_LIMIT_HEADERS.current, RATE_LIMIT_HEADERS.legacy]) {
    const limit = count(first(headers, names.limit));
    const remaining = count(first(headers, names.remaining));
    if (limit === null || remaining === null) continue;
    const reset = Number(first(headers, names.reset));
    const resetsAt = Number.isFinite(reset) && reset > 0 ? new Date(reset * 1000) : null;
    return { limit, remaining, resetsAt, observedAt };
  }
  return null;
}

/** Fire and forget: a missed observation only makes the shown budget a little older. */
export function recordBudget(redis: Redis, kind: BudgetKind, accessToken: string, headers: Headers): void {
  const budget = budgetFromHeaders(headers);
  if (!budget) return;
  const value = JSON.stringify({ limit: budget.limit, remaining: budget.remaining, resetsAt: budget.resetsAt?.toISOString() ?? null, observedAt: budget.observedAt.toISOString() });
  redis.set(budgetKey(kind, accessToken), value, 'PX', TTL_MS).catch(() => {});
}

/** The last budget recorded for the token, or null (none within the TTL, or unreadable). */
export async function readBudget(redis: Redis, kind: BudgetKind, accessToken: string): Promise<RateLimitBudget | null> {
  const raw = await redis.get(budgetKey(kind, accessToken));
  if (!raw) return null;
  try {
    const v = JSON.parse(raw) as { limit: number; remaining: number; resetsAt: string | null; observedAt: string };
    return { limit: v.limit, remaining: v.remaining, resetsAt: v.resetsAt ? new Date(v.resetsAt) : null, observedAt: new Date(v.observedAt) };
  } catch {
    return null;
  }
}

// The Trackstar rate-limit budget a connection last reported (trackstar/rate-limit-budget.ts), for
// the health report: reads and writes separately, null for a kind nothing was seen for lately.
import { once } from 'node:events';
import { tokenBox } from '../crypto/token-box.js';
import { producerRedis } from '../jobs/queues.js';
import { readBudget, type RateLimitBudget } from '../trackstar/rate-limit-budget.js';

export type ConnectionBudgets = { read: RateLimitBudget | null; write: RateLimitBudget | null };

const TIMEOUT_MS = 1_000;
const NONE: ConnectionBudgets = { read: null, write: null };

/** `sealedToken`: the integration's stored (encrypted) access token; the budget is keyed by the token. */
export async function connectionBudgets(sealedToken: string | null): Promise<ConnectionBudgets> {
  if (!sealedToken) return NONE;
  const work = (async () => {
    const token = tokenBox().open(sealedToken);
    // Fail-fast connection (no offline queue): wait for it on first use; with Redis down the
    // report answers without budgets once the timeout below passes.
    const redis = producerRedis();
    if (redis.status !== 'ready') await once(redis, 'ready');
    const [read, write] = await Promise.all([readBudget(redis, 'read', token), readBudget(redis, 'write', token)]);
    return { read, write };
  })();
  const timeout = new Promise<ConnectionBudgets>((resolve) => setTimeout(() => resolve(NONE), TIMEOUT_MS).unref());
  return Promise.race([work, timeout]).catch(() => NONE);
}

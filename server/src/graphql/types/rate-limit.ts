// RateLimitBudget: Trackstar's rate-limit budget as last reported for a connection (shown in health).
import type { RateLimitBudget } from '../../trackstar/rate-limit-budget.js';
import { builder } from '../builder.js';

export const RateLimitBudgetRef = builder.objectRef<RateLimitBudget>('RateLimitBudget').implement({
  description:
    "Trackstar's per-connection rate limit as its last answer stated it (x-ratelimit-* headers, or the older x-rate-limit-* spelling). A snapshot: the budget is per second and refills at resetsAt.",
  fields: (t) => ({
    limit: t.exposeInt('limit', { description: 'Requests allowed per second for this connection.' }),
    remaining: t.exposeInt('remaining', { description: 'Requests left in the current second when observed.' }),
    resetsAt: t.field({ type: 'DateTime', nullable: true, description: 'When the budget refills, as Trackstar stated it; null when it did not say.', resolve: (b) => b.resetsAt }),
    observedAt: t.field({ type: 'DateTime', description: 'When Packr saw this answer.', resolve: (b) => b.observedAt }),
  }),
});

// Reading Trackstar's rate-limit headers: both spellings, the reset as epoch seconds, and nothing
// made up from headers that are missing or not counts.
import { describe, expect, it } from 'vitest';
import { budgetFromHeaders } from './rate-limit-budget.js';

const at = new Date('2026-12-06T05:00:00.000Z');

describe('rate-limit budget from headers', () => {
  it('reads x-ratelimit-* and the older x-rate-limit-*', () => {
    expect(budgetFromHeaders({ 'x-ratelimit-limit': '10', 'x-ratelimit-remaining': '7', 'x-ratelimit-reset': '1796533201' }, at))
      .toEqual({ limit: 10, remaining: 7, resetsAt: new Date(1796533201 * 1000), observedAt: at });
    expect(budgetFromHeaders({ 'x-rate-limit-limit': '50', 'x-rate-limit-remaining': '0', 'x-rate-limit-reset': '1796533202' }, at))
      .toEqual({ limit: 50, remaining: 0, resetsAt: new Date(1796533202 * 1000), observedAt: at });
    // The current spelling wins when both are sent.
    expect(budgetFromHeaders({ 'x-ratelimit-limit': '10', 'x-ratelimit-remaining': '3', 'x-rate-limit-limit': '99', 'x-rate-limit-remaining': '99' }, at))
      .toMatchObject({ limit: 10, remaining: 3, resetsAt: null });
    expect(budgetFromHeaders({ 'x-ratelimit-limit': ['10', '11'], 'x-ratelimit-remaining': ['4'] }, at)).toMatchObject({ limit: 10, remaining: 4 });
  });

  it('states nothing when the headers are missing or not counts', () => {
    expect(budgetFromHeaders({}, at)).toBeNull();
    expect(budgetFromHeaders({ 'x-ratelimit-limit': '10' }, at)).toBeNull();
    expect(budgetFromHeaders({ 'x-ratelimit-limit': 'ten', 'x-ratelimit-remaining': '3' }, at)).toBeNull();
    expect(budgetFromHeaders({ 'x-ratelimit-limit': '10', 'x-ratelimit-remaining': '-1' }, at)).toBeNull();
    expect(budgetFromHeaders({ 'x-ratelimit-limit': '10', 'x-ratelimit-remaining': '' }, at)).toBeNull();
    expect(budgetFromHeaders({ 'x-ratelimit-limit': '10', 'x-ratelimit-remaining': '2', 'x-ratelimit-reset': 'soon' }, at)).toMatchObject({ resetsAt: null });
  });
});

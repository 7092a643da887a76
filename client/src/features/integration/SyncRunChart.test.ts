// The figures beside the sync performance chart: per resource, attempts, records, median and peak
// records/s of attempts that read something, and the share of time spent waiting for the rate limit.
import { describe, expect, it } from 'vitest';
import { summarizeRuns } from './SyncRunChart';

const run = (resource: 'ORDERS' | 'PRODUCTS', records: number, durationMs: number, rateLimitWaitMs = 0, outcome: 'COMPLETED' | 'FAILED' = 'COMPLETED') => ({
  resource, records, durationMs, rateLimitWaitMs, outcome,
  reason: 'schedule', startedAt: '2026-01-01T00:00:00.000Z', pages: 1, error: null,
  recordsPerSecond: durationMs > 0 ? records / (durationMs / 1000) : null,
});

describe('summarizeRuns', () => {
  it('summarizes each resource; quiet runs count as attempts but not in the rates', () => {
    const summary = summarizeRuns([run('ORDERS', 1000, 1000, 250), run('ORDERS', 3000, 1000, 0), run('ORDERS', 0, 500, 0), run('PRODUCTS', 10, 0), run('ORDERS', 0, 500, 0, 'FAILED')]);
    expect(summary).toEqual([
      { resource: 'ORDERS', attempts: 4, failed: 1, records: 4000, medianRate: 2000, peakRate: 3000, waitShare: 250 / 3000 },
      { resource: 'PRODUCTS', attempts: 1, failed: 0, records: 10, medianRate: null, peakRate: null, waitShare: null },
    ]);
  });

  it('is empty without runs', () => {
    expect(summarizeRuns([])).toEqual([]);
  });
});

import { describe, expect, it } from 'vitest';
import { formatAge, formatLastRun, formatNumber, humanize } from './format';

describe('format helpers', () => {
  const now = Date.parse('2026-01-10T12:00:00.000Z');

  it('describes data age in words people read at a glance', () => {
    expect(formatAge(null, now)).toBe('never');
    expect(formatAge('2026-01-10T11:59:50.000Z', now)).toBe('just now');
    expect(formatAge('2026-01-10T11:56:00.000Z', now)).toBe('4 min ago');
    expect(formatAge('2026-01-10T09:00:00.000Z', now)).toBe('3 h ago');
    expect(formatAge('2026-01-07T12:00:00.000Z', now)).toBe('3 d ago');
    expect(formatAge('not a date', now)).toBe('—');
  });

  it('humanizes enum values and integration names', () => {
    expect(humanize('PARTIALLY_FULFILLED')).toBe('Partially fulfilled');
    expect(humanize('sandbox')).toBe('Sandbox');
  });

  it('formats quantities with separators and shows a dash for missing ones', () => {
    expect(formatNumber(1234567)).toBe('1,234,567');
    expect(formatNumber(null)).toBe('—');
  });

  it('shows the last run\'s record count as a secondary "(+N last run)"', () => {
    expect(formatLastRun(3, true)).toBe('(+3 last run)');
    expect(formatLastRun(12480, true)).toBe('(+12,480 last run)');
    expect(formatLastRun(0, true)).toBe('(+0 last run)');
    expect(formatLastRun(0, false)).toBe('');
  });
});

import { describe, expect, it } from 'vitest';
import { describeChange, describeEntry, fieldLabel, formatTime, sourceLabel } from './audit-format';

const entry = (over: Partial<Parameters<typeof describeEntry>[0]>) => ({ at: '2026-03-01T14:02:11.000Z', source: 'WEBHOOK', event: 'inventory.updated', changes: [], ...over });

describe('audit timeline wording', () => {
  it('a quantity change reads "on hand 120 → 96", with where it came from', () => {
    const e = entry({ changes: [{ field: 'onHand', before: 120, after: 96 }] });
    expect(describeEntry(e)).toBe('on hand 120 → 96');
    expect(sourceLabel(e)).toBe('webhook inventory.updated');
    expect(sourceLabel({ ...e, source: 'SYNC', event: 'sync page' })).toBe('sync');
  });

  it('several fields join with commas; empty values and objects read plainly', () => {
    const e = entry({ changes: [{ field: 'status', before: 'OPEN', after: 'CANCELLED' }, { field: 'carrierName', before: null, after: 'UPS' }, { field: 'shipTo', before: { city: 'A' }, after: { city: 'B' } }] });
    expect(describeEntry(e)).toBe('status OPEN → CANCELLED, carrier name — → UPS, ship-to address changed');
    // Quantities lead, whatever order the API lists fields in.
    const moved = entry({ changes: [{ field: 'fulfillable', before: 119, after: 95 }, { field: 'onHand', before: 120, after: 96 }] });
    expect(describeEntry(moved)).toBe('on hand 120 → 96, fulfillable 119 → 95');
    expect(describeChange({ field: 'active', before: true, after: false })).toBe('active yes → no');
    expect(describeChange({ field: 'tags', before: [], after: ['vip'] })).toBe('tags none → vip');
  });

  it('a created record says so with its first fields; a user action without field changes names the action', () => {
    const created = entry({ changes: [{ field: 'sku', before: null, after: 'SKU-1' }, { field: 'onHand', before: null, after: 120 }, { field: 'name', before: null, after: 'Mug' }, { field: 'active', before: null, after: true }] });
    expect(describeEntry(created)).toBe('created (on hand 120, SKU SKU-1, name Mug, …)');
    const action = entry({ source: 'USER', event: 'triggerSync', changes: [] });
    expect(describeEntry(action)).toBe('trigger sync');
    expect(sourceLabel(action)).toBe('user');
    expect(sourceLabel(entry({ source: 'USER', event: 'adjustInventory', changes: [{ field: 'onHand', before: 1, after: 2 }] }))).toBe('user: adjust inventory');
  });

  it('a deletion mark reads as deleted or found again, never as a creation', () => {
    expect(describeEntry(entry({ source: 'RECONCILE', changes: [{ field: 'deletedAt', before: null, after: '2026-03-01T00:00:00.000Z' }] }))).toBe('deleted in the WMS');
    expect(describeEntry(entry({ changes: [{ field: 'deletedAt', before: '2026-03-01T00:00:00.000Z', after: null }, { field: 'onHand', before: 1, after: 2 }] }))).toBe('on hand 1 → 2, found again in the WMS');
  });

  it('settings paths read as words', () => {
    expect(fieldLabel('resources.RETURNS.paused')).toBe('RETURNS paused');
    expect(fieldLabel('backfillDays')).toBe('backfill days');
  });

  it('times: seconds today, with the date on other days', () => {
    const at = new Date(2026, 2, 1, 14, 2, 11);
    expect(formatTime(at.toISOString(), new Date(2026, 2, 1, 18, 0, 0))).toBe('14:02:11');
    expect(formatTime(at.toISOString(), new Date(2026, 2, 3, 9, 0, 0))).toBe('Mar 1, 14:02:11');
    expect(formatTime('nonsense')).toBe('—');
  });
});

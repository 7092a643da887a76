import { describe, expect, it } from 'vitest';
import type { AttentionItemRowFragment, AttentionKind } from '../../gql/graphql';
import { applyAttentionEvent } from './attention';

const item = (id: string, since: string, kind: AttentionKind = 'LATE_ORDER', brandId = 'b1'): AttentionItemRowFragment => ({
  id,
  kind,
  reason: 'why',
  since,
  detectedAt: since,
  rawStatus: null,
  recordType: 'Order',
  recordId: `rec-${id}`,
  brand: { id: brandId, name: `Brand ${brandId}` },
  order: null,
  inventoryItem: null,
  inboundShipment: null,
  return: null,
});
const rows = [item('a', '2026-01-01T00:00:00.000Z'), item('c', '2026-01-03T00:00:00.000Z')];
const all = { kinds: [], brandIds: [] };

describe('applyAttentionEvent (the live attention list)', () => {
  it('puts an OPENED item where its since puts it, oldest first', () => {
    const next = applyAttentionEvent(rows, { change: 'OPENED', itemId: 'b', item: item('b', '2026-01-02T00:00:00.000Z') }, all, true);
    expect(next.map((r) => r.id)).toEqual(['a', 'b', 'c']);
    expect(rows).toHaveLength(2);
  });

  it('takes a RESOLVED item off, and an event without an item (resolved since) too', () => {
    expect(applyAttentionEvent(rows, { change: 'RESOLVED', itemId: 'a' }, all, false).map((r) => r.id)).toEqual(['c']);
    expect(applyAttentionEvent(rows, { change: 'UPDATED', itemId: 'c', item: null }, all, false).map((r) => r.id)).toEqual(['a']);
    expect(applyAttentionEvent(rows, { change: 'RESOLVED', itemId: 'zzz' }, all, false)).toBe(rows);
  });

  it('moves an UPDATED item whose since changed, without showing it twice', () => {
    const next = applyAttentionEvent(rows, { change: 'UPDATED', itemId: 'a', item: item('a', '2026-01-04T00:00:00.000Z') }, all, false);
    expect(next.map((r) => r.id)).toEqual(['c', 'a']);
  });

  it("keeps out items of other kinds or brands than the filter's, and leaves later items to the next page", () => {
    expect(applyAttentionEvent(rows, { change: 'OPENED', itemId: 'x', item: item('x', '2026-01-02T00:00:00.000Z', 'LOW_STOCK') }, { kinds: ['LATE_ORDER'], brandIds: [] }, false)).toBe(rows);
    expect(applyAttentionEvent(rows, { change: 'OPENED', itemId: 'x', item: item('x', '2026-01-02T00:00:00.000Z', 'LATE_ORDER', 'b2') }, { kinds: [], brandIds: ['b1'] }, false)).toBe(rows);
    expect(applyAttentionEvent(rows, { change: 'OPENED', itemId: 'z', item: item('z', '2026-02-01T00:00:00.000Z') }, all, true).map((r) => r.id)).toEqual(['a', 'c']);
    expect(applyAttentionEvent(rows, { change: 'OPENED', itemId: 'z', item: item('z', '2026-02-01T00:00:00.000Z') }, all, false).map((r) => r.id)).toEqual(['a', 'c', 'z']);
  });
});

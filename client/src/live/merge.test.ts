import { describe, expect, it } from 'vitest';
import { appendPage, mergeById } from './merge';

type Row = { id: string; onHand: number; name: string; levels?: { w: string; n: number }[] };
const rows: Row[] = [
  { id: 'a', onHand: 1, name: 'A', levels: [{ w: 'w1', n: 1 }] },
  { id: 'b', onHand: 2, name: 'B' },
];

describe('mergeById', () => {
  it('replaces the matching row and reports the compared fields that changed', () => {
    const { rows: next, changed } = mergeById(rows, { id: 'a', onHand: 5, name: 'A' }, ['onHand', 'name']);
    expect(next[0]).toEqual({ id: 'a', onHand: 5, name: 'A', levels: [{ w: 'w1', n: 1 }] });
    expect(next[1]).toBe(rows[1]);
    expect(changed).toEqual(['onHand']);
    expect(rows[0].onHand).toBe(1); // the input is not mutated
  });

  it('returns the same array for a record that is not on screen', () => {
    const result = mergeById(rows, { id: 'zzz', onHand: 9 }, ['onHand']);
    expect(result.rows).toBe(rows);
    expect(result.changed).toEqual([]);
  });

  it('compares nested values by content, not identity', () => {
    const { changed } = mergeById(rows, { id: 'a', levels: [{ w: 'w1', n: 1 }] }, ['levels']);
    expect(changed).toEqual([]);
    expect(mergeById(rows, { id: 'a', levels: [{ w: 'w1', n: 2 }] }, ['levels']).changed).toEqual(['levels']);
  });

  it('ignores fields the record does not carry', () => {
    expect(mergeById(rows, { id: 'b' }, ['onHand', 'name']).changed).toEqual([]);
  });
});

describe('appendPage', () => {
  it('appends the next page and drops rows already shown (a row that moved between pages)', () => {
    const next = appendPage(rows, [
      { id: 'b', onHand: 3, name: 'B' },
      { id: 'c', onHand: 4, name: 'C' },
    ]);
    expect(next.map((r) => r.id)).toEqual(['a', 'b', 'c']);
    expect(next[1]).toBe(rows[1]);
  });
});

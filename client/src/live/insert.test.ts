import { describe, expect, it } from 'vitest';
import { compareValues, insertInOrder, type RowOrder } from './merge';

type Row = { id: string; sku: string | null };
const bySku: RowOrder<Row> = (a, b) => compareValues(a.sku, b.sku) || compareValues(a.id, b.id);
const rows: Row[] = [
  { id: '1', sku: 'B' },
  { id: '2', sku: 'D' },
  { id: '3', sku: 'F' },
];

describe('insertInOrder (a live record not on screen)', () => {
  it('puts a new row where the sort puts it on a full page, without mutating the input', () => {
    const next = insertInOrder(rows, { id: '9', sku: 'C' }, bySku, true);
    expect(next.map((r) => r.sku)).toEqual(['B', 'C', 'D', 'F']);
    expect(rows).toHaveLength(3);
    expect(insertInOrder(rows, { id: '9', sku: 'A' }, bySku, true).map((r) => r.sku)).toEqual(['A', 'B', 'D', 'F']);
  });

  it('leaves a row that sorts after the last one to its page when more pages remain, and appends it when none do', () => {
    expect(insertInOrder(rows, { id: '9', sku: 'Z' }, bySku, true)).toBe(rows);
    expect(insertInOrder(rows, { id: '9', sku: 'Z' }, bySku, false).map((r) => r.sku)).toEqual(['B', 'D', 'F', 'Z']);
  });

  it('breaks ties by id and never shows a row twice', () => {
    expect(insertInOrder(rows, { id: '0', sku: 'D' }, bySku, true).map((r) => r.id)).toEqual(['1', '0', '2', '3']);
    expect(insertInOrder(rows, { id: '2', sku: 'A' }, bySku, false)).toBe(rows);
  });

  it('orders like the API: null as the largest value, text by code point, numbers by value', () => {
    expect(compareValues(null, 'A')).toBeGreaterThan(0);
    expect(compareValues('Z', 'a')).toBeLessThan(0);
    expect(compareValues(9, 10)).toBeLessThan(0);
    // Descending (negated): nulls first, as PostgreSQL's NULLS FIRST for DESC.
    const desc: RowOrder<Row> = (a, b) => -(compareValues(a.sku, b.sku) || compareValues(a.id, b.id));
    expect(insertInOrder([...rows].reverse(), { id: '9', sku: null }, desc, true)[0].id).toBe('9');
  });
});

// Merging a live record into the rows already on screen, by id, without refetching the page.
// urql's document cache does not normalize (a subscription result never updates a list query), so
// the screens keep their rows in state and patch them with this.

export type Identified = { id: string };

export type MergeResult<T> = { rows: T[]; changed: string[] };

/**
 * Replaces the row with `record.id` by the row merged with `record`, and names the compared fields
 * whose values differ. Rows not on screen are left alone (the record belongs to another page or
 * filter); the same array comes back so React can skip the render.
 */
export function mergeById<T extends Identified>(rows: readonly T[], record: Partial<T> & Identified, fields: readonly string[]): MergeResult<T> {
  const index = rows.findIndex((r) => r.id === record.id);
  if (index < 0) return { rows: rows as T[], changed: [] };
  const current = rows[index] as Record<string, unknown>;
  const changed = fields.filter((f) => f in record && !sameValue(current[f], (record as Record<string, unknown>)[f]));
  const next = rows.slice();
  next[index] = { ...rows[index], ...record };
  return { rows: next, changed };
}

function sameValue(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  return JSON.stringify(a) === JSON.stringify(b);
}

/** The rows without the one with `id` (a record deleted in the WMS); the same array when it is not on screen. */
export function removeById<T extends Identified>(rows: readonly T[], id: string): T[] {
  const index = rows.findIndex((r) => r.id === id);
  if (index < 0) return rows as T[];
  return [...rows.slice(0, index), ...rows.slice(index + 1)];
}

/**
 * Where a record's row goes in the list as the server orders it: compares two rows the way the
 * list's sort does (negative: `a` first). Ties must be broken the way the server breaks them (by id).
 */
export type RowOrder<T> = (a: T, b: T) => number;

/**
 * Puts a record not yet on screen where the server's ordering puts it. A list showing every row
 * (no next page) takes it anywhere; a list with more pages on the server takes it only above its
 * last row: below that it belongs to a page not loaded yet, which "Load more" brings in its turn
 * (inserting it now would show it twice, or out of order with the rows between). A record already
 * on screen is left to mergeById. The same array comes back when nothing is inserted.
 */
export function insertInOrder<T extends Identified>(rows: readonly T[], record: T, order: RowOrder<T>, hasNext: boolean): T[] {
  if (rows.some((r) => r.id === record.id)) return rows as T[];
  let index = rows.findIndex((r) => order(record, r) < 0);
  if (index < 0) {
    if (hasNext) return rows as T[];
    index = rows.length;
  }
  return [...rows.slice(0, index), record, ...rows.slice(index)];
}

/**
 * Ascending comparison of two sort values as the API orders them: numbers by value, text by code
 * point (the database's C collation), and null as the largest value (NULLS LAST ascending, FIRST
 * descending). Negate it for a descending sort.
 */
export function compareValues(a: string | number | null | undefined, b: string | number | null | undefined): number {
  if (a == null || b == null) return a == null && b == null ? 0 : a == null ? 1 : -1;
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  const x = String(a);
  const y = String(b);
  return x < y ? -1 : x > y ? 1 : 0;
}

/** Appends a page to the rows, dropping ids already present (a row can move between pages). */
export function appendPage<T extends Identified>(rows: readonly T[], page: readonly T[]): T[] {
  const seen = new Set(rows.map((r) => r.id));
  return [...rows, ...page.filter((r) => !seen.has(r.id))];
}

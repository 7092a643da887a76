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

/** Appends a page to the rows, dropping ids already present (a row can move between pages). */
export function appendPage<T extends Identified>(rows: readonly T[], page: readonly T[]): T[] {
  const seen = new Set(rows.map((r) => r.id));
  return [...rows, ...page.filter((r) => !seen.has(r.id))];
}

// One keyset page over several brands in SQL, at a cost bound by page size × brands rather than by
// rows. `brandId = ANY(...) ORDER BY ... LIMIT` reads and sorts every row of every brand (the
// (brandId, sortColumn) indexes give no order across brands): 124 ms for 200k orders, growing
// linearly. Here each brand's index is walked on its own (CROSS JOIN LATERAL ... LIMIT) and the
// per-brand heads are merged. A first pass takes the top ceil(take / brands) sort values of each
// brand: the take-th best of those is a bound the page cannot go beyond (at least `take` rows reach
// it), so the second pass reads only rows up to that bound, not `take` rows of every brand:
// about 1 ms for 200 brands at any table size (EXPLAIN in the #16 note).
// Columns are referenced by their Prisma field names (prisma/schema.prisma maps none of them).
import { createHash } from 'node:crypto';
import type { Viewer } from '../auth/viewer.js';
import { pool } from '../pg.js';
import type { KeysetSort } from './pagination.js';

export type CrossBrandPageRequest = {
  /** Table as it appears in SQL (quoted when it needs to be: "order"). */
  table: string;
  /** Alias of the table in `where`. */
  alias: string;
  /** Brands already checked by resolveBrandScope; joined to `brand` on the viewer's 3PL again here. */
  brandIds: string[];
  viewer: Viewer;
  sort: KeysetSort;
  cursor?: { value: string | number | null; id: string };
  take: number;
  /** The list's filter conditions on `alias`, binding values through `param`. */
  where: (param: (value: unknown) => string) => string[];
};

/** Casts a bound cursor value to the sort column's type, so the comparison can use its index. */
function typed(sort: KeysetSort, p: string): string {
  if (sort.kind === 'date') return `(${p}::timestamptz AT TIME ZONE 'UTC')`; // timestamp(3) columns hold UTC
  if (sort.kind === 'number') return `${p}::int`; // the numeric sort columns (inventory quantities) are int4
  return `${p}::text`;
}

/** Rows strictly after the cursor in (column, id) order; NULL sorts largest (first desc, last asc), as in pagination.ts. */
function afterCursor(sort: KeysetSort, column: string, id: string, cursor: NonNullable<CrossBrandPageRequest['cursor']>, param: (v: unknown) => string): string {
  const desc = sort.direction === 'desc';
  const idP = `${param(cursor.id)}::uuid`;
  if (cursor.value === null) {
    return desc ? `((${column} IS NULL AND ${id} < ${idP}) OR ${column} IS NOT NULL)` : `(${column} IS NULL AND ${id} > ${idP})`;
  }
  const row = `(${column}, ${id}) ${desc ? '<' : '>'} (${typed(sort, param(cursor.value))}, ${idP})`;
  return sort.nullable && !desc ? `(${row} OR ${column} IS NULL)` : row;
}

/**
 * SQL returning the page's `id` and sort value `v`, in page order (at most `take` rows), with its
 * parameters. Callers select from it or load the ids through Prisma.
 */
export function crossBrandPageSql(request: CrossBrandPageRequest): { text: string; values: unknown[] } {
  const { alias: a, sort, take } = request;
  const values: unknown[] = [];
  const param = (value: unknown) => `$${values.push(value)}`;
  const column = `${a}."${sort.field}"`;
  const dir = sort.direction === 'desc' ? 'DESC' : 'ASC';
  const scope = [`b.id = ANY(${param(request.brandIds)}::uuid[])`, `b."threePLId" = ${param(request.viewer.threePLId)}::uuid`];
  if (request.viewer.brandIds !== null) scope.push(`b.id = ANY(${param(request.viewer.brandIds)}::uuid[])`);
  const conditions = [`${a}."brandId" = brands.id`, ...request.where(param)];
  if (request.cursor) conditions.push(afterCursor(sort, column, `${a}.id`, request.cursor, param));
  const from = `FROM ${request.table} ${a} WHERE ${conditions.join(' AND ')}`;
  const takeP = param(take);
  // The bound needs a total order without NULLs and a value beyond every row when it is missing.
  const extreme = sort.nullable ? null : sort.kind === 'date' ? `'${dir === 'DESC' ? '-' : ''}infinity'::timestamp` : sort.kind === 'number' ? (dir === 'DESC' ? '-2147483648' : '2147483647') : null;
  const perBrandHeads = Math.ceil(take / Math.max(request.brandIds.length, 1));
  const bound = extreme
    ? `, bound AS (SELECT h.v FROM brands CROSS JOIN LATERAL (SELECT ${column} AS v ${from} ORDER BY ${column} ${dir} LIMIT ${param(perBrandHeads)}) h
        ORDER BY h.v ${dir} OFFSET ${param(take - 1)} LIMIT 1)`
    : '';
  const withinBound = extreme ? ` AND ${column} ${dir === 'DESC' ? '>=' : '<='} coalesce((SELECT v FROM bound), ${extreme})` : '';
  const text = `WITH brands AS MATERIALIZED (SELECT b.id FROM brand b WHERE ${scope.join(' AND ')})${bound}
    SELECT p.id, p.v FROM brands CROSS JOIN LATERAL (
      SELECT ${a}.id, ${column} AS v ${from}${withinBound} ORDER BY ${column} ${dir}, ${a}.id ${dir} LIMIT ${takeP}) p
    ORDER BY p.v ${dir}, p.id ${dir} LIMIT ${takeP}`;
  return { text, values };
}

/** Runs the page statement (named, so each connection plans each filter combination once): ids in page order. */
export async function crossBrandPageIds(request: CrossBrandPageRequest): Promise<string[]> {
  if (request.brandIds.length === 0 || request.take === 0) return [];
  const { text, values } = crossBrandPageSql(request);
  const name = `packr_xb_${createHash('sha1').update(text).digest('hex').slice(0, 20)}`;
  const { rows } = await pool.query<{ id: string }>({ name, text, values });
  return rows.map((r) => r.id);
}

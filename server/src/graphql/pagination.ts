// Keyset (seek) pagination for every list field. Cursors are opaque, never offsets: each one
// carries the sort value and id of the last row it stands for, plus a fingerprint of the query it
// came from (field, brand, filter, sort), so a cursor replayed against another query is refused
// instead of silently skipping or repeating rows.
import { createHash } from 'node:crypto';
import { GraphQLError } from 'graphql';
import { isUuid } from '../lib/uuid.js';

export const DEFAULT_PAGE_SIZE = 50;
export const MAX_PAGE_SIZE = 250;

export type SortDirection = 'asc' | 'desc';

/** One sort column, always followed by `id` in the same direction so the order is total. */
export type KeysetSort = {
  field: string;
  direction: SortDirection;
  kind: 'date' | 'number' | 'string';
  /** Nullable columns: PostgreSQL sorts NULL as the largest value (last asc, first desc). */
  nullable?: boolean;
};

/** The order of every synced list: most recently changed in the WMS first. */
export const NEWEST_CHANGE_FIRST: KeysetSort = { field: 'updatedAtRemote', direction: 'desc', kind: 'date' };


export type PageArgs = {
  first?: number | null;
  after?: string | null;
  last?: number | null;
  before?: string | null;
};

type CursorValue = string | number | null;

const badInput = (message: string) => new GraphQLError(message, { extensions: { code: 'BAD_USER_INPUT' } });

/** A short, stable hash of everything that defines which rows a query returns and in what order. */
export function queryFingerprint(parts: unknown): string {
  return createHash('sha256').update(stableJson(parts)).digest('base64url').slice(0, 16);
}

function stableJson(value: unknown): string {
  if (value instanceof Date) return JSON.stringify(value.toISOString());
  if (Array.isArray(value)) return `[${value.map(stableJson).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined && v !== null)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${stableJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value ?? null);
}

export function encodeCursor(fingerprint: string, value: CursorValue, id: string): string {
  return Buffer.from(JSON.stringify([fingerprint, value, id])).toString('base64url');
}

/** Decodes a cursor of this query, or throws BAD_USER_INPUT (garbage, or another query's cursor). */
export function decodeCursor(cursor: string, fingerprint: string, sort: KeysetSort): { value: CursorValue; id: string } {
  let parsed: unknown;
  try {
    if (cursor.length > 512) throw new Error('too long');
    parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw badInput('Invalid cursor');
  }
  if (!Array.isArray(parsed) || parsed.length !== 3 || typeof parsed[2] !== 'string') throw badInput('Invalid cursor');
  const [fp, value, id] = parsed as [unknown, unknown, string];
  if (!isUuid(id)) throw badInput('Invalid cursor');
  if (fp !== fingerprint) throw badInput('This cursor belongs to a different query (field, brand, filter or sort); start again without `after`');
  if (value === null ? !sort.nullable : !valueMatchesKind(value, sort.kind)) throw badInput('Invalid cursor');
  return { value: value as CursorValue, id };
}

function valueMatchesKind(value: unknown, kind: KeysetSort['kind']): boolean {
  if (kind === 'number') return typeof value === 'number' && Number.isFinite(value);
  if (kind === 'date') return typeof value === 'string' && !Number.isNaN(Date.parse(value));
  return typeof value === 'string';
}

/** Validates first/last/before and returns the page size. */
export function pageSize(args: PageArgs): number {
  if (args.last != null || args.before != null) throw badInput('Backward pagination (last/before) is not supported; use first/after');
  const first = args.first ?? DEFAULT_PAGE_SIZE;
  if (!Number.isInteger(first) || first < 0 || first > MAX_PAGE_SIZE) throw badInput(`first must be between 0 and ${MAX_PAGE_SIZE}`);
  return first;
}

export function keysetOrderBy(sort: KeysetSort): Record<string, unknown>[] {
  const column = sort.nullable ? { sort: sort.direction, nulls: sort.direction === 'asc' ? 'last' : 'first' } : sort.direction;
  return [{ [sort.field]: column }, { id: sort.direction }];
}

/** The WHERE that continues strictly after the cursor row, in the sort order. */
export function keysetWhere(sort: KeysetSort, after: { value: CursorValue; id: string }): Record<string, unknown> {
  const op = sort.direction === 'asc' ? 'gt' : 'lt';
  const { field } = sort;
  const value = sort.kind === 'date' && after.value !== null ? new Date(after.value) : after.value;
  const sameValueLaterId = { [field]: value, id: { [op]: after.id } };
  if (value === null) {
    // NULL is the largest value: after it come only NULLs (asc), or NULLs then every non-NULL (desc).
    const nullsAfter = { [field]: null, id: { [op]: after.id } };
    return sort.direction === 'asc' ? nullsAfter : { OR: [nullsAfter, { [field]: { not: null } }] };
  }
  const beyond: Record<string, unknown>[] = [{ [field]: { [op]: value } }, sameValueLaterId];
  if (sort.nullable && sort.direction === 'asc') beyond.push({ [field]: null });
  return { OR: beyond };
}

export type Connection<T> = {
  edges: { cursor: string; node: T }[];
  pageInfo: { hasNextPage: boolean; hasPreviousPage: boolean; startCursor: string | null; endCursor: string | null };
};

/**
 * Runs one keyset page: `find` gets the WHERE continuation (or undefined on the first page), the
 * ORDER BY and `take: first + 1`; the extra row only tells whether another page exists.
 */
export async function keysetConnection<T extends { id: string }>(options: {
  args: PageArgs;
  fingerprint: unknown;
  sort: KeysetSort;
  find: (page: {
    after: Record<string, unknown> | undefined;
    /** The decoded cursor, for queries written in SQL rather than Prisma. */
    cursor: { value: CursorValue; id: string } | undefined;
    orderBy: Record<string, unknown>[];
    take: number;
  }) => Promise<readonly unknown[]>;
}): Promise<Connection<T>> {
  const { args, sort } = options;
  const first = pageSize(args);
  const fingerprint = queryFingerprint([options.fingerprint, sort]);
  const cursor = args.after != null ? decodeCursor(args.after, fingerprint, sort) : undefined;
  const after = cursor ? keysetWhere(sort, cursor) : undefined;
  if (first === 0) return emptyConnection();
  const rows = (await options.find({ after, cursor, orderBy: keysetOrderBy(sort), take: first + 1 })) as T[];
  const page = rows.slice(0, first);
  const edges = page.map((node) => ({ node, cursor: encodeCursor(fingerprint, cursorValue(node, sort), node.id) }));
  return {
    edges,
    pageInfo: {
      hasNextPage: rows.length > first,
      hasPreviousPage: args.after != null,
      startCursor: edges[0]?.cursor ?? null,
      endCursor: edges.at(-1)?.cursor ?? null,
    },
  };
}

function cursorValue(row: object, sort: KeysetSort): CursorValue {
  const value = (row as Record<string, unknown>)[sort.field];
  if (value === null || value === undefined) return null;
  if (value instanceof Date) return value.toISOString();
  if (typeof value === 'number' || typeof value === 'string') return value;
  return String(value);
}

function emptyConnection<T>(): Connection<T> {
  return { edges: [], pageInfo: { hasNextPage: false, hasPreviousPage: false, startCursor: null, endCursor: null } };
}

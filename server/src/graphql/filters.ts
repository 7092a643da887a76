// Shared pieces of list filters: text search and date bounds, validated before any SQL runs.
import { GraphQLError } from 'graphql';

export const MAX_SEARCH_LENGTH = 200;

const badInput = (message: string) => new GraphQLError(message, { extensions: { code: 'BAD_USER_INPUT' } });

/**
 * A case-insensitive "contains" condition for a user's search text. Prisma passes `contains`
 * into ILIKE unescaped, so `%` and `_` would act as wildcards: escape them (and the escape
 * character itself). Returns undefined for a blank search (no filter).
 */
export function searchContains(raw: string | null | undefined): { contains: string; mode: 'insensitive' } | undefined {
  if (raw == null) return undefined;
  if (raw.length > MAX_SEARCH_LENGTH) throw badInput(`search must be at most ${MAX_SEARCH_LENGTH} characters`);
  const text = raw.trim();
  if (text === '') return undefined;
  return { contains: text.replace(/[\\%_]/g, (c) => `\\${c}`), mode: 'insensitive' };
}

/** Status lists: empty or absent means "any status"; caps the list so it cannot grow the SQL without bound. */
export function statusIn<T extends string>(statuses: readonly T[] | null | undefined): { in: T[] } | undefined {
  if (!statuses || statuses.length === 0) return undefined;
  if (statuses.length > 50) throw badInput('status accepts at most 50 values');
  return { in: [...new Set(statuses)] };
}

export function nonNegativeInt(value: number, name: string, max = 1_000_000_000): number {
  if (!Number.isInteger(value) || value < 0 || value > max) throw badInput(`${name} must be an integer between 0 and ${max}`);
  return value;
}

/** The filter object with blank values dropped: the fingerprint of a query must not depend on them. */
export function normalizedFilter<T extends object>(filter: T | null | undefined): Partial<T> {
  if (!filter) return {};
  return Object.fromEntries(
    Object.entries(filter).filter(([, v]) => v !== null && v !== undefined && !(Array.isArray(v) && v.length === 0) && v !== ''),
  ) as Partial<T>;
}

// What every operations aggregate is computed over: the brands (a tenant scope, put into each SQL
// statement itself) and the window of whole UTC days. Nothing here knows about GraphQL: the API
// layer turns the caller and its arguments into a StatsScope.
import { createHash } from 'node:crypto';
import { pool } from '../pg.js';

export const MAX_STATS_DAYS = 90;
export const MAX_STATS_BRANDS = 200;

export type StatsScope = {
  threePLId: string;
  /** Brands the caller may read; null: every brand of the 3PL (a member). */
  visibleBrandIds: string[] | null;
  /** Brands asked for; null: all that are visible. Ids outside the visible set simply match nothing. */
  brandIds: string[] | null;
};

/** `days` whole UTC days ending with today (today is partial: up to `now`). */
export type StatsWindow = { days: number; start: Date; today: Date; end: Date; now: Date };

const DAY_MS = 86_400_000;

export function statsWindow(days: number, now = new Date()): StatsWindow {
  const today = new Date(Math.floor(now.getTime() / DAY_MS) * DAY_MS);
  return { days, start: new Date(today.getTime() - (days - 1) * DAY_MS), today, end: new Date(today.getTime() + DAY_MS), now };
}

export type Params = { values: unknown[]; add: (value: unknown) => string; at: (date: Date) => string };

/** Positional parameters; `at` passes a Date as UTC, comparable with the timestamp(3) columns (which hold UTC). */
export function params(): Params {
  const values: unknown[] = [];
  const add = (value: unknown) => `$${values.push(value)}`;
  return { values, add, at: (date) => `(${add(date.toISOString())}::timestamptz AT TIME ZONE 'UTC')` };
}

const brandSet: unique symbol = Symbol('BrandSet');

/** Brand ids that came out of resolveBrands (the only way to make one), so a statement never gets unscoped ids. */
export type BrandSet = { readonly ids: readonly string[]; readonly [brandSet]: true };

/**
 * The brands an aggregate covers: of the 3PL, readable by the caller, and asked for. Resolved once
 * per request; the aggregates then read `"brandId" = ANY(ids)`, which the planner turns into range
 * scans of their ("brandId", <date>) indexes (a join against a brand subquery was planned as a
 * sequential scan of the whole table once most brands were selected).
 */
export async function resolveBrands(scope: StatsScope): Promise<BrandSet> {
  const p = params();
  const where = [`b."threePLId" = ${p.add(scope.threePLId)}::uuid`];
  if (scope.visibleBrandIds !== null) where.push(`b.id = ANY(${p.add(scope.visibleBrandIds)}::uuid[])`);
  if (scope.brandIds !== null) where.push(`b.id = ANY(${p.add(scope.brandIds)}::uuid[])`);
  // Archived brands leave cross-brand views unless asked for by id (their data stays readable).
  else where.push(`b."archivedAt" IS NULL`);
  const rows = await namedQuery<{ id: string }>(`SELECT b.id::text AS id FROM brand b WHERE ${where.join(' AND ')} ORDER BY b.id`, p.values);
  return { ids: rows.map((r) => r.id), [brandSet]: true };
}

/** A named statement (planned once per connection, like the orders page's). */
export async function namedQuery<T>(text: string, values: unknown[]): Promise<T[]> {
  const name = `packr_stats_${createHash('sha1').update(text).digest('hex').slice(0, 20)}`;
  const result = await pool.query({ name, text, values });
  return result.rows as T[];
}

/** Day buckets (UTC midnight): group by these and format with dayText only at the end (text keys hash and sort slower). */
export const dayOf = (column: string) => `date_trunc('day', ${column})`;

/** A day bucket as the API returns it: YYYY-MM-DD (UTC). */
export const dayText = (expression: string) => `to_char(${expression}, 'YYYY-MM-DD')`;

// The sync window. Trackstar dates have whole-second precision, so a `gt` cursor could skip rows
// sharing a second: each run asks for `updated_date[gte] = cursor - overlap`, where the cursor is
// the START of the last fully successful run; re-reading the overlap is harmless (apply-if-newer).
import type { SyncResource } from '../generated/prisma/enums.js';
import type { Query } from '../trackstar/client.js';
import { RESOURCE_INFO } from './resources.js';

export const OVERLAP_MS = 2 * 60_000;
export const DEFAULT_BACKFILL_DAYS = 30;
const DAY_MS = 24 * 60 * 60_000;

/** `YYYY-MM-DDTHH:MM:SSZ`, the only format Trackstar's date filters accept (rounded down). */
export function trackstarDate(ms: number): string {
  return new Date(Math.floor(ms / 1000) * 1000).toISOString().replace('.000Z', 'Z');
}

/** Run start rounded down to the second, so the stored cursor is exactly representable upstream. */
export function runStart(nowMs: number): Date {
  return new Date(Math.floor(nowMs / 1000) * 1000);
}

/**
 * Filters of a new run. With a cursor: incremental from cursor - overlap. Without (first run):
 * orders, returns and inbound shipments go back `backfillDays`; reference and stock data is read in
 * full, since "current state" has no date window.
 */
export function windowFilters(resource: SyncResource, cursor: Date | null, backfillDays: number, nowMs: number): Query {
  if (cursor) return { 'updated_date[gte]': trackstarDate(cursor.getTime() - OVERLAP_MS) };
  if (RESOURCE_INFO[resource].windowedBackfill) return { 'updated_date[gte]': trackstarDate(nowMs - backfillDays * DAY_MS) };
  return {};
}

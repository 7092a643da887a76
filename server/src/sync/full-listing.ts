// When a sync run is a complete listing that may reconcile deletions (deletions.ts), and the
// bookkeeping of one while it runs.
//
// A run lists its whole scope (no cursor) when:
// - the resource is inventory: Trackstar's inventory is a full snapshot, so every inventory run is
//   a complete listing and reconciles;
// - it is the first run (the backfill) or a run after the cursor was cleared (a widened filter);
// - a complete listing was requested (SyncState.reconcileRequestedAt): the daily sweep
//   (jobs/full-listing-sweep.ts) or triggerSync(full: true).
//
// Only a listing this runner started itself and carried through without a break reconciles:
// - a resumed run (after a crash, a shutdown, a failed attempt) lacks the ids of the pages
//   committed before it, so it never deletes; the request stays and the next fresh run lists again;
// - a page token refused mid-run restarts the listing: the run is no longer one unbroken listing;
// - a page with an invalid record (no id, a broken shape) hides which record it was.
// Faults Trackstar's client retried away (429s, 5xx, timeouts) leave no gap: every page was read whole.
//
// The ids seen are held in memory (a few dozen bytes each), so a listing of a few hundred thousand
// records costs some megabytes for the length of the run.
import type { PoolClient } from 'pg';
import type { SyncResource, SyncState } from '../generated/prisma/client.js';
import { pool } from '../pg.js';
import { parseIntegrationConfig } from './config.js';
import { markAbsentRecordsDeleted, recordReconcileSkipped, recordReconcile, type DeletionChanges, type ListingScope } from './deletions.js';
import type { RunPlan } from './state.js';
import type { Validated } from './validate.js';

/** Resources whose every run is a complete listing. */
export const ALWAYS_COMPLETE: ReadonlySet<SyncResource> = new Set(['INVENTORY']);

/** Whether a new run of this resource lists its whole scope rather than the cursor's window. */
export function wantsCompleteListing(resource: SyncResource, state: Pick<SyncState, 'cursor' | 'reconcileRequestedAt'>): boolean {
  return ALWAYS_COMPLETE.has(resource) || state.cursor === null || state.reconcileRequestedAt !== null;
}

export type ListingEnd =
  | { reconciled: true; changes: DeletionChanges }
  | { reconciled: false; reason: string };

export class CompleteListing {
  private readonly seen = new Set<string>();
  private brokenBy: string | null = null;
  private retryable = true;
  private scope: ListingScope;

  private constructor(
    readonly resource: SyncResource,
    /** By the database's clock, taken before the first page was asked for. */
    readonly startedAt: Date,
    filters: ListingScope['filters'],
  ) {
    this.scope = { updatedFrom: null, filters };
  }

  /** The listing of a run about to start, or null when the run is incremental. */
  static async forNewRun(resource: SyncResource, state: SyncState, integrationConfig: unknown): Promise<CompleteListing | null> {
    if (!wantsCompleteListing(resource, state)) return null;
    const { rows } = await pool.query<{ now: Date }>('SELECT now() AS now');
    const { filters } = parseIntegrationConfig(integrationConfig).settings.resources[resource];
    return new CompleteListing(resource, rows[0].now, filters);
  }

  /** Takes the window from the run's plan (orders, returns, inbound shipments list from `updated_date[gte]`). */
  covers(plan: RunPlan): void {
    const from = plan.query['updated_date[gte]'];
    this.scope = { ...this.scope, updatedFrom: typeof from === 'string' ? from : null };
  }

  /** A page as validated: its ids count as seen; an invalid record breaks the listing. */
  saw(page: Validated): void {
    for (const v of page.valid) this.seen.add((v.record as { id: string }).id);
    if (page.invalid.length > 0 && !this.brokenBy) {
      this.brokenBy = `${page.invalid.length} invalid record(s) in the listing`;
      this.retryable = false;
    }
  }

  /** Something broke the listing's continuity (a refused page token): it will not reconcile. */
  interrupt(reason: string): void {
    this.brokenBy ??= reason;
  }

  get complete(): boolean {
    return this.brokenBy === null;
  }

  /**
   * At the listing's end, inside the transaction of its last page: reconciles when it is complete,
   * and records the outcome on the sync state.
   */
  async finish(tx: PoolClient, brandId: string, stateId: string): Promise<ListingEnd> {
    if (this.brokenBy) {
      if (!this.retryable) await recordReconcileSkipped(tx, stateId, this.startedAt);
      return { reconciled: false, reason: this.brokenBy };
    }
    const changes = await markAbsentRecordsDeleted(tx, { brandId, resource: this.resource, scope: this.scope, seen: this.seen, listingStartedAt: this.startedAt });
    await recordReconcile(tx, stateId, this.startedAt, changes.deleted.length);
    return { reconciled: true, changes };
  }
}

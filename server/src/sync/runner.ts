// Runs one sync of one (integration, resource): starts a run (or resumes the one in progress),
// pages through Trackstar, and commits each page's rows together with the run's position, so a
// worker killed mid-run resumes at the next page and never applies a committed page again.
import { createHash } from 'node:crypto';
import { runWriteTransaction } from '../changes/write-transaction.js';
import { tokenBox } from '../crypto/token-box.js';
import { db } from '../db.js';
import type { SyncResource } from '../generated/prisma/enums.js';
import { logger, type Logger } from '../lib/logger.js';
import { trackstar, type ListPage, type TrackstarClient } from '../trackstar/client.js';
import { TrackstarAuthError, TrackstarError, TrackstarNotImplementedError, TrackstarValidationError } from '../trackstar/errors.js';
import { applyRecordsIn } from './apply.js';
import { CompleteListing, type ListingEnd } from './full-listing.js';
import { confirmBySync } from './freshness.js';
import { runStart } from './cursor.js';
import { markIntegrationAuthError } from './integration-status.js';
import { listingFor, nextPass, planRun } from './listing.js';
import { RESOURCE_INFO } from './resources.js';
import { claimPage, CONNECTION_ERROR_PAUSE, countPage, failRun, finishRun, markIntegrationSynced, markRunning, pauseResource, rewindRun, SETTINGS_PAUSE, startRun, touch, type RunPlan } from './state.js';
import type { SyncRunMeter } from './run-meter.js';
import { validateRecords, type Validated } from './validate.js';

export type RunOptions = {
  integrationId: string;
  resource: SyncResource;
  client?: TrackstarClient;
  /** Checked between pages; true ends the job after the last commit (graceful shutdown). */
  shouldStop?: () => boolean;
  now?: () => number;
  /** Counts pages and records as they commit (metrics, run history: jobs/metered-sync.ts). */
  meter?: SyncRunMeter;
};

export type RunOutcome = {
  status: 'completed' | 'stopped' | 'skipped' | 'unsupported' | 'auth-failed';
  pages: number;
  records: number;
  reason?: string;
  /** Rows a complete listing marked deleted / found again (sync/deletions.ts); absent when it did not reconcile. */
  deleted?: number;
  restored?: number;
};

/** Another runner committed the page this one fetched: roll back, it owns the run now. */
class LostRace extends Error {}

/** Short stable fingerprint of a page token for logs (the token itself is opaque upstream state). */
export const pageFingerprint = (token: string | null) => (token ? createHash('sha256').update(token).digest('hex').slice(0, 16) : 'first');

function describeInvalid(invalid: { id: string | null; error: string }[]): string | null {
  if (invalid.length === 0) return null;
  const sample = invalid.slice(0, 3).map((i) => `${i.id ?? '(no id)'}: ${i.error}`).join('; ');
  return `${invalid.length} invalid record(s) skipped: ${sample}`.slice(0, 1000);
}

/**
 * One sync of the resource. When a complete listing was asked for (full-listing.ts) but this run
 * resumed one that was not, the complete listing follows at once, in the same job.
 */
export async function runSync(opts: RunOptions): Promise<RunOutcome> {
  const first = await runOnce(opts);
  if (first.status !== 'completed' || !first.completeListingPending) return withoutPending(first);
  const next = await runOnce(opts);
  return withoutPending({ ...next, pages: first.pages + next.pages, records: first.records + next.records });
}

type OnceOutcome = RunOutcome & { completeListingPending?: boolean };
const withoutPending = ({ completeListingPending: _, ...outcome }: OnceOutcome): RunOutcome => outcome;

async function runOnce(opts: RunOptions): Promise<OnceOutcome> {
  const { integrationId, resource } = opts;
  const now = opts.now ?? Date.now;
  const log: Logger = logger.child({ integrationId, resource });
  const integration = await db.brandIntegration.findUnique({
    where: { id: integrationId },
    select: { brandId: true, status: true, accessToken: true, availableActions: true, config: true, integrationName: true },
  });
  if (!integration || integration.status !== 'ACTIVE' || !integration.accessToken) {
    return { status: 'skipped', pages: 0, records: 0, reason: 'integration is not active' };
  }
  const state = await db.syncState.findUnique({ where: { integrationId_resource: { integrationId, resource } } });
  if (!state) return { status: 'skipped', pages: 0, records: 0, reason: 'resource is not synced for this connection' };
  // A job queued before Trackstar reported an error for this function must not run (and so
  // un-pause it); connection-error.deleted resumes it. Likewise a resource the brand paused in its
  // sync settings, until it resumes it there.
  if (state.status === 'PAUSED' && state.lastError?.startsWith(CONNECTION_ERROR_PAUSE)) {
    return { status: 'skipped', pages: 0, records: 0, reason: 'paused by a Trackstar connection error' };
  }
  if (state.status === 'PAUSED' && state.lastError?.startsWith(SETTINGS_PAUSE)) {
    return { status: 'skipped', pages: 0, records: 0, reason: 'paused in the sync settings' };
  }
  const { brandId } = integration;
  const info = RESOURCE_INFO[resource];
  if (!integration.availableActions.includes(info.functionName)) {
    await runWriteTransaction(async (tx) => ({ value: null, notices: await pauseResource(tx, brandId, state.id, `${integration.integrationName ?? 'This integration'} does not offer ${info.functionName}`, true) }));
    return { status: 'unsupported', pages: 0, records: 0 };
  }

  const accessToken = tokenBox().open(integration.accessToken);
  const client = opts.client ?? trackstar();
  let pages = 0;
  let records = 0;
  let lastProblem: string | null = null;
  try {
    let plan: RunPlan;
    let pageToken: string | null;
    let pagesFetched: number;
    // Set when this run is a complete listing it started itself: only such a run may reconcile deletions.
    let fullListing: CompleteListing | null = null;
    let listingEnd: ListingEnd | null = null;
    if (!state.runStartedAt) {
      const started = runStart(now());
      fullListing = await CompleteListing.forNewRun(resource, state, integration.config);
      // The window (none for a complete listing), the brand's sync filters and, for locations, the warehouse list: fixed for the whole run.
      plan = await planRun({ resource, client, accessToken, cursor: fullListing ? null : state.cursor, config: integration.config, nowMs: now() });
      fullListing?.covers(plan);
      await runWriteTransaction(async (tx) => ({ value: null, notices: await startRun(tx, brandId, state.id, started, plan) }));
      pageToken = null;
      pagesFetched = 0;
      log.info('sync run started', { filters: plan.query, backfill: state.cursor === null });
    } else {
      plan = (state.runFilters ?? { query: {} }) as RunPlan;
      pageToken = state.pageToken;
      pagesFetched = state.pagesFetched;
      await runWriteTransaction(async (tx) => ({ value: null, notices: await markRunning(tx, brandId, state.id) }));
      log.info('sync run resumed', { pagesFetched, page: pageFingerprint(pageToken) });
      opts.meter?.runResumed();
    }

    let rewound = false;
    // The next page is fetched while this one is written (its token is already known), so a run
    // goes as fast as the slower of the rate limit and the database. A prefetched page is never
    // applied before the page ahead of it has committed; if the worker dies, it is simply fetched again.
    // Validation happens as soon as a page arrives, i.e. in Node while PostgreSQL writes the page before.
    const fetchPage = async (p: RunPlan, token: string | null): Promise<ListPage & { validated: Validated }> => {
      const listing = listingFor(resource, p);
      const page = listing ? await client.listPage(accessToken, listing.path, listing.query, token) : { records: [], nextToken: null, requestId: null };
      return { ...page, validated: validateRecords(resource, page.records) };
    };
    let prefetched: ReturnType<typeof fetchPage> | null = null;
    for (;;) {
      if (opts.shouldStop?.()) {
        prefetched?.catch(() => {});
        log.info('sync run paused for shutdown', { pagesFetched });
        return { status: 'stopped', pages, records };
      }
      let page: Awaited<ReturnType<typeof fetchPage>>;
      try {
        page = await (prefetched ?? fetchPage(plan, pageToken));
      } catch (error) {
        // A stored page token the upstream no longer accepts: list this window again from its start.
        if (!(error instanceof TrackstarValidationError) || pageToken === null || rewound || prefetched) throw error;
        rewound = true;
        fullListing?.interrupt('a page token was refused and the listing restarted');
        log.warn('page token refused; restarting the listing of this run', { error: error.message });
        await runWriteTransaction(async (tx) => {
          await rewindRun(tx, state.id, plan);
          return { value: null, notices: [] };
        });
        pageToken = null;
        continue;
      }
      prefetched = null;
      fullListing?.saw(page.validated);
      log.debug('sync page fetched', { page: pageFingerprint(pageToken), pagesFetched, count: page.records.length, requestId: page.requestId });

      let nextPlan = plan;
      let done = false;
      if (!page.nextToken) {
        const following = nextPass(plan);
        if (following) nextPlan = following;
        else done = true;
      }
      if (!done) {
        prefetched = fetchPage(nextPlan, page.nextToken);
        prefetched.catch(() => {}); // awaited on the next turn; this only silences an early rejection
      }
      const fetchedFrom = pageToken;
      // Safe to skip the fsync wait: rows and run position commit together, so a commit lost to
      // a database crash only means this page is fetched again.
      const result = await runWriteTransaction(async (tx) => {
        const claimed = await claimPage(tx, state.id, { expect: { pageToken: fetchedFrom, pagesFetched }, nextToken: page.nextToken, plan: nextPlan });
        if (!claimed) throw new LostRace();
        const applied = await applyRecordsIn(tx, { brandId, integrationId, resource, records: page.records, source: 'SYNC', validated: page.validated });
        const problem = describeInvalid(applied.invalid);
        await countPage(tx, state.id, page.records.length - applied.invalid.length, applied.invalid.length, problem);
        if (problem) lastProblem = problem;
        if (done && fullListing) listingEnd = await fullListing.finish(tx, brandId, state.id);
        const status = done ? await finishRun(tx, brandId, state.id, lastProblem) : await touch(tx, brandId, state.id);
        if (done) await confirmBySync(tx, state.id);
        const removals = listingEnd?.reconciled ? listingEnd.changes.notices : [];
        return { value: applied, notices: [...applied.notices, ...removals, ...status] };
      }, { synchronousCommit: false });
      await markIntegrationSynced(integrationId).catch(() => {});
      pages++;
      pagesFetched++;
      records += page.records.length - result.invalid.length;
      opts.meter?.pageCommitted(page.records.length - result.invalid.length);
      log.debug('sync page committed', { page: pageFingerprint(fetchedFrom), applied: result.applied, unchanged: result.unchanged, stale: result.stale, invalid: result.invalid.length });
      pageToken = page.nextToken;
      plan = nextPlan;
      if (done) {
        // Assigned inside the page transaction's callback, which TypeScript's narrowing cannot see.
        const end = listingEnd as ListingEnd | null;
        const reconciled = end?.reconciled ? { deleted: end.changes.deleted.length, restored: end.changes.restored.length } : {};
        log.info('sync run completed', { pages: pagesFetched, records, ...reconciled, ...(end && !end.reconciled ? { notReconciled: end.reason } : {}) });
        return { status: 'completed', pages, records, ...reconciled, completeListingPending: !fullListing && state.reconcileRequestedAt !== null };
      }
    }
  } catch (error) {
    if (error instanceof LostRace) {
      log.warn('another runner already committed this page; yielding the run');
      return { status: 'skipped', pages, records, reason: 'another runner owns this sync' };
    }
    if (error instanceof TrackstarAuthError) {
      if (await markIntegrationAuthError(integrationId, error.message, integration.accessToken)) {
        log.warn('trackstar refused the credentials; pausing the integration', { error: error.message, requestId: error.requestId });
        return { status: 'auth-failed', pages, records, reason: error.message };
      }
      // The brand reconnected while this run used the old token: the new connection's jobs carry on.
      log.info('old credentials refused after a reconnect; this run stops', { requestId: error.requestId });
      return { status: 'skipped', pages, records, reason: 'credentials were replaced while this run was in progress' };
    }
    if (error instanceof TrackstarNotImplementedError) {
      log.warn('resource not implemented upstream; marking unsupported', { error: error.message });
      await runWriteTransaction(async (tx) => ({ value: null, notices: await pauseResource(tx, brandId, state.id, `Not supported by ${integration.integrationName ?? 'this integration'}: ${error.message}`, true) }));
      return { status: 'unsupported', pages, records, reason: error.message };
    }
    const message = error instanceof Error ? error.message : String(error);
    log.error('sync run failed; progress kept for the next attempt', { error: message });
    // Trackstar's messages are safe to show; internal ones (SQL, bugs) stay in the worker log.
    const shown = error instanceof TrackstarError ? message : 'Internal error while syncing (see the worker log)';
    // A runner told to stop (its run lock lost: the run was found stalled and handed to another
    // runner, jobs/stall-detector.ts) must not mark a run that is no longer its own as failed.
    if (!opts.shouldStop?.()) await runWriteTransaction(async (tx) => ({ value: null, notices: await failRun(tx, brandId, state.id, shown) })).catch(() => {});
    throw error;
  }
}

// Makes Redis match PostgreSQL for the sync engine. Redis holds the job schedulers, the queued and
// running jobs and the run locks, and a Redis restart without persistence (or a failover to a
// replica that was behind) loses all of them; PostgreSQL says what should exist: the active
// integrations, their sync states, and each run in progress with its page cursor. Every step is
// idempotent, so this runs at worker start, periodically and after every Redis reconnect, from any
// number of worker processes.
import type { Redis } from 'ioredis';
import { db } from '../db.js';
import type { SyncResource, SyncStatus } from '../generated/prisma/enums.js';
import { logger } from '../lib/logger.js';
import { acquireLock, isLockHeld } from './lock.js';
import { addSyncJob, hasPendingSyncJob, syncKey, type SyncQueue } from './queues.js';
import { putSyncScheduler, scheduleEveryMs } from './schedulers.js';

/** Set by the first reconcile that finds it missing: its absence means Redis lost its data. */
export const RECONCILED_MARKER = 'packr:sync:reconciled';
/** Run lock name (lock.ts): one reconcile at a time across worker processes. */
export const RECONCILE_LOCK = 'sync-reconcile';

export type ReconcileOptions = {
  /** Also resume failed runs whose retry Redis held. Worker start asks for it; a data loss implies it. */
  thorough?: boolean;
  lockTtlMs?: number;
};

export type ReconcileReport = {
  thorough: boolean;
  redisDataLost: boolean;
  schedulersCreated: number;
  schedulersUpdated: number;
  schedulersRemoved: number;
  runsResumed: number;
};

type StateRow = { resource: SyncResource; status: SyncStatus; runStartedAt: Date | null; lastStartedAt: Date | null };
type IntegrationRow = { id: string; config: unknown; syncStates: StateRow[] };

/**
 * Whether the database says this sync should have a job now:
 * - RUNNING: a run in progress, whose job a Redis loss, a lost run lock or a shutdown may have ended;
 * - QUEUED: a sync was requested (connect, the sync button) and has not started;
 * - a run with progress whose last attempt failed, only when thorough: otherwise its retry is still
 *   queued, or its attempts are spent and the next scheduled tick resumes it. Re-enqueuing it on
 *   every period would hammer an upstream that keeps failing.
 */
function wantsJob(state: StateRow, thorough: boolean): boolean {
  if (state.status === 'PAUSED') return false;
  if (state.status === 'RUNNING' || state.status === 'QUEUED') return true;
  return thorough && state.runStartedAt !== null;
}

/** Returns null when another process is reconciling right now. */
export async function reconcileSyncState(queue: SyncQueue, redis: Redis, options: ReconcileOptions = {}): Promise<ReconcileReport | null> {
  const lock = await acquireLock(redis, RECONCILE_LOCK, options.lockTtlMs ?? 30_000);
  if (!lock) return null;
  try {
    // Marked before the work, so a loss in the middle of this run is still seen by the next one.
    const redisDataLost = (await redis.set(RECONCILED_MARKER, new Date().toISOString(), 'NX')) === 'OK';
    const thorough = (options.thorough ?? false) || redisDataLost;
    // Listed before the database is read: a scheduler created meanwhile (connecting writes the
    // database first) is then either not listed, so left alone, or wanted by the fresher read.
    const listed = await queue.getJobSchedulers(0, -1);
    const integrations: IntegrationRow[] = await db.brandIntegration.findMany({
      where: { status: 'ACTIVE', accessToken: { not: null } },
      select: { id: true, config: true, syncStates: { select: { resource: true, status: true, runStartedAt: true, lastStartedAt: true } } },
    });

    const report: ReconcileReport = { thorough, redisDataLost, schedulersCreated: 0, schedulersUpdated: 0, schedulersRemoved: 0, runsResumed: 0 };
    await reconcileSchedulers(queue, new Map(listed.map((s) => [s.key, s.every])), integrations, report);
    await resumeOrphanedRuns(queue, redis, integrations, thorough, report);

    const changed = report.schedulersCreated + report.schedulersUpdated + report.schedulersRemoved + report.runsResumed > 0;
    if (changed || redisDataLost) logger.info('sync state reconciled with redis', report);
    else logger.debug('sync state reconciled with redis', report);
    return report;
  } finally {
    await lock.release();
  }
}

/** A scheduler for every synced resource of every active integration, at its interval; no others. */
async function reconcileSchedulers(queue: SyncQueue, existing: Map<string, number | undefined>, integrations: IntegrationRow[], report: ReconcileReport) {
  const wanted = new Set<string>();
  for (const integration of integrations) {
    for (const state of integration.syncStates) {
      if (state.status === 'PAUSED') continue;
      const key = syncKey(integration.id, state.resource);
      wanted.add(key);
      const every = scheduleEveryMs(integration.config, state.resource);
      const current = existing.get(key);
      if (current !== undefined && Number(current) === every) continue;
      await putSyncScheduler(queue, integration.id, state.resource, every, state.lastStartedAt);
      if (existing.has(key)) report.schedulersUpdated++;
      else report.schedulersCreated++;
    }
  }
  // Disconnected, failed-auth or paused: their scheduled ticks would only be skipped by the worker.
  for (const key of existing.keys()) {
    if (wanted.has(key)) continue;
    await queue.removeJobScheduler(key);
    report.schedulersRemoved++;
  }
}

/**
 * A job (deduplicated per integration and resource) for every sync the database says is wanted
 * but nobody runs or has queued. The run resumes from its committed page cursor. If the run
 * finished while this was deciding, the extra job is one harmless incremental sync.
 */
async function resumeOrphanedRuns(queue: SyncQueue, redis: Redis, integrations: IntegrationRow[], thorough: boolean, report: ReconcileReport) {
  for (const integration of integrations) {
    for (const state of integration.syncStates) {
      if (!wantsJob(state, thorough)) continue;
      // The run lock covers scheduler ticks too, which carry no deduplication id.
      if (await isLockHeld(redis, syncKey(integration.id, state.resource))) continue;
      if (await hasPendingSyncJob(queue, integration.id, state.resource)) continue;
      await addSyncJob(queue, { integrationId: integration.id, resource: state.resource, reason: 'resume' });
      report.runsResumed++;
    }
  }
}

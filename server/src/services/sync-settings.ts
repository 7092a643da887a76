// A brand's sync settings (sync/settings.ts): reading them with what they mean right now (the
// interval in force, the next scheduled run, other pauses), and changing them live: stored,
// schedulers replaced or removed, runs paused, resumed or restarted, all without a restart.
// Callers check roles (OWNER/ADMIN) and brand visibility; no GraphQL or HTTP types here.
import type { PoolClient } from 'pg';
import { diffFields, flattenFields, type Actor } from '../audit/entries.js';
import { recordUserAction } from '../audit/user-actions.js';
import { appendChanges, type ChangeInput } from '../changes/change-log.js';
import { runWriteTransaction } from '../changes/write-transaction.js';
import type { SyncResource, SyncStatus } from '../generated/prisma/enums.js';
import { enqueueSync, syncKey, syncQueue } from '../jobs/queues.js';
import { putSyncScheduler, removeSyncScheduler } from '../jobs/schedulers.js';
import { logger } from '../lib/logger.js';
import { NOW, pool } from '../pg.js';
import { RESOURCE_INFO, SYNC_RESOURCES } from '../sync/resources.js';
import {
  applySettingsUpdate, everySecondsOf, filtersEqual, filtersWiden, FILTERS_BY_RESOURCE, readSyncSettings, summarizeErrors,
  toStoredConfig, TRACKSTAR_DEFAULT_SECONDS, type ResourceSettings, type SchedulePreset, type SyncFilterName, type SyncSettings,
  type SyncSettingsUpdate,
} from '../sync/settings.js';
import { SETTINGS_PAUSE } from '../sync/state.js';
import { ServiceError } from './errors.js';

const log = logger.child({ service: 'sync-settings' });

export type ResourceSyncSettingsView = {
  resource: SyncResource;
  preset: SchedulePreset;
  /** The interval in force, seconds. */
  everySeconds: number;
  customEverySeconds: number | null;
  nearRealTimeSeconds: number;
  trackstarDefaultSeconds: number;
  paused: boolean;
  filters: Record<SyncFilterName, string[]>;
  supportedFilters: readonly SyncFilterName[];
  status: SyncStatus;
  /** Why the resource is paused when something other than the settings paused it; null otherwise. */
  pausedBy: string | null;
  /** When its scheduler fires next; null when it has none (paused, not connected) or Redis did not answer. */
  nextRunAt: Date | null;
};

export type SyncSettingsView = { integrationId: string; brandId: string; backfillDays: number; resources: ResourceSyncSettingsView[] };

type StateRow = { id: string; resource: SyncResource; status: SyncStatus; lastError: string | null; lastStartedAt: Date | null };
type IntegrationRow = { id: string; status: string; hasToken: boolean; config: unknown };

const NEXT_RUN_TIMEOUT_MS = 1_000;

/** Next fire time of each resource's scheduler; empty when Redis does not answer in time (the view still renders). */
async function nextRuns(integrationId: string, resources: SyncResource[]): Promise<Map<SyncResource, Date>> {
  const queue = syncQueue();
  const work = Promise.all(resources.map(async (r) => [r, await queue.getJobScheduler(syncKey(integrationId, r))] as const));
  const timeout = new Promise<null>((resolve) => setTimeout(() => resolve(null), NEXT_RUN_TIMEOUT_MS).unref());
  const found = await Promise.race([work, timeout]).catch(() => null);
  const out = new Map<SyncResource, Date>();
  for (const [resource, scheduler] of found ?? []) if (scheduler?.next) out.set(resource, new Date(scheduler.next));
  return out;
}

function resourceView(state: StateRow, settings: ResourceSettings, nextRunAt: Date | null): ResourceSyncSettingsView {
  const { resource } = state;
  return {
    resource,
    preset: settings.preset,
    everySeconds: everySecondsOf(resource, settings),
    customEverySeconds: settings.customEverySeconds,
    nearRealTimeSeconds: RESOURCE_INFO[resource].everySeconds,
    trackstarDefaultSeconds: TRACKSTAR_DEFAULT_SECONDS[resource],
    paused: settings.paused,
    filters: {
      warehouseIds: settings.filters.warehouseIds ?? [], channels: settings.filters.channels ?? [],
      orderTypes: settings.filters.orderTypes ?? [], warehouseCustomerIds: settings.filters.warehouseCustomerIds ?? [],
    },
    supportedFilters: FILTERS_BY_RESOURCE[resource],
    status: state.status,
    pausedBy: state.status === 'PAUSED' && !state.lastError?.startsWith(SETTINGS_PAUSE) ? (state.lastError ?? 'Paused') : null,
    nextRunAt,
  };
}

async function view(brandId: string, integration: IntegrationRow, states: StateRow[]): Promise<SyncSettingsView> {
  const settings = readSyncSettings(integration.config);
  const next = await nextRuns(integration.id, states.map((s) => s.resource));
  return {
    integrationId: integration.id,
    brandId,
    backfillDays: settings.backfillDays,
    resources: states.map((s) => resourceView(s, settings.resources[s.resource], next.get(s.resource) ?? null)),
  };
}

const byResourceOrder = (a: StateRow, b: StateRow) => SYNC_RESOURCES.indexOf(a.resource) - SYNC_RESOURCES.indexOf(b.resource);

async function load(client: Pick<PoolClient, 'query'>, brandId: string, lock: boolean): Promise<{ integration: IntegrationRow; states: StateRow[] }> {
  // Lock order of the sync engine: brand_integration, then sync_state. NO KEY UPDATE (no key
  // changes here), not UPDATE: FOR UPDATE also blocks the KEY SHARE locks that inserts referencing
  // the integration take (sync states, sync history, webhook events), and a transaction stuck
  // behind it may hold a sync state this one waits for (a deadlock, seen under load).
  const forUpdate = lock ? 'FOR NO KEY UPDATE' : '';
  const { rows } = await client.query<IntegrationRow>(
    `SELECT id, status::text AS status, "accessToken" IS NOT NULL AS "hasToken", config FROM brand_integration WHERE "brandId" = $1 ${forUpdate}`,
    [brandId],
  );
  const integration = rows[0];
  if (!integration) throw new ServiceError('NOT_FOUND', 'This brand has never been connected to Trackstar');
  const states = await client.query<StateRow>(
    `SELECT id, resource, status, "lastError", "lastStartedAt" FROM sync_state WHERE "integrationId" = $1 ORDER BY resource ${forUpdate}`,
    [integration.id],
  );
  return { integration, states: states.rows.sort(byResourceOrder) };
}

/** The brand's sync settings, one entry per resource its connection syncs. NOT_FOUND when never connected. */
export async function getSyncSettings(brandId: string): Promise<SyncSettingsView> {
  const { integration, states } = await load(pool, brandId, false);
  return view(brandId, integration, states);
}

type Effects = { enqueue: SyncResource[] };

/**
 * What one resource's change does to its sync state, inside the settings transaction.
 *
 * Pause and resume: the setting is stored in the config; the state shows SETTINGS_PAUSE unless
 * something else (a connection error, a disconnect, a function the WMS lacks) already paused it,
 * and a resume lifts only SETTINGS_PAUSE. So a resume never lifts a connection-error pause, and
 * the connection error's resolution re-applies a settings pause (connection-events.ts).
 *
 * Filters and the backfill window, for cursor correctness:
 * - any filter change abandons the run in progress (its plan carries the old filters; a runner
 *   still on it loses its next page claim and yields), so the next run lists with the new ones;
 * - widening (a filter dropped or given more values) also clears the cursor: records the old
 *   filter excluded were never listed, and an incremental window would only find those updated
 *   since, so the resource is backfilled again (current-state resources in full, windowed ones
 *   over the backfill window);
 * - narrowing keeps the cursor: everything in the new scope was already in the old one. Rows
 *   outside the new scope stay (they are no longer refreshed by sync runs; webhooks still apply);
 * - a longer backfill window re-backfills the windowed resources (orders, returns, inbound
 *   shipments) so the older records arrive; a shorter one changes nothing already synced.
 */
async function applyToState(tx: PoolClient, state: StateRow, before: ResourceSettings, after: ResourceSettings, longerBackfill: boolean, effects: Effects): Promise<boolean> {
  const { resource } = state;
  let status = state.status;
  let changed = everySecondsOf(resource, before) !== everySecondsOf(resource, after);
  if (after.paused && !before.paused && status !== 'PAUSED') {
    await tx.query(`UPDATE sync_state SET status = 'PAUSED', "lastError" = $2, "updatedAt" = ${NOW} WHERE id = $1`, [state.id, SETTINGS_PAUSE]);
    status = 'PAUSED';
    changed = true;
  } else if (!after.paused && before.paused && status === 'PAUSED' && state.lastError?.startsWith(SETTINGS_PAUSE)) {
    // A run that was under way when paused keeps its position and resumes from it.
    await tx.query(`UPDATE sync_state SET status = 'QUEUED', "lastError" = NULL, "updatedAt" = ${NOW} WHERE id = $1`, [state.id]);
    status = 'QUEUED';
    effects.enqueue.push(resource);
    changed = true;
  }
  const refilter = !filtersEqual(before.filters, after.filters);
  const rewindow = longerBackfill && RESOURCE_INFO[resource].windowedBackfill;
  if (refilter || rewindow) {
    const backfill = rewindow || filtersWiden(before.filters, after.filters);
    await tx.query(
      `UPDATE sync_state SET "runStartedAt" = NULL, "runFilters" = NULL, "pageToken" = NULL, "pagesFetched" = 0, "runRecords" = 0,
         cursor = CASE WHEN $2 THEN NULL ELSE cursor END,
         status = CASE WHEN status = 'PAUSED' THEN status ELSE 'QUEUED'::"SyncStatus" END, "updatedAt" = ${NOW}
       WHERE id = $1`,
      [state.id, backfill],
    );
    if (status !== 'PAUSED' && !effects.enqueue.includes(resource)) effects.enqueue.push(resource);
    changed = true;
  }
  return changed;
}

const DEADLOCK = '40P01';

/**
 * This transaction locks every sync state of the integration while sync pages and webhook events
 * of the same integration commit; PostgreSQL may pick it as a deadlock's victim. Rolled back
 * whole, it is simply run again.
 */
async function retryOnDeadlock<T>(work: () => Promise<T>, attempts = 3): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await work();
    } catch (error) {
      if ((error as { code?: unknown }).code !== DEADLOCK || attempt >= attempts) throw error;
      log.warn('sync settings update lost a deadlock; retrying', { attempt });
    }
  }
}

/** Makes the integration's schedulers match its settings: none for a paused resource, the interval in force otherwise. */
async function applySchedulers(integration: IntegrationRow, settings: SyncSettings, states: StateRow[]): Promise<void> {
  const queue = syncQueue();
  for (const state of states) {
    if (state.status === 'PAUSED') {
      await removeSyncScheduler(integration.id, state.resource);
      continue;
    }
    const every = everySecondsOf(state.resource, settings.resources[state.resource]) * 1000;
    const existing = await queue.getJobScheduler(syncKey(integration.id, state.resource));
    if (existing && Number(existing.every) === every) continue;
    // From the last run's start, so a new interval keeps the cadence instead of firing everything now.
    await putSyncScheduler(queue, integration.id, state.resource, every, state.lastStartedAt);
  }
}

/**
 * Applies an update (omitted fields keep their values; see applySettingsUpdate) in one go: the
 * config and the sync states in one transaction, then, at once, the schedulers and the runs a
 * resume or a filter change calls for. Refused values: BAD_USER_INPUT with a message per field,
 * nothing changed.
 */
export async function updateSyncSettings(brandId: string, update: SyncSettingsUpdate, actor?: Actor): Promise<SyncSettingsView> {
  let effects: Effects = { enqueue: [] };
  const { integration, settings } = await retryOnDeadlock(() => runWriteTransaction(async (tx) => {
    effects = { enqueue: [] };
    const { integration, states } = await load(tx, brandId, true);
    const current = readSyncSettings(integration.config);
    const { settings, errors } = applySettingsUpdate(current, update, states.map((s) => s.resource));
    if (errors.length > 0) throw new ServiceError('BAD_USER_INPUT', summarizeErrors(errors), errors);
    await tx.query(`UPDATE brand_integration SET config = $2::jsonb, "updatedAt" = ${NOW} WHERE id = $1`, [integration.id, JSON.stringify(toStoredConfig(integration.config, settings))]);
    // The audit trail names each setting that changed (an update that changes nothing logs nothing).
    const changed = diffFields(flattenFields(current), flattenFields(settings));
    if (actor && Object.keys(changed).length > 0) {
      await recordUserAction({ actor, brandId, action: 'updateSyncSettings', recordType: 'INTEGRATION', recordId: integration.id, changes: changed }, tx);
    }
    const longerBackfill = settings.backfillDays > current.backfillDays;
    const changes: ChangeInput[] = [];
    for (const state of states) {
      const changed = await applyToState(tx, state, current.resources[state.resource], settings.resources[state.resource], longerBackfill, effects);
      // The dashboards' sync views show the schedule and pause too: tell them.
      if (changed) changes.push({ kind: 'SYNC_STATUS', entityId: state.id, source: 'MANUAL' });
    }
    const notices = await appendChanges(tx, brandId, changes);
    return { value: { integration, settings }, notices };
  }));
  const { states } = await load(pool, brandId, false);
  if (integration.status === 'ACTIVE' && integration.hasToken) {
    try {
      await applySchedulers(integration, settings, states);
      for (const resource of effects.enqueue) await enqueueSync({ integrationId: integration.id, resource, reason: 'manual' });
    } catch (error) {
      // Stored already; the reconciler brings Redis in line with the database within a minute of Redis answering again.
      log.error('sync settings saved but the job queue is unavailable', { error, brandId });
      throw new ServiceError('UNAVAILABLE', 'The settings were saved, but the job queue is unavailable: the new schedules apply once it is back (or save again)');
    }
  }
  log.info('sync settings updated', { brandId, integrationId: integration.id, restarted: effects.enqueue });
  return view(brandId, { ...integration, config: toStoredConfig(integration.config, settings) }, states);
}

export type FilterChoices = {
  warehouses: { id: string; name: string }[];
  channels: { id: string; name: string | null }[];
  warehouseCustomerIds: string[];
};

/** Recent orders are enough to name the channels a brand sells on; reading them all would scale with history. */
const CHANNEL_SAMPLE = 5_000;
const CHOICES_MAX = 100;

/** Values the filters can take, from what Packr has synced for the brand (a filter may also name others). */
export async function syncFilterChoices(brandId: string): Promise<FilterChoices> {
  const [warehouses, channels, customers] = await Promise.all([
    pool.query<{ id: string; name: string }>(`SELECT "externalId" AS id, name FROM warehouse WHERE "brandId" = $1 ORDER BY name, "externalId" LIMIT ${CHOICES_MAX}`, [brandId]),
    pool.query<{ id: string; name: string | null }>(
      `SELECT coalesce(o."rawData"->'channel_object'->>'channel_id', o."rawData"->>'channel') AS id, max(o.channel) AS name
         FROM (SELECT "rawData", channel FROM "order" WHERE "brandId" = $1 ORDER BY "updatedAtRemote" DESC LIMIT ${CHANNEL_SAMPLE}) AS o
        WHERE coalesce(o."rawData"->'channel_object'->>'channel_id', o."rawData"->>'channel') IS NOT NULL
        GROUP BY 1 ORDER BY 1 LIMIT ${CHOICES_MAX}`,
      [brandId],
    ),
    pool.query<{ id: string }>(
      `SELECT id FROM (SELECT "warehouseCustomerId" AS id FROM product WHERE "brandId" = $1
                       UNION SELECT "warehouseCustomerId" FROM inventory_item WHERE "brandId" = $1) AS c
        WHERE id IS NOT NULL ORDER BY id LIMIT ${CHOICES_MAX}`,
      [brandId],
    ),
  ]);
  return { warehouses: warehouses.rows, channels: channels.rows, warehouseCustomerIds: customers.rows.map((r) => r.id) };
}

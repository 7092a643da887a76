// Connection-level events, applied inside the worker's transaction so the event's status and its
// effect commit together: historical-sync completion, connection errors raised or resolved (for
// the whole connection or for some functions only), and connections created or deleted upstream.
import type { PoolClient } from 'pg';
import type { ChangeNotice } from '../changes/change-log.js';
import { appendChanges } from '../changes/change-log.js';
import type { SyncResource } from '../generated/prisma/enums.js';
import { removeSyncSchedulers, removeSyncScheduler, upsertSyncSchedulers } from '../jobs/schedulers.js';
import { NOW } from '../pg.js';
import { disconnectIntegrationIn } from '../sync/integration-status.js';
import { readableResources } from '../sync/resources.js';
import { readSyncSettings } from '../sync/settings.js';
import { CONNECTION_ERROR_PAUSE, pauseResource, SETTINGS_PAUSE } from '../sync/state.js';
import { affectedResources, historicalResource } from './event-routing.js';

export type IntegrationRef = { id: string; brandId: string };
export type HandlerResult = {
  notices: ChangeNotice[];
  ignored?: string;
  /**
   * Redis work to do once the transaction has committed (schedulers). Best effort: if it fails,
   * the reconciler brings the schedulers in line with the database on its next pass.
   */
  afterCommit?: () => Promise<void>;
};

const asRecord = (v: unknown): Record<string, unknown> => (v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : {});

/** connection.historical-sync-completed: the resource's backfill is done upstream ("data ready"). */
export async function markHistoricalSyncCompleted(tx: PoolClient, integration: IntegrationRef, data: unknown, sentAt: Date | null): Promise<HandlerResult> {
  const resource = historicalResource(asRecord(data).resource);
  if (!resource) return { notices: [], ignored: `historical sync of an unsupported resource (${String(asRecord(data).resource).slice(0, 60)})` };
  const { rows } = await tx.query<{ id: string }>(
    `INSERT INTO sync_state ("integrationId", resource, "historicalSyncCompletedAt", "updatedAt")
     VALUES ($1, $2::"SyncResource", $3, now())
     ON CONFLICT ("integrationId", resource) DO UPDATE
       SET "historicalSyncCompletedAt" = COALESCE(sync_state."historicalSyncCompletedAt", EXCLUDED."historicalSyncCompletedAt"),
           "updatedAt" = now()
     RETURNING id`,
    [integration.id, resource, sentAt ?? new Date()],
  );
  const notices = await appendChanges(tx, integration.brandId, [{ kind: 'SYNC_STATUS', entityId: rows[0].id, source: 'WEBHOOK', previous: null }]);
  return { notices };
}

/** lastError prefix of a resource paused by a connection error; only those are resumed when it resolves. */

const errorMessage = (data: unknown) =>
  String(asRecord(data).error_message ?? asRecord(data).message ?? 'connection error reported by Trackstar').slice(0, 2_000);

/**
 * connection-error.created/updated/deleted. When affected_endpoints names some of the functions
 * Packr syncs, and not all of them, only those resources stop (PAUSED with the message, their
 * schedulers removed) while the others keep syncing; .deleted resumes them. An error that names no
 * synced function, or every one the connection offers (say, rejected credentials), is about the
 * whole connection: the integration goes ERROR, and back to ACTIVE when resolved.
 */
export async function applyConnectionError(tx: PoolClient, integration: IntegrationRef, data: unknown, resolved: boolean): Promise<HandlerResult> {
  const { stopped, notStopped } = affectedResources(data);
  if (stopped.length === 0 && notStopped.length > 0) {
    return { notices: [], ignored: `connection error does not prevent syncing ${notStopped.join(', ')}: ${errorMessage(data)}`.slice(0, 2_000) };
  }
  if (stopped.length > 0) {
    const { rows } = await tx.query<{ availableActions: string[] }>(`SELECT "availableActions" FROM brand_integration WHERE id = $1 FOR UPDATE`, [integration.id]);
    const readable = readableResources(rows[0]?.availableActions ?? []);
    const wholeConnection = readable.length > 0 && readable.every((r) => stopped.includes(r));
    if (!wholeConnection) return resolved ? resumeResources(tx, integration, stopped) : pauseResources(tx, integration, stopped, errorMessage(data));
  }
  return applyIntegrationError(tx, integration, errorMessage(data), resolved);
}

/** The whole connection: ERROR with the message; resolved -> ACTIVE (only from ERROR). */
async function applyIntegrationError(tx: PoolClient, integration: IntegrationRef, message: string, resolved: boolean): Promise<HandlerResult> {
  const { rows } = await tx.query<{ previous: string; status: string }>(
    `UPDATE brand_integration AS b
       SET status = $2::"IntegrationStatus", "lastError" = $3, "updatedAt" = now()
       FROM (SELECT id, status FROM brand_integration WHERE id = $1 FOR UPDATE) AS old
      WHERE b.id = old.id AND old.status <> 'DISCONNECTED' AND ($4 = false OR old.status = 'ERROR')
      RETURNING old.status::text AS previous, b.status::text AS status`,
    [integration.id, resolved ? 'ACTIVE' : 'ERROR', resolved ? null : message, resolved],
  );
  if (rows.length === 0) return { notices: [], ignored: resolved ? 'integration was not in ERROR' : 'integration is disconnected' };
  const notices = await appendChanges(tx, integration.brandId, [
    { kind: 'INTEGRATION_STATUS', entityId: integration.id, source: 'WEBHOOK', previous: { status: rows[0].previous } },
  ]);
  return { notices };
}

/**
 * Pauses the named resources. A resource already paused for another reason (not offered,
 * disconnected, credentials) keeps that reason; one paused by an earlier connection error takes
 * the new message, and so does one paused in the sync settings (the setting stays in the config
 * and applies again once the error is resolved, so neither pause lifts the other). A run in
 * progress keeps its position and resumes from it.
 */
async function pauseResources(tx: PoolClient, integration: IntegrationRef, resources: SyncResource[], message: string): Promise<HandlerResult> {
  const { rows } = await tx.query<{ id: string; resource: SyncResource }>(
    `SELECT id, resource FROM sync_state
      WHERE "integrationId" = $1 AND resource = ANY($2::"SyncResource"[])
        AND (status <> 'PAUSED' OR starts_with(coalesce("lastError", ''), $3) OR starts_with(coalesce("lastError", ''), $4))
      ORDER BY resource FOR UPDATE`,
    [integration.id, resources, CONNECTION_ERROR_PAUSE, SETTINGS_PAUSE],
  );
  if (rows.length === 0) return { notices: [], ignored: `no syncing resource is affected (${resources.join(', ')})` };
  const notices: ChangeNotice[] = [];
  for (const row of rows) notices.push(...(await pauseResource(tx, integration.brandId, row.id, `${CONNECTION_ERROR_PAUSE}${message}`, false)));
  const paused = rows.map((r) => r.resource);
  return {
    notices,
    afterCommit: async () => {
      for (const resource of paused) await removeSyncScheduler(integration.id, resource);
    },
  };
}

/**
 * Resumes the named resources that a connection error paused: QUEUED, their schedulers back
 * (firing now). One the brand paused in its sync settings meanwhile goes back to that pause.
 */
async function resumeResources(tx: PoolClient, integration: IntegrationRef, resources: SyncResource[]): Promise<HandlerResult> {
  // Locked first (the engine's lock order), so a concurrent settings update is either seen whole or waits.
  const { rows: integrations } = await tx.query<{ config: unknown; status: string }>(
    `SELECT config, status::text AS status FROM brand_integration WHERE id = $1 FOR NO KEY UPDATE`,
    [integration.id],
  );
  const { config, status } = integrations[0] ?? { config: {}, status: 'DISCONNECTED' };
  const settings = readSyncSettings(config);
  const held = resources.filter((r) => settings.resources[r].paused);
  const { rows } = await tx.query<{ id: string; resource: SyncResource }>(
    `UPDATE sync_state SET status = CASE WHEN resource = ANY($4::"SyncResource"[]) THEN 'PAUSED'::"SyncStatus" ELSE 'QUEUED'::"SyncStatus" END,
       "lastError" = CASE WHEN resource = ANY($4::"SyncResource"[]) THEN $5 END, "updatedAt" = ${NOW}
      WHERE "integrationId" = $1 AND resource = ANY($2::"SyncResource"[])
        AND status = 'PAUSED' AND starts_with(coalesce("lastError", ''), $3)
      RETURNING id, resource`,
    [integration.id, resources, CONNECTION_ERROR_PAUSE, held, SETTINGS_PAUSE],
  );
  if (rows.length === 0) return { notices: [], ignored: `no resource was paused by this error (${resources.join(', ')})` };
  const notices = await appendChanges(tx, integration.brandId, rows.map((r) => ({ kind: 'SYNC_STATUS' as const, entityId: r.id, source: 'WEBHOOK' as const })));
  const resumed = rows.map((r) => r.resource).filter((r) => !held.includes(r));
  return {
    notices,
    // Only an ACTIVE integration has schedulers; otherwise reconnecting restores them.
    afterCommit: status === 'ACTIVE' && resumed.length > 0 ? () => upsertSyncSchedulers(integration.id, resumed, config) : undefined,
  };
}

/**
 * connection.deleted: the connection is gone upstream (deleted in Trackstar's dashboard or by its
 * API), so its token no longer works. DISCONNECTED at once, as Packr's own disconnect does, instead
 * of waiting for the next sync's 401; data kept. An old delivery must not end a newer install of
 * the same connection id (the sandbox, and reinstall in general, keep the id): the delete counts
 * only if it happened after the integration was (re)connected. When it happened is `deleted_date`,
 * else the delivery's svix-timestamp.
 */
export async function applyConnectionDeleted(tx: PoolClient, integration: IntegrationRef, data: unknown, sentAt: Date | null): Promise<HandlerResult> {
  const stated = asRecord(data).deleted_date;
  const parsed = typeof stated === 'string' ? new Date(stated) : null;
  const deletedAt = parsed && !Number.isNaN(parsed.getTime()) ? parsed : sentAt;
  const done = await disconnectIntegrationIn(tx, integration, {
    source: 'WEBHOOK', reason: 'The connection was deleted in Trackstar; reconnect the brand to resume syncing', endedAt: deletedAt ?? new Date(),
  });
  if (!done) {
    const { rows } = await tx.query<{ status: string }>(`SELECT status::text AS status FROM brand_integration WHERE id = $1`, [integration.id]);
    return { notices: [], ignored: rows[0]?.status === 'DISCONNECTED' ? 'integration is already disconnected' : 'the connection was reinstalled after this deletion' };
  }
  return { notices: done.notices, afterCommit: () => removeSyncSchedulers(integration.id) };
}

/**
 * connection.created for a connection already linked to a brand: the Link exchange (or a connect
 * link) already stored everything (token sealed, functions, resources), so there is nothing to
 * update; the event's sealed token is dropped (process-event.ts). Connections nobody holds yet go
 * to connection-installed.ts instead: a connect link's are attached there, the rest are IGNORED as
 * 'unknown connection' and re-resolved after the exchange (reresolve.ts).
 */
export function connectionCreated(): HandlerResult {
  return { notices: [] };
}

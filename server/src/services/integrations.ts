// Connecting a brand to Trackstar, disconnecting it, and asking for a sync now. Shared by the
// GraphQL mutations and scripts; no GraphQL or BullMQ types leak out of here.
import { diffFields, type Actor } from '../audit/entries.js';
import { recordUserAction } from '../audit/user-actions.js';
import { tokenBox } from '../crypto/token-box.js';
import { db } from '../db.js';
import { Prisma, type SyncResource, type SyncState } from '../generated/prisma/client.js';
import { enqueueSync } from '../jobs/queues.js';
import { removeSyncSchedulers, upsertSyncSchedulers } from '../jobs/schedulers.js';
import { logger } from '../lib/logger.js';
import { NOW, pool } from '../pg.js';
import { appendChanges } from '../changes/change-log.js';
import { runWriteTransaction } from '../changes/write-transaction.js';
import { RESOURCE_INFO, SYNC_RESOURCES, readableResources } from '../sync/resources.js';
import { readSyncSettings } from '../sync/settings.js';
import { SETTINGS_PAUSE } from '../sync/state.js';
import { disconnectIntegrationIn } from '../sync/integration-status.js';
import { trackstar } from '../trackstar/client.js';
import type { ExchangeResponse } from '../../../trackstar-contract/contract.js';
import { TrackstarAuthError, TrackstarError, TrackstarNotConfiguredError, TrackstarRequestError } from '../trackstar/errors.js';
import { reprocessIgnoredForConnection } from '../webhooks/reresolve.js';
import { ServiceError } from './errors.js';

const log = logger.child({ service: 'integrations' });

/** Trackstar failures -> caller-facing errors with Trackstar's own message (never the token). */
export async function upstream<T>(what: string, call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (error) {
    if (error instanceof TrackstarNotConfiguredError) throw new ServiceError('NOT_CONFIGURED', 'Trackstar is not configured');
    if (error instanceof TrackstarError) {
      log.warn(`trackstar ${what} failed`, { status: error.status, requestId: error.requestId, error: error.message });
      throw new ServiceError('UPSTREAM', `Trackstar ${what} failed: ${error.message}`);
    }
    throw error;
  }
}

/** Queueing needs Redis; with Redis down the mutation says so instead of hanging or answering 500. */
async function queued<T>(call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (error) {
    log.error('could not reach the job queue', { error });
    throw new ServiceError('UNAVAILABLE', 'The job queue is unavailable; try again shortly');
  }
}

export async function createLinkToken(brandId: string): Promise<string> {
  const existing = await db.brandIntegration.findUnique({ where: { brandId }, select: { connectionId: true } });
  return upstream('link token', async () => {
    const client = trackstar();
    if (!existing?.connectionId) return client.createLinkToken();
    try {
      // Reinstalling with the stored connection id keeps the connection (and its id) upstream. This
      // applies to DISCONNECTED brands too: the id stays on the row after a disconnect, and the
      // sandbox restores a deleted connection on reinstall, so reconnecting keeps the same id and
      // connectTrackstar keeps the sync cursors (sameConnection).
      return await client.createLinkToken(existing.connectionId);
    } catch (error) {
      // Unknown upstream (Trackstar refused to reinstall it): only a new connection can be installed.
      if (error instanceof TrackstarRequestError && error.status === 404) return client.createLinkToken();
      throw error;
    }
  });
}

/** The resources among `resources` that the brand paused in its sync settings. */
const pausedInSettings = (config: unknown, resources: SyncResource[]) => resources.filter((r) => readSyncSettings(config).resources[r].paused);

/** Stores the exchanged connection and sets each resource QUEUED (readable) or PAUSED (not offered, or paused in the sync settings). */
/**
 * Postgres ends one of two transactions that wait on each other's row locks (a reinstall against a
 * sync page of the same integration committing); Prisma reports that as P2034. The transaction
 * changed nothing, so running it again is safe, and the page commit has gone by then.
 */
async function retryingWriteConflicts<T>(work: () => Promise<T>, attempts = 3): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await work();
    } catch (error) {
      const conflict = error instanceof Prisma.PrismaClientKnownRequestError && error.code === 'P2034';
      if (!conflict || attempt >= attempts) throw error;
      await new Promise((resolve) => setTimeout(resolve, 50 * attempt));
    }
  }
}

async function saveConnection(brandId: string, exchanged: ExchangeResponse, readable: SyncResource[], sameConnection: boolean) {
  const sealed = tokenBox().seal(exchanged.access_token);
  return retryingWriteConflicts(() => db.$transaction(async (tx) => {
    const row = await tx.brandIntegration.upsert({
      where: { brandId },
      create: {
        brandId, status: 'ACTIVE', accessToken: sealed, connectionId: exchanged.connection_id,
        integrationName: exchanged.integration_name, availableActions: exchanged.available_actions, connectedAt: new Date(),
      },
      update: {
        status: 'ACTIVE', accessToken: sealed, connectionId: exchanged.connection_id, integrationName: exchanged.integration_name,
        availableActions: exchanged.available_actions, lastError: null, connectedAt: new Date(), disconnectedAt: null,
      },
      select: { id: true, config: true },
    });
    await tx.syncState.createMany({ data: readable.map((resource) => ({ integrationId: row.id, resource })), skipDuplicates: true });
    // A different connection means different upstream data: start its windows from scratch.
    const reset = sameConnection ? {} : { cursor: null, runStartedAt: null, runFilters: Prisma.DbNull, pageToken: null, pagesFetched: 0, runRecords: 0 };
    await tx.syncState.updateMany({ where: { integrationId: row.id, resource: { in: readable } }, data: { status: 'QUEUED', lastError: null, ...reset } });
    await tx.syncState.updateMany({
      where: { integrationId: row.id, resource: { notIn: readable } },
      data: { status: 'PAUSED', lastError: `${exchanged.integration_name} does not offer this resource` },
    });
    // Reconnecting lifts every other pause, not one the brand chose in its sync settings.
    await tx.syncState.updateMany({ where: { integrationId: row.id, resource: { in: pausedInSettings(row.config, readable) } }, data: { status: 'PAUSED', lastError: SETTINGS_PAUSE } });
    return row;
    // A reinstall's updates may wait for the row locks of a sync page of the same integration that
    // is committing; Prisma's interactive-transaction defaults (2 s to start, 5 s in all) would turn
    // that ordinary wait on a busy machine into an error. Same acquire wait as the pools (db.ts).
  }, { maxWait: 5_000, timeout: 15_000 }));
}

/** Webhooks that beat the connect were stored as "unknown connection"; the connect already succeeded, so a failure here only logs. */
async function reprocessEarlyWebhooks(connectionId: string): Promise<void> {
  await reprocessIgnoredForConnection(connectionId).catch((error) => logger.error('could not reprocess early webhooks', { error }));
}

/** `actor`: the user asking (audit trail); omitted only by scripts acting for nobody. */
export async function connectTrackstar(brandId: string, authCode: string, actor?: Actor) {
  const code = authCode.trim();
  if (code.length === 0 || code.length > 2000) throw new ServiceError('BAD_USER_INPUT', 'authCode must be a non-empty Link auth code');
  const exchanged = await upstream('code exchange', () => trackstar().exchangeAuthCode(code));
  return attachConnection(brandId, exchanged, 'MANUAL', actor);
}

/**
 * Stores an installed connection for the brand (token sealed) and starts its backfill: after a
 * Link exchange, or for a magic link's connection.created (services/connect-links.ts).
 */
export async function attachConnection(brandId: string, exchanged: ExchangeResponse, source: 'MANUAL' | 'WEBHOOK', actor?: Actor) {
  const elsewhere = await db.brandIntegration.findUnique({ where: { connectionId: exchanged.connection_id }, select: { brandId: true } });
  if (elsewhere && elsewhere.brandId !== brandId) {
    throw new ServiceError('CONFLICT', 'This Trackstar connection is already linked to another brand');
  }
  const previous = await db.brandIntegration.findUnique({ where: { brandId }, select: { connectionId: true, status: true } });
  const readable = readableResources(exchanged.available_actions);
  const integration = await saveConnection(brandId, exchanged, readable, previous?.connectionId === exchanged.connection_id);
  await runWriteTransaction(async (tx) => {
    if (actor) {
      const changes = diffFields(previous, { status: 'ACTIVE', connectionId: exchanged.connection_id });
      await recordUserAction({ actor, brandId, action: 'connectTrackstar', recordType: 'INTEGRATION', recordId: integration.id, changes, detail: { integrationName: exchanged.integration_name } }, tx);
    }
    return {
      value: null,
      notices: await appendChanges(tx, brandId, [{ kind: 'INTEGRATION_STATUS', entityId: integration.id, source, previous: previous ? { status: previous.status } : null }]),
    };
  });
  const held = pausedInSettings(integration.config, readable);
  const syncing = readable.filter((r) => !held.includes(r));
  await queued(async () => {
    // The backfill is each resource's first run: the schedulers take over one interval later.
    await upsertSyncSchedulers(integration.id, syncing, integration.config, true);
    for (const resource of syncing) await enqueueSync({ integrationId: integration.id, resource, reason: 'backfill' });
  });
  log.info('brand connected to trackstar', { brandId, integrationId: integration.id, connectionId: exchanged.connection_id, resources: readable });
  await reprocessEarlyWebhooks(exchanged.connection_id);
  return db.brandIntegration.findUniqueOrThrow({ where: { id: integration.id } });
}

export async function disconnectTrackstar(brandId: string, actor?: Actor) {
  const integration = await db.brandIntegration.findUnique({ where: { brandId } });
  if (!integration || integration.status === 'DISCONNECTED' || !integration.accessToken) {
    throw new ServiceError('NOT_CONNECTED', 'This brand is not connected to Trackstar');
  }
  const accessToken = tokenBox().open(integration.accessToken);
  try {
    await trackstar().deleteConnection(accessToken);
  } catch (error) {
    // Already revoked or gone upstream: the local disconnect is what is left to do.
    const gone = error instanceof TrackstarAuthError || (error instanceof TrackstarRequestError && error.status === 404);
    if (!gone) await upstream('disconnect', () => Promise.reject(error));
  }
  await queued(() => removeSyncSchedulers(integration.id));
  // The same transition connection.deleted makes; unconditional here (endedAt null): the brand itself asked.
  await runWriteTransaction(async (tx) => {
    const done = await disconnectIntegrationIn(tx, integration, { source: 'MANUAL', reason: null, endedAt: null });
    if (actor) {
      const changes = { status: [integration.status, 'DISCONNECTED'] as [unknown, unknown] };
      await recordUserAction({ actor, brandId, action: 'disconnectTrackstar', recordType: 'INTEGRATION', recordId: integration.id, changes }, tx);
    }
    return { value: null, notices: done?.notices ?? [] };
  });
  log.info('brand disconnected from trackstar', { brandId, integrationId: integration.id });
  return db.brandIntegration.findUniqueOrThrow({ where: { id: integration.id } });
}

export type TriggerSyncOptions = {
  /**
   * A complete listing of each resource (sync/full-listing.ts): records deleted in the WMS are
   * marked deleted when it ends. A run already under way finishes first; the listing follows it.
   */
  full?: boolean;
  /** The user asking (audit trail); omitted only by scripts acting for nobody. */
  actor?: Actor;
};

/**
 * Queues a sync now (incremental; a complete listing with `full`) for the given resources (none = every synced one) and asks
 * Trackstar to crawl the WMS too. Deduplicated: clicking again while one is queued or running adds
 * nothing. Returns the SyncStates it started.
 */
export async function triggerSync(brandId: string, resources: SyncResource[] | null | undefined, options: TriggerSyncOptions = {}): Promise<SyncState[]> {
  const integration = await db.brandIntegration.findUnique({ where: { brandId }, include: { syncStates: true } });
  if (!integration || integration.status !== 'ACTIVE' || !integration.accessToken) {
    throw new ServiceError('NOT_CONNECTED', integration?.status === 'ERROR'
      ? `Trackstar connection needs attention: ${integration.lastError ?? 'reconnect the brand'}`
      : 'This brand is not connected to Trackstar');
  }
  const wanted = resources && resources.length > 0 ? [...new Set(resources)] : [...SYNC_RESOURCES];
  const states = integration.syncStates.filter((s) => wanted.includes(s.resource) && s.status !== 'PAUSED');
  if (resources && resources.length > 0) {
    const missing = wanted.filter((r) => !states.some((s) => s.resource === r));
    // A paused one says why (paused in the sync settings, by a connection error, not offered).
    const paused = integration.syncStates.filter((s) => missing.includes(s.resource) && s.status === 'PAUSED');
    if (paused.length === missing.length && paused.length > 0) {
      throw new ServiceError('BAD_USER_INPUT', `Paused: ${paused.map((s) => `${s.resource} (${s.lastError ?? 'paused'})`).join(', ')}`);
    }
    if (missing.length > 0) throw new ServiceError('BAD_USER_INPUT', `Not synced for this connection: ${missing.join(', ')}`);
  }
  if (states.length === 0) return [];
  // Asked for before the job is queued, so the run the job starts sees it. The database's clock, as
  // the listing compares it with its own start (deletions.ts recordReconcile).
  if (options.full) await pool.query(`UPDATE sync_state SET "reconcileRequestedAt" = ${NOW} WHERE id = ANY($1::uuid[])`, [states.map((s) => s.id)]);
  await queued(async () => {
    for (const s of states) await enqueueSync({ integrationId: integration.id, resource: s.resource, reason: options.full ? 'reconcile' : 'manual' });
  });
  await db.syncState.updateMany({ where: { id: { in: states.map((s) => s.id) }, status: { not: 'RUNNING' } }, data: { status: 'QUEUED' } });
  if (options.actor) {
    const detail = { resources: states.map((s) => s.resource), full: options.full ?? false };
    await recordUserAction({ actor: options.actor, brandId, action: 'triggerSync', recordType: 'INTEGRATION', recordId: integration.id, detail });
  }
  const functions = states.map((s) => RESOURCE_INFO[s.resource].functionName);
  await trackstar()
    .syncConnection(tokenBox().open(integration.accessToken), functions)
    .catch((error) => log.warn('trackstar force sync request failed; Packr still syncs what Trackstar has', { error: (error as Error).message }));
  return db.syncState.findMany({ where: { id: { in: states.map((s) => s.id) } }, orderBy: { resource: 'asc' } });
}

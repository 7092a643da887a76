// Integration-wide status changes the sync engine makes: an auth failure stops every resource of
// the connection until the brand reconnects.
import type { PoolClient } from 'pg';
import { db } from '../db.js';
import { NOW } from '../pg.js';
import { appendChanges, type ChangeNotice } from '../changes/change-log.js';
import { runWriteTransaction } from '../changes/write-transaction.js';

/**
 * 401/403 from Trackstar: integration ERROR with the reason, every resource PAUSED. Only if the
 * refused credentials are still the stored ones (`sealedToken` is the ciphertext the run used): a
 * run that started before the brand reconnected must not knock the fresh connection back to ERROR.
 * Returns whether the integration was marked.
 */
export async function markIntegrationAuthError(integrationId: string, reason: string, sealedToken: string): Promise<boolean> {
  const integration = await db.brandIntegration.findUnique({ where: { id: integrationId }, select: { brandId: true } });
  if (!integration) return false;
  return runWriteTransaction(async (tx) => {
    const marked = await tx.query(
      `UPDATE brand_integration SET status = 'ERROR', "lastError" = $2, "updatedAt" = ${NOW}
       WHERE id = $1 AND status = 'ACTIVE' AND "accessToken" = $3`,
      [integrationId, reason.slice(0, 1000), sealedToken],
    );
    if (marked.rowCount === 0) return { value: false, notices: [] };
    const paused = await tx.query<{ id: string }>(
      `UPDATE sync_state SET status = 'PAUSED', "lastError" = $2, "updatedAt" = ${NOW} WHERE "integrationId" = $1 RETURNING id`,
      [integrationId, `Paused until the brand reconnects Trackstar: ${reason}`.slice(0, 1000)],
    );
    const notices = await appendChanges(tx, integration.brandId, [
      { kind: 'INTEGRATION_STATUS', entityId: integrationId, source: 'SYNC' },
      ...paused.rows.map((r) => ({ kind: 'SYNC_STATUS' as const, entityId: r.id, source: 'SYNC' as const })),
    ]);
    return { value: true, notices };
  });
}

export type DisconnectOptions = {
  source: 'MANUAL' | 'WEBHOOK' | 'SYNC';
  /** Shown on the integration (null: none) and, prefixed, on every paused resource. */
  reason: string | null;
  /**
   * When the upstream connection went away. The integration is only disconnected if it was
   * connected before then: a connection reinstalled since (connectedAt later) is a newer install
   * that an old, late "deleted" must not end. null: unconditional (the brand's own disconnect).
   */
  endedAt: Date | null;
};

/**
 * Marks the integration DISCONNECTED inside the caller's transaction: the token is dropped (it is
 * revoked upstream), every resource PAUSED, synced data kept, and an INTEGRATION_STATUS change (with
 * the previous status) plus SYNC_STATUS changes appended. Returns null when nothing changed (already
 * disconnected, or reinstalled after `endedAt`). The caller removes the schedulers after commit
 * (removeSyncSchedulers); the reconciler removes any left, since only ACTIVE integrations keep them.
 */
export async function disconnectIntegrationIn(
  tx: PoolClient,
  integration: { id: string; brandId: string },
  options: DisconnectOptions,
): Promise<{ previous: string; notices: ChangeNotice[] } | null> {
  const { rows } = await tx.query<{ previous: string }>(
    `UPDATE brand_integration AS b
        SET status = 'DISCONNECTED', "accessToken" = NULL, "disconnectedAt" = ${NOW}, "updatedAt" = ${NOW},
            "lastError" = COALESCE($2, b."lastError")
       FROM (SELECT id, status FROM brand_integration WHERE id = $1 FOR UPDATE) AS old
      WHERE b.id = old.id AND old.status <> 'DISCONNECTED'
        AND ($3::timestamptz IS NULL OR b."connectedAt" IS NULL OR b."connectedAt" < ($3::timestamptz AT TIME ZONE 'UTC'))
      RETURNING old.status::text AS previous`,
    [integration.id, options.reason?.slice(0, 1000) ?? null, options.endedAt?.toISOString() ?? null],
  );
  if (rows.length === 0) return null;
  const paused = await tx.query<{ id: string }>(
    `UPDATE sync_state SET status = 'PAUSED', "lastError" = $2, "updatedAt" = ${NOW} WHERE "integrationId" = $1 RETURNING id`,
    [integration.id, (options.reason ? `Disconnected: ${options.reason}` : 'Disconnected').slice(0, 1000)],
  );
  const notices = await appendChanges(tx, integration.brandId, [
    { kind: 'INTEGRATION_STATUS', entityId: integration.id, source: options.source, previous: { status: rows[0].previous } },
    ...paused.rows.map((r) => ({ kind: 'SYNC_STATUS' as const, entityId: r.id, source: options.source })),
  ]);
  return { previous: rows[0].previous, notices };
}

// Integration-wide status changes the sync engine makes: an auth failure stops every resource of
// the connection until the brand reconnects.
import { db } from '../db.js';
import { NOW } from '../pg.js';
import { appendChanges } from '../changes/change-log.js';
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

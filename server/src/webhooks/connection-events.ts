// Connection-level events, applied inside the worker's transaction so the event's status and its
// effect commit together: historical-sync completion and connection errors raised or resolved.
import type { PoolClient } from 'pg';
import type { ChangeNotice } from '../changes/change-log.js';
import { appendChanges } from '../changes/change-log.js';
import { historicalResource } from './event-routing.js';

export type IntegrationRef = { id: string; brandId: string };
export type HandlerResult = { notices: ChangeNotice[]; ignored?: string };

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

/** connection-error.created/updated -> ERROR with the message; .deleted (resolved) -> ACTIVE. */
export async function applyConnectionError(tx: PoolClient, integration: IntegrationRef, data: unknown, resolved: boolean): Promise<HandlerResult> {
  const message = String(asRecord(data).error_message ?? asRecord(data).message ?? 'connection error reported by Trackstar').slice(0, 2_000);
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

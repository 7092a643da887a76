// USER entries of the audit trail: one per action a user's request took (connect, disconnect, sync
// now, settings, connect links, WMS writes), with the user and API key that asked. Services call
// recordUserAction inside the transaction of the change when they have one, so the entry and the
// change commit together; a service whose change is not one transaction records it once done.
import type { PoolClient } from 'pg';
import type { AuditRecordType } from '../generated/prisma/enums.js';
import { NOW, pool } from '../pg.js';
import { EVENT_MAX, type Actor, type FieldChanges } from './entries.js';

export type UserAction = {
  actor: Actor;
  /** The brand acted on; its 3PL is looked up. null for an action on the 3PL itself (then threePLId). */
  brandId: string | null;
  threePLId?: string;
  /** The action, as the API names it: "connectTrackstar", "triggerSync", "adjustInventory"... */
  action: string;
  recordType: AuditRecordType;
  /** Packr's id of what was acted on, when there is one. */
  recordId?: string | null;
  externalId?: string | null;
  changes?: FieldChanges | null;
  /** Arguments of the action that are not field changes (say, the resources a sync was asked for). */
  detail?: Record<string, unknown> | null;
  idempotencyKey?: string | null;
};

/** Appends one USER entry, in `tx` when given (so it commits with the change), else on its own. */
export async function recordUserAction(entry: UserAction, tx?: Pick<PoolClient, 'query'>): Promise<void> {
  if (entry.brandId === null && !entry.threePLId) throw new Error('a user action needs a brand or a 3PL');
  const changes = entry.changes && Object.keys(entry.changes).length > 0 ? JSON.stringify(entry.changes) : null;
  await (tx ?? pool).query({
    name: 'audit-user-action',
    text: `INSERT INTO audit_log ("threePLId", "brandId", at, source, "actorUserId", "actorApiKeyId", "recordType", "recordId", "externalId", event, changes, detail, "idempotencyKey")
           SELECT coalesce((SELECT "threePLId" FROM brand WHERE id = $1::uuid), $2::uuid), $1::uuid, ${NOW}, 'USER', $3::uuid, $4::uuid,
                  $5::"AuditRecordType", $6::uuid, $7, $8, $9::jsonb, $10::jsonb, $11`,
    values: [
      entry.brandId, entry.threePLId ?? null, entry.actor.userId, entry.actor.apiKeyId, entry.recordType, entry.recordId ?? null,
      entry.externalId ?? null, entry.action.slice(0, EVENT_MAX), changes, entry.detail ? JSON.stringify(entry.detail) : null, entry.idempotencyKey ?? null,
    ],
  });
}

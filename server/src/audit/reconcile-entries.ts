// RECONCILE entries of the audit trail: the deletion reconcile (sync/deletions.ts) marked records
// deleted (gone from a complete listing) or found them again. One set-based INSERT in the
// reconcile's transaction, whatever the number of rows: { deletedAt: [before, after] }.
import type { PoolClient } from 'pg';
import { NOW } from '../pg.js';
import { recordTypeOf } from './sync-entries.js';

export type ReconciledRow = {
  id: string;
  externalId: string;
  /** ISO times; null on the live side (a deletion's before, a restore's after). */
  deletedBefore: string | null;
  deletedAfter: string | null;
};

/** Appends one entry per row (nothing for none), inside the reconcile's transaction. */
export async function recordReconciled(tx: Pick<PoolClient, 'query'>, brandId: string, table: string, rows: ReconciledRow[]): Promise<void> {
  if (rows.length === 0) return;
  await tx.query({
    name: 'audit-reconciled',
    text: `INSERT INTO audit_log ("threePLId", "brandId", at, source, "recordType", "recordId", "externalId", event, changes)
           SELECT b."threePLId", $1::uuid, ${NOW}, 'RECONCILE', $2::"AuditRecordType", u.id, u."externalId",
                  CASE WHEN u.after IS NULL THEN 'found again in a complete listing' ELSE 'missing from a complete listing' END,
                  jsonb_build_object('deletedAt', jsonb_build_array(to_jsonb(u.before), to_jsonb(u.after)))
             FROM unnest($3::uuid[], $4::text[], $5::text[], $6::text[]) AS u(id, "externalId", before, after)
            CROSS JOIN (SELECT "threePLId" FROM brand WHERE id = $1::uuid) b`,
    values: [brandId, recordTypeOf(table), rows.map((r) => r.id), rows.map((r) => r.externalId), rows.map((r) => r.deletedBefore), rows.map((r) => r.deletedAfter)],
  });
}

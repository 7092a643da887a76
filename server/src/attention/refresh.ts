// Re-evaluates one brand's attention items: the rules' rows (rules.ts) are what should be open;
// one statement makes attention_item match them (insert what is new, update only what changed,
// delete the rest) and returns what it did, which is appended to attention_event with the 3PL's
// next sequences in the same transaction and announced on Redis after COMMIT (ids only), like
// change_log. The same transaction recounts the brand's items per kind into attention_count (what
// attentionCounts reads). Running it again with nothing changed writes nothing and announces nothing.
import type { PoolClient } from 'pg';
import { env } from '../env.js';
import { inLockedTransaction } from '../lib/locked-transaction.js';
import { NOW, pool } from '../pg.js';
import { publishAttention, type AttentionNotice } from './attention-log.js';
import { DESIRED_SQL, STICKY_SINCE, type AttentionKindName } from './rules.js';
import { brandSettings } from './thresholds.js';

export type AttentionChangeName = 'OPENED' | 'UPDATED' | 'RESOLVED';

const COLUMNS = '"threePLId", "brandId", kind, "recordType", "recordId", reason, "rawStatus", since, "orderId", "inventoryItemId", "inboundShipmentId", "returnId", "integrationId"';
const STICKY = `(${STICKY_SINCE.map((k) => `'${k}'`).join(', ')})`;

// One statement: the CTEs see one snapshot, so the DELETE never sees the INSERT's rows (all of
// which are wanted anyway). `xmax = 0` tells an inserted row from an updated one. The update's
// WHERE skips rows whose reason, raw status and since are unchanged: no write, no event.
const DIFF_SQL = `
WITH desired AS (
  -- An archived brand wants nothing open: archiving resolves its items (its data stays).
  SELECT * FROM (${DESIRED_SQL}) wanted WHERE EXISTS (SELECT 1 FROM brand b WHERE b.id = $1::uuid AND b."archivedAt" IS NULL)
),
upserted AS (
  INSERT INTO attention_item (${COLUMNS}, "detectedAt", "updatedAt")
  SELECT $7::uuid, $1::uuid, d.kind, d."recordType", d."recordId", d.reason, d."rawStatus", d.since,
         d."orderId", d."inventoryItemId", d."inboundShipmentId", d."returnId", d."integrationId", ${NOW}, ${NOW}
    FROM desired d
  ON CONFLICT ("brandId", kind, "recordId") DO UPDATE SET
    reason = EXCLUDED.reason,
    "rawStatus" = EXCLUDED."rawStatus",
    since = CASE WHEN attention_item.kind IN ${STICKY} AND attention_item."rawStatus" IS NOT DISTINCT FROM EXCLUDED."rawStatus"
                 THEN attention_item.since ELSE EXCLUDED.since END,
    "updatedAt" = EXCLUDED."updatedAt"
  WHERE attention_item.reason IS DISTINCT FROM EXCLUDED.reason
     OR attention_item."rawStatus" IS DISTINCT FROM EXCLUDED."rawStatus"
     OR (attention_item.kind NOT IN ${STICKY} AND attention_item.since IS DISTINCT FROM EXCLUDED.since)
  RETURNING id, kind::text AS kind, (xmax = 0) AS inserted
),
removed AS (
  DELETE FROM attention_item a
   WHERE a."brandId" = $1
     AND NOT EXISTS (SELECT 1 FROM desired d WHERE d.kind = a.kind AND d."recordId" = a."recordId")
  RETURNING a.id, a.kind::text AS kind
)
SELECT id, kind, CASE WHEN inserted THEN 'OPENED' ELSE 'UPDATED' END AS change FROM upserted
UNION ALL
SELECT id, kind, 'RESOLVED' FROM removed`;

// After the diff, in its transaction: the brand's open items per kind (a brand has few; the
// (brandId, kind, recordId) key serves it), written to attention_count where they differ, and the
// rows of kinds with none deleted. Recounting rather than adding the diff's changes also corrects
// items a cascade removed (a hard-deleted record) since the last refresh. Nothing changed: no write.
const RECOUNT_SQL = `
WITH counted AS (
  SELECT kind, count(*)::int AS n FROM attention_item WHERE "brandId" = $1::uuid GROUP BY kind
),
written AS (
  INSERT INTO attention_count ("threePLId", "brandId", kind, count)
  SELECT $2::uuid, $1::uuid, kind, n FROM counted
  ON CONFLICT ("brandId", kind) DO UPDATE SET count = EXCLUDED.count, "threePLId" = EXCLUDED."threePLId"
  WHERE attention_count.count <> EXCLUDED.count OR attention_count."threePLId" <> EXCLUDED."threePLId"
  RETURNING 1
)
DELETE FROM attention_count c
 WHERE c."brandId" = $1::uuid AND NOT EXISTS (SELECT 1 FROM counted WHERE counted.kind = c.kind)`;

export type AttentionRefresh = { brandId: string; threePLId: string; notices: AttentionNotice[] };

/**
 * Brings the brand's items up to date and returns the events it appended (already published).
 * Refreshes of one brand are serialized (a transaction-scoped advisory lock), so two workers
 * evaluating it at once cannot report one change twice. An unknown brand has nothing to do.
 */
export async function refreshBrandAttention(brandId: string): Promise<AttentionRefresh | null> {
  let result: AttentionRefresh;
  try {
    result = await inLockedTransaction(`attention:${brandId}`, (tx) => diffBrand(tx, brandId));
  } catch (error) {
    if ((error as { code?: string }).code === 'NOT_FOUND') return null;
    throw error;
  }
  await publishAttention(result.threePLId, result.notices);
  return result;
}

async function diffBrand(tx: PoolClient, brandId: string): Promise<AttentionRefresh> {
  const s = await brandSettings(brandId, tx);
  const { rows } = await tx.query<{ id: string; kind: AttentionKindName; change: AttentionChangeName }>({
    name: 'attention-diff-brand',
    text: DIFF_SQL,
    values: [brandId, s.lateOrderWindowHours, s.returnRestockDays, s.lowStockThreshold, s.freshnessWindowMinutes, env.SYNC_STALL_MINUTES * 60, s.threePLId],
  });
  await tx.query({ name: 'attention-recount-brand', text: RECOUNT_SQL, values: [brandId, s.threePLId] });
  if (rows.length === 0) return { brandId, threePLId: s.threePLId, notices: [] };
  // Last, so the 3PL's row lock (which orders its sequences by commit) is held only until COMMIT.
  const bumped = await tx.query<{ last: string }>({
    name: 'attention-bump-sequence',
    text: 'UPDATE three_pl SET "attentionSeq" = "attentionSeq" + $2 WHERE id = $1 RETURNING "attentionSeq"::text AS last',
    values: [s.threePLId, rows.length],
  });
  const first = BigInt(bumped.rows[0].last) - BigInt(rows.length) + 1n;
  const notices: AttentionNotice[] = rows.map((r, i) => ({
    threePLId: s.threePLId, sequence: (first + BigInt(i)).toString(), brandId, itemId: r.id, kind: r.kind, change: r.change,
  }));
  await tx.query({
    name: 'attention-append-events',
    text: `INSERT INTO attention_event ("threePLId", sequence, "brandId", "itemId", kind, change)
           SELECT $1, u.seq, $2, u.item, u.kind::"AttentionKind", u.change::"AttentionChange"
             FROM unnest($3::bigint[], $4::uuid[], $5::text[], $6::text[]) AS u(seq, item, kind, change)`,
    values: [s.threePLId, brandId, notices.map((n) => n.sequence), notices.map((n) => n.itemId), notices.map((n) => n.kind), notices.map((n) => n.change)],
  });
  return { brandId, threePLId: s.threePLId, notices };
}

/** Every brand, for the periodic sweep (time-based rules change with the clock alone). */
export async function allBrandIds(): Promise<string[]> {
  const { rows } = await pool.query<{ id: string }>({ name: 'attention-all-brands', text: 'SELECT id FROM brand ORDER BY id' });
  return rows.map((r) => r.id);
}

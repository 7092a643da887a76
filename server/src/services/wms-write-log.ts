// All SQL of the wms_write table: the append-only log of WMS writes (one row per attempt). A
// success in it also serves resuming: a write already carried out under a key is reported from
// here instead of being sent again (Trackstar's Idempotency-Key remains the real guard).
import type { PoolClient } from 'pg';
import type { WmsWriteAction, WmsWriteOutcome } from '../generated/prisma/enums.js';
import { pool } from '../pg.js';

export type WriteLogEntry = {
  threePLId: string;
  brandId: string;
  userId: string | null;
  apiKeyId: string | null;
  action: WmsWriteAction;
  idempotencyKey: string;
  requestHash: string | null;
  request: unknown;
  outcome: WmsWriteOutcome;
  replayed: boolean;
  upstreamRecordId: string | null;
  upstreamStatus: number | null;
  upstreamRequestId: string | null;
  error: string | null;
  startedAt: Date;
};

/** Stored request summaries are capped: a refused input can be as large as a request body. */
const MAX_REQUEST_JSON = 16 * 1024;

function requestJson(request: unknown): string {
  const json = JSON.stringify(request ?? null);
  return json.length <= MAX_REQUEST_JSON ? json : JSON.stringify({ truncated: true, bytes: json.length });
}

/** Appends one attempt, inside the caller's transaction when given (a success commits with its local copy). */
export async function appendWriteLog(entry: WriteLogEntry, tx?: PoolClient): Promise<void> {
  await (tx ?? pool).query({
    name: 'wms-write-append',
    text: `INSERT INTO wms_write ("threePLId", "brandId", "userId", "apiKeyId", action, "idempotencyKey", "requestHash", request, outcome,
             replayed, "upstreamRecordId", "upstreamStatus", "upstreamRequestId", error, "startedAt", "finishedAt")
           VALUES ($1::uuid, $2::uuid, $3::uuid, $4::uuid, $5::"WmsWriteAction", $6, $7, $8::jsonb, $9::"WmsWriteOutcome",
             $10, $11, $12, $13, $14, $15::timestamptz AT TIME ZONE 'UTC', timezone('UTC', now()))`,
    values: [
      entry.threePLId, entry.brandId, entry.userId, entry.apiKeyId, entry.action, entry.idempotencyKey, entry.requestHash,
      requestJson(entry.request), entry.outcome, entry.replayed, entry.upstreamRecordId, entry.upstreamStatus,
      entry.upstreamRequestId, entry.error?.slice(0, 2000) ?? null, entry.startedAt.toISOString(),
    ],
  });
}

export type LoggedSuccess = { action: WmsWriteAction; requestHash: string | null; upstreamRecordId: string | null };

/** The first success logged for a brand under this key, if any. */
export async function findLoggedSuccess(brandId: string, idempotencyKey: string): Promise<LoggedSuccess | null> {
  const { rows } = await pool.query<LoggedSuccess>({
    name: 'wms-write-find-success',
    text: `SELECT action, "requestHash", "upstreamRecordId" FROM wms_write
            WHERE "brandId" = $1::uuid AND "idempotencyKey" = $2 AND outcome = 'SUCCEEDED'
            ORDER BY id LIMIT 1`,
    values: [brandId, idempotencyKey],
  });
  return rows[0] ?? null;
}

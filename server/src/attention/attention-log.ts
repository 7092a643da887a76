// The attention event log (attention_event): what subscribers missed is replayed from it, live
// notices travel on Redis, one channel per 3PL (the board spans its brands). Like change_log:
// sequences are contiguous per 3PL and commit-ordered, notices carry ids only, and a client whose
// afterSequence the retention prune has passed gets ResumeTooOldError.
import { env } from '../env.js';
import { channelPublisher } from '../lib/channel-hub.js';
import { pool } from '../pg.js';
import { ResumeTooOldError } from '../changes/change-log-reader.js';

export type AttentionNotice = {
  threePLId: string;
  sequence: string;
  brandId: string;
  itemId: string;
  kind: string;
  change: 'OPENED' | 'UPDATED' | 'RESOLVED';
};

export const attentionChannel = (threePLId: string) => `packr:attention:${threePLId}`;

const publisher = channelPublisher<AttentionNotice>(attentionChannel);

/**
 * After COMMIT. Never throws: a lost notice reaches a subscriber with its next one (a gap in the
 * sequence is filled from the log) or at its resync after a Redis reconnect.
 */
export const publishAttention = (threePLId: string, notices: AttentionNotice[]): Promise<void> => publisher.publish(threePLId, notices);

export const closeAttentionPublisher = (): Promise<void> => publisher.close();

/** The 3PL's latest sequence (0 before any event); null when the 3PL is gone. */
export async function attentionHead(threePLId: string): Promise<bigint | null> {
  const { rows } = await pool.query<{ seq: string }>({ name: 'attention-head', text: 'SELECT "attentionSeq"::text AS seq FROM three_pl WHERE id = $1', values: [threePLId] });
  return rows[0] ? BigInt(rows[0].seq) : null;
}

/** Throws ResumeTooOldError when events after `after` were pruned (a hole between it and the oldest kept). */
export async function assertAttentionResumable(threePLId: string, after: bigint, head: bigint): Promise<void> {
  if (after >= head) return;
  const { rows } = await pool.query<{ oldest: string | null }>({
    name: 'attention-oldest',
    text: 'SELECT min(sequence)::text AS oldest FROM attention_event WHERE "threePLId" = $1',
    values: [threePLId],
  });
  const oldest = rows[0]?.oldest ? BigInt(rows[0].oldest) : null;
  if (oldest === null || oldest > after + 1n) throw new ResumeTooOldError(oldest?.toString() ?? null);
}

const PAGE = 500;

/** Events in (after, upTo] of the given brands (null: all), in order, page by page. */
export async function* readAttentionEvents(threePLId: string, after: bigint, upTo: bigint, brandIds: string[] | null): AsyncGenerator<AttentionNotice[]> {
  let cursor = after;
  while (cursor < upTo) {
    const { rows } = await pool.query<Omit<AttentionNotice, 'threePLId'>>({
      name: 'attention-read-events',
      text: `SELECT sequence::text AS sequence, "brandId", "itemId", kind::text AS kind, change::text AS change
               FROM attention_event
              WHERE "threePLId" = $1 AND sequence > $2 AND sequence <= $3 AND ($4::uuid[] IS NULL OR "brandId" = ANY($4::uuid[]))
              ORDER BY sequence LIMIT ${PAGE}`,
      values: [threePLId, cursor.toString(), upTo.toString(), brandIds],
    });
    if (rows.length === 0) return;
    yield rows.map((r) => ({ threePLId, ...r }));
    cursor = BigInt(rows[rows.length - 1].sequence);
    if (rows.length < PAGE) return;
  }
}

/** Deletes events older than the change log's retention, in small batches. */
export async function pruneAttentionEvents(retentionHours = env.CHANGE_LOG_RETENTION_HOURS, batch = 5_000): Promise<number> {
  let total = 0;
  for (;;) {
    const { rowCount } = await pool.query(
      `DELETE FROM attention_event WHERE id IN (
         SELECT id FROM attention_event WHERE "createdAt" < now() - make_interval(secs => $1) ORDER BY id LIMIT $2)`,
      [retentionHours * 3600, batch],
    );
    total += rowCount ?? 0;
    if ((rowCount ?? 0) < batch) return total;
  }
}

// Reads change_log for resume and gap filling. Identical range reads issued at the same moment by
// many subscribers of one brand share one query.
import type { ChangeKind, ChangeSource } from '../generated/prisma/enums.js';
import { pool } from '../pg.js';
import type { ChangeNotice } from './change-log.js';

/** The client missed changes the retention prune has removed: it must refetch instead of resuming. */
export class ResumeTooOldError extends Error {
  constructor(readonly oldestSequence: string | null) {
    super('afterSequence is older than the change history Packr keeps; refetch and subscribe again without it');
  }
}

const PAGE = 500;
const inflight = new Map<string, Promise<ChangeNotice[]>>();

const heads = new Map<string, Promise<bigint | null>>();

const readHead = (brandId: string) =>
  pool.query<{ seq: string }>('SELECT "changeSeq"::text AS seq FROM brand WHERE id = $1', [brandId]).then(({ rows }) => (rows[0] ? BigInt(rows[0].seq) : null));

/**
 * The brand's latest committed sequence (0 when it has none); null when the brand is gone.
 * `shared`: join a read already in flight (after a Redis reconnect every subscriber of a brand asks
 * at once). Never for a new stream's starting point: a read that began before the stream's channel
 * subscription was confirmed could miss a change published in between.
 */
export function headSequence(brandId: string, shared = false): Promise<bigint | null> {
  if (!shared) return readHead(brandId);
  let head = heads.get(brandId);
  if (!head) {
    head = readHead(brandId);
    heads.set(brandId, head);
    void head.finally(() => heads.delete(brandId)).catch(() => {});
  }
  return head;
}

/**
 * The latest committed sequence of each brand (0 when it has none), in one read; a brand that is
 * gone is missing from the map. For a new stream's starting points (never shared, see above).
 */
export async function headSequences(brandIds: string[]): Promise<Map<string, bigint>> {
  if (brandIds.length === 0) return new Map();
  const { rows } = await pool.query<{ id: string; seq: string }>('SELECT id::text AS id, "changeSeq"::text AS seq FROM brand WHERE id = ANY($1::uuid[])', [brandIds]);
  return new Map(rows.map((r) => [r.id, BigInt(r.seq)]));
}

/**
 * Sequences are contiguous per brand (handed out under the brand's row lock, rolled back with
 * it), so any hole between `after` and `head` means the prune removed what the client missed.
 */
export async function assertResumable(brandId: string, after: bigint, head: bigint): Promise<void> {
  if (after >= head) return;
  const { rows } = await pool.query<{ oldest: string | null }>('SELECT min(sequence)::text AS oldest FROM change_log WHERE "brandId" = $1', [brandId]);
  const oldest = rows[0]?.oldest ? BigInt(rows[0].oldest) : null;
  if (oldest === null || oldest > after + 1n) {
    throw new ResumeTooOldError(oldest?.toString() ?? null);
  }
}

/** Changes of the brand with after < sequence <= upTo, in order, at most one page. */
export function readChanges(brandId: string, after: bigint, upTo: bigint, kind?: ChangeKind): Promise<ChangeNotice[]> {
  const key = `${brandId}:${after}:${upTo}:${kind ?? '*'}`;
  let read = inflight.get(key);
  if (!read) {
    read = pool
      .query<{ sequence: string; kind: ChangeKind; entityId: string; source: ChangeSource; previous: Record<string, unknown> | null }>(
        `SELECT sequence::text AS sequence, kind::text AS kind, "entityId", source::text AS source, previous
           FROM change_log
          WHERE "brandId" = $1 AND sequence > $2 AND sequence <= $3 AND ($4::text IS NULL OR kind::text = $4)
          ORDER BY sequence
          LIMIT ${PAGE}`,
        [brandId, after.toString(), upTo.toString(), kind ?? null],
      )
      .then(({ rows }) => rows.map((r) => ({ brandId, ...r })));
    inflight.set(key, read);
    void read.finally(() => inflight.delete(key)).catch(() => {});
  }
  return read;
}

/** Every change in (after, upTo], paging through as needed. */
export async function* readAllChanges(brandId: string, after: bigint, upTo: bigint, kind?: ChangeKind): AsyncGenerator<ChangeNotice[]> {
  let cursor = after;
  while (cursor < upTo) {
    const page = await readChanges(brandId, cursor, upTo, kind);
    if (page.length === 0) return;
    yield page;
    cursor = BigInt(page[page.length - 1].sequence);
    if (page.length < PAGE) return;
  }
}

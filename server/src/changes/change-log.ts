// The change feed: every change a dashboard can see is appended to change_log in the SAME
// transaction as the change itself, with a per-brand, commit-ordered sequence number; after the
// commit a notice (ids only) goes out on Redis pub/sub. Subscribers that missed notices (Redis
// pub/sub is at-most-once) replay from change_log with `afterSequence`.
import type { PoolClient } from 'pg';
import type { ChangeKind, ChangeSource } from '../generated/prisma/enums.js';
import { pool } from '../pg.js';
import { createRedis } from '../redis.js';
import type { Redis } from 'ioredis';

export type ChangeInput = {
  kind: ChangeKind;
  entityId: string;
  source: ChangeSource;
  /** What the record looked like before (quantities or status), when known. JSON only. */
  previous?: Record<string, unknown> | null;
};

/** What travels over Redis: ids and strings only (STACK.md §3). */
export type ChangeNotice = {
  brandId: string;
  sequence: string;
  kind: ChangeKind;
  entityId: string;
  source: ChangeSource;
  /** The change's `previous` (small JSON: quantities or a status), so live delivery needs no lookup. */
  previous?: Record<string, unknown> | null;
};

export const changeChannel = (brandId: string) => `packr:changes:${brandId}`;

/**
 * Appends changes for one brand inside the caller's open transaction. The UPDATE on the brand row
 * takes a row lock until commit, so sequences of one brand are handed out in commit order.
 */
export async function appendChanges(tx: PoolClient, brandId: string, changes: ChangeInput[]): Promise<ChangeNotice[]> {
  if (changes.length === 0) return [];
  // Named statements (here and below): they run once per applied page or event, so parsing and
  // planning them once per connection is a measurable share of the worker's database CPU.
  const bumped = await tx.query<{ last: string }>({
    name: 'change-log-bump-sequence',
    text: 'UPDATE brand SET "changeSeq" = "changeSeq" + $2 WHERE id = $1 RETURNING "changeSeq"::text AS last',
    values: [brandId, changes.length],
  });
  if (bumped.rowCount === 0) throw new Error(`brand ${brandId} does not exist`);
  const first = BigInt(bumped.rows[0].last) - BigInt(changes.length) + 1n;
  const sequences = changes.map((_, i) => (first + BigInt(i)).toString());
  await tx.query({
    name: 'change-log-append',
    text: `INSERT INTO change_log ("brandId", sequence, kind, "entityId", source, previous)
     SELECT $1, u.seq, u.kind::"ChangeKind", u.entity, u.source::"ChangeSource", u.prev
     FROM unnest($2::bigint[], $3::text[], $4::text[], $5::text[], $6::jsonb[]) AS u(seq, kind, entity, source, prev)`,
    values: [
      brandId,
      sequences,
      changes.map((c) => c.kind),
      changes.map((c) => c.entityId),
      changes.map((c) => c.source),
      changes.map((c) => (c.previous ? JSON.stringify(c.previous) : null)),
    ],
  });
  return changes.map((c, i) => ({ brandId, sequence: sequences[i], kind: c.kind, entityId: c.entityId, source: c.source, previous: c.previous ?? null }));
}

let publisher: Redis | null = null;

/**
 * Publishes notices after the transaction committed, then marks them published (change_log is
 * also an outbox: the relay re-publishes rows left unmarked by a crash or a Redis outage).
 * Never throws: a lost notice is recovered by the relay and by the subscriber's resume.
 */
export async function publishChanges(notices: ChangeNotice[]): Promise<void> {
  if (notices.length === 0) return;
  // Offline queue on, one retry: the first publish after start-up waits for the connection
  // instead of failing, and with Redis down a publish still gives up after one reconnect attempt.
  publisher ??= createRedis('producer', { enableOfflineQueue: true, maxRetriesPerRequest: 1 });
  const byBrand = new Map<string, ChangeNotice[]>();
  for (const n of notices) byBrand.set(n.brandId, [...(byBrand.get(n.brandId) ?? []), n]);
  try {
    const pipeline = publisher.pipeline();
    for (const [brandId, list] of byBrand) pipeline.publish(changeChannel(brandId), JSON.stringify(list));
    const results = await pipeline.exec();
    if (results?.some(([error]) => error)) return;
  } catch {
    // Redis down: the outbox relay publishes these rows once it is back.
    return;
  }
  await markPublished(byBrand).catch(() => {
    // The relay will publish them again; subscribers drop the duplicates by sequence.
  });
}

async function markPublished(byBrand: Map<string, ChangeNotice[]>): Promise<void> {
  for (const [brandId, list] of byBrand) {
    await pool.query({
      name: 'change-log-mark-published',
      text: 'UPDATE change_log SET "publishedAt" = now() WHERE "brandId" = $1 AND sequence = ANY($2::bigint[]) AND "publishedAt" IS NULL',
      values: [brandId, list.map((n) => n.sequence)],
    });
  }
}

export async function closeChangePublisher(): Promise<void> {
  await publisher?.quit().catch(() => {});
  publisher = null;
}

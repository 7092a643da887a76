// change_log doubles as an outbox: a row committed but never published (the process died between
// COMMIT and PUBLISH, or Redis was down) is re-published here. Subscribers dedupe by sequence, so
// publishing a row twice is harmless; missing it is not.
import type { ChangeKind, ChangeSource } from '../generated/prisma/enums.js';
import { pool } from '../pg.js';
import { publishChanges, type ChangeNotice } from './change-log.js';

export type RelayOptions = { graceMs?: number; batch?: number };

export async function relayUnpublishedChanges(options: RelayOptions = {}): Promise<number> {
  // The look-back window keeps the scan on the createdAt index; older rows are past rescue anyway.
  const { rows } = await pool.query<{ brandId: string; sequence: string; kind: ChangeKind; entityId: string; source: ChangeSource; previous: Record<string, unknown> | null }>(
    `SELECT "brandId", sequence::text AS sequence, kind::text AS kind, "entityId", source::text AS source, previous
       FROM change_log
      WHERE "publishedAt" IS NULL
        AND "createdAt" < now() - make_interval(secs => $1)
        AND "createdAt" > now() - interval '1 hour'
      ORDER BY id
      LIMIT $2`,
    [(options.graceMs ?? 2_000) / 1000, options.batch ?? 1_000],
  );
  const notices: ChangeNotice[] = rows.map((r) => ({ ...r }));
  await publishChanges(notices);
  return notices.length;
}

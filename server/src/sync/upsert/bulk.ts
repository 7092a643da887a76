// The bulk write path: one `INSERT ... SELECT FROM unnest(...) ON CONFLICT DO UPDATE` per table per
// page (Prisma's upsert is one statement and round trip per row). Column arrays are bound as
// parameters, never interpolated; only identifiers from the static specs below reach the SQL text.
import { createHash } from 'node:crypto';
import type { PoolClient } from 'pg';
import type { AuditStamp } from '../../audit/entries.js';
import { auditCte, auditedColumns, auditParams } from '../../audit/sync-entries.js';

/**
 * Runs a bulk statement as a named (prepared) statement. Each table's statement text is fixed by
 * its spec, so PostgreSQL parses it once per connection and, after a few runs, plans it once too:
 * planning these CTEs took more time than executing them for the small batches webhooks write.
 * The name is derived from the text, as node-pg requires one text per name.
 */
export function runNamed(tx: PoolClient, sql: string, values: unknown[]) {
  const name = `bulk-${createHash('sha1').update(sql).digest('hex').slice(0, 20)}`;
  return tx.query({ name, text: sql, values });
}

/** How one column travels: the unnest element type, and an optional SQL expression over `u."col"`. */
export type Column = {
  name: string;
  type: 'text' | 'int4' | 'numeric' | 'jsonb' | 'timestamp' | 'bool' | 'uuid';
  /** e.g. enum casts, or turning a jsonb array into text[] (unnest would flatten a 2-D array). */
  expr?: (ref: string) => string;
};

export const q = (identifier: string) => `"${identifier.replaceAll('"', '""')}"`;
export const enumCast = (enumName: string) => (ref: string) => `${ref}::${q(enumName)}`;
export const textArray = (ref: string) => `ARRAY(SELECT jsonb_array_elements_text(${ref}))`;

/**
 * One bound parameter per column. jsonb columns travel as ONE JSON array (a single JSON.stringify)
 * rather than a Postgres array literal of JSON strings: node-pg's literal escaping of a page of
 * raw records costs several times the statement itself.
 */
export function columnParams(columns: Column[], rows: Record<string, unknown>[]): unknown[] {
  return columns.map((c) =>
    c.type === 'jsonb' ? JSON.stringify(rows.map((r) => r[c.name] ?? null)) : rows.map((r) => r[c.name] ?? null),
  );
}

/** The unnest argument for column i bound at $n (jsonb: JSON array -> jsonb[], JSON null -> SQL NULL). */
function arrayArg(c: Column, n: number): string {
  if (c.type !== 'jsonb') return `$${n}::${c.type}[]`;
  return `ARRAY(SELECT NULLIF(e, 'null'::jsonb) FROM jsonb_array_elements($${n}::jsonb) WITH ORDINALITY AS x(e, i) ORDER BY i)`;
}

export const unnestOf = (columns: Column[], firstParam: number) =>
  `unnest(${columns.map((c, i) => arrayArg(c, firstParam + i)).join(', ')}) AS u(${columns.map((c) => q(c.name)).join(', ')})`;

const selectList = (columns: Column[]) => columns.map((c) => (c.expr ? c.expr(`u.${q(c.name)}`) : `u.${q(c.name)}`)).join(', ');

export type ParentSpec = {
  table: string;
  /** Every written column except brandId; must include externalId, rawData, updatedAtRemote. */
  columns: Column[];
  /** Columns whose previous values the caller needs (change log, snapshots). */
  previous?: string[];
};

export type ParentOutcome = {
  externalId: string;
  /** Packr row id (the written row, or the existing one when nothing was written). */
  id: string;
  written: boolean;
  inserted: boolean;
  /** Not written because of a same-second conflict (only under the 'keep-and-report' rule). */
  tied: boolean;
  /**
   * Previous values of spec.previous plus `updatedAtRemoteMs` and `deletedAt` (ISO, set when the
   * row was marked deleted: a write then revives it); null when the row is new.
   */
  previous: (Record<string, unknown> & { updatedAtRemoteMs: number; deletedAt: string | null }) | null;
};

/** The change-log `previous` part of a write that revived a deleted row (sync/deletions.ts). */
export const revivedFrom = (o: ParentOutcome): { deletedAt?: string } => (o.written && o.previous?.deletedAt ? { deletedAt: o.previous.deletedAt } : {});

/**
 * What to do with an incoming record whose updatedAtRemote equals the stored one while its rawData
 * differs: two changes within one second (Trackstar dates have one-second precision), and the
 * dates cannot tell which of the two is newer.
 * - 'overwrite': the incoming record is a current read of Trackstar's copy (a sync page, a re-read
 *   by id), so it is the newer one and is written.
 * - 'keep-and-report': the incoming record is the copy an event carried, which may be the older of
 *   the two. The stored row stays and the outcome says `tied`, so the caller can re-read the record.
 */
export type SameSecondRule = 'overwrite' | 'keep-and-report';

/**
 * Upserts parent rows of one brand in ONE statement and tells, per external id, whether the row was
 * inserted, updated or left alone, with its previous values.
 *
 * - Apply-only-if-newer: a row is written when the incoming updatedAtRemote is newer, or equal with a
 *   different rawData under the 'overwrite' rule (see SameSecondRule). An older copy never
 *   overwrites a newer one, and an exact replay writes nothing, so children, snapshots and
 *   change-log entries are not churned.
 * - `old` reads the previous values with FOR UPDATE; the `barrier` aggregate forces that read to
 *   finish before the first row is inserted, so it always sees the pre-statement state.
 * - Rows are fed in externalId order so two writers lock in the same order (no deadlocks).
 * - With `audit`, the same statement appends an audit_log entry per written row whose mapped fields
 *   changed, with their before/after values (audit/sync-entries.ts says why here).
 * - A row marked deleted (sync/deletions.ts) comes back to life when written. A current read
 *   ('overwrite') revives it when not older than the stored copy: the record is in Trackstar's copy
 *   now. An event's copy ('keep-and-report') revives it only when the record changed after the
 *   listing that missed it started (updatedAtRemote > deletedAt): an older event is news from before
 *   the deletion, delivered late.
 */
export async function upsertParents(
  tx: PoolClient, brandId: string, spec: ParentSpec, rows: Record<string, unknown>[], sameSecond: SameSecondRule = 'overwrite', audit?: AuditStamp,
): Promise<ParentOutcome[]> {
  if (rows.length === 0) return [];
  const { table, columns } = spec;
  const previous = spec.previous ?? [];
  const audited = audit ? auditedColumns(spec) : [];
  // Old values read under the row lock: the caller's `previous` ones plus the audited ones.
  const prior = [...new Set([...previous, ...audited])];
  // The lookup binds the externalId array itself: `= ANY($n)` probes the (brandId, externalId) unique
  // index per id. `IN (SELECT ... FROM input)` hid the ids behind a CTE, and the planner scanned
  // every row of the brand through another index (work linear in the table, not in the page).
  const externalIdParam = 2 + columns.findIndex((c) => c.name === 'externalId');
  if (externalIdParam < 2) throw new Error(`${table}: spec has no externalId column`);
  const updates = columns
    .filter((c) => c.name !== 'externalId')
    .map((c) => `${q(c.name)} = EXCLUDED.${q(c.name)}`)
    .concat(`"syncedAt" = timezone('UTC', now())`, `"deletedAt" = NULL`)
    .join(', ');
  const overwrite = sameSecond === 'overwrite';
  const writeWhen = overwrite
    ? `t."updatedAtRemote" < EXCLUDED."updatedAtRemote"
         OR (t."updatedAtRemote" = EXCLUDED."updatedAtRemote" AND (t."rawData" IS DISTINCT FROM EXCLUDED."rawData" OR t."deletedAt" IS NOT NULL))`
    : `t."updatedAtRemote" < EXCLUDED."updatedAtRemote" AND (t."deletedAt" IS NULL OR EXCLUDED."updatedAtRemote" > t."deletedAt")`;
  // Under 'keep-and-report' the stored copy is compared with the incoming one in the database (the
  // stored rawData never travels); webhook batches are small, sync pages never pay for it.
  const tiedColumn = overwrite
    ? 'false AS tied'
    : `(up.id IS NULL AND old.id IS NOT NULL AND old."prev:updatedAtRemote" = i."updatedAtRemote"
            AND old."prev:rawData" IS DISTINCT FROM i."rawData") AS tied`;
  const sql = `
    WITH input AS (SELECT * FROM ${unnestOf(columns, 2)}),
    old AS (
      SELECT t.id, t."externalId", (extract(epoch FROM t."updatedAtRemote") * 1000)::float8 AS "prev:updatedAtRemoteMs",
             to_char(t."deletedAt", 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS "prev:deletedAt"
             ${overwrite ? '' : `, t."updatedAtRemote" AS "prev:updatedAtRemote", t."rawData" AS "prev:rawData"`}
             ${prior.map((c) => `, t.${q(c)} AS ${q(`prev:${c}`)}`).join('')}
      FROM ${q(table)} t
      WHERE t."brandId" = $1::uuid AND t."externalId" = ANY($${externalIdParam}::text[])
      ORDER BY t."externalId"
      FOR UPDATE
    ),
    barrier AS (SELECT count(*) AS locked FROM old),
    up AS (
      INSERT INTO ${q(table)} AS t ("brandId", ${columns.map((c) => q(c.name)).join(', ')}, "syncedAt")
      SELECT $1::uuid, ${selectList(columns)}, timezone('UTC', now()) FROM input u CROSS JOIN barrier
      ORDER BY u."externalId"
      ON CONFLICT ("brandId", "externalId") DO UPDATE SET ${updates}
      WHERE ${writeWhen}
      RETURNING t.id, t."externalId", (t.xmax = 0) AS inserted${audited.map((c) => `, t.${q(c)} AS ${q(`new:${c}`)}`).join('')}
    )${audit ? `,
    ${auditCte(spec, 2 + columns.length)}` : ''}
    SELECT coalesce(up."externalId", old."externalId") AS "externalId", coalesce(up.id, old.id) AS id,
           up.id IS NOT NULL AS written, coalesce(up.inserted, false) AS inserted, ${tiedColumn},
           old.id IS NOT NULL AS existed, old."prev:updatedAtRemoteMs", old."prev:deletedAt"${previous.map((c) => `, old.${q(`prev:${c}`)}`).join('')}
    FROM up FULL JOIN old ON old."externalId" = up."externalId"
    ${overwrite ? '' : `LEFT JOIN input i ON i."externalId" = old."externalId"`}`;
  const result = await runNamed(tx, sql, [brandId, ...columnParams(columns, rows), ...(audit ? auditParams(audit) : [])]);
  return result.rows.map((r) => {
    let prev: ParentOutcome['previous'] = null;
    if (r.existed) {
      prev = { updatedAtRemoteMs: Number(r['prev:updatedAtRemoteMs']), deletedAt: r['prev:deletedAt'] ?? null };
      for (const c of previous) prev[c] = r[`prev:${c}`];
    }
    return { externalId: r.externalId, id: r.id, written: r.written, inserted: r.inserted, tied: r.tied, previous: prev };
  });
}

export type ChildSpec = {
  table: string;
  /** The column pointing at the parent; existing children of these parents are deleted first. */
  parentColumn: string;
  columns: Column[];
};

/**
 * Replaces the children of the written parents in ONE statement: delete the old set, insert the new.
 * The delete must finish before the insert (a child's own unique key may repeat), hence the barrier.
 * Only updated parents can have old children: a parent this page inserted has none, so a page of new
 * parents is a plain insert (no delete, which on a small table the planner runs as a seq scan).
 */
export async function replaceChildren(tx: PoolClient, spec: ChildSpec, written: ParentOutcome[], rows: Record<string, unknown>[]): Promise<void> {
  const replaced = written.filter((o) => !o.inserted).map((o) => o.id);
  if (replaced.length === 0) return insertRows(tx, spec.table, spec.columns, rows);
  const { table, columns } = spec;
  const sql = `
    WITH gone AS (DELETE FROM ${q(table)} WHERE ${q(spec.parentColumn)} = ANY($1::uuid[]) RETURNING 1),
    barrier AS (SELECT count(*) AS deleted FROM gone)
    INSERT INTO ${q(table)} (${columns.map((c) => q(c.name)).join(', ')})
    SELECT ${selectList(columns)} FROM ${unnestOf(columns, 2)} CROSS JOIN barrier`;
  await runNamed(tx, sql, [replaced, ...columnParams(columns, rows)]);
}

/** Plain bulk insert (append-only tables such as inventory_snapshot). */
export async function insertRows(tx: PoolClient, table: string, columns: Column[], rows: Record<string, unknown>[]): Promise<void> {
  if (rows.length === 0) return;
  const sql = `INSERT INTO ${q(table)} (${columns.map((c) => q(c.name)).join(', ')}) SELECT ${selectList(columns)} FROM ${unnestOf(columns, 1)}`;
  await runNamed(tx, sql, columnParams(columns, rows));
}

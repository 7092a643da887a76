// Audit entries of synced records, written by the bulk upsert statement itself (sync/upsert/bulk.ts).
//
// Why inside that statement: it already reads every existing row of the page FOR UPDATE (the `old`
// CTE, for apply-only-if-newer and the change log's previous values) and knows which rows it wrote
// (`up` RETURNING). Diffing there, column by column in SQL, costs no extra round trip, never moves
// the previous rows to Node and back, and compares values with the database's own types (numeric
// 12.5 equals 12.50, jsonb ignores key order). The alternatives were dearer: a separate pre-read of
// the page (another round trip and a second index probe per row), or returning every old and new
// column to Node to diff and sending the entries back (the page's data crossing the wire twice).
//
// Only rows the upsert wrote are candidates (an exact replay, such as an overlapping
// updated_date[gte] window re-listing unchanged records, writes nothing and so logs nothing), and of
// those only rows where a mapped field changed: a new updated_date alone (or a change to a field
// Packr does not map, visible only in rawData) is not an entry. A created row logs every non-null
// mapped field as [null, value].
import type { AuditRecordType } from '../generated/prisma/enums.js';
import { EVENT_MAX, type AuditStamp } from './entries.js';

/** The part of an upsert spec this needs (structurally sync/upsert/bulk.ts ParentSpec). */
type AuditedSpec = { table: string; columns: { name: string; type: string }[] };

/** The record type of each synced table's entries. */
const RECORD_TYPES: Record<string, AuditRecordType> = {
  order: 'ORDER',
  inventory_item: 'INVENTORY_ITEM',
  product: 'PRODUCT',
  warehouse: 'WAREHOUSE',
  warehouse_location: 'WAREHOUSE_LOCATION',
  shipping_method: 'SHIPPING_METHOD',
  return: 'RETURN',
  inbound_shipment: 'INBOUND_SHIPMENT',
};

/** Written but not audited: the key, the raw upstream copy, and the upstream clock (not content). */
const NOT_AUDITED = new Set(['externalId', 'rawData', 'createdAtRemote', 'updatedAtRemote']);

const q = (identifier: string) => `"${identifier.replaceAll('"', '""')}"`;

/** The mapped columns whose before/after values an entry records. */
export function auditedColumns(spec: AuditedSpec): string[] {
  return spec.columns.filter((c) => !NOT_AUDITED.has(c.name)).map((c) => c.name);
}

export function recordTypeOf(table: string): AuditRecordType {
  const type = RECORD_TYPES[table];
  if (!type) throw new Error(`${table}: no audit record type`);
  return type;
}

/**
 * One column's value as JSON text for an entry. Timestamps (stored as UTC without a zone) get their
 * canonical ISO form with Z, which to_json would leave zoneless; everything else is to_json.
 */
function asJsonText(ref: string, type: string): string {
  const json = type === 'timestamp' ? `to_json(to_char(${ref}, 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'))` : `to_json(${ref})`;
  return `coalesce(${json}::text, 'null')`;
}

/**
 * The data-modifying CTE appended to the upsert's WITH list (after `old` and `up`). Expects `old`
 * to carry "prev:<col>" for every audited column and "prev:deletedAt", `up` to return "new:<col>",
 * and $1 to be the brand. A write revives a row marked deleted (sync/deletions.ts), which the
 * entry records as deletedAt [when, null]. PostgreSQL runs a data-modifying CTE to completion even
 * though the main query never reads it, and in the statement's transaction: the entries commit or
 * roll back with the rows.
 */
export function auditCte(spec: AuditedSpec, firstParam: number): string {
  const types = new Map(spec.columns.map((c) => [c.name, c.type]));
  // Per field: whether it changed, compared in its own type (cheap, and exact: numeric 12.5 equals
  // 12.50, jsonb ignores key order), and only then its [before, after] as JSON.
  const fields = auditedColumns(spec).map((c) => {
    const [before, after, type] = [`old.${q(`prev:${c}`)}`, `up.${q(`new:${c}`)}`, types.get(c)!];
    return { name: c, changed: `${before} IS DISTINCT FROM ${after}`, pair: `'[' || ${asJsonText(before, type)} || ',' || ${asJsonText(after, type)} || ']'` };
  });
  // A written row is live: one that was marked deleted (old "prev:deletedAt", ISO text) was revived.
  fields.push({ name: 'deletedAt', changed: `old."prev:deletedAt" IS NOT NULL`, pair: `'[' || to_json(old."prev:deletedAt")::text || ',null]'` });
  // The object is assembled as JSON text from the changed fields only and parsed once into jsonb:
  // building a jsonb per field, or aggregating over a VALUES list per row, cost several times more
  // (most writes change a field or two; a created row has them all). Field names are the specs'
  // plain identifiers, so they need no JSON escaping.
  const object = `('{' || concat_ws(',', ${fields.map((f) => `CASE WHEN ${f.changed} THEN ${lit(`"${f.name}":`)} || ${f.pair} END`).join(', ')}) || '}')::jsonb`;
  const p = (i: number) => `$${firstParam + i}`;
  return `audited AS (
      INSERT INTO audit_log ("threePLId", "brandId", at, source, "actorUserId", "actorApiKeyId", "recordType", "recordId", "externalId", event, changes, "idempotencyKey")
      SELECT b."threePLId", $1::uuid, timezone('UTC', now()), ${p(0)}::"AuditSource", ${p(1)}::uuid, ${p(2)}::uuid,
             '${recordTypeOf(spec.table)}'::"AuditRecordType", up.id, up."externalId",
             coalesce(${p(4)}::jsonb ->> up."externalId", ${p(3)}::text), ${object}, ${p(5)}::text
      FROM up
      LEFT JOIN old ON old."externalId" = up."externalId"
      CROSS JOIN (SELECT "threePLId" FROM brand WHERE id = $1::uuid) b
      WHERE ${fields.map((f) => f.changed).join('\n         OR ')}
    )`;
}

/** Column names are identifiers from the static specs; as SQL string literals they need no escaping beyond quotes. */
const lit = (s: string) => `'${s.replaceAll("'", "''")}'`;

/** The values auditCte binds from its `firstParam` on, in its order. */
export function auditParams(stamp: AuditStamp): unknown[] {
  const events = stamp.eventsByExternalId && Object.keys(stamp.eventsByExternalId).length > 0
    ? JSON.stringify(Object.fromEntries(Object.entries(stamp.eventsByExternalId).map(([id, e]) => [id, e.slice(0, EVENT_MAX)])))
    : null;
  return [
    stamp.source,
    stamp.actor?.userId ?? null,
    stamp.actor?.apiKeyId ?? null,
    stamp.event.slice(0, EVENT_MAX),
    events,
    stamp.idempotencyKey ?? null,
  ];
}

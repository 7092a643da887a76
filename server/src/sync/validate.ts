// Per-record validation of raw Trackstar records against the contract's zod schemas. One bad
// record is reported with its id and skipped; it never fails the page it came in.
import type { SyncResource } from '../generated/prisma/enums.js';
import { INBOUND_STATUSES, ORDER_STATUSES, SHIPMENT_STATUSES } from '../../../trackstar-contract/contract.js';
import { schemaOf } from './resources.js';

export type ValidRecord<T> = { raw: Record<string, unknown>; record: T; updatedMs: number };
export type InvalidRecord = { id: string | null; error: string };
export type Validated<T = unknown> = { valid: ValidRecord<T>[]; invalid: InvalidRecord[] };

const ORDER = new Set<string>(ORDER_STATUSES);
const SHIPMENT = new Set<string>(SHIPMENT_STATUSES);
const RECEIVING = new Set<string>(INBOUND_STATUSES);

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * A WMS may invent a status the contract does not list. That is not a broken record: it is parsed
 * as `other` (the mapper keeps the original word in rawStatus/rawData), so it still syncs.
 */
function tolerateUnknownStatuses(resource: SyncResource, raw: Record<string, unknown>): Record<string, unknown> {
  const known = resource === 'ORDERS' ? ORDER : resource === 'RETURNS' || resource === 'INBOUND_SHIPMENTS' ? RECEIVING : null;
  if (!known) return raw;
  let copy = raw;
  if (typeof raw.status === 'string' && !known.has(raw.status)) copy = { ...copy, status: 'other' };
  if (resource === 'ORDERS' && Array.isArray(raw.shipments)) {
    const shipments = raw.shipments.map((s) =>
      isObject(s) && typeof s.status === 'string' && !SHIPMENT.has(s.status) ? { ...s, status: 'other' } : s,
    );
    copy = { ...copy, shipments };
  }
  return copy;
}

function describe(error: { issues: { path: PropertyKey[]; message: string }[] }): string {
  return error.issues
    .slice(0, 3)
    .map((i) => `${i.path.map(String).join('.') || '(record)'}: ${i.message}`)
    .join('; ');
}

/**
 * Validates every record on its own and keeps, per id, only the newest copy (a page or a webhook
 * batch may carry one record twice; one bulk statement must not touch a row twice).
 */
export function validateRecords<T>(resource: SyncResource, records: unknown[]): Validated<T> {
  const schema = schemaOf(resource);
  const byId = new Map<string, ValidRecord<T>>();
  const invalid: InvalidRecord[] = [];
  for (const raw of records) {
    const id = isObject(raw) && typeof raw.id === 'string' && raw.id.length > 0 ? raw.id : null;
    if (!isObject(raw)) {
      invalid.push({ id: null, error: 'record is not an object' });
      continue;
    }
    const parsed = schema.safeParse(tolerateUnknownStatuses(resource, raw));
    if (!parsed.success) {
      invalid.push({ id, error: describe(parsed.error) });
      continue;
    }
    const record = parsed.data as T & { id: string; updated_date: string };
    const updatedMs = Date.parse(record.updated_date);
    const seen = byId.get(record.id);
    if (!seen || seen.updatedMs <= updatedMs) byId.set(record.id, { raw, record, updatedMs });
  }
  return { valid: [...byId.values()], invalid };
}

// What an audit entry says, shared by its writers: the sync write path (sync-entries.ts, inside
// the bulk upsert statement) and user actions (user-actions.ts). The table is append-only.
import type { AuditSource } from '../generated/prisma/enums.js';

/** Who acted: the user and the API key of the request. A Viewer fits as it is. */
export type Actor = { userId: string; apiKeyId: string | null };

/** { field: [before, after] }; before is null when the record was created. JSON values only. */
export type FieldChanges = Record<string, [unknown, unknown]>;

/** Where a batch of record writes came from; stamped on every entry it produces. */
export type AuditStamp = {
  source: AuditSource;
  /** What caused it: "sync page", a webhook event type ("inventory.updated"), a user action name. */
  event: string;
  /**
   * Per external id, when the records of one batch came from different events (a webhook job
   * applies the events of several records together); ids missing here get `event`.
   */
  eventsByExternalId?: Record<string, string> | null;
  actor?: Actor | null;
  /** The Idempotency-Key of the user's write that produced the records. */
  idempotencyKey?: string | null;
};

/** Events are labels for people; an upstream event type is short, but nothing unbounded is stored. */
export const EVENT_MAX = 120;

/**
 * The stamp of a write path that did not say more: a sync page, a webhook, or the answer of a
 * user's WMS write applied locally (MANUAL in the change log, USER here).
 */
export function defaultStamp(source: 'SYNC' | 'WEBHOOK' | 'MANUAL' | 'RECONCILE'): AuditStamp {
  switch (source) {
    case 'SYNC': return { source: 'SYNC', event: 'sync page' };
    case 'WEBHOOK': return { source: 'WEBHOOK', event: 'webhook' };
    case 'RECONCILE': return { source: 'RECONCILE', event: 'reconcile' };
    case 'MANUAL': return { source: 'USER', event: 'write' };
  }
}

const same = (a: unknown, b: unknown) => JSON.stringify(a ?? null) === JSON.stringify(b ?? null);

/**
 * The fields whose values differ between two plain JSON objects (keys of either side), for user
 * actions that change settings. Values compare as JSON, so key order inside nested objects counts:
 * callers compare objects built the same way.
 */
export function diffFields(before: Record<string, unknown> | null, after: Record<string, unknown>): FieldChanges {
  const changes: FieldChanges = {};
  for (const field of new Set([...Object.keys(before ?? {}), ...Object.keys(after)])) {
    const b = before?.[field] ?? null;
    const a = after[field] ?? null;
    if (!same(b, a)) changes[field] = [b, a];
  }
  return changes;
}

const isPlainObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * Nested settings as one level of dotted paths ("resources.ORDERS.paused"), so diffFields names
 * exactly the setting that changed rather than a whole nested object.
 */
export function flattenFields(value: Record<string, unknown>, prefix = ''): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, v] of Object.entries(value)) {
    if (isPlainObject(v) && Object.keys(v).length > 0) Object.assign(out, flattenFields(v, `${prefix}${key}.`));
    else out[`${prefix}${key}`] = v;
  }
  return out;
}

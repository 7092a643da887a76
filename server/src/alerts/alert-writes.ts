// The three writes of an alert's life, each inside the caller's transaction: open, revise (its
// numbers or text changed; no re-fire) and resolve. Each takes the 3PL's next alert sequence
// (three_pl."alertSeq", bumped under its row lock, so sequences follow commit order) and stamps
// it on the row; opening and resolving, the two notifications, also stamp "notifiedSequence"
// (what the bell's unread count compares), so a revised number does not ring the bell again. Opening and resolving also store an outbound event (outbound_enqueue) in the same
// transaction, so a receiver hears of exactly the incidents that committed.
import type { PoolClient } from 'pg';
import { NOW } from '../pg.js';
import type { AlertChangeName, AlertNotice } from './alert-log.js';
import type { AlertKindName } from './rule-settings.js';

export type AlertText = { title: string; detail: string; value: number | null; threshold: number | null };
export type NewAlert = AlertText & { threePLId: string; brandId: string | null; kind: AlertKindName; subject: string };

type Tx = Pick<PoolClient, 'query'>;

const ISO = (column: string) => `to_char(${column}, 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;

async function nextSequence(tx: Tx, threePLId: string): Promise<string> {
  const { rows } = await tx.query<{ seq: string }>({
    name: 'alert-bump-sequence',
    text: 'UPDATE three_pl SET "alertSeq" = "alertSeq" + 1 WHERE id = $1 RETURNING "alertSeq"::text AS seq',
    values: [threePLId],
  });
  return rows[0].seq;
}

/** The webhook payload: { type, timestamp, data: { alert } }, with ISO-8601 UTC times. */
async function enqueueOutbound(tx: Tx, alertId: string, type: 'alert.opened' | 'alert.resolved'): Promise<void> {
  await tx.query({
    name: 'alert-outbound-enqueue',
    text: `SELECT outbound_enqueue(a."threePLId", a."brandId", $2::text, jsonb_build_object(
             'type', $2::text,
             'timestamp', ${ISO(NOW)},
             'data', jsonb_build_object('alert', jsonb_build_object(
               'id', a.id, 'kind', a.kind, 'brandId', a."brandId", 'brandName', b.name,
               'title', a.title, 'detail', a.detail, 'value', a.value, 'threshold', a.threshold,
               'openedAt', ${ISO('a."openedAt"')}, 'resolvedAt', ${ISO('a."resolvedAt"')}))))
             FROM alert a LEFT JOIN brand b ON b.id = a."brandId"
            WHERE a.id = $1`,
    values: [alertId, type],
  });
}

function notice(a: { threePLId: string; brandId: string | null }, alertId: string, sequence: string, change: AlertChangeName): AlertNotice {
  return { threePLId: a.threePLId, sequence, alertId, brandId: a.brandId, change };
}

/** The caller guarantees none is open for (3PL, brand, kind, subject) (it holds the matching advisory lock). */
export async function openAlert(tx: Tx, a: NewAlert): Promise<AlertNotice> {
  const sequence = await nextSequence(tx, a.threePLId);
  const { rows } = await tx.query<{ id: string }>({
    name: 'alert-open',
    text: `INSERT INTO alert ("threePLId", "brandId", kind, subject, title, detail, value, threshold, "openedAt", "updatedAt", sequence, "notifiedSequence")
           VALUES ($1, $2, $3::"AlertKind", $4, $5, $6, $7, $8, ${NOW}, ${NOW}, $9, $9) RETURNING id`,
    values: [a.threePLId, a.brandId, a.kind, a.subject, a.title, a.detail, a.value, a.threshold, sequence],
  });
  await enqueueOutbound(tx, rows[0].id, 'alert.opened');
  return notice(a, rows[0].id, sequence, 'OPENED');
}

export async function reviseAlert(tx: Tx, a: { threePLId: string; brandId: string | null; id: string }, text: AlertText): Promise<AlertNotice> {
  const sequence = await nextSequence(tx, a.threePLId);
  await tx.query({
    name: 'alert-revise',
    text: `UPDATE alert SET title = $2, detail = $3, value = $4, threshold = $5, "updatedAt" = ${NOW}, sequence = $6 WHERE id = $1`,
    values: [a.id, text.title, text.detail, text.value, text.threshold, sequence],
  });
  return notice(a, a.id, sequence, 'UPDATED');
}

export async function resolveAlert(tx: Tx, a: { threePLId: string; brandId: string | null; id: string }): Promise<AlertNotice> {
  const sequence = await nextSequence(tx, a.threePLId);
  await tx.query({
    name: 'alert-resolve',
    text: `UPDATE alert SET "resolvedAt" = ${NOW}, "updatedAt" = ${NOW}, sequence = $2, "notifiedSequence" = $2 WHERE id = $1`,
    values: [a.id, sequence],
  });
  await enqueueOutbound(tx, a.id, 'alert.resolved');
  return notice(a, a.id, sequence, 'RESOLVED');
}

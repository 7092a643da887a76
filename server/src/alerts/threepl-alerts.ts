// Alerts about the 3PL itself rather than a brand (brandId null), opened and resolved by the code
// that sees the condition (today: outbound/ when it disables a failing endpoint). The subject tells
// incidents of one kind apart (the endpoint's id), so each fires once and resolves on its own.
import { inLockedTransaction } from '../lib/locked-transaction.js';
import { pool } from '../pg.js';
import { publishAlerts, type AlertNotice } from './alert-log.js';
import { openAlert, resolveAlert } from './alert-writes.js';
import { threePLAlertRules } from './rule-settings.js';

export type ThreePLAlertKind = 'ENDPOINT_DISABLED';

type Subject = { threePLId: string; kind: ThreePLAlertKind; subject: string };

/** Runs `work` in a transaction serialized per (3PL, kind, subject); publishes its notices after COMMIT. */
async function underLock(s: Subject, work: (tx: import('pg').PoolClient) => Promise<AlertNotice[]>): Promise<void> {
  const notices = await inLockedTransaction(`alerts:${s.threePLId}:${s.kind}:${s.subject}`, work);
  await publishAlerts(s.threePLId, notices);
}

async function openId(tx: import('pg').PoolClient, s: Subject): Promise<string | null> {
  const { rows } = await tx.query<{ id: string }>({
    name: 'alert-open-threepl-subject',
    text: `SELECT id FROM alert WHERE "threePLId" = $1 AND "brandId" IS NULL AND kind = $2::"AlertKind" AND subject = $3 AND "resolvedAt" IS NULL`,
    values: [s.threePLId, s.kind, s.subject],
  });
  return rows[0]?.id ?? null;
}

/**
 * Opens the 3PL-level incident unless one is open for the subject already, or the 3PL turned
 * that rule off. Enqueues alert.opened and announces it after COMMIT.
 */
export async function openThreePLAlert(input: { threePLId: string; kind: ThreePLAlertKind; subject: string; title: string; detail: string }): Promise<void> {
  await underLock(input, async (tx) => {
    if (await openId(tx, input)) return [];
    const rule = (await threePLAlertRules(input.threePLId, tx)).find((r) => r.kind === input.kind);
    if (!rule?.enabled) return [];
    return [await openAlert(tx, { ...input, brandId: null, value: null, threshold: null })];
  });
}

/** Resolves the subject's open incident, if any. Enqueues alert.resolved and announces it after COMMIT. */
export async function resolveThreePLAlert(input: { threePLId: string; kind: ThreePLAlertKind; subject: string }): Promise<void> {
  await underLock(input, async (tx) => {
    const id = await openId(tx, input);
    return id ? [await resolveAlert(tx, { threePLId: input.threePLId, brandId: null, id })] : [];
  });
}

/** Resolves every open 3PL-level alert of the kind (its rule was turned off). */
export async function resolveOpenThreePLAlerts(threePLId: string, kind: ThreePLAlertKind): Promise<void> {
  const { rows } = await pool.query<{ subject: string }>({
    name: 'alert-open-threepl-subjects',
    text: `SELECT subject FROM alert WHERE "threePLId" = $1 AND "brandId" IS NULL AND kind = $2::"AlertKind" AND "resolvedAt" IS NULL`,
    values: [threePLId, kind],
  });
  for (const r of rows) await resolveThreePLAlert({ threePLId, kind, subject: r.subject });
}

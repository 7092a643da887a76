// Group processing of webhook events. Under a burst every event of a brand queues on the same
// brand row lock, one transaction (and a dozen round trips) each, so the worker fell behind at a
// few hundred events per second and its backlog took the machine from the API. A job therefore
// takes along other PENDING events of its integration that are ready to apply (full payloads, no
// HTTP needed) and applies them all in its own transaction: same bulk upsert, same exactly-once
// rule (every event row is locked and moved to PROCESSED in the transaction that applies it).
// The companions' own jobs later find them PROCESSED and do nothing.
import type { PoolClient } from 'pg';
import type { SyncResource } from '../generated/prisma/enums.js';
import { applyRecordsIn } from '../sync/apply.js';
import type { ChangeNotice } from '../changes/change-log.js';
import { routeEvent } from './event-routing.js';
import { lockPendingWithFullPayload } from './store.js';

/** How many other events one transaction takes along. */
export const MAX_COMPANIONS = 100;

/** eventType names the change in the audit trail ("inventory.updated"). */
export type ApplyItem = { eventId: string; eventType: string; resource: SyncResource; record: unknown };

/** A record an event carries failed validation; the caller decides whose event fails. */
export class InvalidEventRecord extends Error {}

/** A record that was left alone: same updated_date as stored, different content (same-second.ts). */
export type TiedRecord = { resource: SyncResource; id: string };

/**
 * Locks (SKIP LOCKED: never waits for another job's events) up to MAX_COMPANIONS other PENDING
 * events of the integration, oldest first, whose records can be applied as they are.
 */
export async function lockCompanions(tx: PoolClient, integrationId: string, excludeEventId: string): Promise<ApplyItem[]> {
  const rows = await lockPendingWithFullPayload(tx, integrationId, excludeEventId, MAX_COMPANIONS);
  return rows.flatMap((r) => {
    const route = routeEvent(r.eventType);
    return route.kind === 'apply' && r.data && typeof r.data === 'object' ? [{ eventId: r.id, eventType: r.eventType, resource: route.resource, record: r.data }] : [];
  });
}

/**
 * Applies the items in arrival order: per resource, in rounds where each record id occurs once
 * (a bulk statement cannot touch one row twice, and every intermediate state must still reach the
 * inventory history). Throws InvalidEventRecord if any record is invalid, so the caller can fall
 * back to one event. A copy whose updated_date equals the stored one but whose content differs is
 * not written (an event's copy may be the older of two same-second changes): it is returned in
 * `ties` for the caller to resolve with a current read.
 */
export async function applyInRounds(
  tx: PoolClient, brandId: string, integrationId: string, items: ApplyItem[],
): Promise<{ notices: ChangeNotice[]; ties: TiedRecord[] }> {
  const notices: ChangeNotice[] = [];
  const ties: TiedRecord[] = [];
  const rounds: ApplyItem[][] = [];
  for (const item of items) {
    const id = (item.record as { id?: unknown }).id;
    // The first round (after the last one holding this id) that has room for it, same resource.
    let target = rounds.length - 1;
    while (target >= 0 && !rounds[target].some((x) => x.resource === item.resource && (x.record as { id?: unknown }).id === id)) target--;
    const index = target + 1;
    const round = rounds[index] ?? (rounds[index] = []);
    round.push(item);
  }
  for (const round of rounds) {
    const byResource = new Map<SyncResource, { records: unknown[]; events: Record<string, string> }>();
    for (const item of round) {
      const batch = byResource.get(item.resource) ?? { records: [], events: {} };
      byResource.set(item.resource, batch);
      batch.records.push(item.record);
      // A round holds each record id once, so each written row is named by its own event.
      const id = (item.record as { id?: unknown }).id;
      if (typeof id === 'string') batch.events[id] = item.eventType;
    }
    for (const [resource, { records, events }] of byResource) {
      const audit = { source: 'WEBHOOK' as const, event: 'webhook', eventsByExternalId: events };
      const result = await applyRecordsIn(tx, { brandId, integrationId, resource, records, source: 'WEBHOOK', sameSecond: 'keep-and-report', audit });
      if (result.invalid.length > 0) throw new InvalidEventRecord(describeInvalid(resource, result.invalid));
      notices.push(...result.notices);
      for (const id of result.tied) ties.push({ resource, id });
    }
  }
  return { notices, ties };
}

export function describeInvalid(resource: SyncResource, invalid: { id: string | null; error: string }[]): string {
  return `invalid ${resource} record: ${invalid.map((i) => `${i.id ?? '?'}: ${i.error}`).join('; ')}`.slice(0, 1_000);
}

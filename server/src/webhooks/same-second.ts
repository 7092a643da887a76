// Same-second ties. Trackstar dates have one-second precision, so two events for one record can
// carry the same updated_date (an order opened and cancelled within a second, two stock
// adjustments in one second), and delivery is unordered: after an outage, on Svix retries or when
// reordered, whichever was applied last used to win, leaving an older state until the next sync.
//
// Nothing in an event orders two same-second copies reliably: svix-timestamp is the time of the
// delivery attempt (re-signed on every retry), svix-id is random, `previous_attributes` holds only
// the changed fields, and trackstar_updated_date (newer records only) has the same one-second
// precision. So an event's copy that ties with the stored one (same updated_date, different
// content) is not written; the record is re-read from Trackstar, whose copy is at least as new as
// any event it has sent, and that read is applied. Only ties cost a read, and one job reads each
// record at most once, however many of its events tie on it.
//
// The read happens between transactions, never while the brand's rows are locked: the job's
// transaction meets the tie, rolls back (SameSecondTies), reads, and applies again with the reads.
import type { PoolClient } from 'pg';
import type { SyncResource } from '../generated/prisma/enums.js';
import { logger } from '../lib/logger.js';
import type { ChangeNotice } from '../changes/change-log.js';
import { applyRecordsIn } from '../sync/apply.js';
import { validateRecords } from '../sync/validate.js';
import { applyInRounds, describeInvalid, InvalidEventRecord, type ApplyItem, type TiedRecord } from './companions.js';
import { RecordReader } from './full-payload.js';

const keyOf = (r: TiedRecord) => `${r.resource}:${r.id}`;

/** Thrown inside the transaction so it rolls back: these records must be read before applying. */
export class SameSecondTies extends Error {
  constructor(readonly records: TiedRecord[]) {
    super(`same-second copies left unresolved: ${records.slice(0, 10).map(keyOf).join(', ')}`);
  }
}

/** A record read again came back invalid (say, a glitch upstream): the job retries later. */
export class InvalidCurrentRead extends Error {}

/**
 * The records one job read from Trackstar (a truncated event's record, tied records), each at most
 * once. null marks a record that could not be read (no longer in Trackstar's copy, or no token):
 * its tie leaves the stored row as it is, and the deletion reconcile or the next sync settles it.
 */
export class CurrentReads {
  private readonly records = new Map<string, { resource: SyncResource; record: unknown | null }>();

  constructor(private readonly integrationId: string) {}

  add(resource: SyncResource, id: string, record: unknown): void {
    this.records.set(keyOf({ resource, id }), { resource, record });
  }

  has(ref: TiedRecord): boolean {
    return this.records.has(keyOf(ref));
  }

  /** Reads the records not read yet, one request per resource and hundred ids. */
  async load(refs: TiedRecord[]): Promise<void> {
    const missing = new Map<SyncResource, Set<string>>();
    for (const ref of refs) {
      if (this.has(ref)) continue;
      const ids = missing.get(ref.resource) ?? new Set<string>();
      missing.set(ref.resource, ids.add(ref.id));
    }
    if (missing.size === 0) return;
    const reader = await RecordReader.of(this.integrationId);
    for (const [resource, ids] of missing) {
      const found = reader ? await reader.read(resource, [...ids]) : new Map<string, unknown>();
      for (const id of ids) {
        const record = found.get(id);
        if (record === undefined) {
          logger.warn('same-second tie kept the stored copy: the record could not be read', { integrationId: this.integrationId, resource, id });
        } else {
          const { invalid } = validateRecords(resource, [record]);
          if (invalid.length > 0) throw new InvalidCurrentRead(`re-read of ${describeInvalid(resource, invalid)}`);
        }
        this.add(resource, id, record ?? null);
      }
    }
  }

  /** The readable records, by resource. */
  byResource(): Map<SyncResource, unknown[]> {
    const out = new Map<SyncResource, unknown[]>();
    for (const { resource, record } of this.records.values()) {
      if (record === null) continue;
      const list = out.get(resource);
      if (list) list.push(record);
      else out.set(resource, [record]);
    }
    return out;
  }
}

/**
 * Applies event copies (in arrival order, companions.ts), then the current reads. A copy that ties
 * with the stored row is not written; if its record has not been read yet, SameSecondTies is
 * thrown (the caller rolls back, reads, and calls again). The reads go last and win ties, being
 * Trackstar's current state; a read older than a copy applied before it changes nothing. A read
 * equal to what is stored writes nothing and logs no change; one that moves the record on logs a
 * change like any other write.
 */
export async function applyEventsAndReads(
  tx: PoolClient, brandId: string, integrationId: string, items: ApplyItem[], reads: CurrentReads,
): Promise<ChangeNotice[]> {
  const { notices, ties } = await applyInRounds(tx, brandId, integrationId, items);
  const unread = ties.filter((t) => !reads.has(t));
  if (unread.length > 0) throw new SameSecondTies(unread);
  for (const [resource, records] of reads.byResource()) {
    const audit = { source: 'WEBHOOK' as const, event: 'webhook, record read again' };
    const result = await applyRecordsIn(tx, { brandId, integrationId, resource, records, source: 'WEBHOOK', sameSecond: 'overwrite', audit });
    if (result.invalid.length > 0) throw new InvalidEventRecord(describeInvalid(resource, result.invalid));
    notices.push(...result.notices);
  }
  return notices;
}

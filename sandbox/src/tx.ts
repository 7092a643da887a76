// A unit of change on one connection: hand out working copies of records, then commit them all at
// once. Commit bumps updated_date on every record that really changed, stores it, and emits the
// webhook Trackstar would send (`<prefix>.created` / `.updated`, or an override such as
// order.shipment.created) with previous_attributes.
import { RESOURCES, type ResourceKey, type ResourceRecord } from '../../trackstar-contract/contract.js';
import { clone, previousAttributes } from './diff.js';
import type { Events } from './events.js';
import type { ConnectionState } from './store.js';
import { iso } from './time.js';

type Touched = { key: ResourceKey; before: unknown; working: { id: string; updated_date: string }; eventType?: string; created: boolean };

export class Tx {
  private readonly touched = new Map<string, Touched>();

  constructor(
    readonly conn: ConnectionState,
    private readonly events: Events,
    private readonly now: () => number,
  ) {}

  get nowIso(): string {
    return iso(this.now());
  }

  /** A working copy of a stored record (the same copy on repeated calls), or undefined. */
  touch<K extends ResourceKey>(key: K, id: string, eventType?: string): ResourceRecord[K] | undefined {
    const k = `${key}:${id}`;
    const seen = this.touched.get(k);
    if (seen) {
      if (eventType) seen.eventType = eventType;
      return seen.working as unknown as ResourceRecord[K];
    }
    const stored = this.conn.data[key].get(id);
    if (!stored) return undefined;
    const working = clone(stored);
    this.touched.set(k, { key, before: stored, working, eventType, created: false });
    return working as ResourceRecord[K];
  }

  create<K extends ResourceKey>(key: K, record: ResourceRecord[K]): ResourceRecord[K] {
    this.touched.set(`${key}:${record.id}`, { key, before: null, working: record, created: true });
    return record;
  }

  /** Stores and announces every change; returns nothing when nothing changed. */
  commit(): void {
    const now = this.nowIso;
    for (const t of this.touched.values()) {
      const prefix = RESOURCES[t.key].eventPrefix;
      const collection = this.conn.data[t.key] as unknown as { insert(r: unknown): void; replace(r: unknown): void };
      if (t.created) {
        collection.insert(t.working);
        this.events.emit(this.conn, t.eventType ?? `${prefix}.created`, t.working as Record<string, unknown>);
        continue;
      }
      const changed = previousAttributes(t.before, t.working);
      if (Object.keys(changed).length === 0) continue;
      const previous = { ...changed, updated_date: (t.before as { updated_date: string }).updated_date };
      t.working.updated_date = now;
      collection.replace(t.working);
      this.events.emit(this.conn, t.eventType ?? `${prefix}.updated`, t.working as Record<string, unknown>, previous);
    }
    this.touched.clear();
  }
}

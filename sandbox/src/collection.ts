// One resource's records for one connection, kept in insertion order.
//
// Every record gets an immutable sequence number when it is inserted; lists are ordered by it, and
// page tokens remember the last sequence served. Updates replace a record in place and never move it,
// so paging is stable under concurrent writes: a record updated while a client pages through a list
// is either still ahead of the cursor (and is served, with its new values, on a later page) or was
// already served, in which case its new updated_date is later than the moment the client's run
// started, and an incremental run that starts from `updated_date[gte]=<run start>` picks it up.
// No record is skipped or served twice within one listing; records created meanwhile come last.

export type Entry<T> = { seq: number; record: T };

export class Collection<T extends { id: string }> {
  private readonly entries: Entry<T>[] = [];
  private readonly byId = new Map<string, Entry<T>>();
  /** The last copy of each removed record, so the WMS can bring it back (restore); not persisted. */
  private readonly removed = new Map<string, T>();
  private nextSeq = 1;

  get size(): number {
    return this.entries.length;
  }

  get(id: string): T | undefined {
    return this.byId.get(id)?.record;
  }

  has(id: string): boolean {
    return this.byId.has(id);
  }

  insert(record: T): T {
    if (this.byId.has(record.id)) throw new Error(`duplicate id ${record.id}`);
    const entry = { seq: this.nextSeq++, record };
    this.entries.push(entry);
    this.byId.set(record.id, entry);
    return record;
  }

  /** Replaces the stored record with the same id; its sequence (list position) is unchanged. */
  replace(record: T): T {
    const entry = this.byId.get(record.id);
    if (!entry) throw new Error(`unknown id ${record.id}`);
    entry.record = record;
    return record;
  }

  /**
   * Removes a record, as a hard delete in a WMS does. The others keep their sequence numbers, so a
   * page token issued before the delete still resumes right after the record it last served.
   */
  remove(id: string): boolean {
    const entry = this.byId.get(id);
    if (!entry) return false;
    this.byId.delete(id);
    this.entries.splice(this.indexAfter(entry.seq - 1), 1);
    this.removed.set(id, entry.record);
    return true;
  }

  /**
   * Brings a removed record back as it was (dates unchanged), as when a WMS undoes a delete: it is
   * listed again, after every record present (a new sequence number). Undefined when no removed
   * record has this id.
   */
  restore(id: string): T | undefined {
    const record = this.removed.get(id);
    if (!record || this.byId.has(id)) return undefined;
    this.removed.delete(id);
    return this.insert(record);
  }

  /** The newest `n` records (by insertion), oldest first. */
  last(n: number): T[] {
    return this.entries.slice(Math.max(0, this.entries.length - n)).map((e) => e.record);
  }

  all(): T[] {
    return this.entries.map((e) => e.record);
  }

  /** Entries with seq > afterSeq, in sequence order. */
  *after(afterSeq: number): Generator<Entry<T>> {
    for (let i = this.indexAfter(afterSeq); i < this.entries.length; i++) yield this.entries[i];
  }

  /** Index of the first entry with seq > afterSeq (binary search: entries are sorted by seq). */
  private indexAfter(afterSeq: number): number {
    let lo = 0;
    let hi = this.entries.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.entries[mid].seq <= afterSeq) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  entry(id: string): Entry<T> | undefined {
    return this.byId.get(id);
  }

  toJSON(): { nextSeq: number; entries: Entry<T>[] } {
    return { nextSeq: this.nextSeq, entries: this.entries };
  }

  static fromJSON<T extends { id: string }>(json: { nextSeq: number; entries: Entry<T>[] }): Collection<T> {
    const c = new Collection<T>();
    for (const e of json.entries) {
      c.entries.push(e);
      c.byId.set(e.record.id, e);
    }
    c.nextSeq = json.nextSeq;
    return c;
  }
}

// Successful tries are recorded in batches: at a few hundred deliveries a second, one statement
// per delivery made PostgreSQL round trips (and the endpoint row they each rewrote) the dispatcher's
// limit. A success waits at most `maxWaitMs` for others to join it; its delivery stays leased until
// the batch commits, so a crash before that only means one more (deduplicable) try.
export type BatchRecorder<T> = { add(item: T): Promise<void> };

export function batchRecorder<T>(record: (items: T[]) => Promise<void>, options: { maxBatch: number; maxWaitMs: number }): BatchRecorder<T> {
  let pending: { item: T; resolve(): void; reject(error: unknown): void }[] = [];
  let timer: NodeJS.Timeout | null = null;

  function flush(): void {
    if (timer) clearTimeout(timer);
    timer = null;
    const batch = pending;
    pending = [];
    record(batch.map((p) => p.item)).then(
      () => batch.forEach((p) => p.resolve()),
      (error) => batch.forEach((p) => p.reject(error)),
    );
  }

  return {
    add(item) {
      return new Promise<void>((resolve, reject) => {
        pending.push({ item, resolve, reject });
        if (pending.length >= options.maxBatch) flush();
        else timer ??= setTimeout(flush, options.maxWaitMs);
      });
    },
  };
}

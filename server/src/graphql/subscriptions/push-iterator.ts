// A bounded push -> pull async iterator for subscriptions. Unlike an async generator, return()
// takes effect at once even while the consumer is waiting (no leaked listener, graphql-ws #532),
// and a queue that outgrows its limit ends the stream instead of growing memory without bound.

export class QueueOverflowError extends Error {
  constructor(readonly limit: number) {
    super(`subscriber fell more than ${limit} events behind`);
  }
}

export class PushIterator<T> implements AsyncIterableIterator<T> {
  private readonly queue: T[] = [];
  private waiter: { resolve: (r: IteratorResult<T>) => void; reject: (e: unknown) => void } | null = null;
  private failure: unknown = null;
  private drain: { below: number; resolve: () => void } | null = null;
  private done = false;

  constructor(
    private readonly limit: number,
    private readonly onClose: () => void,
  ) {}

  get size(): number {
    return this.queue.length;
  }

  get closed(): boolean {
    return this.done;
  }

  push(value: T): void {
    if (this.done) return;
    if (this.waiter) {
      const w = this.waiter;
      this.waiter = null;
      w.resolve({ value, done: false });
      return;
    }
    if (this.queue.length >= this.limit) {
      this.fail(new QueueOverflowError(this.limit));
      return;
    }
    this.queue.push(value);
  }

  /** Ends the stream with an error, delivered after nothing (queued events are dropped). */
  fail(error: unknown): void {
    if (this.done) return;
    this.failure = error;
    this.queue.length = 0;
    this.finish();
    if (this.waiter) {
      const w = this.waiter;
      this.waiter = null;
      w.reject(error);
    }
  }

  /** Resolves once the consumer has taken enough that fewer than `below` events wait (or on close). */
  waitBelow(below: number): Promise<void> {
    if (this.queue.length < below || this.done) return Promise.resolve();
    return new Promise((resolve) => {
      this.drain = { below, resolve };
    });
  }

  next(): Promise<IteratorResult<T>> {
    if (this.queue.length > 0) {
      const value = this.queue.shift()!;
      if (this.drain && this.queue.length < this.drain.below) this.releaseDrain();
      return Promise.resolve({ value, done: false });
    }
    if (this.failure) {
      const error = this.failure;
      this.failure = null;
      return Promise.reject(error);
    }
    if (this.done) return Promise.resolve({ value: undefined, done: true });
    return new Promise((resolve, reject) => {
      this.waiter = { resolve, reject };
    });
  }

  return(): Promise<IteratorResult<T>> {
    this.queue.length = 0;
    this.failure = null;
    this.finish();
    if (this.waiter) {
      const w = this.waiter;
      this.waiter = null;
      w.resolve({ value: undefined, done: true });
    }
    return Promise.resolve({ value: undefined, done: true });
  }

  throw(error: unknown): Promise<IteratorResult<T>> {
    this.fail(error);
    return this.next();
  }

  [Symbol.asyncIterator](): this {
    return this;
  }

  private releaseDrain(): void {
    const d = this.drain;
    this.drain = null;
    d?.resolve();
  }

  private finish(): void {
    if (this.done) return;
    this.done = true;
    this.releaseDrain();
    this.onClose();
  }
}

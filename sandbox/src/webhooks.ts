// Webhook delivery as Svix does it: POST with svix-id / svix-timestamp / svix-signature (signed with
// the svix library over `${id}.${timestamp}.${body}`), at least once, retried with backoff on any
// non-2xx or network error. The same svix-id is kept across retries; each attempt is re-signed.
import { randomBytes } from 'node:crypto';
import { Webhook } from 'svix';

export type DeliveryFaults = { drop: boolean; duplicate: boolean; reorder: boolean; delayMs: number };

export type Delivery = {
  msgId: string;
  url: string;
  eventType: string;
  connectionId: string;
  body: string;
  state: 'pending' | 'delivered' | 'failed' | 'dropped';
  attempts: { at: number; status?: number; error?: string }[];
};

export type DispatcherOptions = {
  secret: string;
  /** Waits before retry 1, 2, ...; after the last one the delivery is marked failed. */
  retryScheduleMs: number[];
  timeoutMs: number;
  reorderWindowMs: number;
  log: (line: string) => void;
};

export function newMessageId(): string {
  return `msg_${randomBytes(14).toString('base64url')}`;
}

export class WebhookDispatcher {
  readonly deliveries: Delivery[] = [];
  private readonly signer: Webhook;
  private readonly timers = new Set<NodeJS.Timeout>();
  private readonly reorderBuffers = new Map<string, Delivery[]>();
  private pending = 0;
  private idleWaiters: (() => void)[] = [];
  private stopped = false;

  constructor(private readonly opts: DispatcherOptions) {
    this.signer = new Webhook(opts.secret);
  }

  send(url: string, body: string, meta: { eventType: string; connectionId: string }, faults: DeliveryFaults): Delivery {
    const d: Delivery = { msgId: newMessageId(), url, body, ...meta, state: 'pending', attempts: [] };
    this.deliveries.push(d);
    if (this.deliveries.length > 5000) this.deliveries.splice(0, this.deliveries.length - 5000);
    if (faults.drop) {
      d.state = 'dropped';
      this.opts.log(`webhook ${d.msgId} ${d.eventType} conn=${d.connectionId.slice(0, 8)} dropped (fault)`);
      return d;
    }
    const copies = faults.duplicate ? 2 : 1;
    for (let i = 0; i < copies; i++) {
      if (faults.reorder) this.buffer(d, faults.delayMs);
      else this.schedule(d, faults.delayMs);
    }
    return d;
  }

  /** Resolves once nothing is queued, in flight or waiting for a retry. */
  idle(): Promise<void> {
    if (this.pending === 0) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  stop(): void {
    this.stopped = true;
    for (const t of this.timers) clearTimeout(t);
    this.timers.clear();
    this.pending = 0;
    this.settle();
  }

  private buffer(d: Delivery, delayMs: number): void {
    const buf = this.reorderBuffers.get(d.url) ?? [];
    buf.push(d);
    this.pending++;
    if (buf.length > 1) return;
    this.reorderBuffers.set(d.url, buf);
    // The burst goes out newest first and one at a time: each is sent once the one before it was
    // answered (or failed; retries keep their own timers). Sent together they raced over parallel
    // connections and could arrive in any order, so "reversed" was not what the receiver saw.
    this.later(this.opts.reorderWindowMs + delayMs, () => {
      this.reorderBuffers.delete(d.url);
      void this.sendInTurn(buf.reverse());
    });
  }

  /** Each buffered delivery already counts as pending; attempt() settles it. */
  private async sendInTurn(burst: Delivery[]): Promise<void> {
    for (const d of burst) {
      if (this.stopped) return;
      await this.attempt(d, 0);
    }
  }

  private schedule(d: Delivery, waitMs: number): void {
    this.pending++;
    this.later(waitMs, () => void this.attempt(d, 0));
  }

  private later(ms: number, fn: () => void): void {
    if (this.stopped) return;
    const t = setTimeout(() => {
      this.timers.delete(t);
      fn();
    }, ms);
    this.timers.add(t);
  }

  private async attempt(d: Delivery, n: number): Promise<void> {
    if (this.stopped) return;
    const at = new Date();
    const headers = {
      'content-type': 'application/json',
      'user-agent': 'Svix-Webhooks/1.0 (packr-sandbox)',
      'svix-id': d.msgId,
      'svix-timestamp': String(Math.floor(at.getTime() / 1000)),
      'svix-signature': this.signer.sign(d.msgId, at, d.body),
    };
    let status: number | undefined;
    let error: string | undefined;
    try {
      const res = await fetch(d.url, { method: 'POST', headers, body: d.body, signal: AbortSignal.timeout(this.opts.timeoutMs), redirect: 'manual' });
      status = res.status;
      await res.arrayBuffer().catch(() => undefined);
    } catch (e) {
      error = (e as Error).message;
    }
    if (this.stopped) return;
    d.attempts.push({ at: at.getTime(), status, error });
    const ok = status !== undefined && status >= 200 && status < 300;
    const wait = this.opts.retryScheduleMs[n];
    this.opts.log(`webhook ${d.msgId} ${d.eventType} conn=${d.connectionId.slice(0, 8)} attempt=${n + 1} ${status ?? error}${ok ? '' : wait !== undefined ? ` retry in ${wait}ms` : ' giving up'}`);
    if (ok) d.state = 'delivered';
    else if (wait !== undefined) return this.later(wait, () => void this.attempt(d, n + 1));
    else d.state = 'failed';
    this.pending--;
    this.settle();
  }

  private settle(): void {
    if (this.pending > 0) return;
    const waiters = this.idleWaiters;
    this.idleWaiters = [];
    waiters.forEach((w) => w());
  }
}

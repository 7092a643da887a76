// Builds webhook envelopes (CONTRACT §10.2), keeps a log of every event (for tests and data_url),
// truncates oversized payloads, and hands deliveries to the dispatcher.
import { randomBytes } from 'node:crypto';
import type { WebhookEnvelope } from '../../trackstar-contract/contract.js';
import type { Faults } from './faults.js';
import type { ConnectionState } from './store.js';
import type { WebhookDispatcher } from './webhooks.js';

export type StoredEvent = { id: string; at: number; envelope: WebhookEnvelope; msgId: string | null; truncated: boolean };

export type EventsOptions = {
  dispatcher: WebhookDispatcher;
  faults: Faults;
  now: () => number;
  /** Default webhook URL; null stores events without delivering them. */
  webhookUrl: () => string | null;
  publicUrl: () => string;
  maxPayloadBytes: number;
  /** Events kept in memory for GET /sandbox/events and data_url. */
  keep: number;
};

export class Events {
  readonly log: StoredEvent[] = [];
  private readonly byId = new Map<string, StoredEvent>();

  constructor(private readonly opts: EventsOptions) {}

  /** Resource events respect webhooks_disabled; connection.* events always go out. */
  emit(conn: ConnectionState, eventType: string, data: Record<string, unknown>, previous?: Record<string, unknown>): StoredEvent {
    const connectionEvent = eventType.startsWith('connection');
    const envelope: WebhookEnvelope = {
      event_type: eventType,
      connection_id: conn.id,
      integration_name: conn.integrationName,
      integration_type: connectionEvent ? 'general' : 'wms',
      data,
      ...(previous ? { previous_attributes: previous } : {}),
      // Not in SPEC's webhook schemas, but read by a DOCS example: sent only when set.
      ...(conn.customerId !== null ? { customer_id: conn.customerId } : {}),
    };
    const stored: StoredEvent = { id: `evt_${randomBytes(10).toString('hex')}`, at: this.opts.now(), envelope, msgId: null, truncated: false };
    this.log.push(stored);
    this.byId.set(stored.id, stored);
    while (this.log.length > this.opts.keep) this.byId.delete(this.log.shift()!.id);

    const url = conn.webhookUrl ?? this.opts.webhookUrl();
    if (!url || (conn.webhooksDisabled && !connectionEvent)) return stored;
    let body = JSON.stringify(envelope);
    if (Buffer.byteLength(body) > this.opts.maxPayloadBytes) {
      stored.truncated = true;
      const { previous_attributes: _p, ...rest } = envelope;
      body = JSON.stringify({
        ...rest,
        data: { id: (data as { id?: unknown }).id ?? null },
        data_truncated: true,
        data_url: `${this.opts.publicUrl()}/sandbox/webhook-events/${stored.id}`,
      });
    }
    const f = this.opts.faults.get(conn.id);
    const delivery = this.opts.dispatcher.send(url, body, { eventType, connectionId: conn.id }, {
      drop: this.opts.faults.roll(f.webhook_drop_rate),
      duplicate: this.opts.faults.roll(f.webhook_duplicate_rate),
      reorder: f.webhook_reorder,
      delayMs: f.webhook_delay_ms,
    });
    stored.msgId = delivery.msgId;
    return stored;
  }

  get(id: string): StoredEvent | undefined {
    return this.byId.get(id);
  }
}

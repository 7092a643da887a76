// The sandbox without HTTP: state, events, faults, limits, and the connection lifecycle
// (exchange, generate-sandbox, delete, historical sync, credential errors, force sync).
import { READ_FUNCTIONS, RESOURCES, type ReadFunction } from '../../trackstar-contract/contract.js';
import { Events } from './events.js';
import { fail } from './http.js';
import { Faults } from './faults.js';
import type { Integration } from './integrations.js';
import { findIntegration } from './integrations.js';
import { LinkState } from './link.js';
import { MagicLinks } from './magic-links.js';
import { RateLimiter } from './rate-limit.js';
import { Random, hashSeed } from './random.js';
import type { ResolvedOptions } from './options.js';
import { Store, type ConnectionState } from './store.js';
import { iso } from './time.js';
import { Tx } from './tx.js';
import { WebhookDispatcher } from './webhooks.js';

export class Core {
  readonly store: Store;
  readonly faults: Faults;
  readonly dispatcher: WebhookDispatcher;
  readonly events: Events;
  readonly limiter: RateLimiter;
  readonly link: LinkState;
  readonly magicLinks: MagicLinks;
  readonly now: () => number;
  publicUrl = 'http://127.0.0.1:4010';
  webhookUrl: string | null;
  private readonly timers = new Set<NodeJS.Timeout>();
  /** Bumped whenever state changes, for debounced persistence. */
  onChange: () => void = () => {};

  constructor(readonly options: ResolvedOptions) {
    this.now = options.now;
    this.webhookUrl = options.webhookUrl;
    this.store = new Store({ seed: options.seed, products: options.products, orders: options.orders, now: this.now });
    this.faults = new Faults(options.seed, this.now);
    this.dispatcher = new WebhookDispatcher({
      secret: options.webhookSecret,
      retryScheduleMs: options.webhookRetryScheduleMs,
      timeoutMs: options.webhookTimeoutMs,
      reorderWindowMs: options.webhookReorderWindowMs,
      log: options.logLine,
    });
    this.events = new Events({
      dispatcher: this.dispatcher, faults: this.faults, now: this.now, webhookUrl: () => this.webhookUrl,
      publicUrl: () => this.publicUrl, maxPayloadBytes: options.webhookMaxPayloadBytes, keep: options.keepEvents,
    });
    this.limiter = new RateLimiter(options.rateLimit, options.rateLimitHeaderStyle, this.now);
    this.link = new LinkState(this.now, options.linkTokenTtlMs);
    this.magicLinks = new MagicLinks(this.now);
    if (options.faults) this.faults.set(options.faults);
  }

  tx(conn: ConnectionState): Tx {
    this.onChange();
    return new Tx(conn, this.events, this.now);
  }

  later(ms: number, fn: () => void): void {
    const t = setTimeout(() => {
      this.timers.delete(t);
      fn();
    }, ms);
    this.timers.add(t);
  }

  stop(): void {
    for (const t of this.timers) clearTimeout(t);
    this.timers.clear();
    this.dispatcher.stop();
  }

  /**
   * POST /link/exchange: a new connection with its own dataset, or a reinstall of an existing one.
   *
   * Reinstall after delete: Trackstar's docs say a reinstall (link token with connection_id) keeps
   * the connection id, and are silent on reinstalling a connection that was deleted. The sandbox
   * chooses to treat a deleted connection as reinstallable: same id, same data, a new access token
   * (the old one was revoked by the delete), and resource webhooks resume because it is live again.
   */
  connect(integration: Integration, customerId: string | null, reinstallId?: string): ConnectionState {
    const existing = reinstallId ? this.store.get(reinstallId) ?? this.store.restore(reinstallId) : undefined;
    if (existing) {
      existing.integrationName = integration.name;
      existing.availableActions = integration.availableActions;
      if (customerId !== null) existing.customerId = customerId;
      // Reinstalling is the documented fix for broken credentials.
      this.faults.set({ connection_id: existing.id, invalid_credentials: false });
      this.syncCredentialErrors();
      this.onChange();
      return existing;
    }
    const conn = this.store.create(integration, customerId);
    this.events.emit(conn, 'connection.created', { created_date: conn.createdAt, access_token: conn.accessToken });
    this.startHistoricalSync(conn);
    this.onChange();
    return conn;
  }

  /** POST /sandbox/generate-sandbox/wms: always the same connection, its data reset. */
  generateSandbox(): ConnectionState {
    const rng = new Random(hashSeed(this.options.seed, 'generate-sandbox', this.options.apiKey));
    const id = rng.uuid();
    let conn = this.store.get(id);
    if (conn) this.store.reset(conn);
    else {
      conn = this.store.create(findIntegration('sandbox')!, null, {
        id, accessToken: `trackstar_sbx_${rng.hex(48)}`, seed: hashSeed(this.options.seed, 'generate-sandbox'),
      });
      this.events.emit(conn, 'connection.created', { created_date: conn.createdAt, access_token: conn.accessToken });
    }
    this.startHistoricalSync(conn);
    this.onChange();
    return conn;
  }

  /** Initial backfill: no resource webhooks, one connection.historical-sync-completed per function. */
  startHistoricalSync(conn: ConnectionState): void {
    const start = iso(this.now());
    const data = conn.data;
    conn.historicalSyncDone = false;
    for (const fn of this.readFunctions(conn)) conn.crawls[fn] = { start, end: null };
    this.later(this.options.historicalSyncDelayMs, () => {
      if (this.store.get(conn.id) !== conn || conn.data !== data) return;
      const end = iso(this.now());
      for (const fn of this.readFunctions(conn)) {
        conn.crawls[fn] = { start, end };
        const spec = Object.values(RESOURCES).find((r) => r.functionName === fn)!;
        const dates = conn.data[spec.key].all().map((r) => r.created_date).sort();
        this.events.emit(conn, 'connection.historical-sync-completed', {
          resource: spec.historicalResource, oldest_data_date: dates[0] ?? end, newest_data_date: dates.at(-1) ?? end,
        });
      }
      conn.historicalSyncDone = true;
      this.onChange();
    });
  }

  readFunctions(conn: ConnectionState): ReadFunction[] {
    return READ_FUNCTIONS.filter((f) => conn.availableActions.includes(f));
  }

  deleteConnection(conn: ConnectionState): void {
    this.events.emit(conn, 'connection.deleted', { deleted_date: iso(this.now()) });
    this.store.delete(conn);
    this.faults.forget(conn.id);
    this.limiter.forget(conn.accessToken);
    this.onChange();
  }

  /**
   * Brings connection errors in line with the invalid_credentials and missing_permissions faults,
   * announcing each change: .created, .updated (another error or other endpoints), .deleted.
   * Rejected credentials win: they stop every function.
   */
  syncCredentialErrors(): void {
    for (const conn of this.store.connections.values()) {
      const f = this.faults.get(conn.id);
      const now = iso(this.now());
      const name = this.store.integrationOf(conn).displayName;
      const missing = this.readFunctions(conn).filter((fn) => f.missing_permissions.includes(fn));
      const wanted = f.invalid_credentials
        ? { message: `The ${name} credentials were rejected; reinstall the connection.`, functions: this.readFunctions(conn) }
        : missing.length > 0 ? { message: `Missing ${name} permissions for ${missing.join(', ')}.`, functions: missing } : null;
      const current = conn.errors[0];
      const endpoints = wanted?.functions.map((fn) => ({ endpoint: `GET ${endpointOf(fn)}`, preventing_sync: true })) ?? [];
      const same = current && wanted && current.error_message === wanted.message && JSON.stringify(current.affected_endpoints) === JSON.stringify(endpoints);
      if (same || (!current && !wanted)) continue;
      if (!wanted) {
        const data = this.errorEventData(conn, now);
        conn.errors = [];
        this.events.emit(conn, 'connection-error.deleted', data);
      } else if (!current) {
        conn.errors = [{ error_message: wanted.message, affected_endpoints: endpoints, first_seen: now, last_seen: now }];
        this.events.emit(conn, 'connection-error.created', this.errorEventData(conn, now));
      } else {
        const previous = this.errorEventData(conn, current.last_seen);
        conn.errors = [{ error_message: wanted.message, affected_endpoints: endpoints, first_seen: current.first_seen, last_seen: now }];
        this.events.emit(conn, 'connection-error.updated', this.errorEventData(conn, now), previous);
      }
    }
    this.onChange();
  }

  private errorEventData(conn: ConnectionState, now: string): Record<string, unknown> {
    const e = conn.errors[0];
    return {
      failed_url: `${this.publicUrl}${RESOURCES.inventory.listPath}`,
      affected_endpoints: e.affected_endpoints, integration_name: conn.integrationName, error_message: e.error_message,
      created_date: e.first_seen, updated_date: now, last_seen: e.last_seen,
    };
  }

  /** Rejected credentials (not a missing read permission): the WMS refuses writes and shows no activity. */
  credentialsBroken(conn: ConnectionState): boolean {
    return conn.errors.length > 0 && this.faults.get(conn.id).invalid_credentials;
  }

  /** The integration a connection belongs to refuses work while its credentials are broken. */
  assertWorking(conn: ConnectionState): void {
    if (this.credentialsBroken(conn)) throw fail.integration(400, conn.errors[0].error_message);
  }

  get integrations(): Integration[] {
    return this.options.integrations;
  }
}

function endpointOf(fn: ReadFunction): string {
  return Object.values(RESOURCES).find((r) => r.functionName === fn)!.listPath;
}

// The one HTTP client for Trackstar (STYLE.md R7): a single configured got instance, a shared
// per-access-token rate limit, bounded retries, typed errors and validated envelopes. Records
// inside a list page stay raw here; applyRecords validates them one by one.
import { createHash } from 'node:crypto';
import got, { RequestError, type Got, type Method } from 'got';
import type { Redis } from 'ioredis';
import type { z } from 'zod';
import { env } from '../env.js';
import { logger } from '../lib/logger.js';
import { recordRateLimitWait } from '../lib/rate-limit-waits.js';
import { createRedis } from '../redis.js';
import {
  ConnectionResponseSchema, DeleteConnectionResponseSchema, ExchangeResponseSchema, LinkTokenResponseSchema, RATE_LIMIT_HEADERS,
  RATE_LIMITS, RESOURCES, SyncConnectionResponseSchema, type Connection, type ExchangeResponse,
} from '../../../trackstar-contract/contract.js';
import {
  DeleteMagicLinkResponseSchema, IntegrationsResponseSchema, MagicLinkResponseSchema, type IntegrationInfo, type MagicLink, type MagicLinkInput,
} from '../../../trackstar-contract/connect.js';
import {
  TrackstarNotConfiguredError, TrackstarRateLimitedError, TrackstarResponseError, TrackstarUpstreamError,
  errorForStatus, type TrackstarError,
} from './errors.js';
import { recordBudget } from './rate-limit-budget.js';
import { DEFAULT_UPSTREAM_SHARE, TokenBucket } from './rate-limiter.js';

export type TrackstarConfig = {
  baseUrl: string;
  apiKey: string;
  /** GETs per second per access token; default 80% of Trackstar's 10. */
  readsPerSecond?: number;
  writesPerSecond?: number;
  timeoutMs?: number;
  /** Attempts for 5xx, timeouts and network errors (exponential backoff with jitter). */
  maxAttempts?: number;
  /** Attempts for 429s, each after the upstream retry-after. */
  maxRateLimitAttempts?: number;
  /** Cap on a single retry-after wait. */
  maxRetryAfterMs?: number;
  backoffBaseMs?: number;
  backoffMaxMs?: number;
};

export type Query = Record<string, string | number | boolean>;
export type ListPage = { records: unknown[]; nextToken: string | null; requestId: string | null };

/** Locations are listed only per warehouse (the contract's listPath has a {warehouse_id} parameter). */
export function warehouseLocationsPath(warehouseId: string): string {
  return RESOURCES.warehouse_locations.listPath.replace('{warehouse_id}', encodeURIComponent(warehouseId));
}

let override: Pick<TrackstarConfig, 'baseUrl' | 'apiKey'> | null = null;

/** Points the default client elsewhere (npm start's embedded sandbox, tests). null restores env. */
export function configureTrackstar(config: Pick<TrackstarConfig, 'baseUrl' | 'apiKey'> | null): void {
  override = config;
  defaultClient = null;
}

export function trackstarConfigured(): boolean {
  return override !== null || (!!env.TRACKSTAR_BASE_URL && !!env.TRACKSTAR_API_KEY);
}

let sharedRedis: Redis | null = null;
let defaultClient: TrackstarClient | null = null;

/** The client for the configured Trackstar; throws TrackstarNotConfiguredError when there is none. */
export function trackstar(): TrackstarClient {
  if (defaultClient) return defaultClient;
  const base = override ?? (env.TRACKSTAR_BASE_URL && env.TRACKSTAR_API_KEY ? { baseUrl: env.TRACKSTAR_BASE_URL, apiKey: env.TRACKSTAR_API_KEY } : null);
  if (!base) throw new TrackstarNotConfiguredError();
  defaultClient = new TrackstarClient(base);
  return defaultClient;
}

export async function closeTrackstar(): Promise<void> {
  defaultClient = null;
  await sharedRedis?.quit().catch(() => {});
  sharedRedis = null;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export class TrackstarClient {
  private readonly http: Got;
  private readonly reads: TokenBucket;
  private readonly writes: TokenBucket;
  private readonly cfg: Required<TrackstarConfig>;
  /** Where the last rate-limit budget seen per connection is recorded (rate-limit-budget.ts). */
  private readonly budgets: Redis;
  /** Names the Trackstar (base URL and key, hashed) for cache keys; never reveals the key. */
  readonly scope: string;

  constructor(config: Partial<TrackstarConfig> = {}, redis?: Redis) {
    const baseUrl = config.baseUrl ?? env.TRACKSTAR_BASE_URL;
    const apiKey = config.apiKey ?? env.TRACKSTAR_API_KEY;
    if (!baseUrl || !apiKey) throw new TrackstarNotConfiguredError();
    this.cfg = {
      baseUrl, apiKey,
      readsPerSecond: config.readsPerSecond ?? RATE_LIMITS.read * DEFAULT_UPSTREAM_SHARE,
      writesPerSecond: config.writesPerSecond ?? RATE_LIMITS.write * DEFAULT_UPSTREAM_SHARE,
      timeoutMs: config.timeoutMs ?? 15_000,
      maxAttempts: config.maxAttempts ?? 5,
      maxRateLimitAttempts: config.maxRateLimitAttempts ?? 12,
      maxRetryAfterMs: config.maxRetryAfterMs ?? 30_000,
      backoffBaseMs: config.backoffBaseMs ?? 300,
      backoffMaxMs: config.backoffMaxMs ?? 8_000,
    };
    this.http = got.extend({
      prefixUrl: baseUrl,
      headers: { 'x-trackstar-api-key': apiKey, accept: 'application/json' },
      timeout: { request: this.cfg.timeoutMs },
      // Retries (and their long waits) are ours, below: got must neither retry nor sit out a huge Retry-After.
      retry: { limit: 0, maxRetryAfter: this.cfg.maxRetryAfterMs },
      throwHttpErrors: false,
      responseType: 'text',
    });
    // Not the fail-fast 'cache' role: its disabled offline queue rejects commands sent while connecting.
    const conn = redis ?? (sharedRedis ??= createRedis('worker', { maxRetriesPerRequest: 2 }));
    // Burst 1: with r tokens/s refill, no second ever sees more than r + 1 requests (8 + 1 < 10).
    this.reads = new TokenBucket(conn, 'read', { ratePerSecond: this.cfg.readsPerSecond, burst: 1 });
    this.writes = new TokenBucket(conn, 'write', { ratePerSecond: this.cfg.writesPerSecond, burst: 5 });
    this.budgets = conn;
    this.scope = createHash('sha256').update(`${baseUrl}\n${apiKey}`).digest('hex').slice(0, 16);
  }

  // ---- connections and link ---------------------------------------------------------------

  async createLinkToken(connectionId?: string | null): Promise<string> {
    const body = connectionId ? { connection_id: connectionId } : {};
    const res = await this.request('POST', 'link/token', { json: body }, LinkTokenResponseSchema);
    return res.link_token;
  }

  async exchangeAuthCode(authCode: string, customerId?: string | null): Promise<ExchangeResponse> {
    return this.request('POST', 'link/exchange', { json: { auth_code: authCode, customer_id: customerId ?? null } }, ExchangeResponseSchema);
  }

  async deleteConnection(accessToken: string): Promise<void> {
    await this.request('DELETE', 'connections', { accessToken }, DeleteConnectionResponseSchema);
  }

  async syncConnection(accessToken: string, functionsToSync: string[]): Promise<void> {
    await this.request('POST', 'connections/sync', { accessToken, json: { functions_to_sync: functionsToSync } }, SyncConnectionResponseSchema);
  }

  /** One connection (API key only); SPEC answers a one-item list, DOCS an object: both are read. */
  async getConnection(connectionId: string): Promise<Connection | null> {
    const res = await this.request('GET', `connections/${encodeURIComponent(connectionId)}`, {}, ConnectionResponseSchema);
    return Array.isArray(res.data) ? res.data[0] ?? null : res.data;
  }

  // ---- magic links and the integration catalogue ----------------------------------------------

  async createMagicLink(input: MagicLinkInput): Promise<MagicLink> {
    return (await this.request('POST', 'magic-links', { json: input }, MagicLinkResponseSchema)).magic_link;
  }

  async deleteMagicLink(magicLinkId: string): Promise<void> {
    await this.request('DELETE', `magic-links/${encodeURIComponent(magicLinkId)}`, {}, DeleteMagicLinkResponseSchema);
  }

  /**
   * GET /integrations/{type}. Trackstar allows one such call a minute, so a 429 is answered at
   * once (TrackstarRateLimitedError) rather than waited out: callers cache the catalogue.
   */
  async listIntegrations(integrationType: 'wms'): Promise<IntegrationInfo[]> {
    return (await this.request('GET', `integrations/${integrationType}`, { rateLimitAttempts: 1 }, IntegrationsResponseSchema)).data;
  }

  // ---- WMS writes -----------------------------------------------------------------------------

  /**
   * One WMS write (services/wms-writes.ts), paced by the write budget. The Idempotency-Key goes
   * with every attempt, which is what makes repeating it safe: 5xx, timeouts and network errors
   * are retried like reads, 409 (the first attempt with this key still in flight) is waited out,
   * 429 honours retry-after. `replayed`: Trackstar answered from an earlier attempt with the key.
   */
  async write(method: 'POST' | 'PUT', path: string, opts: { accessToken: string; json?: unknown; idempotencyKey: string }): Promise<WriteAnswer> {
    const { body, requestId, replayed } = await this.send(method, path, opts);
    return { body, requestId, replayed };
  }

  // ---- lists ------------------------------------------------------------------------------------

  /** One page of a list endpoint. Filters must be repeated on every page (tokens do not keep them). */
  async listPage(accessToken: string, path: string, filters: Query, pageToken: string | null, limit = 1000): Promise<ListPage> {
    const searchParams: Query = { ...filters, limit };
    if (pageToken) searchParams.page_token = pageToken;
    const { body, requestId } = await this.send('GET', path, { accessToken, searchParams });
    const envelope = body as { data?: unknown; next_token?: unknown } | null;
    if (!envelope || !Array.isArray(envelope.data) || !(envelope.next_token == null || typeof envelope.next_token === "string")) {
      throw new TrackstarResponseError(`Trackstar list ${path} returned an unexpected body`, { status: 200, requestId });
    }
    return { records: envelope.data, nextToken: (envelope.next_token as string | null | undefined) || null, requestId };
  }

  /** Every record of a small list (warehouses), all pages. */
  async listAll(accessToken: string, path: string, filters: Query = {}): Promise<unknown[]> {
    const out: unknown[] = [];
    let token: string | null = null;
    do {
      const page: ListPage = await this.listPage(accessToken, path, filters, token);
      out.push(...page.records);
      token = page.nextToken;
    } while (token);
    return out;
  }

  // ---- transport ----------------------------------------------------------------------------------

  private async request<S extends z.ZodType>(method: Method, path: string, opts: SendOptions, schema: S): Promise<z.infer<S>> {
    const { body, requestId } = await this.send(method, path, opts);
    const parsed = schema.safeParse(body);
    if (!parsed.success) throw new TrackstarResponseError(`Trackstar ${method} /${path} returned an unexpected body`, { status: 200, requestId });
    return parsed.data;
  }

  /**
   * Sends with the shared rate limit and bounded retries: 429 waits for retry-after (capped);
   * 5xx, timeouts and network errors back off exponentially with full jitter (only for methods
   * that are safe to repeat and for writes carrying an Idempotency-Key; another POST is repeated
   * only after a 429, which processed nothing).
   */
  private async send(method: Method, path: string, opts: SendOptions): Promise<WriteAnswer> {
    const bucket = method === 'GET' ? this.reads : this.writes;
    const idempotent = method === 'GET' || method === 'DELETE' || method === 'PUT' || opts.idempotencyKey !== undefined;
    let inFlight = 0;
    const limiterKey = opts.accessToken ?? `api-key:${this.cfg.apiKey}`;
    let failures = 0;
    let rateLimited = 0;
    const log = logger.child({ upstream: 'trackstar', method, path });
    for (;;) {
      recordRateLimitWait(await bucket.acquire(limiterKey));
      const started = Date.now();
      let status: number;
      let text: string;
      let headers: Record<string, string | string[] | undefined>;
      try {
        const res = await this.http(path.replace(/^\//, ''), {
          method,
          searchParams: opts.searchParams,
          json: opts.json,
          headers: {
            ...(opts.accessToken ? { 'x-trackstar-access-token': opts.accessToken } : {}),
            ...(opts.idempotencyKey !== undefined ? { 'idempotency-key': opts.idempotencyKey } : {}),
          },
        });
        ({ statusCode: status, body: text, headers } = res);
      } catch (error) {
        const reason = error instanceof RequestError ? `${error.code}: ${error.message}` : String(error);
        log.warn('trackstar request failed', { error: reason, ms: Date.now() - started, attempt: failures + 1 });
        failures++;
        if (!idempotent || failures >= this.cfg.maxAttempts) {
          throw new TrackstarUpstreamError(`Trackstar did not answer ${method} /${path} (${reason})`, { status: null, retryable: true });
        }
        await sleep(this.backoff(failures));
        continue;
      }
      const requestId = header(headers, 'x-request-id');
      // Shown in the brand's health: the budget Trackstar states for this connection (its token).
      if (opts.accessToken) recordBudget(this.budgets, bucket === this.reads ? 'read' : 'write', opts.accessToken, headers);
      log.debug('trackstar response', { status, requestId, ms: Date.now() - started });
      let body: unknown = null;
      try {
        body = text.length > 0 ? JSON.parse(text) : null;
      } catch {
        if (status >= 200 && status < 300) throw new TrackstarResponseError(`Trackstar ${method} /${path} returned invalid JSON`, { status, requestId });
      }
      if (status >= 200 && status < 300) return { body, requestId, replayed: header(headers, 'idempotent-replayed') === 'true' };
      if (status === 409 && opts.idempotencyKey !== undefined && inFlight + 1 < this.cfg.maxAttempts * 2) {
        // Another attempt with this key is still being handled upstream: wait for it, then ask
        // again to receive its answer (replayed) or, if it failed, to make the write.
        inFlight++;
        log.warn('trackstar write with this idempotency key in flight; waiting', { requestId, attempt: inFlight });
        await sleep(Math.max(100, this.backoff(inFlight)));
        continue;
      }

      const error: TrackstarError = errorForStatus(status, body, requestId);
      if (status === 429) {
        rateLimited++;
        const wait = Math.min(this.retryAfterMs(headers) ?? this.backoff(rateLimited), this.cfg.maxRetryAfterMs);
        log.warn('trackstar rate limited', { requestId, waitMs: wait, attempt: rateLimited });
        if (rateLimited >= (opts.rateLimitAttempts ?? this.cfg.maxRateLimitAttempts)) throw new TrackstarRateLimitedError(error.message, { status, requestId, retryable: true });
        await bucket.penalize(limiterKey, wait);
        continue;
      }
      if (error.retryable && idempotent && failures + 1 < this.cfg.maxAttempts) {
        failures++;
        log.warn('trackstar upstream error; retrying', { status, requestId, attempt: failures });
        await sleep(this.backoff(failures));
        continue;
      }
      log.warn('trackstar request rejected', { status, requestId, error: error.message });
      throw error;
    }
  }

  /** Full jitter: uniform in [0, min(max, base * 2^attempt)]. */
  private backoff(attempt: number): number {
    return Math.round(Math.random() * Math.min(this.cfg.backoffMaxMs, this.cfg.backoffBaseMs * 2 ** attempt));
  }

  /** retry-after (seconds or HTTP date), the legacy x-rate-limit-retry-after, or x-ratelimit-reset. */
  private retryAfterMs(headers: Record<string, string | string[] | undefined>): number | null {
    for (const name of [RATE_LIMIT_HEADERS.current.retryAfter, RATE_LIMIT_HEADERS.legacy.retryAfter]) {
      const value = header(headers, name);
      if (!value) continue;
      const seconds = Number(value);
      if (Number.isFinite(seconds) && seconds >= 0) return seconds * 1000;
      const date = Date.parse(value);
      if (!Number.isNaN(date)) return Math.max(0, date - Date.now());
    }
    for (const name of [RATE_LIMIT_HEADERS.current.reset, RATE_LIMIT_HEADERS.legacy.reset]) {
      const reset = Number(header(headers, name));
      if (Number.isFinite(reset) && reset > 0) return Math.max(0, reset * 1000 - Date.now());
    }
    return null;
  }
}

type SendOptions = {
  accessToken?: string; searchParams?: Query; json?: unknown; idempotencyKey?: string;
  /** 429s to meet before giving up (default maxRateLimitAttempts); 1 gives up at the first. */
  rateLimitAttempts?: number;
};
export type WriteAnswer = { body: unknown; requestId: string | null; replayed: boolean };

function header(headers: Record<string, string | string[] | undefined>, name: string): string | null {
  const v = headers[name];
  return Array.isArray(v) ? v[0] ?? null : v ?? null;
}

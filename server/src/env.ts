// The one place that reads the configuration, for every entry point (npm start, api, worker,
// cli, db:migrate, sandbox): the .env file (when present) and then the environment, parsed once.
// A variable present in the environment wins over .env, even when empty (an empty value means
// "unset", so a wrapper script can switch a .env setting off). A bad value stops start-up with one
// line naming the variable (see formatEnvError).
import { existsSync, readFileSync } from 'node:fs';
import { parse as parseDotEnv } from 'dotenv';
import { z } from 'zod';
import { SandboxSettingsSchema, type SandboxSettings } from '../../sandbox/src/settings.js';

const logLevels = ['debug', 'info', 'warn', 'error', 'silent'] as const;

const schema = z.object({
  NODE_ENV: z.enum(['development', 'test', 'production']).default('development'),
  PORT: z.coerce.number().int().min(0).max(65535).default(4000),
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, 'must be a postgresql:// URL')
    .default('postgresql://postgres@127.0.0.1:5432/packr'),
  REDIS_URL: z.string().regex(/^rediss?:\/\//, 'must be a redis:// URL').default('redis://127.0.0.1:6379'),
  /** 32 bytes as 64 hex characters or base64; encrypts Trackstar access tokens at rest. */
  PACKR_ENCRYPTION_KEY: z
    .string()
    .refine((v) => decodeKey(v) !== null, 'must be 32 bytes, as 64 hex characters or base64')
    .optional(),
  TRACKSTAR_BASE_URL: z.url({ protocol: /^https?$/ }).optional(),
  TRACKSTAR_API_KEY: z.string().min(1).optional(),
  /** Where browsers reach Trackstar's Link script when it is the sandbox (defaults to TRACKSTAR_BASE_URL). */
  TRACKSTAR_PUBLIC_URL: z.url({ protocol: /^https?$/ }).optional(),
  /** Comma-separated whsec_ secrets, so a secret can rotate without downtime. */
  WEBHOOK_TRACKSTAR_SECRET: z.string().min(1).optional(),
  LOG_LEVEL: z.enum(logLevels).default('info'),
  /** json: one JSON object per line; pretty: one readable line; auto: pretty on a terminal, JSON otherwise. */
  LOG_FORMAT: z.enum(['auto', 'json', 'pretty']).default('auto'),
  /** Yoga's own debug logging of every operation (development only). */
  YOGA_DEBUG: z.enum(['on', 'off', 'true', 'false', '1', '0']).default('off').transform((v) => ['on', 'true', '1'].includes(v)),
  DB_POOL_MAX: z.coerce.number().int().min(1).max(200).default(10),
  /**
   * Scheduling priority (nice) of a worker process run on its own (npm run worker / npm start):
   * background syncs yield the CPU to API requests on a shared machine. 0 keeps the default.
   */
  WORKER_NICE: z.coerce.number().int().min(0).max(19).default(10),
  /**
   * How often each worker re-checks the sync schedulers, queued runs and runs in progress in Redis
   * against the database (they are also re-checked after every Redis reconnect).
   */
  SCHEDULER_RECONCILE_SECONDS: z.coerce.number().int().min(1).max(24 * 3600).default(60),
  /** A RUNNING sync run without page progress for this long is marked stalled, its run lock released and the run re-queued (minutes). */
  SYNC_STALL_MINUTES: z.coerce.number().positive().max(24 * 60).default(5),
  /** Entries of the GraphQL response cache for orders/shipments/inventory pages (0 turns it off). A 50-order page with its children is an estimated few hundred KB of objects, hence a modest default. */
  RESPONSE_CACHE_ENTRIES: z.coerce.number().int().min(0).max(1_000_000).default(500),
  /** How long the change log keeps rows for subscription resume (hours). */
  CHANGE_LOG_RETENTION_HOURS: z.coerce.number().positive().default(24),
  /** How long the per-run sync history (sync_run, the Integration tab's chart) is kept (days). */
  SYNC_RUN_RETENTION_DAYS: z.coerce.number().positive().max(3650).default(30),
  /** How long the audit trail (audit_log: every change to a synced record, every user action) is kept (days). */
  AUDIT_RETENTION_DAYS: z.coerce.number().positive().max(36500).default(90),
  /** Largest incoming graphql-ws message (bytes); a bigger one closes the socket with 1009. A subscribe at armor's 4000-token limit fits well under 64 KiB. */
  WS_MAX_MESSAGE_BYTES: z.coerce.number().int().min(1024).max(16 * 1024 * 1024).default(64 * 1024),
  /** Unsent bytes of earlier messages one WebSocket may hold before its client counts as too slow and is closed with 4008. */
  WS_MAX_BUFFERED_BYTES: z.coerce.number().int().min(64 * 1024).max(1024 * 1024 * 1024).default(4 * 1024 * 1024),
  /** Concurrent subscriptions (operations) on one WebSocket; the one over it gets TOO_MANY_SUBSCRIPTIONS. */
  SUBSCRIPTIONS_PER_SOCKET: z.coerce.number().int().min(1).max(100_000).default(100),
  /** Concurrent subscriptions of one API key across all WebSockets of one API process. */
  SUBSCRIPTIONS_PER_KEY: z.coerce.number().int().min(1).max(1_000_000).default(500),
  /** Largest request body Yoga accepts (bytes); bigger ones get 413 before any parsing. */
  GRAPHQL_MAX_BODY_BYTES: z.coerce.number().int().min(1024).max(100 * 1024 * 1024).default(1024 * 1024),
  /** Refused API keys per source address per minute before that address gets 429 (HTTP and WebSocket). */
  AUTH_FAILURES_PER_MINUTE: z.coerce.number().int().min(1).default(30),
  /** Refused (unauthenticated) webhook deliveries per source address per minute before 429. */
  WEBHOOK_REFUSALS_PER_MINUTE: z.coerce.number().int().min(1).default(60),
  /** Of those, how many per address per minute are stored for audit (0 stores none). */
  WEBHOOK_REFUSALS_STORED_PER_MINUTE: z.coerce.number().int().min(0).default(10),
  /** Unauthenticated refused deliveries kept in the inbox; older ones are pruned. */
  WEBHOOK_REFUSED_ROWS_KEPT: z.coerce.number().int().min(0).default(1000),
  /** Proxies in front of the API whose X-Forwarded-For entries are trusted (0: use the socket address). */
  TRUSTED_PROXY_HOPS: z.coerce.number().int().min(0).max(10).default(0),
  /** Bearer token for GET /metrics; unset: /metrics answers loopback clients only. */
  METRICS_TOKEN: z.string().min(16, 'must be at least 16 characters').optional(),
  /** Outbound webhooks: seconds to wait before each retry after a failed try (comma-separated); the try after the last one failing marks the delivery FAILED. Default Svix's: 5 s, 5 min, 30 min, 2 h, 5 h, 10 h, 10 h (about 27.6 h). */
  OUTBOUND_RETRY_SCHEDULE: z
    .string()
    .default('5,300,1800,7200,18000,36000,36000')
    .transform((v) => v.split(',').map((s) => s.trim()).filter(Boolean).map(Number))
    .refine((list) => list.length >= 1 && list.length <= 50 && list.every((n) => Number.isFinite(n) && n >= 0 && n <= 7 * 86_400), 'must be 1 to 50 comma-separated seconds (0 to 604800 each)'),
  /** Outbound webhooks: how long a receiver has to answer one try (milliseconds); slower is a failed try. */
  OUTBOUND_TIMEOUT_MS: z.coerce.number().int().min(50).max(120_000).default(15_000),
  /** Outbound webhooks: an endpoint failing every try for this long is disabled and an ENDPOINT_DISABLED alert opened (hours; fractions allowed). Default 5 days, like Svix. */
  OUTBOUND_DISABLE_AFTER_HOURS: z.coerce.number().positive().max(24 * 365).default(120),
  /** Outbound webhooks: allow endpoints on private, loopback and link-local addresses. Default: yes outside production, no in production. */
  OUTBOUND_ALLOW_PRIVATE_NETWORKS: z.enum(['on', 'off', 'true', 'false', '1', '0']).transform((v) => ['on', 'true', '1'].includes(v)).optional(),
  /** Outbound webhooks: HTTP tries in flight per worker process, and per endpoint (so one slow receiver cannot take every slot). */
  OUTBOUND_CONCURRENCY: z.coerce.number().int().min(1).max(1000).default(32),
  OUTBOUND_PER_ENDPOINT: z.coerce.number().int().min(1).max(100).default(4),
  /** Outbound webhooks: the dispatcher's own PostgreSQL connections (it never borrows the shared pool's). */
  OUTBOUND_DB_POOL_MAX: z.coerce.number().int().min(1).max(50).default(3),
  /** Outbound webhooks: how long events, deliveries and their tries are kept (days). */
  OUTBOUND_RETENTION_DAYS: z.coerce.number().positive().max(3650).default(30),
  /**
   * Tenants (3PL ids, comma-separated) whose OWNERs and ADMINs may open the queue board at
   * /admin/queues, which shows every tenant's jobs. Empty: allowed only while the database holds
   * exactly one tenant (a single-3PL install, npm start's demo).
   */
  ADMIN_QUEUE_TENANTS: z
    .string()
    .default('')
    .transform((v) => v.split(',').map((s) => s.trim().toLowerCase()).filter(Boolean))
    .refine((list) => list.every((id) => /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/.test(id)), 'must be comma-separated tenant ids (UUIDs)'),
  /** Comma-separated dashboard origins allowed by CORS (https://app.example.com); empty: same-origin only. */
  CORS_ORIGINS: z
    .string()
    .default('')
    .transform((v) => v.split(',').map((s) => s.trim()).filter(Boolean))
    .refine((list) => list.every(isOrigin), 'must be comma-separated origins like https://app.example.com (scheme, host, optional port; no path)'),
});

/** scheme://host[:port] exactly as a browser sends it in Origin (no path, no trailing slash). */
function isOrigin(value: string): boolean {
  try {
    const url = new URL(value);
    return (url.protocol === 'http:' || url.protocol === 'https:') && url.origin === value;
  } catch {
    return false;
  }
}

export type Env = z.infer<typeof schema> & { sandbox: SandboxSettings };

/** Real Trackstar lives on trackstarhq.com; any other upstream is a sandbox with its own Link modal. */
export function isTrackstarSandbox(e: Pick<Env, 'TRACKSTAR_BASE_URL'>): boolean {
  if (!e.TRACKSTAR_BASE_URL) return true;
  return !/(^|\.)trackstarhq\.com$/.test(new URL(e.TRACKSTAR_BASE_URL).hostname);
}

export function decodeKey(value: string): Buffer | null {
  if (/^[0-9a-fA-F]{64}$/.test(value)) return Buffer.from(value, 'hex');
  const b = Buffer.from(value, 'base64');
  return b.length === 32 ? b : null;
}

export function formatEnvError(error: z.ZodError): string {
  const issue = error.issues[0];
  const name = issue?.path.join('.') ?? 'environment';
  return `Invalid configuration: ${name} ${issue?.message ?? 'is invalid'}`;
}

export function parseEnv(source: NodeJS.ProcessEnv): Env {
  // Empty strings mean "unset" (docker-compose and .env files write them freely).
  const cleaned = Object.fromEntries(Object.entries(source).filter(([, v]) => v !== undefined && v !== ''));
  return { ...schema.parse(cleaned), sandbox: SandboxSettingsSchema.parse(cleaned) };
}

/**
 * The configuration source: the .env file's values overlaid by the environment's. The file is
 * PACKR_ENV_FILE (default `.env` in the working directory; `none` reads no file, as the tests do).
 */
export function configSource(environment: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  const file = environment.PACKR_ENV_FILE || '.env';
  const fromFile = file !== 'none' && existsSync(file) ? parseDotEnv(readFileSync(file)) : {};
  const fromEnvironment = Object.fromEntries(Object.entries(environment).filter(([, v]) => v !== undefined));
  return { ...fromFile, ...fromEnvironment };
}

function load(): Env {
  try {
    return parseEnv(configSource(process.env));
  } catch (error) {
    if (error instanceof z.ZodError) {
      console.error(formatEnvError(error));
      process.exit(1);
    }
    throw error;
  }
}

export const env: Env = load();

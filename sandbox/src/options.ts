// createSandbox options and their defaults (SANDBOX_* variables are read in settings.ts).
import { randomBytes } from 'node:crypto';
import type { FaultRequest } from './faults.js';
import { INTEGRATIONS, type Integration } from './integrations.js';
import type { HeaderStyle, RateLimitOptions } from './rate-limit.js';
import { hashSeed } from './random.js';

export type SandboxOptions = {
  /** Expected x-trackstar-api-key. Default `sandbox-api-key`. */
  apiKey?: string;
  /** Base seed; each connection's data derives from it. Numbers or strings. Default 1. */
  seed?: number | string;
  /** Products per connection (a few percent become kits). Default 300. */
  products?: number;
  /** Orders per connection, spread over the last 90 days. Default 1000. */
  orders?: number;
  /** Clock (ms). Default Date.now. */
  now?: () => number;
  /** Where webhooks go; null/undefined keeps them in the event log only. */
  webhookUrl?: string | null;
  /** whsec_ secret used to sign webhooks. Generated when missing (see `sandbox.webhookSecret`). */
  webhookSecret?: string;
  /** Waits between retries. Default [500, 2000, 5000, 30000, 120000] (a shortened Svix schedule). */
  webhookRetryScheduleMs?: number[];
  webhookTimeoutMs?: number;
  /** Payloads above this many bytes arrive truncated with data_url. Default 64 KiB. */
  webhookMaxPayloadBytes?: number;
  webhookReorderWindowMs?: number;
  /** Delay between an exchange and the historical-sync-completed webhooks. Default 1500 ms. */
  historicalSyncDelayMs?: number;
  /** Lists read empty until the historical sync completed (as Trackstar does). Default false. */
  hideDataUntilHistoricalSync?: boolean;
  /** Delay of the simulated upstream crawl after POST /connections/sync. Default 300 ms. */
  forceSyncDelayMs?: number;
  /** false disables limits (benchmarks); or per-second budgets. Default 10 reads, 50 writes. */
  rateLimit?: RateLimitOptions;
  rateLimitHeaderStyle?: HeaderStyle;
  /** Activity clock: off by default here (on in `npm run sandbox`). */
  activity?: false | { intervalMs?: number; steps?: number };
  /** Initial (global or per-connection) faults. */
  faults?: FaultRequest;
  /** JSON persistence; saved debounced and on stop. */
  stateFile?: string | null;
  /** true: one line per request and delivery to stdout; a function receives the lines. Default true. */
  log?: boolean | ((line: string) => void);
  /** Base URL used in data_url links when the sandbox sits behind a proxy. */
  publicUrl?: string;
  linkTokenTtlMs?: number;
  integrations?: Integration[];
};

export type ResolvedOptions = {
  apiKey: string;
  seed: number;
  products: number;
  orders: number;
  now: () => number;
  webhookUrl: string | null;
  webhookSecret: string;
  webhookRetryScheduleMs: number[];
  webhookTimeoutMs: number;
  webhookMaxPayloadBytes: number;
  webhookReorderWindowMs: number;
  historicalSyncDelayMs: number;
  hideDataUntilHistoricalSync: boolean;
  forceSyncDelayMs: number;
  rateLimit: RateLimitOptions;
  rateLimitHeaderStyle: HeaderStyle;
  activity: false | { intervalMs: number; steps: number };
  faults: FaultRequest | undefined;
  stateFile: string | null;
  logLine: (line: string) => void;
  publicUrl: string | undefined;
  linkTokenTtlMs: number;
  integrations: Integration[];
  keepEvents: number;
};

export function resolveOptions(o: SandboxOptions = {}): ResolvedOptions {
  const log = o.log ?? true;
  return {
    apiKey: o.apiKey ?? 'sandbox-api-key',
    seed: typeof o.seed === 'number' ? o.seed >>> 0 : o.seed === undefined ? 1 : hashSeed(o.seed),
    products: o.products ?? 300,
    orders: o.orders ?? 1000,
    now: o.now ?? Date.now,
    webhookUrl: o.webhookUrl ?? null,
    webhookSecret: o.webhookSecret ?? `whsec_${randomBytes(24).toString('base64')}`,
    webhookRetryScheduleMs: o.webhookRetryScheduleMs ?? [500, 2000, 5000, 30_000, 120_000],
    webhookTimeoutMs: o.webhookTimeoutMs ?? 15_000,
    webhookMaxPayloadBytes: o.webhookMaxPayloadBytes ?? 64 * 1024,
    webhookReorderWindowMs: o.webhookReorderWindowMs ?? 150,
    historicalSyncDelayMs: o.historicalSyncDelayMs ?? 1500,
    hideDataUntilHistoricalSync: o.hideDataUntilHistoricalSync ?? false,
    forceSyncDelayMs: o.forceSyncDelayMs ?? 300,
    rateLimit: o.rateLimit ?? {},
    rateLimitHeaderStyle: o.rateLimitHeaderStyle ?? 'current',
    activity: o.activity ? { intervalMs: o.activity.intervalMs ?? 2000, steps: o.activity.steps ?? 1 } : false,
    faults: o.faults,
    stateFile: o.stateFile ?? null,
    logLine: typeof log === 'function' ? log : log ? (line) => console.log(`[sandbox] ${line}`) : () => {},
    publicUrl: o.publicUrl,
    linkTokenTtlMs: o.linkTokenTtlMs ?? 30 * 60_000,
    integrations: o.integrations ?? INTEGRATIONS,
    keepEvents: 20_000,
  };
}

/** Shortens secrets for logs: `trac…9f3a`. */
export function mask(secret: string | undefined): string {
  if (!secret) return '-';
  return secret.length <= 8 ? '…' : `${secret.slice(0, 4)}…${secret.slice(-4)}`;
}

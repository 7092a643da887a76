// The sandbox's SANDBOX_* settings: their schema and defaults, and how they become createSandbox
// options. Packr's env.ts parses them with the rest of Packr's configuration (.env included) for
// `npm start` and `npm run sandbox`; sandbox/src/main.ts parses them alone when the sandbox runs
// without Packr. One schema, so both read every variable the same way.
import { z } from 'zod';
import { FaultRequestSchema, type FaultRequest } from './faults.js';
import type { SandboxOptions } from './options.js';

const onOff = z.enum(['on', 'off', 'true', 'false', '1', '0']);
const truthy = (v: string) => ['on', 'true', '1'].includes(v);

export const SandboxSettingsSchema = z.object({
  SANDBOX_PORT: z.coerce.number().int().min(0).max(65535).default(4010),
  SANDBOX_HOST: z.string().min(1).default('127.0.0.1'),
  /** Expected x-trackstar-api-key. `npm start` generates one into .env. */
  SANDBOX_API_KEY: z.string().min(1).default('sandbox-api-key'),
  /** Where webhooks go; `off` keeps them in the event log. Unset: Packr's own receiver (npm start) or nowhere. */
  SANDBOX_WEBHOOK_URL: z.string().optional(),
  SANDBOX_WEBHOOK_SECRET: z.string().startsWith('whsec_', 'must be a whsec_ secret').optional(),
  SANDBOX_SEED: z.string().default('1'),
  SANDBOX_ORDERS: z.coerce.number().int().min(0).max(1_000_000).default(3000),
  SANDBOX_PRODUCTS: z.coerce.number().int().min(10).max(100_000).default(300),
  /** on | off | steps per minute per connection (on = 30). */
  SANDBOX_ACTIVITY: z.union([onOff, z.coerce.number().positive()]).default('on'),
  SANDBOX_STATE_FILE: z.string().optional(),
  /** JSON, the same body as POST /sandbox/faults. */
  SANDBOX_FAULTS: z
    .string()
    .refine((v) => FaultRequestSchema.safeParse(safeJson(v)).success, 'must be JSON accepted by POST /sandbox/faults')
    .optional(),
  /** off | "<reads>,<writes>" per second. */
  SANDBOX_RATE_LIMIT: z.string().regex(/^(off|\d+,\d+)$/, 'must be off or <reads>,<writes>').default('10,50'),
  SANDBOX_RATE_LIMIT_HEADERS: z.enum(['current', 'legacy']).default('current'),
  SANDBOX_HISTORICAL_SYNC_DELAY_MS: z.coerce.number().int().min(0).default(1500),
  SANDBOX_PUBLIC_URL: z.url({ protocol: /^https?$/ }).optional(),
  /** One line per request and delivery. Unset: on for `npm run sandbox`, off when embedded in `npm start`. */
  SANDBOX_LOG: onOff.optional(),
});

export type SandboxSettings = z.infer<typeof SandboxSettingsSchema>;

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

export function activityPerMinute(s: SandboxSettings): number {
  return typeof s.SANDBOX_ACTIVITY === 'number' ? s.SANDBOX_ACTIVITY : truthy(s.SANDBOX_ACTIVITY) ? 30 : 0;
}

/** createSandbox options from settings; `defaults` fill what the settings leave unset. */
export function sandboxOptionsFromSettings(
  s: SandboxSettings,
  defaults: { webhookUrl?: string | null; stateFile?: string | null; logByDefault?: boolean; logLine?: (line: string) => void } = {},
): SandboxOptions {
  const perMinute = activityPerMinute(s);
  const [reads, writes] = s.SANDBOX_RATE_LIMIT.split(',').map(Number);
  const webhookUrl = s.SANDBOX_WEBHOOK_URL === undefined ? (defaults.webhookUrl ?? null) : ['', 'off', 'none'].includes(s.SANDBOX_WEBHOOK_URL) ? null : s.SANDBOX_WEBHOOK_URL;
  return {
    apiKey: s.SANDBOX_API_KEY,
    seed: /^\d+$/.test(s.SANDBOX_SEED) ? Number(s.SANDBOX_SEED) : s.SANDBOX_SEED,
    orders: s.SANDBOX_ORDERS,
    products: s.SANDBOX_PRODUCTS,
    webhookUrl,
    webhookSecret: s.SANDBOX_WEBHOOK_SECRET,
    activity: perMinute > 0 ? { intervalMs: Math.max(50, Math.round(60_000 / perMinute)), steps: 1 } : false,
    stateFile: s.SANDBOX_STATE_FILE ?? defaults.stateFile ?? null,
    faults: s.SANDBOX_FAULTS ? (FaultRequestSchema.parse(JSON.parse(s.SANDBOX_FAULTS)) as FaultRequest) : undefined,
    rateLimit: s.SANDBOX_RATE_LIMIT === 'off' ? false : { read: reads || 10, write: writes || 50 },
    rateLimitHeaderStyle: s.SANDBOX_RATE_LIMIT_HEADERS,
    historicalSyncDelayMs: s.SANDBOX_HISTORICAL_SYNC_DELAY_MS,
    publicUrl: s.SANDBOX_PUBLIC_URL,
    log: (s.SANDBOX_LOG === undefined ? (defaults.logByDefault ?? true) : truthy(s.SANDBOX_LOG)) ? (defaults.logLine ?? true) : false,
  };
}

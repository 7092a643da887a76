// The one place that reads process.env. Parsed once; a bad value stops start-up with one line
// naming the variable (see formatEnvError).
import { z } from 'zod';

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
  DB_POOL_MAX: z.coerce.number().int().min(1).max(200).default(10),
  /**
   * Scheduling priority (nice) of a worker process run on its own (npm run worker / npm start):
   * background syncs yield the CPU to API requests on a shared machine. 0 keeps the default.
   */
  WORKER_NICE: z.coerce.number().int().min(0).max(19).default(10),
  /** Entries of the GraphQL response cache for orders/shipments/inventory pages (0 turns it off). A 50-order page with its children is an estimated few hundred KB of objects, hence a modest default. */
  RESPONSE_CACHE_ENTRIES: z.coerce.number().int().min(0).max(1_000_000).default(500),
  /** How long the change log keeps rows for subscription resume (hours). */
  CHANGE_LOG_RETENTION_HOURS: z.coerce.number().positive().default(24),
});

export type Env = z.infer<typeof schema>;

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
  return schema.parse(cleaned);
}

function load(): Env {
  try {
    return parseEnv(process.env);
  } catch (error) {
    if (error instanceof z.ZodError) {
      console.error(formatEnvError(error));
      process.exit(1);
    }
    throw error;
  }
}

export const env: Env = load();

// Faults on demand, globally or per connection, switchable while running (POST /sandbox/faults,
// SANDBOX_FAULTS). Random draws come from a seeded PRNG so a run with the same requests repeats.
import { z } from 'zod';
import { READ_FUNCTIONS } from '../../trackstar-contract/contract.js';
import { Random, hashSeed } from './random.js';

const share = z.number().min(0).max(1);

export const FaultSettingsSchema = z.object({
  /** Added to every request of the connection. */
  latency_ms: z.number().int().min(0).max(120_000),
  /** Share of requests answered 500. */
  error_rate: share,
  /** Share of requests that hang for `timeout_ms`, then lose their socket. */
  timeout_rate: share,
  timeout_ms: z.number().int().min(0).max(600_000),
  /** true: every request 429 for `rate_limit_storm_seconds`; a number: that share of requests 429. */
  rate_limit_storm: z.union([z.boolean(), share]),
  rate_limit_storm_seconds: z.number().min(0).max(3600),
  /** Share of list records served with an invalid shape (id missing, quantity as a string, ...). */
  malformed_rate: share,
  webhook_drop_rate: share,
  webhook_duplicate_rate: share,
  /** Buffer webhooks briefly and deliver each batch in reverse order, one after another. */
  webhook_reorder: z.boolean(),
  webhook_delay_ms: z.number().int().min(0).max(600_000),
  /** The WMS rejects the stored credentials: connection-error.created, writes refused. */
  invalid_credentials: z.boolean(),
  /**
   * The WMS user lacks permission for these read functions (e.g. ["get_orders"]): one
   * connection-error naming only their endpoints (preventing_sync), .updated when the list
   * changes, .deleted when cleared. Other functions, writes and activity carry on.
   */
  missing_permissions: z.array(z.enum(READ_FUNCTIONS)).max(READ_FUNCTIONS.length),
  /**
   * The next requests fail like this, one entry each, in order, before any random draw: a
   * deterministic script for tests that must see every kind of failure at least once.
   * `timeout_after_write` and `500_after_write` carry the request out first (a write takes effect
   * and its Idempotency-Key remembers the answer), then lose the answer: the case where only the
   * key keeps a retry from acting twice.
   */
  next_failures: z.array(z.enum(['timeout', '429', '500', 'timeout_after_write', '500_after_write'])).max(100),
}).partial();
export type ForcedFailure = NonNullable<FaultSettings['next_failures']>[number];
export type FaultSettings = z.infer<typeof FaultSettingsSchema>;

export const FaultRequestSchema = FaultSettingsSchema.extend({
  connection_id: z.string().optional(),
  /** Clear the target's settings before applying the rest. */
  reset: z.boolean().optional(),
}).strict();
export type FaultRequest = z.infer<typeof FaultRequestSchema>;

export type Effective = Required<Omit<FaultSettings, 'rate_limit_storm'>> & { rate_limit_storm: boolean | number; storm_until: number };

const DEFAULTS: Effective = {
  latency_ms: 0, error_rate: 0, timeout_rate: 0, timeout_ms: 30_000, rate_limit_storm: false, rate_limit_storm_seconds: 10,
  malformed_rate: 0, webhook_drop_rate: 0, webhook_duplicate_rate: 0, webhook_reorder: false, webhook_delay_ms: 0,
  invalid_credentials: false, missing_permissions: [], next_failures: [], storm_until: 0,
};

export class Faults {
  private global: FaultSettings & { storm_until?: number } = {};
  private readonly perConnection = new Map<string, FaultSettings & { storm_until?: number }>();
  private readonly rng: Random;

  constructor(seed: number, private readonly now: () => number) {
    this.rng = new Random(hashSeed(seed, 'faults'));
  }

  set(req: FaultRequest): void {
    const { connection_id, reset, ...settings } = req;
    const current = connection_id ? this.perConnection.get(connection_id) ?? {} : this.global;
    const next = { ...(reset ? {} : current), ...settings } as FaultSettings & { storm_until?: number };
    if (settings.rate_limit_storm === true) next.storm_until = this.now() + (next.rate_limit_storm_seconds ?? DEFAULTS.rate_limit_storm_seconds) * 1000;
    if (connection_id) this.perConnection.set(connection_id, next);
    else this.global = next;
  }

  forget(connectionId: string): void {
    this.perConnection.delete(connectionId);
  }

  /** Global settings overlaid by the connection's own. */
  get(connectionId?: string): Effective {
    return { ...DEFAULTS, ...this.global, ...(connectionId ? this.perConnection.get(connectionId) : {}) } as Effective;
  }

  view(): { global: FaultSettings; connections: Record<string, FaultSettings> } {
    const strip = ({ storm_until: _s, ...rest }: FaultSettings & { storm_until?: number }) => rest;
    return { global: strip(this.global), connections: Object.fromEntries([...this.perConnection].map(([k, v]) => [k, strip(v)])) };
  }

  /** Takes the next scripted failure of the connection (else of the global settings), if any. */
  nextForced(connectionId: string): ForcedFailure | null {
    for (const settings of [this.perConnection.get(connectionId), this.global]) {
      if (settings?.next_failures?.length) {
        const [next, ...rest] = settings.next_failures;
        settings.next_failures = rest;
        return next;
      }
    }
    return null;
  }

  roll(rate: number): boolean {
    return rate > 0 && this.rng.next() < rate;
  }

  stormActive(f: Effective): boolean {
    if (f.rate_limit_storm === true) return this.now() < f.storm_until;
    return typeof f.rate_limit_storm === 'number' && this.roll(f.rate_limit_storm);
  }

  /** Breaks one record's shape the way a buggy upstream might. */
  malform(record: Record<string, unknown>): Record<string, unknown> {
    const copy = { ...record };
    if ('onhand' in copy) copy.onhand = String(copy.onhand);
    else if (this.rng.chance(0.5)) delete copy.id;
    else copy.created_date = 'not-a-date';
    return copy;
  }

  pick(): number {
    return this.rng.next();
  }
}

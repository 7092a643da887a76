// The alert rules as configured: one row per 3PL and kind (alert_rule with brandId NULL), one
// override per brand and kind; a null field inherits (brand -> 3PL -> the default below). Every
// rule is on by default, so a 3PL without rows gets every alert.
import type { PoolClient } from 'pg';
import { pool } from '../pg.js';
import { ServiceError, type FieldError } from '../services/errors.js';

export const ALERT_KINDS = [
  'CONNECTION_ERROR', 'STALE_DATA', 'SYNC_STALLED', 'WEBHOOK_FAILURES', 'LOW_STOCK', 'STOCK_OUT', 'LATE_ORDERS', 'ORDER_EXCEPTIONS', 'OVERDUE_INBOUND', 'RETURNS_NOT_RESTOCKED', 'WEBHOOKS_SILENT', 'ENDPOINT_DISABLED',
] as const;
export type AlertKindName = (typeof ALERT_KINDS)[number];

/** Kinds evaluated per brand by evaluate.ts; ENDPOINT_DISABLED is opened by the outbound code. */
export const BRAND_ALERT_KINDS = ALERT_KINDS.filter((k) => k !== 'ENDPOINT_DISABLED');

export type ThresholdUnit = 'MINUTES' | 'COUNT' | 'PERCENT';

type RuleDefinition = { description: string; unit: ThresholdUnit | null; defaultThreshold: number | null };

/** Accepted thresholds per unit, whole numbers, inclusive. */
export const THRESHOLD_RANGES: Record<ThresholdUnit, { min: number; max: number; label: string }> = {
  MINUTES: { min: 5, max: 7 * 24 * 60, label: 'a whole number of minutes' },
  COUNT: { min: 1, max: 100_000, label: 'a whole number' },
  PERCENT: { min: 1, max: 100, label: 'a whole percentage' },
};

export const RULE_DEFINITIONS: Record<AlertKindName, RuleDefinition> = {
  CONNECTION_ERROR: { description: "The brand's Trackstar connection is in error.", unit: null, defaultThreshold: null },
  STALE_DATA: { description: 'A synced resource has not been confirmed for longer than the threshold (minutes).', unit: 'MINUTES', defaultThreshold: 120 },
  SYNC_STALLED: { description: 'A sync stalled (made no progress) or failed.', unit: null, defaultThreshold: null },
  WEBHOOK_FAILURES: {
    description: "The share of the brand's Trackstar webhook deliveries of the last hour that failed reached the threshold (percent; at least 5 deliveries).",
    unit: 'PERCENT',
    defaultThreshold: 20,
  },
  LOW_STOCK: { description: 'At least the threshold number of active SKUs are at or under their low-stock threshold.', unit: 'COUNT', defaultThreshold: 1 },
  STOCK_OUT: { description: 'At least the threshold number of active SKUs have nothing fulfillable.', unit: 'COUNT', defaultThreshold: 1 },
  LATE_ORDERS: { description: 'At least the threshold number of open orders are past their required ship date.', unit: 'COUNT', defaultThreshold: 10 },
  ORDER_EXCEPTIONS: { description: 'At least the threshold number of orders are in exception, backordered or on hold (the WMS says so).', unit: 'COUNT', defaultThreshold: 1 },
  OVERDUE_INBOUND: { description: 'At least the threshold number of inbound shipments are past their expected arrival and not received.', unit: 'COUNT', defaultThreshold: 1 },
  RETURNS_NOT_RESTOCKED: {
    description: "At least the threshold number of returns were received more than the attention board's restock days ago with units not restocked.",
    unit: 'COUNT',
    defaultThreshold: 1,
  },
  WEBHOOKS_SILENT: {
    description:
      'No Trackstar webhook arrived for longer than the threshold (minutes) while sync kept finding changes: Trackstar may have disabled the webhook endpoint after failures, which it does without notice.',
    unit: 'MINUTES',
    defaultThreshold: 360,
  },
  ENDPOINT_DISABLED: { description: 'An outbound webhook endpoint was disabled after failing deliveries (3PL-wide).', unit: null, defaultThreshold: null },
};

export type AlertRule = {
  kind: AlertKindName;
  enabled: boolean;
  threshold: number | null;
  /** The brand the rule is read for (null: the 3PL's own rule). */
  brandId: string | null;
  /** Whether a brand row sets enabled or threshold (always false for the 3PL's rules). */
  overridden: boolean;
};

type Queryable = Pick<PoolClient, 'query'>;
type RuleRow = { kind: AlertKindName; brandId: string | null; enabled: boolean | null; threshold: number | null };

function resolveRules(rows: RuleRow[], brandId: string | null, kinds: readonly AlertKindName[] = ALERT_KINDS): AlertRule[] {
  return kinds.map((kind) => {
    const def = RULE_DEFINITIONS[kind];
    const own = brandId ? rows.find((r) => r.kind === kind && r.brandId === brandId) : undefined;
    const tpl = rows.find((r) => r.kind === kind && r.brandId === null);
    const threshold = def.unit === null ? null : (own?.threshold ?? tpl?.threshold ?? def.defaultThreshold);
    return {
      kind,
      enabled: own?.enabled ?? tpl?.enabled ?? true,
      threshold,
      brandId,
      overridden: !!own && (own.enabled !== null || own.threshold !== null),
    };
  });
}

/** The 3PL's own rules (defaults where it has no row). */
export async function threePLAlertRules(threePLId: string, client: Queryable = pool): Promise<AlertRule[]> {
  const { rows } = await client.query<RuleRow>({
    name: 'alert-rules-threepl',
    text: `SELECT kind::text AS kind, "brandId", enabled, threshold FROM alert_rule WHERE "threePLId" = $1 AND "brandId" IS NULL`,
    values: [threePLId],
  });
  return resolveRules(rows, null);
}

/** The rules in force for one brand (its overrides over its 3PL's rules over the defaults); brand-level kinds only. */
export async function brandAlertRules(brandId: string, client: Queryable = pool): Promise<AlertRule[]> {
  const { rows } = await client.query<RuleRow>({
    name: 'alert-rules-brand',
    text: `SELECT r.kind::text AS kind, r."brandId", r.enabled, r.threshold
             FROM brand b JOIN alert_rule r ON r."threePLId" = b."threePLId" AND (r."brandId" IS NULL OR r."brandId" = b.id)
            WHERE b.id = $1`,
    values: [brandId],
  });
  return resolveRules(rows, brandId, BRAND_ALERT_KINDS);
}

export type RuleUpdate = { kind: AlertKindName; brandId: string | null; enabled?: boolean | null; threshold?: number | null; inherit?: boolean | null };

/** Per-field checks; throws BAD_USER_INPUT listing every problem. */
export function validateRuleUpdate(update: RuleUpdate): void {
  const def = RULE_DEFINITIONS[update.kind];
  const errors: FieldError[] = [];
  if (update.threshold !== undefined && update.threshold !== null) {
    if (def.unit === null) errors.push({ field: 'threshold', message: `${update.kind} has no threshold` });
    else {
      const range = THRESHOLD_RANGES[def.unit];
      if (!Number.isInteger(update.threshold) || update.threshold < range.min || update.threshold > range.max)
        // Said so a person can act on it beside the field; the API caller knows which kind they sent.
        errors.push({ field: 'threshold', message: `The threshold must be ${range.label} from ${range.min} to ${range.max}` });
    }
  }
  if (update.kind === 'ENDPOINT_DISABLED' && update.brandId) errors.push({ field: 'brandId', message: 'ENDPOINT_DISABLED is a 3PL-wide rule; it has no brand override' });
  if (update.inherit && !update.brandId) errors.push({ field: 'inherit', message: 'inherit applies to a brand override; the 3PL rule has nothing to inherit' });
  if (update.inherit && (update.enabled != null || update.threshold != null))
    errors.push({ field: 'inherit', message: 'inherit removes the override; do not set enabled or threshold with it' });
  if (errors.length) throw new ServiceError('BAD_USER_INPUT', errors.map((e) => e.message).join('; '), errors);
}

/**
 * Writes one rule (the brand's override when brandId is set). Fields left undefined keep their
 * value; null clears the field (inherits); inherit deletes the brand's override of that kind.
 */
export async function saveRule(threePLId: string, update: RuleUpdate, client: Queryable = pool): Promise<void> {
  validateRuleUpdate(update);
  if (update.inherit) {
    await client.query(`DELETE FROM alert_rule WHERE "threePLId" = $1 AND "brandId" = $2 AND kind = $3::"AlertKind"`, [threePLId, update.brandId, update.kind]);
    return;
  }
  const setEnabled = update.enabled !== undefined;
  const setThreshold = update.threshold !== undefined;
  const conflict = update.brandId ? `("brandId", kind) WHERE "brandId" IS NOT NULL` : `("threePLId", kind) WHERE "brandId" IS NULL`;
  await client.query(
    `INSERT INTO alert_rule ("threePLId", "brandId", kind, enabled, threshold, "updatedAt")
     VALUES ($1, $2, $3::"AlertKind", $4, $5, timezone('UTC', now()))
     ON CONFLICT ${conflict} DO UPDATE SET
       enabled = CASE WHEN $6 THEN EXCLUDED.enabled ELSE alert_rule.enabled END,
       threshold = CASE WHEN $7 THEN EXCLUDED.threshold ELSE alert_rule.threshold END,
       "updatedAt" = EXCLUDED."updatedAt"`,
    [threePLId, update.brandId, update.kind, update.enabled ?? null, update.threshold ?? null, setEnabled, setThreshold],
  );
}

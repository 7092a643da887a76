// The attention board's thresholds as read: one set per 3PL (AttentionSettings; no row = the
// defaults), overridable per brand (BrandAttentionSettings; a null field inherits the 3PL's). The
// per-SKU low-stock override (InventoryItem.lowStockThreshold) is applied by the rule itself.
import { ServiceError } from '../services/errors.js';
import { pool } from '../pg.js';

export const SETTING_NAMES = ['lateOrderWindowHours', 'returnRestockDays', 'lowStockThreshold', 'freshnessWindowMinutes'] as const;
export type SettingName = (typeof SETTING_NAMES)[number];
export type AttentionThresholds = Record<SettingName, number>;

/** Brand.lowStockCount's default threshold is this one too: one number for "low" everywhere. */
export const DEFAULT_LOW_STOCK_THRESHOLD = 10;

export const DEFAULT_SETTINGS: AttentionThresholds = {
  lateOrderWindowHours: 24,
  returnRestockDays: 3,
  lowStockThreshold: DEFAULT_LOW_STOCK_THRESHOLD,
  freshnessWindowMinutes: 120,
};

/** Accepted ranges, whole numbers, inclusive (also printed in the GraphQL descriptions). */
export const SETTING_RANGES: Record<SettingName, { min: number; max: number; unit: string }> = {
  lateOrderWindowHours: { min: 0, max: 24 * 30, unit: 'hours' },
  returnRestockDays: { min: 1, max: 365, unit: 'days' },
  lowStockThreshold: { min: 0, max: 1_000_000, unit: 'units' },
  freshnessWindowMinutes: { min: 5, max: 7 * 24 * 60, unit: 'minutes' },
};

export type EffectiveSettings = AttentionThresholds & {
  threePLId: string;
  brandId: string | null;
  /** The fields a brand sets itself (empty for the 3PL's own settings). */
  overrides: SettingName[];
};

/** For a brand: null fields inherit the 3PL's. For the 3PL: null restores the default. */
export type SettingsUpdate = Partial<Record<SettingName, number | null>>;

type Queryable = { query: typeof pool.query };

const COLUMNS = SETTING_NAMES.map((n) => `"${n}"`).join(', ');

/** The 3PL's thresholds (defaults where it has no row). */
export async function threePLSettings(threePLId: string, client: Queryable = pool): Promise<EffectiveSettings> {
  const { rows } = await client.query<AttentionThresholds>(`SELECT ${COLUMNS} FROM attention_settings WHERE "threePLId" = $1`, [threePLId]);
  return { ...DEFAULT_SETTINGS, ...rows[0], threePLId, brandId: null, overrides: [] };
}

/** What is in force for one brand: its overrides over its 3PL's thresholds. NOT_FOUND for an unknown brand. */
export async function brandSettings(brandId: string, client: Queryable = pool): Promise<EffectiveSettings> {
  const { rows } = await client.query<Record<string, number | string | null>>(
    `SELECT b."threePLId", ${SETTING_NAMES.map((n) => `t."${n}" AS "t_${n}", o."${n}" AS "o_${n}"`).join(', ')}
       FROM brand b
       LEFT JOIN attention_settings t ON t."threePLId" = b."threePLId"
       LEFT JOIN brand_attention_settings o ON o."brandId" = b.id
      WHERE b.id = $1`,
    [brandId],
  );
  const row = rows[0];
  if (!row) throw new ServiceError('NOT_FOUND', 'Brand not found');
  const out: EffectiveSettings = { ...DEFAULT_SETTINGS, threePLId: String(row.threePLId), brandId, overrides: [] };
  for (const name of SETTING_NAMES) {
    const own = row[`o_${name}`];
    const inherited = row[`t_${name}`];
    if (own !== null && own !== undefined) {
      out[name] = Number(own);
      out.overrides.push(name);
    } else if (inherited !== null && inherited !== undefined) out[name] = Number(inherited);
  }
  return out;
}


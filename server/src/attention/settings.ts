// Changing the attention board's thresholds (the 3PL's, a brand's overrides, one SKU's low-stock
// threshold): strict validation (every refused value gets a field-level message, as sync settings
// do), then the board is re-evaluated. Callers check roles (OWNER/ADMIN) and brand visibility.
import { ServiceError, type FieldError } from '../services/errors.js';
import { NOW, pool } from '../pg.js';
import { enqueueAttentionRefresh } from '../jobs/attention-queue.js';
import { refreshBrandAttention } from './refresh.js';
import { brandSettings, DEFAULT_SETTINGS, SETTING_NAMES, SETTING_RANGES, threePLSettings, type EffectiveSettings, type SettingsUpdate } from './thresholds.js';

function validate(update: SettingsUpdate): FieldError[] {
  const errors: FieldError[] = [];
  for (const name of SETTING_NAMES) {
    const value = update[name];
    if (value === undefined || value === null) continue;
    const { min, max, unit } = SETTING_RANGES[name];
    if (!Number.isInteger(value) || value < min || value > max) {
      errors.push({ field: name, message: `${name} must be a whole number of ${unit} from ${min} to ${max}; got ${value}` });
    }
  }
  return errors;
}

const summarize = (errors: FieldError[]) => `Invalid attention settings: ${errors.map((e) => `${e.field}: ${e.message}`).join('; ')}`;

/**
 * Changes the 3PL's thresholds (brandId null) or one brand's overrides, then re-evaluates: the
 * brand at once (the answer already reflects it), or every brand of the 3PL through the refresh
 * queue (a 3PL can have hundreds; the periodic sweep catches any that could not be queued).
 */
export async function updateAttentionSettings(threePLId: string, brandId: string | null, update: SettingsUpdate): Promise<EffectiveSettings> {
  const errors = validate(update);
  if (errors.length > 0) throw new ServiceError('BAD_USER_INPUT', summarize(errors), errors);
  const given = SETTING_NAMES.filter((n) => update[n] !== undefined);
  if (brandId === null) {
    if (given.length > 0) {
      // Defaults fill the columns on insert; null restores the default on update.
      await pool.query(
        `INSERT INTO attention_settings ("threePLId", ${given.map((n) => `"${n}"`).join(', ')}, "updatedAt")
         VALUES ($1, ${given.map((n, i) => `coalesce($${i + 2}::int, ${DEFAULT_SETTINGS[n]})`).join(', ')}, ${NOW})
         ON CONFLICT ("threePLId") DO UPDATE SET ${given.map((n) => `"${n}" = EXCLUDED."${n}"`).join(', ')}, "updatedAt" = EXCLUDED."updatedAt"`,
        [threePLId, ...given.map((n) => update[n])],
      );
      const { rows } = await pool.query<{ id: string }>('SELECT id FROM brand WHERE "threePLId" = $1', [threePLId]);
      await enqueueAttentionRefresh(rows.map((r) => r.id)).catch(() => {
        // Redis down: the sweep re-evaluates every brand within a minute.
      });
    }
    return threePLSettings(threePLId);
  }
  if (given.length > 0) {
    await pool.query(
      `INSERT INTO brand_attention_settings ("brandId", "threePLId", ${given.map((n) => `"${n}"`).join(', ')}, "updatedAt")
       VALUES ($1, $2, ${given.map((_, i) => `$${i + 3}::int`).join(', ')}, ${NOW})
       ON CONFLICT ("brandId") DO UPDATE SET ${given.map((n) => `"${n}" = EXCLUDED."${n}"`).join(', ')}, "updatedAt" = EXCLUDED."updatedAt"`,
      [brandId, threePLId, ...given.map((n) => update[n])],
    );
    await refreshBrandAttention(brandId);
  }
  return brandSettings(brandId);
}

/** Sets (or, with null, clears) one item's own low-stock threshold, then re-evaluates its brand. */
export async function setLowStockThreshold(inventoryItemId: string, brandId: string, threshold: number | null): Promise<void> {
  const { min, max } = SETTING_RANGES.lowStockThreshold;
  if (threshold !== null && (!Number.isInteger(threshold) || threshold < min || threshold > max)) {
    const message = `threshold must be a whole number of units from ${min} to ${max}, or null to use the brand's setting; got ${threshold}`;
    throw new ServiceError('BAD_USER_INPUT', message, [{ field: 'threshold', message }]);
  }
  await pool.query('UPDATE inventory_item SET "lowStockThreshold" = $2 WHERE id = $1 AND "brandId" = $3', [inventoryItemId, threshold, brandId]);
  await refreshBrandAttention(brandId);
}

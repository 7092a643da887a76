// Small conversions shared by the mappers: Trackstar values -> what the bulk SQL path binds.

/** Trackstar enum word -> Packr enum: `in-transit` -> IN_TRANSIT; anything unknown -> OTHER. */
export function toEnum<T extends string>(value: string | null | undefined, allowed: readonly T[]): T | 'OTHER' {
  const upper = (value ?? '').trim().toUpperCase().replace(/[-\s]+/g, '_');
  return (allowed as readonly string[]).includes(upper) ? (upper as T) : 'OTHER';
}

/**
 * Columns are `timestamp(3)` holding UTC (Prisma's convention). Normalizing to `...Z` here means a
 * record sent with an offset is converted, not silently shifted by the text -> timestamp cast.
 */
export function utc(value: string | null | undefined): string | null {
  if (!value) return null;
  const ms = Date.parse(value);
  return Number.isNaN(ms) ? null : new Date(ms).toISOString();
}

/** Money and decimals travel as strings so numeric columns get exact values, never float noise. */
export function decimal(value: number | null | undefined): string | null {
  return value === null || value === undefined || !Number.isFinite(value) ? null : String(value);
}

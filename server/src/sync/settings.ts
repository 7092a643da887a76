// Sync settings of one integration, per resource: how often it syncs (a preset or a custom
// interval), whether the brand paused it, and which slice of the WMS it lists (only the filters
// Trackstar's list endpoint for that resource accepts), plus the backfill window. Stored in
// BrandIntegration.config. Reading is lenient (a malformed stored value falls back to the default
// of that one setting); updating is strict (every refused value gets a field-level message).
import { z } from 'zod';
import type { SyncResource } from '../generated/prisma/enums.js';
import type { Query } from '../trackstar/client.js';
import { ORDER_TYPES } from '../../../trackstar-contract/contract.js';
import { DEFAULT_BACKFILL_DAYS } from './cursor.js';
import { RESOURCE_INFO, SYNC_RESOURCES } from './resources.js';

const MINUTE = 60;
const HOUR = 60 * MINUTE;

export const SCHEDULE_PRESETS = ['TRACKSTAR_DEFAULTS', 'NEAR_REAL_TIME', 'CUSTOM'] as const;
export type SchedulePreset = (typeof SCHEDULE_PRESETS)[number];
/** What a resource without settings does: Packr's own intervals, as before settings existed. */
export const DEFAULT_PRESET: SchedulePreset = 'NEAR_REAL_TIME';

export const EVERY_SECONDS_MIN = 60;
export const EVERY_SECONDS_MAX = 7 * 24 * HOUR;
export const BACKFILL_DAYS_MIN = 1;
export const BACKFILL_DAYS_MAX = 3 * 366;

/** How often Trackstar itself refreshes each resource from the WMS (CONTRACT.md §6.0): syncing more often than this mostly re-reads the same data. */
export const TRACKSTAR_DEFAULT_SECONDS: Record<SyncResource, number> = {
  WAREHOUSES: 12 * HOUR, WAREHOUSE_LOCATIONS: 12 * HOUR, SHIPPING_METHODS: 12 * HOUR,
  PRODUCTS: HOUR, INVENTORY: HOUR, ORDERS: HOUR, RETURNS: HOUR, INBOUND_SHIPMENTS: HOUR,
};

export const SYNC_FILTERS = ['warehouseIds', 'channels', 'orderTypes', 'warehouseCustomerIds'] as const;
export type SyncFilterName = (typeof SYNC_FILTERS)[number];
/** Each list holds the values a record may have; a missing or empty list does not filter. */
export type SyncFilters = Partial<Record<SyncFilterName, string[]>>;

/**
 * The filters each resource's Trackstar list accepts (openapi.json). Only dimensions a record
 * does not move between are offered: a status filter, say, would leave an order that left the
 * chosen statuses frozen in its last synced state.
 * - warehouseIds: locations are listed per warehouse (the path names it); inbound shipments take
 *   `warehouse_id` (eq only, so one listing pass per warehouse). Orders and inventory have no
 *   warehouse filter upstream.
 * - channels: orders' `channel[in]` (channel ids, e.g. ch_shopify).
 * - orderTypes: orders' `type[in]` (d2c, b2b, dropship, transfer; orders without a type are left out).
 * - warehouseCustomerIds: `warehouse_customer_id[in]`, the merchant a record belongs to in a 3PL WMS.
 */
export const FILTERS_BY_RESOURCE: Record<SyncResource, readonly SyncFilterName[]> = {
  WAREHOUSES: [],
  WAREHOUSE_LOCATIONS: ['warehouseIds'],
  SHIPPING_METHODS: [],
  PRODUCTS: ['warehouseCustomerIds'],
  INVENTORY: ['warehouseCustomerIds'],
  ORDERS: ['channels', 'orderTypes', 'warehouseCustomerIds'],
  RETURNS: ['warehouseCustomerIds'],
  INBOUND_SHIPMENTS: ['warehouseIds', 'warehouseCustomerIds'],
};

const FILTER_LABELS: Record<SyncFilterName, string> = {
  warehouseIds: 'warehouse', channels: 'order channel', orderTypes: 'order type', warehouseCustomerIds: 'warehouse customer',
};

/** Trackstar's `in` takes at most 100 comma-separated values. */
export const FILTER_VALUES_MAX = 100;
const FILTER_VALUE_MAX_LENGTH = 200;

export type ResourceSettings = {
  preset: SchedulePreset;
  /** Kept when another preset is chosen, so switching back to CUSTOM restores it. */
  customEverySeconds: number | null;
  /** Paused by the brand in its settings (independent of pauses Packr or Trackstar impose). */
  paused: boolean;
  filters: SyncFilters;
};

export type SyncSettings = { backfillDays: number; resources: Record<SyncResource, ResourceSettings> };

export const defaultResourceSettings = (): ResourceSettings => ({ preset: DEFAULT_PRESET, customEverySeconds: null, paused: false, filters: {} });

/** Seconds between incremental syncs of a resource under its settings. */
export function everySecondsOf(resource: SyncResource, settings: ResourceSettings): number {
  if (settings.preset === 'CUSTOM' && settings.customEverySeconds !== null) return settings.customEverySeconds;
  if (settings.preset === 'TRACKSTAR_DEFAULTS') return TRACKSTAR_DEFAULT_SECONDS[resource];
  return RESOURCE_INFO[resource].everySeconds;
}

// ---- stored form --------------------------------------------------------------------------------

const everySeconds = z.number().int().min(EVERY_SECONDS_MIN).max(EVERY_SECONDS_MAX);
const backfillDays = z.number().int().min(BACKFILL_DAYS_MIN).max(BACKFILL_DAYS_MAX);
const StoredResource = z.object({
  preset: z.enum(SCHEDULE_PRESETS).optional(),
  everySeconds: everySeconds.optional(),
  paused: z.boolean().optional(),
  filters: z.partialRecord(z.enum(SYNC_FILTERS), z.array(z.string())).optional(),
});

const asRecord = (v: unknown): Record<string, unknown> => (v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : {});

function readResource(resource: SyncResource, raw: unknown, legacySeconds: unknown): ResourceSettings {
  const settings = defaultResourceSettings();
  // Before settings existed, config.schedules held a custom interval per resource.
  const legacy = everySeconds.safeParse(legacySeconds);
  if (legacy.success) Object.assign(settings, { preset: 'CUSTOM', customEverySeconds: legacy.data });
  const parsed = StoredResource.safeParse(raw);
  if (!parsed.success) return settings;
  const stored = parsed.data;
  if (stored.everySeconds !== undefined) settings.customEverySeconds = stored.everySeconds;
  if (stored.preset && (stored.preset !== 'CUSTOM' || settings.customEverySeconds !== null)) settings.preset = stored.preset;
  settings.paused = stored.paused ?? false;
  for (const name of FILTERS_BY_RESOURCE[resource]) {
    const values = stored.filters?.[name];
    if (values && values.length > 0) settings.filters[name] = values;
  }
  return settings;
}

/** The settings stored in an integration's config; anything malformed reads as that setting's default. */
export function readSyncSettings(rawConfig: unknown): SyncSettings {
  const config = asRecord(rawConfig);
  const stored = asRecord(config.resources);
  const legacy = asRecord(config.schedules);
  const days = backfillDays.safeParse(config.backfillDays);
  return {
    backfillDays: days.success ? days.data : DEFAULT_BACKFILL_DAYS,
    resources: Object.fromEntries(SYNC_RESOURCES.map((r) => [r, readResource(r, stored[r], legacy[r])])) as Record<SyncResource, ResourceSettings>,
  };
}

/** The config to store: explicit, so a later change of Packr's defaults does not silently change a brand's choice. */
export function toStoredConfig(previousConfig: unknown, settings: SyncSettings): Record<string, unknown> {
  // Other keys of config (none today) are kept; the legacy `schedules` is folded into `resources`.
  const { schedules: _legacy, ...rest } = asRecord(previousConfig);
  return {
    ...rest,
    backfillDays: settings.backfillDays,
    resources: Object.fromEntries(SYNC_RESOURCES.map((r) => {
      const s = settings.resources[r];
      return [r, {
        preset: s.preset,
        ...(s.customEverySeconds !== null ? { everySeconds: s.customEverySeconds } : {}),
        paused: s.paused,
        filters: s.filters,
      }];
    })),
  };
}

// ---- updates ------------------------------------------------------------------------------------

const filterList = z.array(z.string()).nullable().optional();
/** The shape of an update (GraphQL SyncSettingsInput, the REST PUT body); values are checked by applySettingsUpdate. */
export const SyncSettingsUpdateSchema = z.strictObject({
  backfillDays: z.number().nullable().optional(),
  resources: z.array(z.strictObject({
    resource: z.enum(SYNC_RESOURCES),
    preset: z.enum(SCHEDULE_PRESETS).nullable().optional(),
    everySeconds: z.number().nullable().optional(),
    paused: z.boolean().nullable().optional(),
    filters: z.strictObject(Object.fromEntries(SYNC_FILTERS.map((f) => [f, filterList])) as Record<SyncFilterName, typeof filterList>).nullable().optional(),
  })).nullable().optional(),
});
export type SyncSettingsUpdate = z.infer<typeof SyncSettingsUpdateSchema>;

export type FieldError = { field: string; message: string };

function checkFilterValues(name: SyncFilterName, values: string[], field: string, errors: FieldError[]): string[] {
  const cleaned = [...new Set(values.map((v) => v.trim()))];
  if (cleaned.some((v) => v === '')) errors.push({ field, message: `A ${FILTER_LABELS[name]} filter value cannot be blank` });
  else if (cleaned.some((v) => v.includes(','))) errors.push({ field, message: `A ${FILTER_LABELS[name]} filter value cannot contain a comma (Trackstar separates values with commas)` });
  else if (cleaned.some((v) => v.length > FILTER_VALUE_MAX_LENGTH)) errors.push({ field, message: `A ${FILTER_LABELS[name]} filter value can be at most ${FILTER_VALUE_MAX_LENGTH} characters` });
  else if (cleaned.length > FILTER_VALUES_MAX) errors.push({ field, message: `At most ${FILTER_VALUES_MAX} values per filter (Trackstar's limit); got ${cleaned.length}` });
  else if (name === 'orderTypes') {
    const bad = cleaned.filter((v) => !(ORDER_TYPES as readonly string[]).includes(v));
    if (bad.length > 0) errors.push({ field, message: `Unknown order type ${bad.map((b) => `"${b}"`).join(', ')}; use ${ORDER_TYPES.join(', ')}` });
  }
  return cleaned;
}

/**
 * Applies an update to the current settings. Omitted (or null) fields keep their value; a
 * resource's `filters`, when given, replaces all its filters (a list left out or empty removes
 * that filter). `synced` are the resources this connection syncs; settings of others are refused.
 */
export function applySettingsUpdate(current: SyncSettings, update: SyncSettingsUpdate, synced: readonly SyncResource[]): { settings: SyncSettings; errors: FieldError[] } {
  const errors: FieldError[] = [];
  const next: SyncSettings = structuredClone(current);
  if (update.backfillDays != null) {
    const days = update.backfillDays;
    if (!Number.isInteger(days) || days < BACKFILL_DAYS_MIN || days > BACKFILL_DAYS_MAX) {
      errors.push({ field: 'backfillDays', message: `The backfill window must be a whole number of days from ${BACKFILL_DAYS_MIN} to ${BACKFILL_DAYS_MAX}; got ${days}` });
    } else next.backfillDays = days;
  }
  const seen = new Set<SyncResource>();
  for (const entry of update.resources ?? []) {
    const { resource } = entry;
    const at = (name?: string) => `resources.${resource}${name ? `.${name}` : ''}`;
    if (seen.has(resource)) {
      errors.push({ field: at(), message: `${resource} is listed more than once` });
      continue;
    }
    seen.add(resource);
    if (!synced.includes(resource)) {
      errors.push({ field: at(), message: `This connection does not sync ${resource}; it syncs ${synced.join(', ') || 'nothing yet'}` });
      continue;
    }
    const target = next.resources[resource];
    const preset = entry.preset ?? target.preset;
    if (entry.everySeconds != null) {
      const s = entry.everySeconds;
      if (preset !== 'CUSTOM') {
        errors.push({ field: at('everySeconds'), message: `An interval applies only to the CUSTOM schedule; ${resource} uses ${preset} (set preset to CUSTOM)` });
      } else if (!Number.isInteger(s) || s < EVERY_SECONDS_MIN || s > EVERY_SECONDS_MAX) {
        errors.push({ field: at('everySeconds'), message: `A custom interval must be a whole number of seconds from ${EVERY_SECONDS_MIN} (1 min) to ${EVERY_SECONDS_MAX} (7 days); got ${s}` });
      } else target.customEverySeconds = s;
    }
    if (entry.preset != null) {
      if (entry.preset === 'CUSTOM' && target.customEverySeconds === null && entry.everySeconds == null) {
        errors.push({ field: at('everySeconds'), message: `A CUSTOM schedule needs an interval: everySeconds from ${EVERY_SECONDS_MIN} to ${EVERY_SECONDS_MAX}` });
      } else target.preset = entry.preset;
    }
    if (entry.paused != null) target.paused = entry.paused;
    if (entry.filters != null) {
      const supported = FILTERS_BY_RESOURCE[resource];
      const filters: SyncFilters = {};
      for (const name of SYNC_FILTERS) {
        const values = entry.filters[name];
        if (values == null || values.length === 0) continue;
        if (!supported.includes(name)) {
          const offered = supported.length > 0 ? `it can be filtered by ${supported.map((s) => FILTER_LABELS[s]).join(', ')}` : 'it takes no filters';
          errors.push({ field: at(`filters.${name}`), message: `Trackstar cannot filter ${resource} by ${FILTER_LABELS[name]}; ${offered}` });
          continue;
        }
        const cleaned = checkFilterValues(name, values, at(`filters.${name}`), errors);
        if (cleaned.length > 0) filters[name] = cleaned;
      }
      target.filters = filters;
    }
  }
  return { settings: next, errors };
}

/** One line for all field errors, for callers that show a single message. */
export function summarizeErrors(errors: FieldError[]): string {
  return `Invalid sync settings: ${errors.map((e) => `${e.field}: ${e.message}`).join('; ')}`;
}

// ---- what a change means for the sync ----------------------------------------------------------

const sameValues = (a: string[] | undefined, b: string[] | undefined) => {
  const x = [...(a ?? [])].sort();
  const y = [...(b ?? [])].sort();
  return x.length === y.length && x.every((v, i) => v === y[i]);
};

export function filtersEqual(a: SyncFilters, b: SyncFilters): boolean {
  return SYNC_FILTERS.every((name) => sameValues(a[name], b[name]));
}

/**
 * Whether `after` may include records `before` excluded. Filters are a conjunction of "value is
 * one of" lists, where no list means any value: the scope grows when any list is dropped or gains
 * a value. Such records were never listed, so the resource must be backfilled again.
 */
export function filtersWiden(before: SyncFilters, after: SyncFilters): boolean {
  return SYNC_FILTERS.some((name) => {
    const was = before[name];
    const now = after[name];
    if (!was || was.length === 0) return false;
    if (!now || now.length === 0) return true;
    return now.some((v) => !was.includes(v));
  });
}

/** Query parameters for a resource's filters; warehouseIds are listing passes instead (see sync/listing.ts). */
export function filterQuery(resource: SyncResource, filters: SyncFilters): Query {
  const query: Query = {};
  const supported = FILTERS_BY_RESOURCE[resource];
  const list = (name: SyncFilterName) => (supported.includes(name) && filters[name]?.length ? filters[name]!.join(',') : null);
  const channels = list('channels');
  if (channels) query['channel[in]'] = channels;
  const types = list('orderTypes');
  if (types) query['type[in]'] = types;
  const customers = list('warehouseCustomerIds');
  if (customers) query['warehouse_customer_id[in]'] = customers;
  return query;
}

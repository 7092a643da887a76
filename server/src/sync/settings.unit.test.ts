// The sync settings model: defaults, lenient reading of what is stored, strict field-level checks
// of updates, and what a filter change means for the cursor.
import { describe, expect, it } from 'vitest';
import { parseIntegrationConfig } from './config.js';
import { listingFor, nextPass } from './listing.js';
import {
  applySettingsUpdate, everySecondsOf, filterQuery, filtersWiden, readSyncSettings, toStoredConfig, type SyncSettings,
} from './settings.js';

const ALL = ['WAREHOUSES', 'WAREHOUSE_LOCATIONS', 'SHIPPING_METHODS', 'PRODUCTS', 'INVENTORY', 'ORDERS', 'RETURNS', 'INBOUND_SHIPMENTS'] as const;
const defaults = () => readSyncSettings({});

describe('sync settings: reading', () => {
  it('defaults to today\'s intervals (NEAR_REAL_TIME), no pause, no filters, 30 backfill days', () => {
    const s = defaults();
    expect(s.backfillDays).toBe(30);
    for (const r of ALL) expect(s.resources[r]).toEqual({ preset: 'NEAR_REAL_TIME', customEverySeconds: null, paused: false, filters: {} });
    expect(everySecondsOf('ORDERS', s.resources.ORDERS)).toBe(300);
    expect(everySecondsOf('PRODUCTS', s.resources.PRODUCTS)).toBe(900);
    expect(everySecondsOf('WAREHOUSES', s.resources.WAREHOUSES)).toBe(12 * 3600);
  });

  it('maps the presets to intervals: Trackstar defaults are hourly, 12 h for reference data', () => {
    const s = defaults();
    const trackstar = { ...s.resources.ORDERS, preset: 'TRACKSTAR_DEFAULTS' as const };
    expect(everySecondsOf('ORDERS', trackstar)).toBe(3600);
    expect(everySecondsOf('INVENTORY', trackstar)).toBe(3600);
    expect(everySecondsOf('WAREHOUSE_LOCATIONS', trackstar)).toBe(12 * 3600);
    expect(everySecondsOf('ORDERS', { ...trackstar, preset: 'CUSTOM', customEverySeconds: 120 })).toBe(120);
  });

  it('reads the legacy schedules override as a CUSTOM interval, and round-trips what it stores', () => {
    const legacy = readSyncSettings({ backfillDays: 90, schedules: { ORDERS: 120 } });
    expect(legacy.resources.ORDERS).toMatchObject({ preset: 'CUSTOM', customEverySeconds: 120 });
    expect(parseIntegrationConfig({ schedules: { ORDERS: 120 } }).everySeconds('ORDERS')).toBe(120);
    const stored = toStoredConfig({ backfillDays: 90, schedules: { ORDERS: 120 } }, legacy);
    expect(stored).not.toHaveProperty('schedules');
    expect(readSyncSettings(JSON.parse(JSON.stringify(stored)))).toEqual(legacy);
  });

  it('falls back per setting on malformed stored values instead of crashing', () => {
    for (const bad of [null, 'x', 42, { backfillDays: -1 }, { resources: 'all' }, { resources: { ORDERS: { preset: 'SOMETIMES' } } }, { resources: { ORDERS: { everySeconds: 5, preset: 'CUSTOM' } } }]) {
      expect(readSyncSettings(bad)).toEqual(defaults());
    }
    // A filter a resource cannot take is ignored on read (it would be refused on update).
    expect(readSyncSettings({ resources: { INVENTORY: { filters: { warehouseIds: ['wh_1'] } } } }).resources.INVENTORY.filters).toEqual({});
    // One bad resource does not reset the others.
    const mixed = readSyncSettings({ backfillDays: 7, resources: { ORDERS: { paused: 'yes' }, RETURNS: { paused: true } } });
    expect(mixed.backfillDays).toBe(7);
    expect(mixed.resources.ORDERS.paused).toBe(false);
    expect(mixed.resources.RETURNS.paused).toBe(true);
  });
});

describe('sync settings: updates', () => {
  const synced = [...ALL];
  const apply = (update: Parameters<typeof applySettingsUpdate>[1], current: SyncSettings = defaults(), resources: readonly (typeof ALL)[number][] = synced) =>
    applySettingsUpdate(current, update, resources);

  it('changes only what the update names', () => {
    const { settings, errors } = apply({ resources: [{ resource: 'ORDERS', preset: 'CUSTOM', everySeconds: 600 }, { resource: 'RETURNS', paused: true }] });
    expect(errors).toEqual([]);
    expect(settings.resources.ORDERS).toMatchObject({ preset: 'CUSTOM', customEverySeconds: 600, paused: false });
    expect(settings.resources.RETURNS).toMatchObject({ preset: 'NEAR_REAL_TIME', paused: true });
    expect(settings.resources.INVENTORY).toEqual(defaults().resources.INVENTORY);
    expect(settings.backfillDays).toBe(30);
    // Switching presets keeps the custom interval for later.
    const back = apply({ resources: [{ resource: 'ORDERS', preset: 'TRACKSTAR_DEFAULTS' }] }, settings).settings;
    expect(back.resources.ORDERS).toMatchObject({ preset: 'TRACKSTAR_DEFAULTS', customEverySeconds: 600 });
    expect(apply({ resources: [{ resource: 'ORDERS', preset: 'CUSTOM' }] }, back).settings.resources.ORDERS.preset).toBe('CUSTOM');
  });

  it('refuses each bad value with a message naming its field, and changes nothing it refused', () => {
    const { errors } = apply({
      backfillDays: 0,
      resources: [
        { resource: 'ORDERS', preset: 'CUSTOM', everySeconds: 30 },
        { resource: 'INVENTORY', preset: 'NEAR_REAL_TIME', everySeconds: 600 },
        { resource: 'PRODUCTS', preset: 'CUSTOM' },
        { resource: 'RETURNS', filters: { warehouseIds: ['wh_1'] } },
        { resource: 'WAREHOUSES', filters: { channels: ['ch_x'] } },
        { resource: 'INBOUND_SHIPMENTS', filters: { warehouseIds: ['a,b'], warehouseCustomerIds: ['  '] } },
        { resource: 'ORDERS', paused: true },
      ],
    });
    expect(errors.map((e) => e.field)).toEqual([
      'backfillDays',
      'resources.ORDERS.everySeconds',
      'resources.INVENTORY.everySeconds',
      'resources.PRODUCTS.everySeconds',
      'resources.RETURNS.filters.warehouseIds',
      'resources.WAREHOUSES.filters.channels',
      'resources.INBOUND_SHIPMENTS.filters.warehouseIds',
      'resources.INBOUND_SHIPMENTS.filters.warehouseCustomerIds',
      'resources.ORDERS',
    ]);
    expect(errors[0].message).toMatch(/1 to 1098/);
    expect(errors[1].message).toMatch(/60 \(1 min\) to 604800/);
    expect(errors[2].message).toMatch(/only to the CUSTOM schedule/);
    expect(errors[4].message).toMatch(/cannot filter RETURNS by warehouse; it can be filtered by warehouse customer/);
    expect(errors[5].message).toMatch(/takes no filters/);
    expect(errors[6].message).toMatch(/comma/);
    expect(errors[7].message).toMatch(/blank/);
    expect(errors[8].message).toMatch(/more than once/);
  });

  it('refuses resources the connection does not sync, unknown order types and over 100 values', () => {
    const { errors } = apply({ resources: [{ resource: 'RETURNS', paused: true }, { resource: 'ORDERS', filters: { orderTypes: ['d2c', 'retail'], channels: Array.from({ length: 101 }, (_, i) => `ch_${i}`) } }] }, defaults(), ['ORDERS']);
    expect(errors).toEqual([
      { field: 'resources.RETURNS', message: 'This connection does not sync RETURNS; it syncs ORDERS' },
      { field: 'resources.ORDERS.filters.channels', message: "At most 100 values per filter (Trackstar's limit); got 101" },
      { field: 'resources.ORDERS.filters.orderTypes', message: 'Unknown order type "retail"; use d2c, b2b, dropship, transfer' },
    ]);
  });

  it('replaces a resource\'s filters as a whole, trimmed and deduplicated; empty lists remove a filter', () => {
    const first = apply({ resources: [{ resource: 'ORDERS', filters: { channels: [' ch_a ', 'ch_a', 'ch_b'], orderTypes: ['d2c'] } }] }).settings;
    expect(first.resources.ORDERS.filters).toEqual({ channels: ['ch_a', 'ch_b'], orderTypes: ['d2c'] });
    const second = apply({ resources: [{ resource: 'ORDERS', filters: { channels: [], warehouseCustomerIds: ['wc_1'] } }] }, first).settings;
    expect(second.resources.ORDERS.filters).toEqual({ warehouseCustomerIds: ['wc_1'] });
  });
});

describe('sync filters: scope and listing', () => {
  it('widening means a filter was dropped or gained a value; narrowing and adding a filter do not widen', () => {
    expect(filtersWiden({}, { channels: ['a'] })).toBe(false);
    expect(filtersWiden({ channels: ['a', 'b'] }, { channels: ['a'] })).toBe(false);
    expect(filtersWiden({ channels: ['a'] }, { channels: ['a'], orderTypes: ['d2c'] })).toBe(false);
    expect(filtersWiden({ channels: ['a'] }, {})).toBe(true);
    expect(filtersWiden({ channels: ['a'] }, { channels: ['a', 'b'] })).toBe(true);
    expect(filtersWiden({ channels: ['a'] }, { channels: ['b'] })).toBe(true);
  });

  it('turns filters into the parameters each list accepts', () => {
    expect(filterQuery('ORDERS', { channels: ['ch_a', 'ch_b'], orderTypes: ['d2c'], warehouseCustomerIds: ['wc_1'] }))
      .toEqual({ 'channel[in]': 'ch_a,ch_b', 'type[in]': 'd2c', 'warehouse_customer_id[in]': 'wc_1' });
    expect(filterQuery('PRODUCTS', { warehouseCustomerIds: ['wc_1'], channels: ['ch_a'] })).toEqual({ 'warehouse_customer_id[in]': 'wc_1' });
    // Warehouses are listing passes, not a parameter.
    expect(filterQuery('INBOUND_SHIPMENTS', { warehouseIds: ['wh_1'] })).toEqual({});
  });

  it('lists inbound shipments once per chosen warehouse, with warehouse_id', () => {
    const plan = { query: { 'updated_date[gte]': '2026-01-01T00:00:00Z' }, warehouseIds: ['wh_1', 'wh_2'], warehouseIndex: 0 };
    expect(listingFor('INBOUND_SHIPMENTS', plan)).toEqual({ path: '/wms/inbound-shipments', query: { ...plan.query, warehouse_id: 'wh_1' } });
    const second = nextPass(plan)!;
    expect(listingFor('INBOUND_SHIPMENTS', second)?.query.warehouse_id).toBe('wh_2');
    expect(nextPass(second)).toBeNull();
    expect(listingFor('WAREHOUSE_LOCATIONS', plan)?.path).toBe('/wms/warehouses/wh_1/locations');
    expect(listingFor('WAREHOUSE_LOCATIONS', { query: {}, warehouseIds: [], warehouseIndex: 0 })).toBeNull();
    expect(listingFor('ORDERS', { query: {} })).toEqual({ path: '/wms/orders', query: {} });
  });
});

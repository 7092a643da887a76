import { describe, expect, it } from 'vitest';
import { parseIntegrationConfig } from './config.js';
import { OVERLAP_MS, runStart, trackstarDate, windowFilters } from './cursor.js';
import { readableResources } from './resources.js';
import { validateRecords } from './validate.js';
import { orderRecord } from '../../test/support/sync-records.js';

const NOW = Date.parse('2026-11-23T05:10:17.654Z');

describe('sync window', () => {
  it('formats dates the way Trackstar filters require (whole seconds, Z)', () => {
    expect(trackstarDate(NOW)).toBe('2026-11-23T05:10:17Z');
    expect(trackstarDate(Date.parse('2026-11-23T05:10:17.999Z'))).toBe('2026-11-23T05:10:17Z');
    expect(trackstarDate(NOW)).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/);
  });

  it('rounds the run start down to the second so the cursor is exact upstream', () => {
    expect(runStart(NOW).toISOString()).toBe('2026-11-23T05:10:17.000Z');
  });

  it('reads from the cursor minus a two-minute overlap', () => {
    expect(OVERLAP_MS).toBe(120_000);
    const cursor = new Date('2026-11-23T05:00:00Z');
    expect(windowFilters('ORDERS', cursor, 30, NOW)).toEqual({ 'updated_date[gte]': '2026-11-23T04:58:00Z' });
    expect(windowFilters('INVENTORY', cursor, 30, NOW)).toEqual({ 'updated_date[gte]': '2026-11-23T04:58:00Z' });
    // Across midnight and a month boundary.
    expect(windowFilters('PRODUCTS', new Date('2026-12-01T00:01:00Z'), 30, NOW)).toEqual({ 'updated_date[gte]': '2026-11-30T23:59:00Z' });
  });

  it('backfills orders, returns and inbound shipments N days; reference and stock data in full', () => {
    expect(windowFilters('ORDERS', null, 30, NOW)).toEqual({ 'updated_date[gte]': '2026-10-24T05:10:17Z' });
    expect(windowFilters('RETURNS', null, 7, NOW)).toEqual({ 'updated_date[gte]': '2026-11-16T05:10:17Z' });
    expect(windowFilters('INBOUND_SHIPMENTS', null, 1, NOW)).toEqual({ 'updated_date[gte]': '2026-11-22T05:10:17Z' });
    for (const r of ['WAREHOUSES', 'WAREHOUSE_LOCATIONS', 'SHIPPING_METHODS', 'PRODUCTS', 'INVENTORY'] as const) expect(windowFilters(r, null, 30, NOW)).toEqual({});
  });
});

describe('integration config', () => {
  it('uses defaults and per-integration overrides', () => {
    const defaults = parseIntegrationConfig({});
    expect(defaults.backfillDays).toBe(30);
    expect(defaults.everySeconds('ORDERS')).toBe(300);
    expect(defaults.everySeconds('INVENTORY')).toBe(300);
    expect(defaults.everySeconds('PRODUCTS')).toBe(900);
    expect(defaults.everySeconds('WAREHOUSES')).toBe(12 * 3600);
    const custom = parseIntegrationConfig({ backfillDays: 90, schedules: { ORDERS: 120 } });
    expect(custom.backfillDays).toBe(90);
    expect(custom.everySeconds('ORDERS')).toBe(120);
    expect(custom.everySeconds('RETURNS')).toBe(900);
  });

  it('falls back to defaults on malformed config instead of crashing', () => {
    for (const bad of [null, 'x', { backfillDays: -1 }, { schedules: { ORDERS: 5 } }, { schedules: 'often' }]) {
      const c = parseIntegrationConfig(bad);
      expect(c.backfillDays).toBe(30);
      expect(c.everySeconds('ORDERS')).toBe(300);
    }
  });
});

describe('resources a connection can read', () => {
  it('follows available_actions', () => {
    expect(readableResources(['get_orders', 'get_warehouse_locations', 'create_order', 'get_bills'])).toEqual(['WAREHOUSE_LOCATIONS', 'ORDERS']);
    expect(readableResources([])).toEqual([]);
  });
});

describe('record validation', () => {
  it('validates each record on its own and keeps the newest copy of an id', () => {
    const { valid, invalid } = validateRecords<{ id: string }>('ORDERS', [
      orderRecord('a', '2026-01-02T00:00:00Z'),
      { ...orderRecord('b', '2026-01-01T00:00:00Z'), line_items: 'nope' },
      orderRecord('a', '2026-01-01T00:00:00Z'),
      42,
    ]);
    expect(valid.map((v) => [v.record.id, v.updatedMs])).toEqual([['a', Date.parse('2026-01-02T00:00:00Z')]]);
    expect(invalid).toEqual([
      { id: 'b', error: expect.stringContaining('line_items') },
      { id: null, error: 'record is not an object' },
    ]);
  });
});

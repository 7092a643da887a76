// Generated data: deterministic per seed, realistic proportions, internally consistent, and fast.
import { describe, expect, it } from 'vitest';
import { InventoryItemSchema, ORDER_STATUSES, OrderSchema, ProductSchema } from '../../trackstar-contract/contract.js';
import { generateDataset } from '../src/generate/index.js';
import { checkStock } from './helpers.js';

const NOW = Date.parse('2025-06-01T12:00:00Z');
const DAY = 86_400_000;

describe('generateDataset', () => {
  it('is deterministic for a seed and differs between seeds', () => {
    const a = generateDataset({ seed: 7, now: NOW, products: 50, orders: 200 }).data;
    const b = generateDataset({ seed: 7, now: NOW, products: 50, orders: 200 }).data;
    const c = generateDataset({ seed: 8, now: NOW, products: 50, orders: 200 }).data;
    expect(JSON.stringify(a.orders.all())).toBe(JSON.stringify(b.orders.all()));
    expect(JSON.stringify(a.inventory.all())).toBe(JSON.stringify(b.inventory.all()));
    expect(a.orders.all()[0].id).not.toBe(c.orders.all()[0].id);
  });

  it('has the expected shape and proportions', () => {
    const { data } = generateDataset({ seed: 1, now: NOW, products: 300, orders: 2000 });
    expect(data.warehouses.size).toBeGreaterThanOrEqual(2);
    expect(data.warehouses.size).toBeLessThanOrEqual(3);
    expect(data.warehouse_locations.size).toBeGreaterThan(data.warehouses.size * 10);
    expect(data.products.size).toBe(300);
    const kits = data.products.all().filter((p) => p.is_kit);
    expect(kits.length).toBeGreaterThan(5);
    for (const k of kits) expect(k.inventory_items.length).toBeGreaterThanOrEqual(2);
    expect(data.inventory.size).toBe(300 - kits.length);
    expect(data.returns.size).toBeGreaterThan(10);
    expect(data.inbound_shipments.size).toBeGreaterThan(10);
    expect(data.shipping_methods.size).toBeGreaterThan(5);
    expect(data.warehouse_customers.size).toBeGreaterThanOrEqual(3);

    const orders = data.orders.all();
    expect(orders).toHaveLength(2000);
    expect(new Set(orders.map((o) => o.status))).toEqual(new Set(ORDER_STATUSES));
    expect(orders.filter((o) => o.status === 'fulfilled').length / orders.length).toBeGreaterThan(0.7);
    const ages = orders.map((o) => NOW - Date.parse(o.created_date));
    expect(Math.max(...ages)).toBeLessThanOrEqual(90 * DAY);
    expect(Math.max(...ages)).toBeGreaterThan(80 * DAY);
    for (const o of orders) {
      expect(Date.parse(o.updated_date)).toBeGreaterThanOrEqual(Date.parse(o.created_date));
      expect(Date.parse(o.updated_date)).toBeLessThanOrEqual(NOW);
      if (o.status === 'fulfilled' || o.status === 'partially_fulfilled') {
        expect(o.shipments.length, o.id).toBeGreaterThan(0);
        expect(o.shipments[0].packages[0].tracking_url).toMatch(/^https:\/\/(www\.ups|www\.fedex|tools\.usps|www\.dhl)\.com\//);
      } else expect(o.shipments).toEqual([]);
    }
    const carriers = new Set(orders.flatMap((o) => o.shipments.flatMap((s) => s.packages.map((p) => p.carrier_name))));
    expect(carriers).toEqual(new Set(['UPS', 'FedEx', 'USPS', 'DHL']));
    for (const o of orders.slice(0, 200)) OrderSchema.parse(o);
    for (const p of data.products.all()) ProductSchema.parse(p);
    for (const i of data.inventory.all()) InventoryItemSchema.parse(i);
    for (const s of ['open', 'in-transit', 'receiving', 'received', 'cancelled', 'other']) {
      expect(data.inbound_shipments.all().some((r) => r.status === s), `inbound ${s}`).toBe(true);
      expect(data.returns.all().some((r) => r.status === s), `return ${s}`).toBe(true);
    }
  });

  it('keeps stock consistent: committed matches open orders, awaiting matches open ASNs', () => {
    const { data } = generateDataset({ seed: 3, now: NOW, products: 120, orders: 1500 });
    checkStock(data);
    const committed = data.inventory.all().reduce((s, i) => s + i.committed, 0);
    expect(committed).toBeGreaterThan(0);
    const awaiting = data.inventory.all().reduce((s, i) => s + i.awaiting, 0);
    const expected = data.inbound_shipments.all()
      .filter((a) => ['open', 'in-transit', 'receiving'].includes(a.status))
      .reduce((s, a) => s + a.line_items.reduce((t, l) => t + l.expected_quantity - l.received_quantity, 0), 0);
    expect(awaiting).toBe(expected);
  });

  it('generates 50,000 orders for one connection in a few seconds', () => {
    const started = performance.now();
    const cpu = process.cpuUsage();
    const { data } = generateDataset({ seed: 11, now: NOW, products: 300, orders: 50_000 });
    const used = process.cpuUsage(cpu);
    const cpuMs = (used.user + used.system) / 1000;
    expect(data.orders.size).toBe(50_000);
    console.log(`generated 50,000 orders in ${Math.round(performance.now() - started)} ms (${Math.round(cpuMs)} ms CPU)`);
    // A generous budget that a slower machine still meets; CPU time rather than wall time, so a busy
    // machine running other suites does not fail the test, while a real slowdown (a regression that
    // multiplies the work) still does.
    expect(cpuMs).toBeLessThan(8000);
  }, 60_000);
});

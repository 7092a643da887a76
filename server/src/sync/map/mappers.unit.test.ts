import { describe, expect, it } from 'vitest';
import { InventoryItemSchema, OrderSchema, type InventoryItem, type Order } from '../../../../trackstar-contract/contract.js';
import { inventoryRecord, orderRecord, returnRecord } from '../../../test/support/sync-records.js';
import { mapInventoryItem, mapInventoryLevels, quantitiesDiffer } from './inventory.js';
import { mapOrder, mapOrderChildren } from './orders.js';
import { mapReturn } from './receiving.js';
import { decimal, toEnum, utc } from './values.js';
import { ReturnSchema, type Return } from '../../../../trackstar-contract/contract.js';

describe('value conversions', () => {
  it('maps Trackstar enum words to Packr enums, unknown ones to OTHER', () => {
    const receiving = ['OPEN', 'IN_TRANSIT', 'RECEIVING', 'RECEIVED', 'CANCELLED'] as const;
    expect(toEnum('in-transit', receiving)).toBe('IN_TRANSIT');
    expect(toEnum('received', receiving)).toBe('RECEIVED');
    expect(toEnum('lost at sea', receiving)).toBe('OTHER');
    expect(toEnum(null, receiving)).toBe('OTHER');
    expect(toEnum('partially_fulfilled', ['PARTIALLY_FULFILLED'] as const)).toBe('PARTIALLY_FULFILLED');
  });

  it('normalizes instants to UTC and keeps money exact', () => {
    expect(utc('2026-01-01T02:00:00+02:00')).toBe('2026-01-01T00:00:00.000Z');
    expect(utc('2026-01-01T00:00:00Z')).toBe('2026-01-01T00:00:00.000Z');
    expect(utc('nonsense')).toBeNull();
    expect(utc(null)).toBeNull();
    expect(decimal(19.99)).toBe('19.99');
    expect(decimal(0)).toBe('0');
    expect(decimal(null)).toBeNull();
    expect(decimal(Number.NaN)).toBeNull();
  });
});

describe('order mapper', () => {
  const raw = orderRecord('o1', '2026-02-01T10:00:00Z');
  const order = OrderSchema.parse(raw) as Order;

  it('maps the order columns', () => {
    expect(mapOrder(order, raw)).toMatchObject({
      externalId: 'o1', warehouseCustomerId: 'wc-1', warehouseExternalId: 'wh-1', orderNumber: '#o1', referenceId: 'ref-o1',
      status: 'OPEN', rawStatus: 'Open', channel: 'Shopify', type: 'd2c', shippingMethodName: 'Ground', carrierName: 'UPS',
      currency: 'USD', totalPrice: '42.5', totalTax: '3.4', totalDiscount: '0', totalShipping: '5.99', tags: ['vip', 'rush:yes'],
      requiredShipDate: null, createdAtRemote: '2026-01-01T00:00:00.000Z', updatedAtRemote: '2026-02-01T10:00:00.000Z', rawData: raw,
    });
  });

  it('keeps an unknown status word as OTHER (validation parsed it as other)', () => {
    const odd = { ...raw, status: 'on_the_moon' };
    expect(mapOrder(OrderSchema.parse({ ...odd, status: 'other' }) as Order, odd).status).toBe('OTHER');
  });

  it('maps line items in position order, shipments with generated ids and their packages', () => {
    const children = mapOrderChildren(order, raw);
    expect(children.lineItems).toEqual([
      { position: 0, productExternalId: 'p-1', sku: 'SKU-1', quantity: 2, unitPrice: '10.25', discountAmount: null, isPicked: false },
      { position: 1, productExternalId: 'p-2', sku: 'SKU-2', quantity: 1, unitPrice: '22', discountAmount: '1.5', isPicked: true },
    ]);
    expect(children.shipments).toHaveLength(1);
    const [shipment] = children.shipments;
    expect(shipment).toMatchObject({ externalId: 's-o1', status: 'SHIPPED', carrierName: 'UPS', serviceName: 'Ground', trackingNumbers: ['1Zo1'], updatedAtRemote: '2026-02-01T10:00:00.000Z' });
    expect(shipment.id).toMatch(/^[0-9a-f-]{36}$/);
    expect(children.packages).toEqual([expect.objectContaining({ shipmentId: shipment.id, externalId: 'pk-o1', trackingNumber: '1Zo1', shippingCost: '7.1', carrierName: 'UPS' })]);
  });

  it('keeps a repeated shipment id once', () => {
    const twice = { ...raw, shipments: [raw.shipments[0], raw.shipments[0]] };
    expect(mapOrderChildren(OrderSchema.parse(twice) as Order, twice).shipments).toHaveLength(1);
  });
});

describe('inventory mapper', () => {
  const raw = inventoryRecord('i1', '2026-03-01T00:00:00Z', 10);
  const item = InventoryItemSchema.parse(raw) as InventoryItem;

  it('maps quantities and one level per warehouse', () => {
    expect(mapInventoryItem(item, raw)).toMatchObject({ externalId: 'i1', sku: 'SKU-i1', onHand: 10, fulfillable: 9, sellable: 9, committed: 1, awaiting: 0, unfulfillable: 0, unitCost: '3.25' });
    expect(mapInventoryLevels(item)).toEqual([{ warehouseExternalId: 'wh-1', awaiting: 0, onHand: 10, committed: 1, unfulfillable: 0, fulfillable: 9, sellable: 9 }]);
  });

  it('tells whether quantities changed', () => {
    const q = { awaiting: 0, onHand: 10, committed: 1, unfulfillable: 0, fulfillable: 9, sellable: 9 };
    expect(quantitiesDiffer(q, { ...q })).toBe(false);
    expect(quantitiesDiffer(q, { ...q, sellable: 8 })).toBe(true);
  });
});

describe('receiving mapper', () => {
  it('maps returns with the hyphenated status', () => {
    const raw = returnRecord('r1', '2026-03-01T00:00:00Z', 'in-transit');
    expect(mapReturn(ReturnSchema.parse(raw) as Return, raw)).toMatchObject({ externalId: 'r1', status: 'IN_TRANSIT', orderExternalId: 'o-1', notes: ['damaged box'] });
  });
});

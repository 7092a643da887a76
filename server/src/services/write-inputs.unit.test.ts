// The write inputs' checks and the Trackstar bodies built from them, without a database.
import { encodeGlobalID } from '@pothos/plugin-relay';
import { describe, expect, it } from 'vitest';
import {
  AdjustInventoryInput, CreateOrderInput, ShipOrderInput, UpdateOrderInput, adjustInventoryBody, createOrderBody,
  inputFieldOf, parseInput, rawIdempotencyKey, shipOrderBody, updateOrderBody,
} from './write-inputs.js';

const uuid = '2d7d1f0e-8b9c-4a55-9f0e-111111111111';
const address = { address1: '1 Main St', city: 'Austin', state: 'TX', postalCode: '78701', country: 'US' };

describe('write inputs', () => {
  it('reads null as absent, takes ids as global ids or uuids, and builds a body without unset fields', () => {
    const parsed = parseInput(CreateOrderInput, {
      orderNumber: ' A-1 ', shipToAddress: { ...address, company: null }, referenceId: null,
      lineItems: [{ productId: encodeGlobalID('Product', uuid), quantity: 2, unitPrice: null }], shippingMethodId: uuid.toUpperCase(),
    });
    expect(parsed).toEqual({ ok: true, value: expect.objectContaining({ orderNumber: 'A-1', shippingMethodId: uuid, lineItems: [{ productId: uuid, quantity: 2 }] }) });
    if (!parsed.ok) return;
    expect(createOrderBody(parsed.value, { productIds: ['prod_1'], shippingMethodId: 'sm_1' })).toEqual({
      order_number: 'A-1', shipping_method_id: 'sm_1',
      ship_to_address: { address1: '1 Main St', city: 'Austin', state: 'TX', postal_code: '78701', country: 'US' },
      line_items: [{ product_id: 'prod_1', quantity: 2 }],
    });
  });

  it('refuses field by field: empty and null-like strings, unknown fields, wrong types, ids of another type', () => {
    const parsed = parseInput(AdjustInventoryInput, {
      inventoryItemId: encodeGlobalID('Order', uuid), warehouseId: 'x', quantity: 1.5, adjustmentType: 'SIDEWAYS', locationId: 'None', extra: 1,
    });
    expect(parsed.ok).toBe(false);
    if (parsed.ok) return;
    expect(parsed.errors).toEqual(expect.arrayContaining([
      { field: ['inventoryItemId'], message: 'Not a valid InventoryItem ID' },
      { field: ['warehouseId'], message: 'Not a valid Warehouse ID' },
      { field: ['quantity'], message: 'Must be a whole number' },
      { field: ['adjustmentType'], message: 'Must be one of INCREASE, DECREASE' },
      { field: ['locationId'], message: expect.stringContaining('null-like') },
      { field: ['extra'], message: 'Unknown field' },
    ]));
    expect(parseInput(AdjustInventoryInput, [1])).toEqual({ ok: false, errors: [{ field: null, message: 'The input must be an object' }] });
    expect(parseInput(UpdateOrderInput, { idempotencyKey: 'k' })).toEqual({ ok: false, errors: [{ field: null, message: 'Nothing to change: give at least one field' }] });
  });

  it('sends dates in whole seconds, enums in lower case, and the adjustment without its reason', () => {
    const ship = parseInput(ShipOrderInput, {
      warehouseId: uuid, shippedDate: new Date('2026-01-02T03:04:05.678Z'), trackingNumber: 'T', shippingCost: 0,
      measurements: { weight: 2, weightUnit: 'lb', unit: 'CM' },
    });
    expect(ship.ok && shipOrderBody(ship.value, { warehouseId: 'wh_1' })).toEqual({
      shipped_date: '2026-01-02T03:04:05Z', tracking_number: 'T', shipping_cost: 0, warehouse_id: 'wh_1',
      measurements: { unit: 'cm', weight: 2, weight_unit: 'lb' },
    });
    const update = parseInput(UpdateOrderInput, { status: 'CANCELLED', shipToAddress: { city: 'Dallas' } });
    expect(update.ok && updateOrderBody(update.value, {})).toEqual({ status: 'cancelled', ship_to_address: { city: 'Dallas' } });
    const adjust = parseInput(AdjustInventoryInput, { inventoryItemId: uuid, warehouseId: uuid, quantity: 3, adjustmentType: 'DECREASE', reason: 'damaged' });
    expect(adjust.ok && adjustInventoryBody(adjust.value, { warehouseId: 'wh_1' })).toEqual({ quantity: 3, adjustment_type: 'decrease', warehouse_id: 'wh_1' });
  });

  it('maps Trackstar body paths to input fields, and keeps only usable idempotency keys', () => {
    expect(inputFieldOf('line_items.0.product_id')).toEqual(['lineItems', '0', 'productId']);
    expect(inputFieldOf('ship_to_address.postal_code')).toEqual(['shipToAddress', 'postalCode']);
    expect(inputFieldOf('(body)')).toBeNull();
    expect(rawIdempotencyKey({ idempotencyKey: 'order-42' })).toBe('order-42');
    for (const bad of [' lead', 'new\nline', 'x'.repeat(256), '', 42]) expect(rawIdempotencyKey({ idempotencyKey: bad })).toBeUndefined();
  });
});

// The shared contract itself: lenient where Trackstar is, strict where Packr relies on values.
import { describe, expect, it } from 'vitest';
import {
  ConnectionErrorSchema, ConnectionResponseSchema, InventoryItemSchema, OrderSchema, historicalResourceKey, normalizeEventType,
} from '../../trackstar-contract/contract.js';

const order = {
  id: 'o1', created_date: '2024-01-01T00:00:00Z', updated_date: '2024-01-02T00:00:00Z', reference_id: 'r', order_number: 'n',
  status: 'open', ship_to_address: {}, line_items: [{ product_id: 'p', quantity: 1 }],
};

describe('contract schemas', () => {
  it('accept missing or null descriptive fields and unknown keys, filling nulls and defaults', () => {
    const o = OrderSchema.parse({ ...order, carrier_name: null, brand_new_field: 1 });
    expect(o).toMatchObject({ raw_status: null, carrier_name: null, tags: [], shipments: [], invoice_currency_code: 'USD', brand_new_field: 1 });
    expect(o.ship_to_address.city).toBeNull();
  });

  it('refuse what Packr relies on: ids, dates, statuses, integer quantities', () => {
    expect(OrderSchema.safeParse({ ...order, id: undefined }).success).toBe(false);
    expect(OrderSchema.safeParse({ ...order, updated_date: 'yesterday' }).success).toBe(false);
    expect(OrderSchema.safeParse({ ...order, status: 'shipped' }).success).toBe(false);
    expect(OrderSchema.safeParse({ ...order, line_items: [{ product_id: 'p', quantity: '1' }] }).success).toBe(false);
    const item = {
      id: 'i', created_date: '2024-01-01T00:00:00Z', updated_date: '2024-01-01T00:00:00Z', name: 'x', active: true,
      awaiting: 0, onhand: 1, committed: 0, unfulfillable: 0, fulfillable: 1, unsellable: 0, sellable: 1,
      inventory_by_warehouse_id: { w: { onhand: 1 } }, measurements: {},
    };
    expect(InventoryItemSchema.parse(item).inventory_by_warehouse_id.w.committed).toBeNull();
    expect(InventoryItemSchema.safeParse({ ...item, onhand: 1.5 }).success).toBe(false);
  });

  it('accept both documented connection error shapes and both GET /connections/{id} shapes', () => {
    expect(ConnectionErrorSchema.safeParse({ error_message: 'x', affected_endpoints: [], first_seen: '2024-01-01T00:00:00Z', last_seen: '2024-01-01T00:00:00Z' }).success).toBe(true);
    expect(ConnectionErrorSchema.safeParse({ error_type: 'invalid_credentials', resource: 'orders', message: 'x' }).success).toBe(true);
    const conn = {
      connection_id: 'c', integration_name: 'x', created_at: '2024-01-01T00:00:00Z', available_actions: [], integration_type: 'wms',
    };
    expect(ConnectionResponseSchema.safeParse({ data: [conn], next_token: null, total_count: 1 }).success).toBe(true);
    expect(ConnectionResponseSchema.safeParse({ data: conn }).success).toBe(true);
  });

  it('normalise event names and historical-sync resources', () => {
    expect(normalizeEventType('inbound_shipment.receipt.created')).toBe('inbound-shipment.receipt.created');
    expect(normalizeEventType('shipping_method.updated')).toBe('shipping-method.updated');
    expect(normalizeEventType('inventory_ledger.created')).toBe('inventory_ledger.created');
    expect(historicalResourceKey('orders')).toBe('orders');
    expect(historicalResourceKey('warehouse_locations')).toBe('warehouse_locations');
    expect(historicalResourceKey('inbound-shipments')).toBe('inbound_shipments');
    expect(historicalResourceKey('bills')).toBeUndefined();
  });
});

import { describe, expect, it } from 'vitest';
import { affectedResources, historicalResource, routeEvent } from './event-routing.js';

describe('routeEvent', () => {
  it.each([
    ['order.created', 'ORDERS'],
    ['order.updated', 'ORDERS'],
    ['order.shipment.created', 'ORDERS'],
    ['product.updated', 'PRODUCTS'],
    ['inventory.created', 'INVENTORY'],
    ['inventory.updated', 'INVENTORY'],
    ['warehouse.updated', 'WAREHOUSES'],
    ['warehouse-location.created', 'WAREHOUSE_LOCATIONS'],
    ['warehouse_location.created', 'WAREHOUSE_LOCATIONS'],
    ['inbound-shipment.updated', 'INBOUND_SHIPMENTS'],
    ['inbound_shipment.receipt.created', 'INBOUND_SHIPMENTS'],
    ['return.created', 'RETURNS'],
    ['shipping_method.updated', 'SHIPPING_METHODS'],
  ])('%s applies %s', (type, resource) => {
    expect(routeEvent(type)).toEqual({ kind: 'apply', resource });
  });

  it('routes connection events', () => {
    expect(routeEvent('connection.historical-sync-completed')).toEqual({ kind: 'historical-sync-completed' });
    expect(routeEvent('connection-error.created')).toEqual({ kind: 'connection-error', resolved: false });
    expect(routeEvent('connection_error.deleted')).toEqual({ kind: 'connection-error', resolved: true });
    expect(routeEvent('connection.created')).toEqual({ kind: 'connection-created' });
    expect(routeEvent('connection.deleted')).toEqual({ kind: 'connection-deleted' });
  });

  it.each(['order.deleted', 'bill.created', 'inventory_ledger.updated', 'warehouse-customer.created', 'connection.force-sync-completed', 'nonsense', ''])(
    'ignores %s with a reason',
    (type) => {
      const route = routeEvent(type);
      expect(route.kind).toBe('ignore');
      if (route.kind === 'ignore') expect(route.reason).toMatch(/not handled/);
    },
  );
});

describe('historicalResource', () => {
  it.each([
    ['orders', 'ORDERS'],
    ['inventory', 'INVENTORY'],
    ['inbound_shipments', 'INBOUND_SHIPMENTS'],
    ['inbound-shipments', 'INBOUND_SHIPMENTS'],
    ['warehouse-locations', 'WAREHOUSE_LOCATIONS'],
    ['shipping_method', 'SHIPPING_METHODS'],
    ['get_products', 'PRODUCTS'],
  ])('%s -> %s', (value, resource) => expect(historicalResource(value)).toBe(resource));

  it('returns null for what Packr does not sync', () => {
    expect(historicalResource('bills')).toBeNull();
    expect(historicalResource(42)).toBeNull();
  });
});

describe('affectedResources', () => {
  it('maps SPEC endpoints, function names and resource names to synced resources', () => {
    expect(affectedResources({ affected_endpoints: [{ endpoint: 'GET /wms/orders', preventing_sync: true }] })).toEqual({ stopped: ['ORDERS'], notStopped: [] });
    expect(affectedResources({ affected_endpoints: ['get_inventory', { resource: 'inbound_shipments' }, { endpoint: 'GET /wms/warehouses/{warehouse_id}/locations', preventing_sync: true }] }))
      .toEqual({ stopped: ['WAREHOUSE_LOCATIONS', 'INVENTORY', 'INBOUND_SHIPMENTS'], notStopped: [] });
    expect(affectedResources({ affected_endpoints: [{ endpoint: 'GET /wms/inventory', preventing_sync: true }, { endpoint: 'GET /wms/orders', preventing_sync: false }] }))
      .toEqual({ stopped: ['INVENTORY'], notStopped: ['ORDERS'] });
  });

  it('names nothing for writes, unsynced functions, junk and missing lists', () => {
    const none = { stopped: [], notStopped: [] };
    expect(affectedResources({ affected_endpoints: [{ endpoint: 'POST /wms/orders', preventing_sync: true }, 'get_bills', { endpoint: 'GET /wms/inventory-ledger' }, 7, null] })).toEqual(none);
    expect(affectedResources({ affected_endpoints: [] })).toEqual(none);
    expect(affectedResources({ error_message: 'x' })).toEqual(none);
    expect(affectedResources(null)).toEqual(none);
  });
});

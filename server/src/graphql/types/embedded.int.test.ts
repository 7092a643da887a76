// Objects embedded in synced records (line items, receipts, return shipments, addresses, package
// contents) are stored as Trackstar's JSON and exposed as typed GraphQL objects. Records go in
// through the real contract parser and mappers, so this checks the stored shape against the types.
import { encodeGlobalID } from '@pothos/plugin-relay';
import { afterAll, describe, expect, it } from 'vitest';
import {
  InboundShipmentSchema, OrderSchema, ReturnSchema, WarehouseSchema,
  type InboundShipment, type Order, type Return, type Warehouse,
} from '../../../../trackstar-contract/contract.js';
import { db } from '../../db.js';
import { buildApp } from '../../http/app.js';
import { mapWarehouse } from '../../sync/map/catalog.js';
import { mapOrder, mapOrderChildren } from '../../sync/map/orders.js';
import { mapInboundShipment, mapReturn } from '../../sync/map/receiving.js';
import { orderRecord } from '../../../test/support/sync-records.js';
import { gql, makeTenant } from '../../../test/fixtures.js';

const app = buildApp({ responseCacheEntries: 0 });
afterAll(() => app.stop());

const dates = { created_date: '2026-01-01T00:00:00Z', updated_date: '2026-02-01T00:00:00Z' };
const noAddress = { address1: null, address2: null, address3: null, city: null, state: null, postal_code: null, country: null };

const inboundRecord = {
  id: 'asn-1', ...dates, warehouse_customer_id: 'wc-1', purchase_order_number: 'PO-7', status: 'receiving', raw_status: 'Partially received',
  supplier: null, supplier_object: { supplier_id: 'sup-1', supplier_name: 'Acme Supplies' }, expected_arrival_date: '2026-02-03T00:00:00Z', warehouse_id: 'wh-1',
  line_items: [
    { inventory_item_id: 'i-1', sku: 'SKU-1', expected_quantity: 10, received_quantity: 4, unit_cost: 3.25, external_id: 'VEND-1' },
    { inventory_item_id: 'i-2', sku: null, expected_quantity: 5, received_quantity: 0, unit_cost: null, external_id: null },
  ],
  receipts: [{ id: 'rcpt-1', arrived_date: '2026-02-02T15:30:00Z', line_items: [{ inventory_item_id: 'i-1', sku: 'SKU-1', quantity: 4 }] }],
  ship_from_address: noAddress, tracking_numbers: ['1ZASN'], notes: [], external_system_url: null, trackstar_tags: null, additional_fields: {},
};

const returnRecord = {
  id: 'rma-1', ...dates, warehouse_customer_id: 'wc-1', status: 'received', raw_status: 'Received', order_id: 'o-1', notes: ['torn box'],
  line_items: [{ inventory_item_id: 'i-1', sku: 'SKU-1', expected_quantity: 2, received_quantity: 2, restocked_quantity: 1, return_reason: 'Too small', warehouse_id: null, returned_date: null }],
  shipments: [{
    tracking_number: '1ZRET', shipped_date: '2026-01-20T00:00:00Z', arrived_date: '2026-01-25T00:00:00Z', warehouse_id: 'wh-1',
    carrier: 'UPS', carrier_id: null, carrier_name: null, scac: 'UPSN', shipping_cost: 7.5,
    measurements: { length: 30, width: 20, height: 10, unit: 'cm', weight: 1.2, weight_unit: 'kg' },
    line_items: [{ inventory_item_id: 'i-1', sku: 'SKU-1', quantity: 2, receiving_details: [{ quantity: 1, condition: 'good', disposition: 'restocked' }, { quantity: 1, condition: 'damaged', disposition: 'discarded' }] }],
  }],
  external_system_url: null, trackstar_tags: null, additional_fields: {},
};

describe('typed embedded objects', () => {
  it('inbound shipments expose their line items and receipts as typed objects', async () => {
    const t = await makeTenant('Embedded inbound');
    const parsed = InboundShipmentSchema.parse(inboundRecord) as InboundShipment;
    await db.inboundShipment.create({ data: { ...mapInboundShipment(parsed, inboundRecord), brandId: t.brandA.id } as never });
    // A hand-written or pre-contract row: missing keys and junk entries read leniently, never as errors.
    await db.inboundShipment.create({
      data: {
        brandId: t.brandA.id, externalId: 'asn-legacy', status: 'OPEN', trackingNumbers: [], rawData: {},
        lineItems: [{ sku: 'OLD' }, 'junk'], receipts: { not: 'a list' }, createdAtRemote: new Date('2025-01-01T00:00:00Z'), updatedAtRemote: new Date('2025-01-01T00:00:00Z'),
      },
    });

    const res = await gql(app.yoga, `query($b: ID!) { inboundShipments(brandId: $b) { edges { node {
      externalId
      lineItems { inventoryItemExternalId sku expectedQuantity receivedQuantity unitCost externalId }
      receipts { externalId arrivedDate lineItems { inventoryItemExternalId sku quantity } }
    } } } }`, { b: encodeGlobalID('Brand', t.brandA.id) }, t.keys.viewer);

    expect(res.body.errors).toBeUndefined();
    expect(res.body.data.inboundShipments.edges.map((e: { node: unknown }) => e.node)).toEqual([
      {
        externalId: 'asn-1',
        lineItems: [
          { inventoryItemExternalId: 'i-1', sku: 'SKU-1', expectedQuantity: 10, receivedQuantity: 4, unitCost: '3.25', externalId: 'VEND-1' },
          { inventoryItemExternalId: 'i-2', sku: null, expectedQuantity: 5, receivedQuantity: 0, unitCost: null, externalId: null },
        ],
        receipts: [{ externalId: 'rcpt-1', arrivedDate: '2026-02-02T15:30:00.000Z', lineItems: [{ inventoryItemExternalId: 'i-1', sku: 'SKU-1', quantity: 4 }] }],
      },
      {
        externalId: 'asn-legacy',
        lineItems: [{ inventoryItemExternalId: '', sku: 'OLD', expectedQuantity: 0, receivedQuantity: 0, unitCost: null, externalId: null }],
        receipts: [],
      },
    ]);
  });

  it('returns expose line items and return shipments with measurements and receiving details', async () => {
    const t = await makeTenant('Embedded returns');
    const parsed = ReturnSchema.parse(returnRecord) as Return;
    const row = await db.return.create({ data: { ...mapReturn(parsed, returnRecord), brandId: t.brandA.id } as never });

    const res = await gql(app.yoga, `query($id: ID!) { node(id: $id) { ... on Return {
      lineItems { inventoryItemExternalId sku expectedQuantity receivedQuantity restockedQuantity returnReason }
      shipments {
        trackingNumber shippedDate arrivedDate warehouseExternalId carrierId carrierName scac shippingCost
        measurements { length width height unit weight weightUnit }
        lineItems { inventoryItemExternalId sku quantity receivingDetails { quantity condition disposition } }
      }
    } } }`, { id: encodeGlobalID('Return', row.id) }, t.keys.operator);

    expect(res.body.errors).toBeUndefined();
    expect(res.body.data.node).toEqual({
      lineItems: [{ inventoryItemExternalId: 'i-1', sku: 'SKU-1', expectedQuantity: 2, receivedQuantity: 2, restockedQuantity: 1, returnReason: 'Too small' }],
      shipments: [{
        trackingNumber: '1ZRET', shippedDate: '2026-01-20T00:00:00.000Z', arrivedDate: '2026-01-25T00:00:00.000Z', warehouseExternalId: 'wh-1',
        // carrier_name is null: the deprecated `carrier` stands in, as everywhere else.
        carrierId: null, carrierName: 'UPS', scac: 'UPSN', shippingCost: '7.5',
        measurements: { length: 30, width: 20, height: 10, unit: 'CM', weight: 1.2, weightUnit: 'KG' },
        lineItems: [{
          inventoryItemExternalId: 'i-1', sku: 'SKU-1', quantity: 2,
          receivingDetails: [{ quantity: 1, condition: 'good', disposition: 'restocked' }, { quantity: 1, condition: 'damaged', disposition: 'discarded' }],
        }],
      }],
    });
  });

  it('orders, shipments, packages and warehouses expose addresses, contents and measurements, on the orders page and by id', async () => {
    const t = await makeTenant('Embedded orders');
    const raw = orderRecord('emb-1', '2026-02-01T10:00:00Z');
    Object.assign(raw.shipments[0].packages[0].line_items[0], { lot_id: 'LOT-9', expiration_date: '2027-06-30T00:00:00Z' });
    const order = OrderSchema.parse(raw) as Order;
    const children = mapOrderChildren(order, raw);
    const row = await db.order.create({ data: { ...mapOrder(order, raw), brandId: t.brandA.id, lineItems: { create: children.lineItems.map((li) => ({ ...li, brandId: t.brandA.id })) } } as never });
    await db.shipment.createMany({ data: children.shipments.map((s) => ({ ...s, brandId: t.brandA.id, orderId: row.id })) as never });
    await db.package.createMany({ data: children.packages.map((p) => ({ ...p, brandId: t.brandA.id })) as never });
    const warehouseRaw = { id: 'wh-1', ...dates, name: 'Reno', code: 'RNO', address: { address1: '9 Dock Rd', address2: null, address3: null, city: 'Reno', state: 'NV', postal_code: '89501', country: 'US' }, trackstar_tags: null, additional_fields: {} };
    await db.warehouse.create({ data: { ...mapWarehouse(WarehouseSchema.parse(warehouseRaw) as Warehouse, warehouseRaw), brandId: t.brandA.id } as never });

    const ORDER_FIELDS = `
      shipTo { fullName company address1 city state postalCode country phoneNumber emailAddress }
      shipments {
        lineItems { inventoryItemExternalId sku quantity parentProductExternalId }
        shipFrom { address1 city state postalCode country }
        shipTo { fullName city }
        packages {
          measurements { length width height unit weight weightUnit }
          lineItems { inventoryItemExternalId sku quantity lotId expirationDate parentProductExternalId }
        }
      }`;
    const expected = {
      shipTo: { fullName: 'Ada Lovelace', company: null, address1: '1 Main St', city: 'Austin', state: 'TX', postalCode: '78701', country: 'US', phoneNumber: null, emailAddress: null },
      shipments: [{
        lineItems: [{ inventoryItemExternalId: 'i-1', sku: 'SKU-1', quantity: 2, parentProductExternalId: null }],
        shipFrom: { address1: '9 Dock Rd', city: 'Reno', state: 'NV', postalCode: '89501', country: 'US' },
        shipTo: { fullName: 'Ada Lovelace', city: 'Austin' },
        packages: [{
          measurements: { length: 10, width: 8, height: 4, unit: 'IN', weight: 2, weightUnit: 'LB' },
          lineItems: [{ inventoryItemExternalId: 'i-1', sku: 'SKU-1', quantity: 2, lotId: 'LOT-9', expirationDate: '2027-06-30T00:00:00.000Z', parentProductExternalId: null }],
        }],
      }],
    };
    const brandId = encodeGlobalID('Brand', t.brandA.id);

    // The orders page reads children with raw SQL (JSON columns come back parsed by pg) ...
    const page = await gql(app.yoga, `query($b: ID!) { orders(brandId: $b) { edges { node { ${ORDER_FIELDS} } } } warehouses(brandId: $b) { address { address1 city state postalCode country } } }`, { b: brandId }, t.keys.viewer);
    expect(page.body.errors).toBeUndefined();
    expect(page.body.data.orders.edges).toEqual([{ node: expected }]);
    expect(page.body.data.warehouses).toEqual([{ address: { address1: '9 Dock Rd', city: 'Reno', state: 'NV', postalCode: '89501', country: 'US' } }]);

    // ... order(id) goes through Prisma: the same answer.
    const single = await gql(app.yoga, `query($id: ID!) { order(id: $id) { ${ORDER_FIELDS} } }`, { id: encodeGlobalID('Order', row.id) }, t.keys.owner);
    expect(single.body.errors).toBeUndefined();
    expect(single.body.data.order).toEqual(expected);
  });
});

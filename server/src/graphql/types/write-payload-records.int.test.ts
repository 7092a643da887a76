// A write that did not happen answers its record field with null, whatever the selection asks of
// the record. Selections reaching into relations (an item's levels, an order's shipments, the
// brand) give the resolver a Prisma query to spread; with no record to read, that query goes
// unread, which Pothos' onUnusedQuery (on in tests and development) turned into a request error
// instead of the payload's userErrors. The dashboard selects such relations.
import { beforeAll, describe, expect, it } from 'vitest';
import { encodeGlobalID } from '@pothos/plugin-relay';
import { buildApp, type App } from '../../http/app.js';
import { gql, makeTenant, type TenantFixture } from '../../../test/fixtures.js';
import { seedBrandData, type BrandData } from '../../../test/support/seed.js';

let app: App;
let t: TenantFixture;
let data: BrandData;
const gid = encodeGlobalID;
const ERRORS = 'idempotencyKey replayed userErrors { field message code }';
const address = { address1: '1 Main St', city: 'Austin', state: 'TX', postalCode: '78701', country: 'US' };

beforeAll(async () => {
  app = buildApp();
  t = await makeTenant('WritePayloads');
  // An integration without a usable access token: every write is refused as NOT_CONNECTED, nothing is sent.
  data = await seedBrandData(t.brandA.id);
});

async function call(query: string, variables: Record<string, unknown>) {
  const res = await gql(app.yoga, query, variables, t.keys.operator);
  expect(res.body.errors).toBeUndefined();
  return res.body.data!;
}

describe('write payloads without a record', () => {
  it('answer null for the record and the reason in userErrors, even when the selection reaches into relations', async () => {
    const order = { orderNumber: 'P-1', shipToAddress: address, lineItems: [{ sku: 'SKU-X', quantity: 1 }] };
    const adjustment = { inventoryItemId: gid('InventoryItem', data.inventoryItemId), warehouseId: gid('Warehouse', data.warehouseId), quantity: 1, adjustmentType: 'INCREASE' };
    const answers = await call(
      `mutation ($b: ID!, $o: ID!, $order: CreateOrderInput!, $adjust: AdjustInventoryInput!, $inbound: CreateInboundShipmentInput!, $ret: CreateReturnInput!) {
        createOrder(brandId: $b, input: $order) { order { id brand { id } shipments { id } } ${ERRORS} }
        cancelOrder(orderId: $o) { order { id shipments { id } } ${ERRORS} }
        adjustInventory(input: $adjust) { inventoryItem { id levels { onHand } brand { id } } ${ERRORS} }
        createInboundShipment(brandId: $b, input: $inbound) { inboundShipment { id brand { id } } ${ERRORS} }
        createReturn(brandId: $b, input: $ret) { return { id brand { id } } ${ERRORS} }
        createOrders(brandId: $b, inputs: [$order]) { results { order { id brand { id } } ${ERRORS} } }
        adjustInventoryBatch(inputs: [$adjust]) { results { inventoryItem { id levels { onHand } } ${ERRORS} } }
      }`,
      {
        b: gid('Brand', t.brandA.id),
        o: gid('Order', data.orderId),
        order,
        adjust: adjustment,
        inbound: { purchaseOrderNumber: 'PO-1', supplier: 'Acme', expectedArrivalDate: '2026-12-24T12:00:00Z', warehouseId: gid('Warehouse', data.warehouseId), trackingNumber: 'T1', lineItems: [{ sku: 'SKU-X', expectedQuantity: 1 }] },
        ret: { lineItems: [{ sku: 'SKU-X', quantity: 1 }] },
      },
    );
    const payloads = [
      [answers.createOrder, 'order'],
      [answers.cancelOrder, 'order'],
      [answers.adjustInventory, 'inventoryItem'],
      [answers.createInboundShipment, 'inboundShipment'],
      [answers.createReturn, 'return'],
      [answers.createOrders.results[0], 'order'],
      [answers.adjustInventoryBatch.results[0], 'inventoryItem'],
    ] as const;
    for (const [payload, record] of payloads) {
      expect(payload[record]).toBeNull();
      expect(payload.replayed).toBe(false);
      expect(payload.userErrors.map((e: { code: string }) => e.code)).toEqual(['NOT_CONNECTED']);
    }
  });
});

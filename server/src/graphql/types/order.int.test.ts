import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../http/app.js';
import { gql, makeTenant, type TenantFixture } from '../../../test/fixtures.js';
import { countQueries } from '../../../test/support/query-counter.js';
import { seedOrders } from '../../../test/support/seed.js';
import { encodeGlobalId } from '../../../test/support/ids.js';

// The response cache off: these tests count the executor's SQL statements.
const app = buildApp({ responseCacheEntries: 0 });
afterAll(() => app.stop());

const ORDERS_PAGE = /* GraphQL */ `
  query Orders($brandId: ID!, $first: Int) {
    orders(brandId: $brandId, first: $first) {
      edges {
        cursor
        node {
          id orderNumber status totalPrice { amount currency }
          lineItems { sku quantity unitPrice { amount currency } }
          shipments { status trackingNumbers packages { trackingNumber trackingUrl shippingCost { amount currency } } }
        }
      }
      pageInfo { hasNextPage endCursor }
    }
  }
`;

let t: TenantFixture;
let small: string;
let large: string;

beforeAll(async () => {
  t = await makeTenant('Orders');
  // Two brands of the same tenant: 5 orders in one, 50 in the other.
  await seedOrders(t.brandA.id, 5, { lineItems: 3, shipments: 2, packagesPerShipment: 2 });
  await seedOrders(t.brandB.id, 50, { lineItems: 3, shipments: 2, packagesPerShipment: 2 });
  small = encodeGlobalId('Brand', t.brandA.id);
  large = encodeGlobalId('Brand', t.brandB.id);
});

describe('orders', () => {
  it('returns a page with line items, shipments and packages, money as strings with currency', async () => {
    const res = await gql(app.yoga, ORDERS_PAGE, { brandId: small, first: 50 }, t.keys.operator);
    expect(res.body.errors).toBeUndefined();
    const edges = res.body.data.orders.edges;
    expect(edges).toHaveLength(5);
    const node = edges[0].node;
    expect(node.totalPrice).toEqual({ amount: '19.99', currency: 'EUR' });
    expect(node.lineItems).toHaveLength(3);
    expect(node.lineItems[0].unitPrice.currency).toBe('EUR');
    expect(node.shipments).toHaveLength(2);
    expect(node.shipments[0].packages[0].trackingUrl).toMatch(/^https:\/\/track\.example\//);
    expect(node.shipments[0].packages[0].shippingCost).toEqual({ amount: '4.5', currency: 'EUR' });
  });

  it('costs the same number of SQL queries for 5 and for 50 orders with all children', async () => {
    // Warm up: the first request resolves the key and may write lastUsedAt.
    await gql(app.yoga, ORDERS_PAGE, { brandId: small, first: 50 }, t.keys.owner);
    const five = await countQueries(() => gql(app.yoga, ORDERS_PAGE, { brandId: small, first: 50 }, t.keys.owner));
    const fifty = await countQueries(() => gql(app.yoga, ORDERS_PAGE, { brandId: large, first: 50 }, t.keys.owner));
    expect(five.result.body.data.orders.edges).toHaveLength(5);
    expect(fifty.result.body.data.orders.edges).toHaveLength(50);
    expect(fifty.count, fifty.statements.join('\n')).toBe(five.count);
    expect(fifty.count).toBeLessThanOrEqual(5); // key lookup, page, line items, shipments, packages
  });

  it('lists leave rawData out of the page query and load it in one batch for managers', async () => {
    const q = 'query ($b: ID!) { orders(brandId: $b, first: 50) { edges { node { id rawData } } } }';
    const withRaw = await countQueries(() => gql(app.yoga, q, { b: large }, t.keys.admin));
    const nodes = withRaw.result.body.data.orders.edges.map((e: { node: { rawData: { secretish: string } } }) => e.node);
    expect(nodes).toHaveLength(50);
    expect(nodes.every((n: { rawData: { secretish: string } }) => n.rawData.secretish === 'raw')).toBe(true);
    expect(withRaw.statements.filter((s) => s.includes('"rawData"'))).toHaveLength(1);
  });

  it('order(id) and node(id) load the same children as the list (batched, not preloaded)', async () => {
    const list = await gql(app.yoga, ORDERS_PAGE, { brandId: small, first: 1 }, t.keys.owner);
    const fromList = list.body.data.orders.edges[0].node;
    const single = await gql(
      app.yoga,
      `query ($id: ID!) { order(id: $id) { id orderNumber status totalPrice { amount currency }
        lineItems { sku quantity unitPrice { amount currency } }
        shipments { status trackingNumbers packages { trackingNumber trackingUrl shippingCost { amount currency } } } } }`,
      { id: fromList.id },
      t.keys.viewer,
    );
    expect(single.body.errors).toBeUndefined();
    expect(single.body.data.order).toEqual(fromList);
    const shipment = await gql(app.yoga, 'query ($b: ID!) { shipments(brandId: $b, first: 1) { edges { node { id packages { shippingCost { amount currency } } } } } }', { b: small }, t.keys.owner);
    expect(shipment.body.data.shipments.edges[0].node.packages[0].shippingCost).toEqual({ amount: '4.5', currency: 'EUR' });
  });
});

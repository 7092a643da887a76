// WMS writes. Each returns Trackstar's write envelope {data, id, unused_fields}.
import {
  AdjustInventoryBodySchema, CreateInboundShipmentBodySchema, CreateOrderBodySchema, CreateReturnBodySchema,
  CreateShipmentBodySchema, ReceiveInboundShipmentBodySchema, TrackstarTagsBodySchema, UpdateOrderBodySchema,
} from '../../../trackstar-contract/contract.js';
import type { Core } from '../core.js';
import { conn, fail, type Ctx, type Route } from '../http.js';
import { cancelOrder, createOrder, createShipment, shipOrder, updateOrder } from '../ops/orders.js';
import { adjustInventory, createInbound, createReturn, receiveInbound, receiveReturn } from '../ops/stock.js';
import { setTrackstarTags, type TaggedResource } from '../ops/tags.js';
import type { ConnectionState } from '../store.js';
import { parseWrite } from '../validation.js';

const TAGGED: [string, TaggedResource][] = [
  ['orders', 'orders'], ['products', 'products'], ['inventory', 'inventory'], ['inbound-shipments', 'inbound_shipments'],
  ['returns', 'returns'], ['warehouses', 'warehouses'],
];

const envelope = (record: { id: string }, unused: string[] = []) => ({ body: { data: record, id: record.id, unused_fields: unused } });

export function writeRoutes(core: Core): Route[] {
  const working = (ctx: Ctx): ConnectionState => {
    const c = conn(ctx);
    core.assertWorking(c);
    return c;
  };
  const tagRoutes: Route[] = TAGGED.map(([path, key]) => ({
    method: 'PUT', pattern: `/wms/${path}/:id/trackstar-tags`, auth: 'token',
    handler: (ctx) => {
      const { input, unused } = parseWrite(TrackstarTagsBodySchema, ctx.body);
      return envelope(setTrackstarTags(core, conn(ctx), key, ctx.params.id, input.trackstar_tags), unused);
    },
  }));
  return [
    ...tagRoutes,
    {
      method: 'POST', pattern: '/wms/orders', auth: 'token', fn: 'create_order',
      handler: (ctx) => {
        const { input, unused } = parseWrite(CreateOrderBodySchema, ctx.body);
        return { ...envelope(createOrder(core, working(ctx), input), unused), status: 200 };
      },
    },
    {
      method: 'PUT', pattern: '/wms/orders/:order_id', auth: 'token', fn: 'update_order',
      handler: (ctx) => {
        const { input, unused } = parseWrite(UpdateOrderBodySchema, ctx.body);
        return envelope(updateOrder(core, working(ctx), ctx.params.order_id, input), unused);
      },
    },
    {
      method: 'PUT', pattern: '/wms/orders/:order_id/cancel', auth: 'token', fn: 'cancel_order',
      handler: (ctx) => envelope(cancelOrder(core, working(ctx), ctx.params.order_id), Object.keys(asObject(ctx.body))),
    },
    {
      method: 'POST', pattern: '/wms/orders/:order_id/shipments', auth: 'token', fn: 'create_shipment',
      handler: (ctx) => {
        const { input, unused } = parseWrite(CreateShipmentBodySchema, ctx.body);
        return envelope(createShipment(core, working(ctx), ctx.params.order_id, input), unused);
      },
    },
    {
      method: 'PUT', pattern: '/wms/inventory/:inventory_id/adjust', auth: 'token', fn: 'adjust_inventory',
      handler: (ctx) => {
        const { input, unused } = parseWrite(AdjustInventoryBodySchema, ctx.body);
        return envelope(adjustInventory(core, working(ctx), ctx.params.inventory_id, input), unused);
      },
    },
    {
      method: 'POST', pattern: '/wms/inbound-shipments', auth: 'token', fn: 'create_inbound_shipment',
      handler: (ctx) => {
        const { input, unused } = parseWrite(CreateInboundShipmentBodySchema, ctx.body);
        return envelope(createInbound(core, working(ctx), input), unused);
      },
    },
    {
      method: 'PUT', pattern: '/wms/inbound-shipments/:inbound_shipment_id/receive', auth: 'token', fn: 'receive_inbound_shipment',
      handler: (ctx) => {
        const { input, unused } = parseWrite(ReceiveInboundShipmentBodySchema, ctx.body);
        return envelope(receiveInbound(core, working(ctx), ctx.params.inbound_shipment_id, input), unused);
      },
    },
    {
      method: 'POST', pattern: '/wms/returns', auth: 'token', fn: 'create_return',
      handler: (ctx) => {
        const { input, unused } = parseWrite(CreateReturnBodySchema, ctx.body);
        return envelope(createReturn(core, working(ctx), input), unused);
      },
    },
    {
      // SPEC lists only the API key; the sandbox token picks the connection when sent, otherwise the
      // order id is looked up across connections.
      method: 'PUT', pattern: '/sandbox/simulate/orders/:order_id/fulfill', auth: 'key+token?',
      handler: (ctx) => {
        const id = ctx.params.order_id;
        const partial = ctx.query.get('partial');
        if (partial !== null && partial !== 'true' && partial !== 'false') throw fail.invalid('query', 'partial', 'Must be true or false');
        const c = ctx.conn ?? [...core.store.connections.values()].find((x) => x.data.orders.has(id));
        if (!c) throw fail.notFound(id, 'Order');
        return { body: { data: shipOrder(core, c, id, partial === 'true' ? 'partial' : 'all') } };
      },
    },
    {
      method: 'PUT', pattern: '/sandbox/simulate/returns/:return_id/receive', auth: 'key+token?',
      handler: (ctx) => {
        const id = ctx.params.return_id;
        const c = ctx.conn ?? [...core.store.connections.values()].find((x) => x.data.returns.has(id));
        if (!c) throw fail.notFound(id, 'Return');
        return { body: { data: receiveReturn(core, c, id) } };
      },
    },
  ];
}

function asObject(body: unknown): Record<string, unknown> {
  return typeof body === 'object' && body !== null && !Array.isArray(body) ? (body as Record<string, unknown>) : {};
}

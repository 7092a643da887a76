// Orders with their line items and shipments; `orders` pages by keyset, newest change first.
import { db } from '../../db.js';
import { OrderStatus } from '../../generated/prisma/enums.js';
import type { OrderLineItem, Shipment } from '../../generated/prisma/client.js';
import { builder } from '../builder.js';
import { normalizedFilter, searchContains, statusIn } from '../filters.js';
import { parseGlobalId } from '../ids.js';
import { Money, money } from '../money.js';
import { keysetConnection, type KeysetSort } from '../pagination.js';
import { loadBatched } from '../batch.js';
import { loadOrderPage } from '../order-page.js';
import { selectedBelow, selects } from '../selection.js';
import { inVisibleBrand, scopedNodeWhere, viewerOf } from '../scope.js';
import { OrderStatusEnum } from './enums.js';
import { ShipmentRef } from './shipment.js';

export const NEWEST_CHANGE_FIRST: KeysetSort = { field: 'updatedAtRemote', direction: 'desc', kind: 'date' };

/** Statuses that still need warehouse work (everything but done and cancelled). */
export const OPEN_ORDER_STATUSES = Object.values(OrderStatus).filter((s) => s !== 'FULFILLED' && s !== 'CANCELLED');

/** Set by Order.lineItems, the only way to reach a line item. */
const currencyOf = (item: object) => (item as { currency?: string }).currency ?? 'USD';

// Order, line item, shipment and package use Pothos' include mode: every column is loaded with
// the row, so scalar fields are plain property reads (select mode wraps each of them in a
// per-row mapping lookup, which dominated the CPU profile of the orders page).
const LineItemRef = builder.prismaObject('OrderLineItem', {
  fields: (t) => ({
    position: t.exposeInt('position'),
    sku: t.exposeString('sku', { nullable: true }),
    productExternalId: t.exposeString('productExternalId', { nullable: true }),
    quantity: t.exposeInt('quantity'),
    isPicked: t.exposeBoolean('isPicked'),
    unitPrice: t.field({
      type: Money,
      nullable: true,
      resolve: (item) => money(item.unitPrice, currencyOf(item)),
    }),
    discountAmount: t.field({
      type: Money,
      nullable: true,
      resolve: (item) => money(item.discountAmount, currencyOf(item)),
    }),
  }),
});


export const OrderRef = builder.prismaNode('Order', {
  id: { field: 'id' },
  nullable: true,
  findUnique: (id, ctx) => scopedNodeWhere(id, ctx),
  fields: (t) => ({
    externalId: t.exposeString('externalId'),
    orderNumber: t.exposeString('orderNumber'),
    referenceId: t.exposeString('referenceId'),
    status: t.expose('status', { type: OrderStatusEnum }),
    rawStatus: t.exposeString('rawStatus', { nullable: true }),
    channel: t.exposeString('channel', { nullable: true }),
    type: t.exposeString('type', { nullable: true }),
    warehouseExternalId: t.exposeString('warehouseExternalId', { nullable: true }),
    shippingMethodName: t.exposeString('shippingMethodName', { nullable: true }),
    carrierName: t.exposeString('carrierName', { nullable: true }),
    currency: t.exposeString('currency'),
    totalPrice: moneyField(t, 'totalPrice'),
    totalTax: moneyField(t, 'totalTax'),
    totalDiscount: moneyField(t, 'totalDiscount'),
    totalShipping: moneyField(t, 'totalShipping'),
    shipTo: t.expose('shipTo', { type: 'JSON', nullable: true }),
    tags: t.exposeStringList('tags'),
    requiredShipDate: t.expose('requiredShipDate', { type: 'DateTime', nullable: true }),
    createdAt: t.expose('createdAtRemote', { type: 'DateTime', description: 'When the WMS created the order.' }),
    updatedAt: t.expose('updatedAtRemote', { type: 'DateTime', description: 'Last change in the WMS (list order).' }),
    syncedAt: t.expose('syncedAt', { type: 'DateTime', description: 'When Packr last stored this order.' }),
    // Lists leave rawData out of the page query (it can be large); managers get it in one batch.
    rawData: t.field({
      type: 'JSON',
      nullable: true,
      authScopes: { manager: true },
      resolve: (order, _args, ctx) =>
        order.rawData !== undefined
          ? order.rawData
          : loadBatched(ctx, 'orderRawData', order.id, async (ids) => {
              const rows = await db.order.findMany({ where: { id: { in: ids } }, select: { id: true, rawData: true } });
              return new Map(rows.map((r) => [r.id, r.rawData]));
            }),
    }),
    brand: t.relation('brand'),
    // Children come preloaded by the orders page (one SQL statement); elsewhere (order(id),
    // node) one batched query per request. Both hand down the order's currency.
    lineItems: t.field({
      type: [LineItemRef],
      // Synchronous when preloaded: a promise per order would cost the executor a deferred
      // object completion for each of the page's rows.
      resolve: (order, _args, ctx) => {
        const preloaded = (order as { lineItems?: OrderLineItem[] }).lineItems;
        const withCurrency = (items: OrderLineItem[] | undefined) => (items ?? []).map((item) => Object.assign(item, { currency: order.currency }));
        return preloaded ? withCurrency(preloaded) : childrenOf(ctx, 'orderLineItem', order.id).then(withCurrency);
      },
    }),
    shipments: t.field({
      type: [ShipmentRef],
      resolve: (order, _args, ctx) => {
        const preloaded = (order as { shipments?: Shipment[] }).shipments;
        const withCurrency = (list: Shipment[] | undefined) => (list ?? []).map((shipment) => Object.assign(shipment, { currency: order.currency }));
        return preloaded ? withCurrency(preloaded) : childrenOf(ctx, 'shipment', order.id).then(withCurrency);
      },
    }),
  }),
});

type MoneyColumn = 'totalPrice' | 'totalTax' | 'totalDiscount' | 'totalShipping';

function moneyField(t: any, column: MoneyColumn) {
  return t.field({
    type: Money,
    nullable: true,
    resolve: (order: Record<string, any>) => money(order[column], order.currency),
  });
}


const OrderFilter = builder.inputType('OrderFilter', {
  fields: (t) => ({
    status: t.field({ type: [OrderStatusEnum], description: 'Any of these statuses (empty: all).' }),
    updatedSince: t.field({ type: 'DateTime', description: 'Only orders changed in the WMS at or after this time.' }),
    search: t.string({ description: 'Case-insensitive text in order number, reference or a line-item SKU (max 200 chars).' }),
  }),
});

/** Children of an order (line items or shipments), for every order of the request in one query. */
function childrenOf(ctx: object, model: 'orderLineItem' | 'shipment', orderId: string): Promise<any[] | undefined> {
  return loadBatched(ctx, `${model}ByOrder`, orderId, async (ids) => {
    const rows: { orderId: string }[] =
      model === 'orderLineItem'
        ? await db.orderLineItem.findMany({ where: { orderId: { in: ids } }, orderBy: [{ position: 'asc' }, { id: 'asc' }] })
        : await db.shipment.findMany({ where: { orderId: { in: ids } }, orderBy: [{ shippedDate: { sort: 'asc', nulls: 'last' } }, { id: 'asc' }] });
    const grouped = new Map<string, any[]>(ids.map((id) => [id, []]));
    for (const row of rows) grouped.get(row.orderId)!.push(row);
    return grouped;
  });
}

builder.queryField('orders', (t) =>
  t.connection(
    {
      type: OrderRef,
      authScopes: { authenticated: true },
      args: { brandId: t.arg.id({ required: true }), filter: t.arg({ type: OrderFilter }) },
      resolve: (_root, args, ctx, info) => {
        const brandId = parseGlobalId(args.brandId, 'Brand');
        const filter = args.filter ?? {};
        const search = searchContains(filter.search);
        const node = selectedBelow(info, ['edges', 'node']);
        const shipments = node.filter((f) => f.name.value === 'shipments');
        return keysetConnection({
          args,
          sort: NEWEST_CHANGE_FIRST,
          fingerprint: ['orders', brandId, normalizedFilter(args.filter)],
          find: ({ cursor, take }) =>
            loadOrderPage({
              viewer: viewerOf(ctx),
              brandId,
              filter: { status: statusIn(filter.status)?.in, updatedSince: filter.updatedSince ?? undefined, searchPattern: search && `%${search.contains}%` },
              after: cursor ? { updatedAt: String(cursor.value), id: cursor.id } : undefined,
              take,
              with: { lineItems: selects(node, 'lineItems'), shipments: shipments.length > 0, packages: selects(selectedBelow(info, [], shipments), 'packages') },
            }),
        }) as never;
      },
    },
    { name: 'OrderConnection' },
    { name: 'OrderEdge' },
  ),
);

builder.queryField('order', (t) =>
  t.prismaField({
    type: 'Order',
    nullable: true,
    authScopes: { authenticated: true },
    args: { id: t.arg.id({ required: true }) },
    resolve: (query, _root, args, ctx) => db.order.findFirst({ ...query, where: { id: parseGlobalId(args.id, 'Order'), ...inVisibleBrand(ctx) } }),
  }),
);

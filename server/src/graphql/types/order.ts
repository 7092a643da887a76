// Orders with their line items and shipments; `orders` pages by keyset, newest change first.
import { db } from '../../db.js';
import type { OrderLineItem, Shipment } from '../../generated/prisma/client.js';
import { builder } from '../builder.js';
import { normalizedFilter, searchContains, statusIn } from '../filters.js';
import { parseGlobalId } from '../ids.js';
import { brandScopeArgs } from '../brand-list.js';
import { resolveBrandScope } from '../brand-scope.js';
import { rowBrand } from '../row-brand.js';
import { BrandRef } from './brand.js';
import { Money, money } from '../money.js';
import { keysetConnection, NEWEST_CHANGE_FIRST } from '../pagination.js';
import { loadBatched } from '../batch.js';
import { loadOrderPage } from '../order-page.js';
import { selectedBelow, selects } from '../selection.js';
import { inVisibleBrand, scopedNodeWhere, viewerOf } from '../scope.js';
import { OrderStatusEnum } from './enums.js';
import { ShipToAddressRef, rawObject } from './embedded.js';
import { ShipmentRef } from './shipment.js';


/** Set by Order.lineItems, the only way to reach a line item. */
const currencyOf = (item: object) => (item as { currency?: string }).currency ?? 'USD';

// Order, line item, shipment and package use Pothos' include mode: every column is loaded with
// the row, so scalar fields are plain property reads (select mode wraps each of them in a
// per-row mapping lookup, which dominated the CPU profile of the orders page).
const LineItemRef = builder.prismaObject('OrderLineItem', {
  description: "One line of an order: a product and how many units were ordered. Amounts are in the order's currency.",
  fields: (t) => ({
    position: t.exposeInt('position', { description: 'Zero-based position of the line in the order, as the WMS listed it.' }),
    sku: t.exposeString('sku', { nullable: true, description: 'SKU of the ordered product; null when the WMS gave none.' }),
    productExternalId: t.exposeString('productExternalId', { nullable: true, description: "The WMS's id of the ordered product (Product.externalId); null when the WMS gave none." }),
    quantity: t.exposeInt('quantity', { description: 'Units ordered.' }),
    isPicked: t.exposeBoolean('isPicked', { description: 'Whether the warehouse has picked this line (false when the WMS does not report picking).' }),
    unitPrice: t.field({
      type: Money,
      nullable: true,
      description: 'Price of one unit; null when the WMS gave none.',
      resolve: (item) => money(item.unitPrice, currencyOf(item)),
    }),
    discountAmount: t.field({
      type: Money,
      nullable: true,
      description: 'Discount on this line as the WMS reports it; null when none was given.',
      resolve: (item) => money(item.discountAmount, currencyOf(item)),
    }),
  }),
});


export const OrderRef = builder.prismaNode('Order', {
  description: "A brand's customer order as the WMS holds it, with line items and outbound shipments. Readable by 3PL members and by viewers of its brand.",
  id: { field: 'id' },
  nullable: true,
  findUnique: (id, ctx) => scopedNodeWhere(id, ctx),
  fields: (t) => ({
    externalId: t.exposeString('externalId', { description: "The WMS's id of the order (Trackstar's id); unique per brand." }),
    orderNumber: t.exposeString('orderNumber', { description: 'Human-readable order number, as shown to the shopper (defaults to referenceId in the WMS).' }),
    referenceId: t.exposeString('referenceId', { description: 'The order id in the sales channel (e.g. the Shopify order id); defaults to externalId in the WMS.' }),
    status: t.expose('status', { type: OrderStatusEnum, description: 'Normalized status.' }),
    rawStatus: t.exposeString('rawStatus', { nullable: true, description: "The WMS's own status word, unmapped; null when the WMS gives none." }),
    channel: t.exposeString('channel', { nullable: true, description: 'Sales channel name (e.g. "Shopify"); null when unknown.' }),
    type: t.exposeString('type', { nullable: true, description: 'Order type: "d2c", "b2b", "dropship" or "transfer"; null when the WMS does not say.' }),
    warehouseExternalId: t.exposeString('warehouseExternalId', { nullable: true, description: "The WMS's id of the warehouse expected to ship the order (Warehouse.externalId); null when not assigned." }),
    shippingMethodName: t.exposeString('shippingMethodName', { nullable: true, description: 'Name of the shipping method used; null when unknown. Packages may use other methods.' }),
    carrierName: t.exposeString('carrierName', { nullable: true, description: 'Carrier used to ship the order; null when unknown. Packages may use other carriers.' }),
    currency: t.exposeString('currency', { description: 'ISO-4217 currency of every amount of the order and its lines and packages (USD when the WMS does not say).' }),
    totalPrice: moneyField(t, 'totalPrice', 'Order total as the WMS reports it; null when not given.'),
    totalTax: moneyField(t, 'totalTax', 'Tax total; null when not given.'),
    totalDiscount: moneyField(t, 'totalDiscount', 'Discount total; null when not given.'),
    totalShipping: moneyField(t, 'totalShipping', 'Shipping charged to the customer; null when not given.'),
    shipTo: t.field({
      type: ShipToAddressRef,
      nullable: true,
      description: "Where the order goes: the recipient's address and contact details; null when the WMS sent none.",
      resolve: (order) => rawObject(order.shipTo),
    }),
    tags: t.exposeStringList('tags', { description: 'Tags from the WMS; key/value tags arrive as "key:value".' }),
    requiredShipDate: t.expose('requiredShipDate', { type: 'DateTime', nullable: true, description: 'Date by which the order must ship; null when none.' }),
    createdAt: t.expose('createdAtRemote', { type: 'DateTime', description: 'When the WMS created the order.' }),
    updatedAt: t.expose('updatedAtRemote', { type: 'DateTime', description: 'Last change in the WMS (list order).' }),
    syncedAt: t.expose('syncedAt', { type: 'DateTime', description: 'When Packr last stored this order.' }),
    deletedAt: t.expose('deletedAt', {
      type: 'DateTime', nullable: true,
      description: 'Set when the WMS no longer has the order: the start of the first complete listing that did not return it. Deleted orders leave lists and counts (see OrderFilter.includeDeleted) but are still readable by id. Null while it exists.',
    }),
    // Lists leave rawData out of the page query (it can be large); managers get it in one batch.
    rawData: t.field({
      type: 'JSON',
      nullable: true,
      authScopes: { manager: true },
      description: 'The order exactly as Trackstar sent it (snake_case JSON). OWNER and ADMIN only: others get null and a FORBIDDEN error.',
      resolve: (order, _args, ctx) =>
        order.rawData !== undefined
          ? order.rawData
          : loadBatched(ctx, 'orderRawData', order.id, async (ids) => {
              const rows = await db.order.findMany({ where: { id: { in: ids } }, select: { id: true, rawData: true } });
              return new Map(rows.map((r) => [r.id, r.rawData]));
            }),
    }),
    // Orders loaded through Prisma get the brand with their query; the SQL orders page (order-page.ts)
    // has no Prisma plan, so Pothos calls `resolve`: the brand it preloaded, else one batch (row-brand.ts).
    brand: t.field({ type: BrandRef, description: 'The brand the order belongs to.', resolve: (order, _args, ctx) => rowBrand(ctx, order) as never }),
    // Children come preloaded by the orders page (one SQL statement); elsewhere (order(id),
    // node) one batched query per request. Both hand down the order's currency.
    lineItems: t.field({
      type: [LineItemRef],
      description: 'The ordered lines, in WMS order.',
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
      description: 'Outbound shipments of the order by ship date, unshipped ones last; empty until the WMS creates one.',
      resolve: (order, _args, ctx) => {
        const preloaded = (order as { shipments?: Shipment[] }).shipments;
        const withCurrency = (list: Shipment[] | undefined) => (list ?? []).map((shipment) => Object.assign(shipment, { currency: order.currency }));
        return preloaded ? withCurrency(preloaded) : childrenOf(ctx, 'shipment', order.id).then(withCurrency);
      },
    }),
  }),
});

type MoneyColumn = 'totalPrice' | 'totalTax' | 'totalDiscount' | 'totalShipping';

function moneyField(t: any, column: MoneyColumn, description: string) {
  return t.field({
    type: Money,
    nullable: true,
    description,
    resolve: (order: Record<string, any>) => money(order[column], order.currency),
  });
}


const OrderFilter = builder.inputType('OrderFilter', {
  description: 'Narrows Query.orders; all given conditions must hold.',
  fields: (t) => ({
    status: t.field({ type: [OrderStatusEnum], description: 'Any of these statuses (empty: all).' }),
    updatedSince: t.field({ type: 'DateTime', description: 'Only orders changed in the WMS at or after this time.' }),
    search: t.string({ description: 'Case-insensitive text in order number, reference or a line-item SKU (max 200 chars).' }),
    includeDeleted: t.boolean({ description: 'Also orders the WMS no longer has (deletedAt set); left out when omitted or false.' }),
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
      description:
        'Orders of one brand (brandId), of several (brandIds) or of every brand the caller may read (neither), last changed in the WMS first ' +
        '(updatedAt, newest first). Brands the caller may not read contribute nothing.',
      args: {
        ...brandScopeArgs(t),
        filter: t.arg({ type: OrderFilter, description: 'Optional conditions; omitted means every order.' }),
      },
      resolve: async (_root, args, ctx, info) => {
        const viewer = viewerOf(ctx);
        const scope = await resolveBrandScope(viewer, args);
        const filter = args.filter ?? {};
        const search = searchContains(filter.search);
        const node = selectedBelow(info, ['edges', 'node']);
        const shipments = node.filter((f) => f.name.value === 'shipments');
        return keysetConnection({
          args,
          sort: NEWEST_CHANGE_FIRST,
          fingerprint: ['orders', scope.kind === 'one' ? scope.brandId : { brandIds: scope.fingerprint }, normalizedFilter(args.filter)],
          find: ({ cursor, take }) =>
            loadOrderPage({
              viewer,
              brands: scope.kind === 'one' ? { brandId: scope.brandId } : { brandIds: scope.brandIds, everyBrand: scope.everyBrand },
              filter: { status: statusIn(filter.status)?.in, updatedSince: filter.updatedSince ?? undefined, searchPattern: search && `%${search.contains}%`, includeDeleted: filter.includeDeleted ?? false },
              after: cursor ? { updatedAt: String(cursor.value), id: cursor.id } : undefined,
              take,
              with: {
                lineItems: selects(node, 'lineItems'),
                shipments: shipments.length > 0,
                packages: selects(selectedBelow(info, [], shipments), 'packages'),
                brand: selects(node, 'brand'),
              },
            }),
        }) as never;
      },
    },
    { name: 'OrderConnection', description: 'A page of orders.' },
    { name: 'OrderEdge', description: 'An order in a page, with its cursor.' },
  ),
);

builder.queryField('order', (t) =>
  t.prismaField({
    type: 'Order',
    nullable: true,
    authScopes: { authenticated: true },
    description: 'One order by global ID, also when the WMS deleted it (deletedAt set); null when it does not exist or the caller may not read its brand.',
    args: { id: t.arg.id({ required: true, description: 'The Order global ID.' }) },
    resolve: (query, _root, args, ctx) => db.order.findFirst({ ...query, where: { id: parseGlobalId(args.id, 'Order'), ...inVisibleBrand(ctx) } }),
  }),
);

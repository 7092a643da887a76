// Shipments (with their packages): under an order, or listed brand-wide like every other resource.
import { db } from '../../db.js';
import type { Package, Prisma, ShipmentStatus } from '../../generated/prisma/client.js';
import { builder } from '../builder.js';
import { normalizedFilter, statusIn } from '../filters.js';
import { Money, money } from '../money.js';
import { keysetConnection } from '../pagination.js';
import { loadBatched } from '../batch.js';
import { edgeNodeQuery } from '../prisma-query.js';
import { inBrand, scopedNodeWhere } from '../scope.js';
import { ShipmentStatusEnum } from './enums.js';
import { NEWEST_CHANGE_FIRST } from './order.js';

// Include mode, like Order (see order.ts).
const PackageRef = builder.prismaObject('Package', {
  fields: (t) => ({
    externalId: t.exposeString('externalId'),
    packageName: t.exposeString('packageName', { nullable: true }),
    trackingNumber: t.exposeString('trackingNumber', { nullable: true }),
    trackingUrl: t.exposeString('trackingUrl', { nullable: true }),
    carrierName: t.exposeString('carrierName', { nullable: true }),
    shippingMethodName: t.exposeString('shippingMethodName', { nullable: true }),
    shippingCost: t.field({
      type: Money,
      nullable: true,
      resolve: (p) => money(p.shippingCost, (p as { currency?: string }).currency ?? 'USD'),
    }),
    measurements: t.expose('measurements', { type: 'JSON', nullable: true }),
    lineItems: t.expose('lineItems', { type: 'JSON' }),
  }),
});


export const ShipmentRef = builder.prismaNode('Shipment', {
  id: { field: 'id' },
  nullable: true,
  findUnique: (id, ctx) => scopedNodeWhere(id, ctx),
  fields: (t) => ({
    externalId: t.exposeString('externalId'),
    status: t.expose('status', { type: ShipmentStatusEnum }),
    rawStatus: t.exposeString('rawStatus', { nullable: true }),
    warehouseExternalId: t.exposeString('warehouseExternalId', { nullable: true }),
    shippedDate: t.expose('shippedDate', { type: 'DateTime', nullable: true }),
    carrierName: t.exposeString('carrierName', { nullable: true }),
    serviceName: t.exposeString('serviceName', { nullable: true }),
    trackingNumbers: t.exposeStringList('trackingNumbers'),
    lineItems: t.expose('lineItems', { type: 'JSON' }),
    shipFrom: t.expose('shipFrom', { type: 'JSON', nullable: true }),
    shipTo: t.expose('shipTo', { type: 'JSON', nullable: true }),
    updatedAt: t.expose('updatedAtRemote', { type: 'DateTime', description: "The order's last change in the WMS." }),
    order: t.relation('order'),
    // Packages price their shipping in the order's currency, handed down by Order.shipments or
    // looked up in one batch. They come preloaded with the orders page, else one batched query.
    packages: t.field({
      type: [PackageRef],
      // Synchronous when both come preloaded (the orders page): no promise per shipment.
      resolve: (shipment, _args, ctx) => {
        const knownCurrency = (shipment as { currency?: string }).currency;
        const preloaded = (shipment as { packages?: Package[] }).packages;
        if (knownCurrency !== undefined && preloaded) return preloaded.map((p) => Object.assign(p, { currency: knownCurrency }));
        return (async () => {
          const currency = knownCurrency ?? (await orderCurrency(ctx, shipment.orderId)) ?? 'USD';
          const packages = preloaded ?? (await packagesOf(ctx, shipment.id)) ?? [];
          return packages.map((p) => Object.assign(p, { currency }));
        })();
      },
    }),
  }),
});


function orderCurrency(ctx: object, orderId: string): Promise<string | undefined> {
  return loadBatched(ctx, 'orderCurrency', orderId, async (ids) => {
    const rows = await db.order.findMany({ where: { id: { in: ids } }, select: { id: true, currency: true } });
    return new Map(rows.map((r) => [r.id, r.currency]));
  });
}

function packagesOf(ctx: object, shipmentId: string): Promise<Package[] | undefined> {
  return loadBatched(ctx, 'packagesByShipment', shipmentId, async (ids) => {
    const rows = await db.package.findMany({ where: { shipmentId: { in: ids } }, orderBy: { id: 'asc' } });
    const grouped = new Map<string, Package[]>(ids.map((id) => [id, []]));
    for (const row of rows) grouped.get(row.shipmentId)!.push(row);
    return grouped;
  });
}

const ShipmentFilter = builder.inputType('ShipmentFilter', {
  fields: (t) => ({ status: t.field({ type: [ShipmentStatusEnum], description: 'Any of these statuses (empty: all).' }) }),
});

builder.queryField('shipments', (t) =>
  t.connection(
    {
      type: ShipmentRef,
      authScopes: { authenticated: true },
      args: { brandId: t.arg.id({ required: true }), filter: t.arg({ type: ShipmentFilter }) },
      resolve: (_root, args, ctx, info) => {
        const scope = inBrand(ctx, args.brandId);
        const where: Prisma.ShipmentWhereInput = { status: statusIn<ShipmentStatus>(args.filter?.status) };
        return keysetConnection({
          args,
          sort: NEWEST_CHANGE_FIRST,
          fingerprint: ['shipments', scope.brandId, normalizedFilter(args.filter)],
          find: ({ after, orderBy, take }) =>
            db.shipment.findMany({
              ...edgeNodeQuery(ctx, info, 'Shipment'),
              where: { AND: [scope, where, after ?? {}] },
              orderBy: orderBy as Prisma.ShipmentOrderByWithRelationInput[],
              take,
            }),
        }) as never;
      },
    },
    { name: 'ShipmentConnection' },
    { name: 'ShipmentEdge' },
  ),
);

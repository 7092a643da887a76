// Shipments (with their packages): under an order, or listed brand-wide like every other resource.
import { db } from '../../db.js';
import type { Package, Prisma, ShipmentStatus } from '../../generated/prisma/client.js';
import { builder } from '../builder.js';
import { brandListConnection, brandScopeArgs } from '../brand-list.js';
import { statusIn } from '../filters.js';
import { Money, money } from '../money.js';
import { NEWEST_CHANGE_FIRST } from '../pagination.js';
import { loadBatched } from '../batch.js';
import { rowBrand } from '../row-brand.js';
import { BrandRef } from './brand.js';
import { scopedNodeWhere } from '../scope.js';
import { AddressRef, MeasurementsRef, PackageLineItemRef, ShipToAddressRef, ShipmentLineItemRef, rawList, rawObject } from './embedded.js';
import { ShipmentStatusEnum } from './enums.js';

// Include mode, like Order (see order.ts).
const PackageRef = builder.prismaObject('Package', {
  description: 'One box or parcel of a shipment, with its tracking and contents.',
  fields: (t) => ({
    externalId: t.exposeString('externalId', { description: "The WMS's id of the package." }),
    packageName: t.exposeString('packageName', { nullable: true, description: 'Box name or size as the WMS calls it (e.g. "12x9x4"); null when none.' }),
    trackingNumber: t.exposeString('trackingNumber', { nullable: true, description: 'Carrier tracking number; null until the WMS has one.' }),
    trackingUrl: t.exposeString('trackingUrl', { nullable: true, description: "Link to the carrier's tracking page; null when the WMS gives none." }),
    carrierName: t.exposeString('carrierName', { nullable: true, description: 'Carrier of this package; null when unknown.' }),
    shippingMethodName: t.exposeString('shippingMethodName', { nullable: true, description: 'Shipping method (service) of this package; null when unknown.' }),
    shippingCost: t.field({
      type: Money,
      nullable: true,
      description: "What the warehouse paid to ship this package, in the order's currency; null when not reported.",
      resolve: (p) => money(p.shippingCost, (p as { currency?: string }).currency ?? 'USD'),
    }),
    measurements: t.field({
      type: MeasurementsRef,
      nullable: true,
      description: 'Size and weight of the package; null when the WMS sent none.',
      resolve: (p) => rawObject(p.measurements),
    }),
    lineItems: t.field({ type: [PackageLineItemRef], description: 'What is in the package.', resolve: (p) => rawList(p.lineItems) }),
  }),
});


export const ShipmentRef = builder.prismaNode('Shipment', {
  description: 'An outbound shipment of an order (one order may ship in several). Readable by 3PL members and by viewers of its brand.',
  id: { field: 'id' },
  nullable: true,
  findUnique: (id, ctx) => scopedNodeWhere(id, ctx),
  fields: (t) => ({
    externalId: t.exposeString('externalId', { description: "The WMS's id of the shipment; unique within its order." }),
    status: t.expose('status', { type: ShipmentStatusEnum, description: 'Normalized status.' }),
    rawStatus: t.exposeString('rawStatus', { nullable: true, description: "The WMS's own status word, unmapped; null when the WMS gives none." }),
    warehouseExternalId: t.exposeString('warehouseExternalId', { nullable: true, description: "The WMS's id of the warehouse it ships from (Warehouse.externalId)." }),
    shippedDate: t.expose('shippedDate', { type: 'DateTime', nullable: true, description: 'When it was handed to the carrier; null while not shipped.' }),
    carrierName: t.exposeString('carrierName', { nullable: true, description: 'Carrier of the first package that names one; null when none does.' }),
    serviceName: t.exposeString('serviceName', { nullable: true, description: 'Shipping service (method) as the WMS named it; null when unknown.' }),
    trackingNumbers: t.exposeStringList('trackingNumbers', { description: 'Tracking numbers of its packages (one per package that has one).' }),
    lineItems: t.field({ type: [ShipmentLineItemRef], description: 'What the shipment contains, per inventory item.', resolve: (s) => rawList(s.lineItems) }),
    shipFrom: t.field({ type: AddressRef, nullable: true, description: 'Address it ships from; null when the WMS sent none.', resolve: (s) => rawObject(s.shipFrom) }),
    shipTo: t.field({ type: ShipToAddressRef, nullable: true, description: 'Recipient address and contact; null when the WMS sent none.', resolve: (s) => rawObject(s.shipTo) }),
    updatedAt: t.expose('updatedAtRemote', { type: 'DateTime', description: "The order's last change in the WMS." }),
    order: t.relation('order', { description: 'The order this shipment belongs to.' }),
    // Shipments preloaded by the SQL orders page have no Prisma plan: `resolve` loads their brands in one batch (row-brand.ts).
    brand: t.field({ type: BrandRef, description: 'The brand the shipment belongs to.', resolve: (shipment, _args, ctx) => rowBrand(ctx, shipment) as never }),
    // Packages price their shipping in the order's currency, handed down by Order.shipments or
    // looked up in one batch. They come preloaded with the orders page, else one batched query.
    packages: t.field({
      type: [PackageRef],
      description: 'The boxes or parcels of the shipment; empty when the WMS reports none.',
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
  description: 'Narrows Query.shipments.',
  fields: (t) => ({
    status: t.field({ type: [ShipmentStatusEnum], description: 'Any of these statuses (empty: all).' }),
    includeDeleted: t.boolean({ description: 'Also shipments of orders the WMS no longer has (Order.deletedAt set); left out when omitted or false.' }),
  }),
});

builder.queryField('shipments', (t) =>
  t.connection(
    {
      type: ShipmentRef,
      authScopes: { authenticated: true },
      description:
        'Outbound shipments across all orders of one brand (brandId), of several (brandIds) or of every brand the caller may read (neither), ' +
        "by their order's last change (newest first). Brands the caller may not read contribute nothing.",
      args: {
        ...brandScopeArgs(t),
        filter: t.arg({ type: ShipmentFilter, description: 'Optional conditions; omitted means every shipment.' }),
      },
      resolve: (_root, args, ctx, info) => {
        const status = statusIn<ShipmentStatus>(args.filter?.status);
        const includeDeleted = args.filter?.includeDeleted ?? false;
        const where: Prisma.ShipmentWhereInput = { status, order: includeDeleted ? undefined : { deletedAt: null } };
        const sql = {
          table: 'shipment',
          where: (param: (value: unknown) => string) => [
            ...(status ? [`t.status = ANY(${param(status.in)}::"ShipmentStatus"[])`] : []),
            ...(includeDeleted ? [] : ['EXISTS (SELECT 1 FROM "order" o WHERE o.id = t."orderId" AND o."deletedAt" IS NULL)']),
          ],
        };
        return brandListConnection({
          ctx, info, args, field: 'shipments', model: 'Shipment', sort: NEWEST_CHANGE_FIRST, where, sql,
          // Include mode (every column is loaded): nothing to add to the selection.
          required: null,
          findMany: (query) => db.shipment.findMany(query as Prisma.ShipmentFindManyArgs),
        });
      },
    },
    { name: 'ShipmentConnection', description: 'A page of shipments.' },
    { name: 'ShipmentEdge', description: 'A shipment in a page, with its cursor.' },
  ),
);

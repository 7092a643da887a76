// Returns and inbound shipments: both are "things arriving at the warehouse" and share
// Trackstar's receiving status enum, so they share one file and one filter shape.
import { db } from '../../db.js';
import type { Prisma, ReceivingStatus } from '../../generated/prisma/client.js';
import { brandListConnection } from '../brand-list.js';
import { builder } from '../builder.js';
import { statusIn } from '../filters.js';
import { scopedNodeWhere } from '../scope.js';
import { ReceivingStatusEnum } from './enums.js';
import { NEWEST_CHANGE_FIRST } from './order.js';

const ReturnRef = builder.prismaNode('Return', {
  id: { field: 'id' },
  select: { id: true },
  nullable: true,
  findUnique: (id, ctx) => scopedNodeWhere(id, ctx),
  fields: (t) => ({
    externalId: t.exposeString('externalId'),
    orderExternalId: t.exposeString('orderExternalId', { nullable: true }),
    status: t.expose('status', { type: ReceivingStatusEnum }),
    rawStatus: t.exposeString('rawStatus', { nullable: true }),
    lineItems: t.expose('lineItems', { type: 'JSON' }),
    shipments: t.expose('shipments', { type: 'JSON' }),
    notes: t.exposeStringList('notes'),
    createdAt: t.expose('createdAtRemote', { type: 'DateTime' }),
    updatedAt: t.expose('updatedAtRemote', { type: 'DateTime' }),
    syncedAt: t.expose('syncedAt', { type: 'DateTime' }),
    rawData: t.expose('rawData', { type: 'JSON', nullable: true, authScopes: { manager: true } }),
    brand: t.relation('brand'),
  }),
});

const InboundShipmentRef = builder.prismaNode('InboundShipment', {
  id: { field: 'id' },
  select: { id: true },
  nullable: true,
  findUnique: (id, ctx) => scopedNodeWhere(id, ctx),
  fields: (t) => ({
    externalId: t.exposeString('externalId'),
    warehouseExternalId: t.exposeString('warehouseExternalId', { nullable: true }),
    purchaseOrderNumber: t.exposeString('purchaseOrderNumber', { nullable: true }),
    status: t.expose('status', { type: ReceivingStatusEnum }),
    rawStatus: t.exposeString('rawStatus', { nullable: true }),
    supplierName: t.exposeString('supplierName', { nullable: true }),
    expectedArrivalDate: t.expose('expectedArrivalDate', { type: 'DateTime', nullable: true }),
    trackingNumbers: t.exposeStringList('trackingNumbers'),
    lineItems: t.expose('lineItems', { type: 'JSON' }),
    receipts: t.expose('receipts', { type: 'JSON' }),
    createdAt: t.expose('createdAtRemote', { type: 'DateTime' }),
    updatedAt: t.expose('updatedAtRemote', { type: 'DateTime' }),
    syncedAt: t.expose('syncedAt', { type: 'DateTime' }),
    rawData: t.expose('rawData', { type: 'JSON', nullable: true, authScopes: { manager: true } }),
    brand: t.relation('brand'),
  }),
});

const ReceivingFilter = builder.inputType('ReceivingFilter', {
  description: 'Filter for returns and inbound shipments.',
  fields: (t) => ({ status: t.field({ type: [ReceivingStatusEnum], description: 'Any of these statuses (empty: all).' }) }),
});

builder.queryField('returns', (t) =>
  t.connection(
    {
      type: ReturnRef,
      authScopes: { authenticated: true },
      args: { brandId: t.arg.id({ required: true }), filter: t.arg({ type: ReceivingFilter }) },
      resolve: (_root, args, ctx, info) => {
        const where: Prisma.ReturnWhereInput = { status: statusIn<ReceivingStatus>(args.filter?.status) };
        return brandListConnection({
          ctx, info, args, field: 'returns', model: 'Return', sort: NEWEST_CHANGE_FIRST, where,
          findMany: (query) => db.return.findMany(query as Prisma.ReturnFindManyArgs),
        });
      },
    },
    { name: 'ReturnConnection' },
    { name: 'ReturnEdge' },
  ),
);

builder.queryField('inboundShipments', (t) =>
  t.connection(
    {
      type: InboundShipmentRef,
      authScopes: { authenticated: true },
      args: { brandId: t.arg.id({ required: true }), filter: t.arg({ type: ReceivingFilter }) },
      resolve: (_root, args, ctx, info) => {
        const where: Prisma.InboundShipmentWhereInput = { status: statusIn<ReceivingStatus>(args.filter?.status) };
        return brandListConnection({
          ctx, info, args, field: 'inboundShipments', model: 'InboundShipment', sort: NEWEST_CHANGE_FIRST, where,
          findMany: (query) => db.inboundShipment.findMany(query as Prisma.InboundShipmentFindManyArgs),
        });
      },
    },
    { name: 'InboundShipmentConnection' },
    { name: 'InboundShipmentEdge' },
  ),
);

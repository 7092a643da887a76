// Warehouses (with their locations) and shipping methods: short reference lists per brand.
import { db } from '../../db.js';
import { builder } from '../builder.js';
import { inBrand, scopedNodeWhere } from '../scope.js';

/** Reference lists are small; the cap only protects against a runaway upstream. */
const REFERENCE_LIST_CAP = 1_000;

const LocationRef = builder.prismaObject('WarehouseLocation', {
  select: { id: true },
  fields: (t) => ({
    externalId: t.exposeString('externalId'),
    name: t.exposeString('name', { nullable: true }),
    type: t.exposeString('type', { nullable: true }),
  }),
});

builder.prismaNode('Warehouse', {
  id: { field: 'id' },
  select: { id: true },
  nullable: true,
  findUnique: (id, ctx) => scopedNodeWhere(id, ctx),
  fields: (t) => ({
    externalId: t.exposeString('externalId'),
    name: t.exposeString('name'),
    code: t.exposeString('code', { nullable: true }),
    address: t.expose('address', { type: 'JSON', nullable: true }),
    updatedAt: t.expose('updatedAtRemote', { type: 'DateTime' }),
    rawData: t.expose('rawData', { type: 'JSON', nullable: true, authScopes: { manager: true } }),
    brand: t.relation('brand'),
    locations: t.field({
      type: [LocationRef],
      description: `Up to ${REFERENCE_LIST_CAP} locations, by WMS id.`,
      select: { brandId: true, externalId: true },
      // Locations point at their warehouse by WMS id (no foreign key): one query per warehouse.
      resolve: (w) =>
        db.warehouseLocation.findMany({
          where: { brandId: w.brandId, warehouseExternalId: w.externalId },
          orderBy: [{ externalId: 'asc' }],
          take: REFERENCE_LIST_CAP,
        }),
    }),
  }),
});

builder.prismaNode('ShippingMethod', {
  id: { field: 'id' },
  select: { id: true },
  nullable: true,
  findUnique: (id, ctx) => scopedNodeWhere(id, ctx),
  fields: (t) => ({
    externalId: t.exposeString('externalId'),
    name: t.exposeString('name'),
    carrierId: t.exposeString('carrierId', { nullable: true }),
    carrierName: t.exposeString('carrierName', { nullable: true }),
    scac: t.exposeString('scac', { nullable: true }),
    updatedAt: t.expose('updatedAtRemote', { type: 'DateTime' }),
    rawData: t.expose('rawData', { type: 'JSON', nullable: true, authScopes: { manager: true } }),
    brand: t.relation('brand'),
  }),
});

builder.queryField('warehouses', (t) =>
  t.prismaField({
    type: ['Warehouse'],
    authScopes: { authenticated: true },
    description: `The brand's warehouses by name (at most ${REFERENCE_LIST_CAP}).`,
    args: { brandId: t.arg.id({ required: true }) },
    resolve: (query, _root, args, ctx) =>
      db.warehouse.findMany({ ...query, where: inBrand(ctx, args.brandId), orderBy: [{ name: 'asc' }, { id: 'asc' }], take: REFERENCE_LIST_CAP }),
  }),
);

builder.queryField('shippingMethods', (t) =>
  t.prismaField({
    type: ['ShippingMethod'],
    authScopes: { authenticated: true },
    description: `The brand's shipping methods by name (at most ${REFERENCE_LIST_CAP}).`,
    args: { brandId: t.arg.id({ required: true }) },
    resolve: (query, _root, args, ctx) =>
      db.shippingMethod.findMany({ ...query, where: inBrand(ctx, args.brandId), orderBy: [{ name: 'asc' }, { id: 'asc' }], take: REFERENCE_LIST_CAP }),
  }),
);


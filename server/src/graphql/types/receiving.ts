// Returns and inbound shipments: both are "things arriving at the warehouse" and share
// Trackstar's receiving status enum, so they share one file and one filter shape.
import { db } from '../../db.js';
import type { Prisma, ReceivingStatus } from '../../generated/prisma/client.js';
import { brandListConnection, brandScopeArgs } from '../brand-list.js';
import { builder } from '../builder.js';
import { statusIn } from '../filters.js';
import { scopedNodeWhere } from '../scope.js';
import { InboundShipmentLineItemRef, InboundShipmentReceiptRef, ReturnLineItemRef, ReturnShipmentRef, rawList } from './embedded.js';
import { ReceivingStatusEnum } from './enums.js';
import { NEWEST_CHANGE_FIRST } from '../pagination.js';

const ReturnRef = builder.prismaNode('Return', {
  description: 'A customer return (RMA) coming back to the warehouse. Readable by 3PL members and by viewers of its brand.',
  id: { field: 'id' },
  select: { id: true },
  nullable: true,
  findUnique: (id, ctx) => scopedNodeWhere(id, ctx),
  fields: (t) => ({
    externalId: t.exposeString('externalId', { description: "The WMS's id of the return; unique per brand." }),
    orderExternalId: t.exposeString('orderExternalId', { nullable: true, description: "The WMS's id of the order being returned (Order.externalId); null when not linked to an order." }),
    status: t.expose('status', { type: ReceivingStatusEnum, description: 'Normalized status.' }),
    rawStatus: t.exposeString('rawStatus', { nullable: true, description: "The WMS's own status word, unmapped; null when the WMS gives none." }),
    lineItems: t.field({
      type: [ReturnLineItemRef],
      description: 'The items being returned, with expected, received and restocked units.',
      select: { lineItems: true },
      resolve: (r) => rawList(r.lineItems),
    }),
    shipments: t.field({
      type: [ReturnShipmentRef],
      description: 'The parcels the customer sends back; empty until the WMS records one.',
      select: { shipments: true },
      resolve: (r) => rawList(r.shipments),
    }),
    notes: t.exposeStringList('notes', { description: 'Free-text notes from the WMS.' }),
    createdAt: t.expose('createdAtRemote', { type: 'DateTime', description: 'When the WMS created the return.' }),
    updatedAt: t.expose('updatedAtRemote', { type: 'DateTime', description: 'Last change in the WMS (list order).' }),
    syncedAt: t.expose('syncedAt', { type: 'DateTime', description: 'When Packr last stored this return.' }),
    deletedAt: t.expose('deletedAt', { type: 'DateTime', nullable: true, description: 'Set when the WMS no longer has the return (see ReceivingFilter.includeDeleted); readable by id still. Null while it exists.' }),
    rawData: t.expose('rawData', {
      type: 'JSON', nullable: true, authScopes: { manager: true },
      description: 'The return exactly as Trackstar sent it (snake_case JSON). OWNER and ADMIN only: others get null and a FORBIDDEN error.',
    }),
    brand: t.relation('brand', { description: 'The brand the return belongs to.' }),
  }),
});

const InboundShipmentRef = builder.prismaNode('InboundShipment', {
  description: 'An inbound shipment (ASN): stock a supplier sends to the warehouse for the brand, and what has been received of it. Readable by 3PL members and by viewers of its brand.',
  id: { field: 'id' },
  select: { id: true },
  nullable: true,
  findUnique: (id, ctx) => scopedNodeWhere(id, ctx),
  fields: (t) => ({
    externalId: t.exposeString('externalId', { description: "The WMS's id of the inbound shipment; unique per brand." }),
    warehouseExternalId: t.exposeString('warehouseExternalId', { nullable: true, description: "The WMS's id of the receiving warehouse (Warehouse.externalId); null when not assigned." }),
    purchaseOrderNumber: t.exposeString('purchaseOrderNumber', { nullable: true, description: 'Number of the purchase order it fulfils; null when none.' }),
    status: t.expose('status', { type: ReceivingStatusEnum, description: 'Normalized status.' }),
    rawStatus: t.exposeString('rawStatus', { nullable: true, description: "The WMS's own status word, unmapped; null when the WMS gives none." }),
    supplierName: t.exposeString('supplierName', { nullable: true, description: 'Name of the supplier sending it; null when unknown.' }),
    expectedArrivalDate: t.expose('expectedArrivalDate', { type: 'DateTime', nullable: true, description: 'When it is expected at the warehouse; null when not given.' }),
    trackingNumbers: t.exposeStringList('trackingNumbers', { description: 'Carrier tracking numbers of the shipment.' }),
    lineItems: t.field({
      type: [InboundShipmentLineItemRef],
      description: 'The items expected, with units expected and received so far.',
      select: { lineItems: true },
      resolve: (s) => rawList(s.lineItems),
    }),
    receipts: t.field({
      type: [InboundShipmentReceiptRef],
      description: 'Receiving events so far, in WMS order; empty until the warehouse starts receiving.',
      select: { receipts: true },
      resolve: (s) => rawList(s.receipts),
    }),
    createdAt: t.expose('createdAtRemote', { type: 'DateTime', description: 'When the WMS created the inbound shipment.' }),
    updatedAt: t.expose('updatedAtRemote', { type: 'DateTime', description: 'Last change in the WMS (list order).' }),
    syncedAt: t.expose('syncedAt', { type: 'DateTime', description: 'When Packr last stored this inbound shipment.' }),
    deletedAt: t.expose('deletedAt', { type: 'DateTime', nullable: true, description: 'Set when the WMS no longer has the inbound shipment (see ReceivingFilter.includeDeleted); readable by id still. Null while it exists.' }),
    rawData: t.expose('rawData', {
      type: 'JSON', nullable: true, authScopes: { manager: true },
      description: 'The inbound shipment exactly as Trackstar sent it (snake_case JSON). OWNER and ADMIN only: others get null and a FORBIDDEN error.',
    }),
    brand: t.relation('brand', { description: 'The brand the stock belongs to.' }),
  }),
});

const ReceivingFilter = builder.inputType('ReceivingFilter', {
  description: 'Narrows Query.returns and Query.inboundShipments.',
  fields: (t) => ({
    status: t.field({ type: [ReceivingStatusEnum], description: 'Any of these statuses (empty: all).' }),
    includeDeleted: t.boolean({ description: 'Also records the WMS no longer has (deletedAt set); left out when omitted or false.' }),
  }),
});

/** Query.returns and Query.inboundShipments: the same brand-scoped list with the same status filter. */
function receivingListField(options: {
  field: 'returns' | 'inboundShipments';
  type: typeof ReturnRef | typeof InboundShipmentRef;
  model: 'Return' | 'InboundShipment';
  description: string;
  /** The node in prose ("inbound shipment", "inbound shipments"), for the descriptions. */
  singular: string;
  plural: string;
  /** The SQL table, for pages over several brands. */
  table: string;
  findMany: (query: object) => Promise<readonly unknown[]>;
}) {
  const { field, model, singular, plural } = options;
  const article = /^[aeiou]/.test(singular) ? 'An' : 'A';
  builder.queryField(field, (t) =>
    t.connection(
      {
        type: options.type as typeof ReturnRef,
        authScopes: { authenticated: true },
        description: options.description,
        args: {
          ...brandScopeArgs(t),
          filter: t.arg({ type: ReceivingFilter, description: `Optional conditions; omitted means every ${singular}.` }),
        },
        resolve: (_root, args, ctx, info) => {
          const status = statusIn<ReceivingStatus>(args.filter?.status);
          const where = { status, deletedAt: args.filter?.includeDeleted ? undefined : null };
          const sql = {
            table: options.table,
            where: (param: (value: unknown) => string) => [
              ...(status ? [`t.status = ANY(${param(status.in)}::"ReceivingStatus"[])`] : []),
              ...(args.filter?.includeDeleted ? [] : ['t."deletedAt" IS NULL']),
            ],
          };
          return brandListConnection({ ctx, info, args, field, model, sort: NEWEST_CHANGE_FIRST, where, findMany: options.findMany, sql });
        },
      },
      { name: `${model}Connection`, description: `A page of ${plural}.` },
      { name: `${model}Edge`, description: `${article} ${singular} in a page, with its cursor.` },
    ),
  );
}

receivingListField({
  field: 'returns', type: ReturnRef, model: 'Return', singular: 'return', plural: 'returns', table: '"return"',
  description:
    'Returns of one brand (brandId), of several (brandIds) or of every brand the caller may read (neither), last changed in the WMS first. ' +
    'Brands the caller may not read contribute nothing.',
  findMany: (query) => db.return.findMany(query as Prisma.ReturnFindManyArgs),
});

receivingListField({
  field: 'inboundShipments', type: InboundShipmentRef, model: 'InboundShipment', singular: 'inbound shipment', plural: 'inbound shipments', table: 'inbound_shipment',
  description:
    'Inbound shipments (ASNs) of one brand (brandId), of several (brandIds) or of every brand the caller may read (neither), last changed in the WMS first. ' +
    'Brands the caller may not read contribute nothing.',
  findMany: (query) => db.inboundShipment.findMany(query as Prisma.InboundShipmentFindManyArgs),
});

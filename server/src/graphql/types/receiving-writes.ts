// Inbound shipments (ASNs) and returns created through Trackstar: createInboundShipment and
// createReturn (services/wms-writes.ts). Each answers the record as Packr now stores it.
import { db } from '../../db.js';
import { createInboundShipment, createReturn, type WriteResult } from '../../services/wms-writes.js';
import { builder } from '../builder.js';
import { visibleBrandId } from '../scope.js';
import { answer } from '../service-errors.js';
import { IDEMPOTENCY_KEY_DESCRIPTION, noRecord, writeOutcomeFields } from './wms-write.js';

const MEMBERS = 'OWNER, ADMIN and OPERATOR only; brand viewers get FORBIDDEN.';

const InboundShipmentLineInputRef = builder.inputType('InboundShipmentLineInput', {
  description: 'Units of one SKU expected on an inbound shipment.',
  fields: (t) => ({
    sku: t.string({ required: true, description: 'SKU of an inventory item of the brand (the WMS checks it).' }),
    expectedQuantity: t.int({ required: true, description: 'Units expected: 1 to 1000000.' }),
  }),
});

const CreateInboundShipmentInputRef = builder.inputType('CreateInboundShipmentInput', {
  description: 'A new inbound shipment (ASN): stock a supplier is sending to a warehouse. Every field but idempotencyKey and trackstarTags is required.',
  fields: (t) => ({
    idempotencyKey: t.string({ description: IDEMPOTENCY_KEY_DESCRIPTION }),
    purchaseOrderNumber: t.string({ required: true, description: 'The purchase order it fulfils.' }),
    supplier: t.string({ required: true, description: 'Who sends it.' }),
    expectedArrivalDate: t.field({ type: 'DateTime', required: true, description: 'When it should arrive (sent in whole seconds).' }),
    warehouseId: t.id({ required: true, description: 'The Warehouse global ID receiving it.' }),
    trackingNumber: t.string({ required: true, description: 'Tracking number of the delivery.' }),
    lineItems: t.field({ type: [InboundShipmentLineInputRef], required: true, description: 'What is coming: 1 to 500 lines.' }),
    trackstarTags: t.stringList({ description: "Tags on Trackstar's copy (at most 50); not sent to the WMS." }),
  }),
});

const ReturnLineInputRef = builder.inputType('ReturnLineInput', {
  description: 'Units of one SKU coming back.',
  fields: (t) => ({
    sku: t.string({ required: true, description: 'SKU of an inventory item of the brand (the WMS checks it).' }),
    quantity: t.int({ required: true, description: 'Units expected back: 1 to 1000000.' }),
  }),
});

const CreateReturnInputRef = builder.inputType('CreateReturnInput', {
  description: 'A new customer return (RMA).',
  fields: (t) => ({
    idempotencyKey: t.string({ description: IDEMPOTENCY_KEY_DESCRIPTION }),
    orderId: t.id({ description: 'The Order global ID being returned (of this brand).' }),
    warehouseId: t.id({ description: 'The Warehouse global ID receiving it; the WMS picks one when omitted.' }),
    lineItems: t.field({ type: [ReturnLineInputRef], required: true, description: 'What comes back: 1 to 200 lines.' }),
    trackstarTags: t.stringList({ description: "Tags on Trackstar's copy (at most 50); not sent to the WMS." }),
  }),
});

const InboundShipmentWritePayloadRef = builder.objectRef<WriteResult>('InboundShipmentWritePayload').implement({
  description: "The outcome of creating an inbound shipment: the shipment as Packr now stores it (Trackstar's answer, applied at once), the idempotency key, and userErrors.",
  fields: (t) => ({
    inboundShipment: t.prismaField({
      type: 'InboundShipment',
      nullable: true,
      description: 'The inbound shipment as Trackstar now stores it; null when userErrors explain why nothing was written.',
      resolve: (query, r) => (r.recordId ? db.inboundShipment.findUnique({ ...query, where: { id: r.recordId } }) : noRecord(query)),
    }),
    ...writeOutcomeFields(t),
  }),
});

const ReturnWritePayloadRef = builder.objectRef<WriteResult>('ReturnWritePayload').implement({
  description: "The outcome of creating a return: the return as Packr now stores it (Trackstar's answer, applied at once), the idempotency key, and userErrors.",
  fields: (t) => ({
    return: t.prismaField({
      type: 'Return',
      nullable: true,
      description: 'The return as Trackstar now stores it; null when userErrors explain why nothing was written.',
      resolve: (query, r) => (r.recordId ? db.return.findUnique({ ...query, where: { id: r.recordId } }) : noRecord(query)),
    }),
    ...writeOutcomeFields(t),
  }),
});

builder.mutationField('createInboundShipment', (t) =>
  t.field({
    type: InboundShipmentWritePayloadRef,
    authScopes: { member: true },
    description: `Creates an inbound shipment (ASN) in the brand's WMS through Trackstar (create_inbound_shipment); its units count as awaiting. ${MEMBERS}`,
    args: {
      brandId: t.arg.id({ required: true, description: 'The Brand global ID.' }),
      input: t.arg({ type: CreateInboundShipmentInputRef, required: true, description: 'The inbound shipment.' }),
    },
    resolve: async (_root, args, ctx) => {
      const brandId = await visibleBrandId(ctx.viewer!, args.brandId);
      return answer(() => createInboundShipment(ctx.viewer!, brandId, args.input));
    },
  }),
);

builder.mutationField('createReturn', (t) =>
  t.field({
    type: ReturnWritePayloadRef,
    authScopes: { member: true },
    description: `Creates a customer return in the brand's WMS through Trackstar (create_return). ${MEMBERS}`,
    args: {
      brandId: t.arg.id({ required: true, description: 'The Brand global ID.' }),
      input: t.arg({ type: CreateReturnInputRef, required: true, description: 'The return.' }),
    },
    resolve: async (_root, args, ctx) => {
      const brandId = await visibleBrandId(ctx.viewer!, args.brandId);
      return answer(() => createReturn(ctx.viewer!, brandId, args.input));
    },
  }),
);

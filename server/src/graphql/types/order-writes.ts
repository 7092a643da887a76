// Order writes through Trackstar: createOrder, updateOrder, cancelOrder, shipOrder and the bulk
// createOrders (services/wms-writes.ts, services/bulk-writes.ts). Each answers the order as Packr
// now stores it (Trackstar's answer, applied), the idempotency key and its userErrors.
import { db } from '../../db.js';
import { MAX_BATCH_ROWS, createOrders, type BatchResult, type BatchRowResult } from '../../services/bulk-writes.js';
import { cancelOrder, createOrder, shipOrder, updateOrder, type WriteResult } from '../../services/wms-writes.js';
import { builder } from '../builder.js';
import { visibleBrandId } from '../scope.js';
import { answer } from '../service-errors.js';
import { LengthUnitEnum, WeightUnitEnum } from './embedded.js';
import { OrderStatusEnum } from './enums.js';
import { IDEMPOTENCY_KEY_DESCRIPTION, noRecord, WmsWriteErrorRef, WriteAddressInputRef, writeOutcomeFields } from './wms-write.js';

const MEMBERS = 'OWNER, ADMIN and OPERATOR only; brand viewers get FORBIDDEN.';

const OrderLineInputRef = builder.inputType('OrderLineInput', {
  description: 'One order line: the product (by productId or sku) and how many units.',
  fields: (t) => ({
    productId: t.id({ description: 'The Product global ID. Give this or sku.' }),
    sku: t.string({ description: "The product's SKU in this brand, when productId is not given (one active product must have it). Sent to the WMS with the line." }),
    quantity: t.int({ required: true, description: 'Units ordered: 1 to 1000000.' }),
    unitPrice: t.float({ description: 'Price of one unit in the order currency (not negative).' }),
    discountAmount: t.float({ description: 'Discount on the line (not negative).' }),
  }),
});

const orderFields = (t: PothosSchemaTypes.InputFieldBuilder<any, 'InputObject'>) => ({
  idempotencyKey: t.string({ description: IDEMPOTENCY_KEY_DESCRIPTION }),
  referenceId: t.string({ description: 'The order id in the sales channel (e.g. the Shopify order id); the WMS defaults it to its own id.' }),
  shippingMethodId: t.id({ description: 'The ShippingMethod global ID the warehouse should ship with.' }),
  serviceLevel: t.string({ description: 'The service the shopper chose, e.g. "Standard".' }),
  tradingPartner: t.string({ description: 'For retail/EDI orders: the trading partner who placed it (e.g. "Target").' }),
  invoiceCurrencyCode: t.string({ description: 'ISO 4217 code in capitals, e.g. USD (the WMS defaults to USD).' }),
  totalPrice: t.float({ description: 'What the shopper paid in total.' }),
  totalTax: t.float({ description: 'Tax on the order.' }),
  totalDiscount: t.float({ description: 'Discount on the order.' }),
  totalShipping: t.float({ description: 'Shipping the shopper paid.' }),
  trackstarTags: t.stringList({ description: "Tags stored on Trackstar's copy of the order (at most 50, each at most 100 characters); not sent to the WMS." }),
});

const CreateOrderInputRef = builder.inputType('CreateOrderInput', {
  description: "A new order for the brand's WMS. Required: orderNumber, shipToAddress (address1, city, state, postalCode, country) and at least one line. Leave unknown fields out.",
  fields: (t) => ({
    ...orderFields(t),
    orderNumber: t.string({ required: true, description: 'Human-readable order number, shown to the shopper (at most 100 characters).' }),
    shipToAddress: t.field({ type: WriteAddressInputRef, required: true, description: 'Where the order goes.' }),
    lineItems: t.field({ type: [OrderLineInputRef], required: true, description: 'What is ordered: 1 to 200 lines.' }),
  }),
});

const UpdateOrderInputRef = builder.inputType('UpdateOrderInput', {
  description: 'Changes to an order: only the fields given are changed (at least one). lineItems, when given, replaces every line.',
  fields: (t) => ({
    ...orderFields(t),
    orderNumber: t.string({ description: 'New order number.' }),
    shipToAddress: t.field({ type: WriteAddressInputRef, description: 'Address fields to change; the others stay.' }),
    lineItems: t.field({ type: [OrderLineInputRef], description: 'The new lines, replacing all of them (1 to 200).' }),
    status: t.field({ type: OrderStatusEnum, description: 'A new status, where the WMS allows setting it directly (use cancelOrder and shipOrder for those moves).' }),
  }),
});

const ShipmentMeasurementsInputRef = builder.inputType('ShipmentMeasurementsInput', {
  description: 'Size and weight of what was shipped; every value optional, each more than 0.',
  fields: (t) => ({
    length: t.float({ description: 'Length.' }),
    width: t.float({ description: 'Width.' }),
    height: t.float({ description: 'Height.' }),
    unit: t.field({ type: LengthUnitEnum, description: 'Unit of length, width and height.' }),
    weight: t.float({ description: 'Weight.' }),
    weightUnit: t.field({ type: WeightUnitEnum, description: 'Unit of weight.' }),
  }),
});

const ShipmentPackageInputRef = builder.inputType('ShipmentPackageInput', {
  description: 'One parcel of the shipment.',
  fields: (t) => ({
    packageId: t.string({ required: true, description: 'Your id of the parcel.' }),
    trackingNumber: t.string({ required: true, description: "The parcel's tracking number." }),
  }),
});

const ShipmentLineInputRef = builder.inputType('ShipmentLineInput', {
  description: 'Units of one SKU in the shipment.',
  fields: (t) => ({
    sku: t.string({ required: true, description: 'SKU of an order line that still has units to ship.' }),
    quantity: t.int({ required: true, description: 'Units shipped (at most what is left on the order).' }),
  }),
});

const ShipOrderInputRef = builder.inputType('ShipOrderInput', {
  description: 'A shipment of an order, as the warehouse made it. Without lineItems everything left on the order ships.',
  fields: (t) => ({
    idempotencyKey: t.string({ description: IDEMPOTENCY_KEY_DESCRIPTION }),
    warehouseId: t.id({ required: true, description: 'The Warehouse global ID it shipped from.' }),
    shippedDate: t.field({ type: 'DateTime', required: true, description: 'When it shipped (sent to the WMS in whole seconds).' }),
    trackingNumber: t.string({ required: true, description: 'Tracking number of the shipment.' }),
    trackingUrl: t.string({ description: 'Tracking page URL.' }),
    carrierId: t.string({ description: "The WMS's id of the carrier." }),
    shippingMethodId: t.id({ description: 'The ShippingMethod global ID used.' }),
    shippingCost: t.float({ required: true, description: 'What the warehouse paid to ship it (not negative).' }),
    measurements: t.field({ type: ShipmentMeasurementsInputRef, description: 'Size and weight.' }),
    packages: t.field({ type: [ShipmentPackageInputRef], description: 'The parcels (at most 50).' }),
    lineItems: t.field({ type: [ShipmentLineInputRef], description: 'What shipped, when only part of the order did (1 to 200 lines).' }),
  }),
});

const OrderWritePayloadRef = builder.objectRef<WriteResult>('OrderWritePayload').implement({
  description: 'The outcome of an order write: the order as Packr now stores it (Trackstar\'s answer, applied at once), the idempotency key, and userErrors.',
  fields: (t) => ({
    order: t.prismaField({
      type: 'Order',
      nullable: true,
      description: 'The order as Trackstar now stores it; null when userErrors explain why nothing was written.',
      resolve: (query, r) => (r.recordId ? db.order.findUnique({ ...query, where: { id: r.recordId } }) : noRecord(query)),
    }),
    ...writeOutcomeFields(t),
  }),
});

const OrderWriteResultRef = builder.objectRef<BatchRowResult>('OrderWriteResult').implement({
  description: 'The outcome of one row of createOrders.',
  fields: (t) => ({
    index: t.exposeInt('index', { description: "The row's position in inputs (0-based)." }),
    order: t.prismaField({
      type: 'Order',
      nullable: true,
      description: 'The order as Trackstar now stores it; null when userErrors explain why the row was not written.',
      resolve: (query, r) => (r.recordId ? db.order.findUnique({ ...query, where: { id: r.recordId } }) : noRecord(query)),
    }),
    ...writeOutcomeFields(t),
  }),
});

const CreateOrdersPayloadRef = builder.objectRef<BatchResult>('CreateOrdersPayload').implement({
  description: 'One result per row of createOrders, in input order.',
  fields: (t) => ({
    results: t.field({ type: [OrderWriteResultRef], description: 'A result per row, in input order; empty when userErrors refused the call as a whole.', resolve: (b) => b.results }),
    succeeded: t.int({ description: 'Rows written (or already written under their key).', resolve: (b) => b.results.filter((r) => r.errors.length === 0).length }),
    failed: t.int({ description: 'Rows with userErrors.', resolve: (b) => b.results.filter((r) => r.errors.length > 0).length }),
    userErrors: t.field({ type: [WmsWriteErrorRef], description: 'Problems with the call as a whole (no rows, too many rows); rows have their own.', resolve: (b) => b.errors }),
  }),
});

builder.mutationField('createOrder', (t) =>
  t.field({
    type: OrderWritePayloadRef,
    authScopes: { member: true },
    description: `Creates an order in the brand's WMS through Trackstar (create_order). ${MEMBERS}`,
    args: {
      brandId: t.arg.id({ required: true, description: 'The Brand global ID.' }),
      input: t.arg({ type: CreateOrderInputRef, required: true, description: 'The new order.' }),
    },
    resolve: async (_root, args, ctx) => {
      const brandId = await visibleBrandId(ctx.viewer!, args.brandId);
      return answer(() => createOrder(ctx.viewer!, brandId, args.input));
    },
  }),
);

builder.mutationField('updateOrder', (t) =>
  t.field({
    type: OrderWritePayloadRef,
    authScopes: { member: true },
    description: `Changes an order in the WMS through Trackstar (update_order); a cancelled or shipped order cannot change. ${MEMBERS}`,
    args: {
      orderId: t.arg.id({ required: true, description: 'The Order global ID.' }),
      input: t.arg({ type: UpdateOrderInputRef, required: true, description: 'What to change.' }),
    },
    resolve: (_root, args, ctx) => answer(() => updateOrder(ctx.viewer!, String(args.orderId), args.input)),
  }),
);

builder.mutationField('cancelOrder', (t) =>
  t.field({
    type: OrderWritePayloadRef,
    authScopes: { member: true },
    description: `Cancels an order in the WMS through Trackstar (cancel_order); its committed stock is released. ${MEMBERS}`,
    args: {
      orderId: t.arg.id({ required: true, description: 'The Order global ID.' }),
      idempotencyKey: t.arg.string({ description: IDEMPOTENCY_KEY_DESCRIPTION }),
    },
    resolve: (_root, args, ctx) => answer(() => cancelOrder(ctx.viewer!, String(args.orderId), args.idempotencyKey)),
  }),
);

builder.mutationField('shipOrder', (t) =>
  t.field({
    type: OrderWritePayloadRef,
    authScopes: { member: true },
    description: `Records a shipment of an order in the WMS through Trackstar (create_shipment): the order becomes fulfilled or partially fulfilled and its stock leaves the building. ${MEMBERS}`,
    args: {
      orderId: t.arg.id({ required: true, description: 'The Order global ID.' }),
      input: t.arg({ type: ShipOrderInputRef, required: true, description: 'The shipment.' }),
    },
    resolve: (_root, args, ctx) => answer(() => shipOrder(ctx.viewer!, String(args.orderId), args.input)),
  }),
);

builder.mutationField('createOrders', (t) =>
  t.field({
    type: CreateOrdersPayloadRef,
    authScopes: { member: true },
    description:
      `Creates up to ${MAX_BATCH_ROWS} orders in the brand's WMS, one result per row; a bad row never stops the others. Rows go out at Trackstar's write limit. ` +
      `To resume an interrupted call, send it again with the same idempotency keys: rows already written are reported (replayed), not sent again. ${MEMBERS}`,
    args: {
      brandId: t.arg.id({ required: true, description: 'The Brand global ID.' }),
      inputs: t.arg({ type: [CreateOrderInputRef], required: true, description: `The orders: 1 to ${MAX_BATCH_ROWS}; give each an idempotencyKey to be able to resume.` }),
    },
    resolve: async (_root, args, ctx) => {
      const brandId = await visibleBrandId(ctx.viewer!, args.brandId);
      return answer(() => createOrders(ctx.viewer!, brandId, args.inputs));
    },
  }),
);

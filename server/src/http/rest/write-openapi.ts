// The OpenAPI description of the WMS write routes (write-routes.ts): their schemas and paths,
// merged into the REST API's document by openapi.ts. Written by hand like the rest of it, and held
// against the routes and real answers by write-routes.int.test.ts.
import { ADJUSTMENT_TYPES, IDEMPOTENCY_KEY_MAX, ORDER_STATUS_VALUES } from '../../services/write-inputs.js';
import { MAX_BATCH_ROWS } from '../../services/bulk-writes.js';

type Schema = Record<string, unknown>;

const ref = (name: string): Schema => ({ $ref: `#/components/schemas/${name}` });
const str = (description: string, extra: Schema = {}): Schema => ({ type: 'string', description, ...extra });
const num = (description: string): Schema => ({ type: 'number', minimum: 0, description });
const qty = (description: string): Schema => ({ type: 'integer', minimum: 1, description });
const list = (items: Schema, description: string): Schema => ({ type: 'array', items, description });
/** Every listed property allowed, `required` ones required, nothing else. */
const input = (description: string, properties: Record<string, Schema>, required: string[]): Schema =>
  ({ type: 'object', description, properties, required, additionalProperties: false });
const output = (description: string, properties: Record<string, Schema>): Schema =>
  ({ type: 'object', description, properties, required: Object.keys(properties), additionalProperties: false });

const KEY = str(`Your key for this write (1 to ${IDEMPOTENCY_KEY_MAX} printable ASCII characters), sent to Trackstar as Idempotency-Key; the Idempotency-Key header does the same. Omitted: Packr generates one. The same key again never acts twice.`);
const tags = list({ type: 'string' }, "Tags on Trackstar's copy (at most 50); not sent to the WMS.");

const address = {
  fullName: str('Recipient name.'), company: str('Company.'), address1: str('Street and number.'), address2: str('Apartment, suite, floor.'),
  city: str('City.'), state: str('State, province or region.'), postalCode: str('Postal or ZIP code.'), country: str('Country, e.g. US.'),
};
const orderLine = input('One order line: the product by productId or sku, and how many units.', {
  productId: str('The Product global id or uuid. Give this or sku.'),
  sku: str("The product's SKU in the brand, when productId is not given."),
  quantity: qty('Units ordered.'),
  unitPrice: num('Price of one unit.'),
  discountAmount: num('Discount on the line.'),
}, ['quantity']);
const orderFields = {
  idempotencyKey: KEY,
  referenceId: str('The order id in the sales channel.'),
  shippingMethodId: str('The ShippingMethod global id or uuid.'),
  serviceLevel: str('The service the shopper chose, e.g. Standard.'),
  tradingPartner: str('For retail/EDI orders: the trading partner.'),
  invoiceCurrencyCode: str('ISO 4217 code in capitals, e.g. USD.'),
  totalPrice: num('What the shopper paid in total.'),
  totalTax: num('Tax on the order.'),
  totalDiscount: num('Discount on the order.'),
  totalShipping: num('Shipping the shopper paid.'),
  trackstarTags: tags,
};
const adjustmentFields = {
  idempotencyKey: KEY,
  warehouseId: str("The Warehouse global id or uuid (of the item's brand)."),
  quantity: qty('Units to add or remove.'),
  adjustmentType: { type: 'string', enum: [...ADJUSTMENT_TYPES], description: 'Which way on-hand units move.' },
  locationId: str("The WMS's id of a storage location in that warehouse."),
  reason: str("Why; kept in Packr's write log only (Trackstar's adjustment has no field for it)."),
};

/** The written record, or null when nothing was written. */
const record = (typename: string): Schema => ({
  type: ['object', 'null'],
  description: `The ${typename} as Packr now stores it (Trackstar's answer, applied at once); null when userErrors explain why nothing was written.`,
  properties: {
    id: str('Packr id (uuid).', { format: 'uuid' }),
    globalId: str(`The ${typename} GraphQL global id.`),
    externalId: str("The WMS's id of the record."),
    updatedAt: str('Its last change in the WMS.', { format: 'date-time' }),
    data: { type: 'object', description: 'The record exactly as Trackstar sent it (snake_case).' },
  },
  required: ['id', 'globalId', 'externalId', 'updatedAt', 'data'],
  additionalProperties: false,
});

const outcome = {
  idempotencyKey: str('The key the write went under (yours, or one Packr generated): retry with it.'),
  replayed: { type: 'boolean', description: 'The write had already been carried out under this key and was not carried out again.' },
  userErrors: list(ref('WmsWriteError'), 'Why the write did not happen; empty when it did.'),
};

const payload = (description: string, key: string, typename: string) => output(description, { [key]: record(typename), ...outcome });
const batchPayload = (description: string, key: string, typename: string) => output(description, {
  results: list(output('The outcome of one row.', { index: { type: 'integer', minimum: 0, description: "The row's position in inputs." }, [key]: record(typename), ...outcome }), 'One per row, in input order; empty when the call as a whole was refused.'),
  succeeded: { type: 'integer', minimum: 0, description: 'Rows written (or already written under their key).' },
  failed: { type: 'integer', minimum: 0, description: 'Rows with userErrors.' },
  userErrors: list(ref('WmsWriteError'), `Problems with the call as a whole (no rows, more than ${MAX_BATCH_ROWS}).`),
});

export const WRITE_SCHEMAS: Record<string, Schema> = {
  WmsWriteError: output('A problem with a WMS write; show message next to field.', {
    field: { type: ['array', 'null'], items: { type: 'string' }, description: 'Path into the input (e.g. ["lineItems", "0", "quantity"]); null for the write as a whole.' },
    message: str('What is wrong; Trackstar\'s or the WMS\'s own words for REJECTED.'),
    code: {
      type: 'string', enum: ['INVALID', 'NOT_FOUND', 'NOT_CONNECTED', 'ACTION_NOT_AVAILABLE', 'IDEMPOTENCY_KEY_REUSED', 'REJECTED', 'UNAVAILABLE'],
      description: 'INVALID/NOT_FOUND/IDEMPOTENCY_KEY_REUSED: refused before Trackstar; NOT_CONNECTED/ACTION_NOT_AVAILABLE: the connection cannot do it; REJECTED: Trackstar or the WMS refused; UNAVAILABLE: may or may not have happened, retry with the same key.',
    },
  }),
  CreateOrderInput: input('A new order. Unknown properties, empty strings and null-like words are refused.', {
    ...orderFields,
    orderNumber: str('Human-readable order number.'),
    shipToAddress: input('Where the order goes.', address, ['address1', 'city', 'state', 'postalCode', 'country']),
    lineItems: list(orderLine, '1 to 200 lines.'),
  }, ['orderNumber', 'shipToAddress', 'lineItems']),
  UpdateOrderInput: input('Changes to an order (at least one field); lineItems replaces every line.', {
    ...orderFields,
    orderNumber: str('New order number.'),
    shipToAddress: input('Address fields to change.', address, []),
    lineItems: list(orderLine, 'The new lines (1 to 200).'),
    status: { type: 'string', enum: [...ORDER_STATUS_VALUES], description: 'A new status, where the WMS allows setting it directly.' },
  }, []),
  CancelOrderInput: input('Optional: the key to cancel under.', { idempotencyKey: KEY }, []),
  ShipOrderInput: input('A shipment of the order; without lineItems everything left ships.', {
    idempotencyKey: KEY,
    warehouseId: str('The Warehouse global id or uuid it shipped from.'),
    shippedDate: str('When it shipped (sent in whole seconds).', { format: 'date-time' }),
    trackingNumber: str('Tracking number.'),
    trackingUrl: str('Tracking page URL.'),
    carrierId: str("The WMS's id of the carrier."),
    shippingMethodId: str('The ShippingMethod global id or uuid.'),
    shippingCost: num('What the warehouse paid to ship it.'),
    measurements: input('Size and weight; each value more than 0.', {
      length: num('Length.'), width: num('Width.'), height: num('Height.'),
      unit: { type: 'string', enum: ['CM', 'IN'], description: 'Unit of length.' },
      weight: num('Weight.'),
      weightUnit: { type: 'string', enum: ['KG', 'OZ', 'LB'], description: 'Unit of weight.' },
    }, []),
    packages: list(input('One parcel.', { packageId: str('Your id of the parcel.'), trackingNumber: str('Its tracking number.') }, ['packageId', 'trackingNumber']), 'At most 50.'),
    lineItems: list(input('Units of one SKU shipped.', { sku: str('SKU of an order line.'), quantity: qty('Units shipped.') }, ['sku', 'quantity']), '1 to 200 lines.'),
  }, ['warehouseId', 'shippedDate', 'trackingNumber', 'shippingCost']),
  InventoryAdjustmentInput: input('A stock adjustment of the item in the path.', adjustmentFields, ['warehouseId', 'quantity', 'adjustmentType']),
  AdjustInventoryBatchRequest: input('The adjustments.', {
    inputs: list(input('One adjustment.', { inventoryItemId: str('The InventoryItem global id or uuid (of this brand).'), ...adjustmentFields }, ['inventoryItemId', 'warehouseId', 'quantity', 'adjustmentType']), `1 to ${MAX_BATCH_ROWS} rows; give each an idempotencyKey to be able to resume.`),
  }, ['inputs']),
  CreateOrdersRequest: input('The orders.', { inputs: list(ref('CreateOrderInput'), `1 to ${MAX_BATCH_ROWS} rows; give each an idempotencyKey to be able to resume.`) }, ['inputs']),
  CreateInboundShipmentInput: input('A new inbound shipment (ASN).', {
    idempotencyKey: KEY,
    purchaseOrderNumber: str('The purchase order it fulfils.'),
    supplier: str('Who sends it.'),
    expectedArrivalDate: str('When it should arrive.', { format: 'date-time' }),
    warehouseId: str('The Warehouse global id or uuid receiving it.'),
    trackingNumber: str('Tracking number of the delivery.'),
    lineItems: list(input('Units of one SKU expected.', { sku: str('SKU.'), expectedQuantity: qty('Units expected.') }, ['sku', 'expectedQuantity']), '1 to 500 lines.'),
    trackstarTags: tags,
  }, ['purchaseOrderNumber', 'supplier', 'expectedArrivalDate', 'warehouseId', 'trackingNumber', 'lineItems']),
  CreateReturnInput: input('A new customer return.', {
    idempotencyKey: KEY,
    orderId: str('The Order global id or uuid being returned.'),
    warehouseId: str('The Warehouse global id or uuid receiving it.'),
    lineItems: list(input('Units of one SKU coming back.', { sku: str('SKU.'), quantity: qty('Units.') }, ['sku', 'quantity']), '1 to 200 lines.'),
    trackstarTags: tags,
  }, ['lineItems']),
  OrderWritePayload: payload('The outcome of an order write.', 'order', 'Order'),
  InventoryAdjustmentPayload: payload('The outcome of a stock adjustment.', 'inventoryItem', 'InventoryItem'),
  InboundShipmentWritePayload: payload('The outcome of creating an inbound shipment.', 'inboundShipment', 'InboundShipment'),
  ReturnWritePayload: payload('The outcome of creating a return.', 'return', 'Return'),
  CreateOrdersPayload: batchPayload('One result per order row.', 'order', 'Order'),
  AdjustInventoryBatchPayload: batchPayload('One result per adjustment row.', 'inventoryItem', 'InventoryItem'),
};

const json = (schema: Schema) => ({ 'application/json': { schema } });
const error = (description: string) => ({ description, content: json(ref('Error')) });
const brandParam = { name: 'brandId', in: 'path', required: true, description: 'The brand: its GraphQL global id or its database id (uuid).', schema: { type: 'string' } };
const idParam = (name: string, typename: string) => ({ name, in: 'path', required: true, description: `The ${typename}: its GraphQL global id or its database id (uuid); it must be of the brand.`, schema: { type: 'string' } });

const MEMBERS = 'OWNER, ADMIN and OPERATOR.';
const common = {
  400: error('The body is not JSON or not an object, or the Idempotency-Key header contradicts the body.'),
  401: error('Missing, invalid or revoked API key (WWW-Authenticate: Bearer).'),
  403: error('Brand viewers may not write: OWNER, ADMIN and OPERATOR only.'),
  413: error('The body is over the request body limit.'),
  429: error('Too many refused keys from this address (Retry-After).'),
  500: error('Unexpected failure (the message carries the request id).'),
  503: error('PostgreSQL or Redis is unavailable, or Trackstar is not configured.'),
};

function writeOperation(operationId: string, summary: string, requestSchema: string, payloadSchema: string, notFound: string, required = true) {
  const answer = (description: string) => ({ description, content: json(ref(payloadSchema)) });
  return {
    operationId, summary,
    requestBody: { required, content: json(ref(requestSchema)) },
    responses: {
      200: answer('Written, or already written under this key (replayed).'),
      ...common,
      404: error(notFound),
      409: answer('The connection cannot do it: not connected, or the WMS does not offer the action (userErrors say which).'),
      422: answer('Refused: a value (field by field), a key used for another write, or Trackstar or the WMS refused it (their message).'),
      502: answer('Trackstar did not complete it after retries; it may or may not have happened. Retry with the returned idempotencyKey.'),
    },
  };
}

function batchOperation(operationId: string, summary: string, requestSchema: string, payloadSchema: string) {
  return {
    operationId, summary,
    requestBody: { required: true, content: json(ref(requestSchema)) },
    responses: {
      200: { description: 'One result per row, in input order (each row written, replayed, or refused with its userErrors).', content: json(ref(payloadSchema)) },
      ...common,
      404: error("Unknown brand, another tenant's brand, or one the key may not read."),
      422: { description: `No rows, or more than ${MAX_BATCH_ROWS} (userErrors).`, content: json(ref(payloadSchema)) },
    },
  };
}

const BRAND = '/api/brands/{brandId}';
const brandNotFound = "Unknown brand, another tenant's brand, or one the key may not read.";

export const WRITE_PATHS = {
  [`${BRAND}/orders`]: {
    parameters: [brandParam],
    post: writeOperation('createOrder', `Creates an order in the brand's WMS through Trackstar (create_order). ${MEMBERS}`, 'CreateOrderInput', 'OrderWritePayload', brandNotFound),
  },
  [`${BRAND}/batches/orders`]: {
    parameters: [brandParam],
    post: batchOperation('createOrders', `Creates up to ${MAX_BATCH_ROWS} orders, one result per row, at Trackstar's write limit; send again with the same keys to resume. ${MEMBERS}`, 'CreateOrdersRequest', 'CreateOrdersPayload'),
  },
  [`${BRAND}/orders/{orderId}`]: {
    parameters: [brandParam, idParam('orderId', 'Order')],
    put: writeOperation('updateOrder', `Changes an order in the WMS (update_order): only the fields given. ${MEMBERS}`, 'UpdateOrderInput', 'OrderWritePayload', 'Unknown brand or order, or one of another brand or tenant.'),
  },
  [`${BRAND}/orders/{orderId}/cancel`]: {
    parameters: [brandParam, idParam('orderId', 'Order')],
    post: writeOperation('cancelOrder', `Cancels an order in the WMS (cancel_order). The body may be empty. ${MEMBERS}`, 'CancelOrderInput', 'OrderWritePayload', 'Unknown brand or order, or one of another brand or tenant.', false),
  },
  [`${BRAND}/orders/{orderId}/shipments`]: {
    parameters: [brandParam, idParam('orderId', 'Order')],
    post: writeOperation('shipOrder', `Records a shipment of an order in the WMS (create_shipment). ${MEMBERS}`, 'ShipOrderInput', 'OrderWritePayload', 'Unknown brand or order, or one of another brand or tenant.'),
  },
  [`${BRAND}/inventory/{inventoryItemId}/adjustments`]: {
    parameters: [brandParam, idParam('inventoryItemId', 'InventoryItem')],
    post: writeOperation('adjustInventory', `Adjusts the item's stock in one warehouse (adjust_inventory). ${MEMBERS}`, 'InventoryAdjustmentInput', 'InventoryAdjustmentPayload', 'Unknown brand or inventory item, or one of another brand or tenant.'),
  },
  [`${BRAND}/batches/inventory-adjustments`]: {
    parameters: [brandParam],
    post: batchOperation('adjustInventoryBatch', `Adjusts stock in up to ${MAX_BATCH_ROWS} rows of the brand's items, one result per row, at Trackstar's write limit; send again with the same keys to resume. ${MEMBERS}`, 'AdjustInventoryBatchRequest', 'AdjustInventoryBatchPayload'),
  },
  [`${BRAND}/inbound-shipments`]: {
    parameters: [brandParam],
    post: writeOperation('createInboundShipment', `Creates an inbound shipment (ASN) in the WMS (create_inbound_shipment). ${MEMBERS}`, 'CreateInboundShipmentInput', 'InboundShipmentWritePayload', brandNotFound),
  },
  [`${BRAND}/returns`]: {
    parameters: [brandParam],
    post: writeOperation('createReturn', `Creates a customer return in the WMS (create_return). ${MEMBERS}`, 'CreateReturnInput', 'ReturnWritePayload', brandNotFound),
  },
};

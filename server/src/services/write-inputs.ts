// The inputs of the WMS writes (services/wms-writes.ts) as Packr takes them, from GraphQL and REST
// alike: camelCase, Packr ids, enums in capitals. Each is checked here before anything is sent, so
// a bad value is refused with a message on its own field. The checks follow what Trackstar
// refuses (section 7 of its contract): no null, "" or null-like words anywhere (an unset field is
// left out), plus the required fields of its write bodies; limits keep one write a sane size.
import { decodeGlobalID } from '@pothos/plugin-relay';
import { z } from 'zod';
import { isUuid } from '../lib/uuid.js';

/** A refused value: where it is in the input (`["lineItems", "0", "quantity"]`; null for the whole input) and why. */
export type InputError = { field: string[] | null; message: string };
export type Parsed<T> = { ok: true; value: T } | { ok: false; errors: InputError[] };

const NULL_LIKE = new Set(['null', 'none', 'nil', 'undefined']);
/** Printable ASCII without leading or trailing spaces: it travels as an HTTP header. */
const IDEMPOTENCY_KEY = /^[\x21-\x7e](?:[\x20-\x7e]*[\x21-\x7e])?$/;
export const IDEMPOTENCY_KEY_MAX = 255;

const missing = (iss: { input?: unknown }) => iss.input === undefined;

function text(max: number) {
  return z
    .string({ error: (iss) => (missing(iss) ? 'Required' : 'Must be a string') })
    .trim()
    .min(1, 'Must not be empty; leave the field out instead')
    .max(max, `At most ${max} characters`)
    .refine((s) => !NULL_LIKE.has(s.toLowerCase()), 'Must not be a null-like word such as "null" or "none"; leave the field out instead');
}

const quantity = z
  .int({ error: (iss) => (missing(iss) ? 'Required' : 'Must be a whole number') })
  .min(1, 'Must be at least 1')
  .max(1_000_000, 'At most 1000000');

const amount = z
  .number({ error: (iss) => (missing(iss) ? 'Required' : 'Must be a number') })
  .min(0, 'Must not be negative')
  .max(1_000_000_000, 'At most 1000000000');

const positive = z.number({ error: 'Must be a number' }).positive('Must be more than 0').max(100_000, 'At most 100000');

/** One of `values` (capitals), in any letter case: GraphQL enums of measurement units carry lower-case values. */
function oneOf<const T extends readonly string[]>(values: T) {
  const message = (iss: { input?: unknown }) => (missing(iss) ? 'Required' : `Must be one of ${values.join(', ')}`);
  return z
    .string({ error: message })
    .transform((s) => s.toUpperCase())
    .pipe(z.enum(values, { error: `Must be one of ${values.join(', ')}` }));
}

/** A Packr id of `typename`: its GraphQL global id or its database id (uuid); comes out as the uuid. */
export function packrId(typename: string) {
  return z
    .string({ error: (iss) => (missing(iss) ? 'Required' : `Must be a ${typename} ID (a string)`) })
    .transform((value, ctx) => {
      const id = uuidOf(value, typename);
      if (!id) ctx.addIssue({ code: 'custom', message: `Not a valid ${typename} ID` });
      return id ?? '';
    });
}

/** The uuid behind a global id of `typename`, or a uuid itself; null for anything else. */
export function uuidOf(value: string, typename: string): string | null {
  if (isUuid(value)) return value.toLowerCase();
  if (value.length > 200) return null;
  try {
    const decoded = decodeGlobalID(value);
    return decoded.typename === typename && isUuid(decoded.id) ? decoded.id.toLowerCase() : null;
  } catch {
    return null;
  }
}

/** An instant as a Date (GraphQL's DateTime) or an ISO-8601 string (REST); sent in Trackstar's whole-second form. */
const instant = z
  .union([z.date(), z.iso.datetime({ offset: true })], { error: (iss) => (missing(iss) ? 'Required' : 'Must be an ISO-8601 date-time such as 2026-01-31T12:00:00Z') })
  .transform((v) => (typeof v === 'string' ? new Date(v) : v))
  .refine((d) => !Number.isNaN(d.getTime()), 'Not a valid date-time')
  .transform(trackstarDate);

export function trackstarDate(d: Date): string {
  return d.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

export const idempotencyKey = z
  .string({ error: 'Must be a string' })
  .max(IDEMPOTENCY_KEY_MAX, `At most ${IDEMPOTENCY_KEY_MAX} characters`)
  .regex(IDEMPOTENCY_KEY, 'Printable ASCII characters only (it is sent as an HTTP header), without leading or trailing spaces');

const tags = z.array(text(100), { error: 'Must be a list of strings' }).max(50, 'At most 50 tags');

const address = {
  fullName: text(200).optional(),
  company: text(200).optional(),
  address1: text(200),
  address2: text(200).optional(),
  city: text(100),
  state: text(100),
  postalCode: text(20),
  country: text(60),
};
const AddressInput = z.strictObject(address, { error: (iss) => (missing(iss) ? 'Required' : 'Must be an object') });
const AddressUpdateInput = AddressInput.partial().refine((a) => Object.keys(a).length > 0, 'Give at least one address field');

const OrderLineInput = z
  .strictObject({
    productId: packrId('Product').optional(),
    sku: text(100).optional(),
    quantity,
    unitPrice: amount.optional(),
    discountAmount: amount.optional(),
  })
  .refine((l) => l.productId !== undefined || l.sku !== undefined, 'Give the productId or the sku of the product');

const lines = <T extends z.ZodType>(line: T, max: number) =>
  z.array(line, { error: (iss) => (missing(iss) ? 'Required' : 'Must be a list') }).min(1, 'Give at least one line').max(max, `At most ${max} lines`);

export const ORDER_STATUS_VALUES = [
  'OPEN', 'CONFIRMED', 'PROCESSING', 'PICKED', 'PACKED', 'PARTIALLY_FULFILLED', 'FULFILLED', 'BACKORDERED', 'EXCEPTION', 'CANCELLED', 'OTHER',
] as const;

const orderFields = {
  idempotencyKey: idempotencyKey.optional(),
  referenceId: text(100).optional(),
  shippingMethodId: packrId('ShippingMethod').optional(),
  serviceLevel: text(100).optional(),
  tradingPartner: text(100).optional(),
  invoiceCurrencyCode: z.string({ error: 'Must be a string' }).regex(/^[A-Z]{3}$/, 'A three-letter ISO 4217 code in capitals, such as USD').optional(),
  totalPrice: amount.optional(),
  totalTax: amount.optional(),
  totalDiscount: amount.optional(),
  totalShipping: amount.optional(),
  trackstarTags: tags.optional(),
};

export const CreateOrderInput = z.strictObject({
  ...orderFields,
  orderNumber: text(100),
  shipToAddress: AddressInput,
  lineItems: lines(OrderLineInput, 200),
});
export type CreateOrderInput = z.infer<typeof CreateOrderInput>;

export const UpdateOrderInput = z
  .strictObject({
    ...orderFields,
    orderNumber: text(100).optional(),
    shipToAddress: AddressUpdateInput.optional(),
    lineItems: lines(OrderLineInput, 200).optional(),
    status: oneOf(ORDER_STATUS_VALUES).optional(),
  })
  .refine((i) => Object.keys(i).some((k) => k !== 'idempotencyKey'), 'Nothing to change: give at least one field');
export type UpdateOrderInput = z.infer<typeof UpdateOrderInput>;

export const ShipOrderInput = z.strictObject({
  idempotencyKey: idempotencyKey.optional(),
  warehouseId: packrId('Warehouse'),
  shippedDate: instant,
  trackingNumber: text(100),
  trackingUrl: text(2000).optional(),
  carrierId: text(100).optional(),
  shippingMethodId: packrId('ShippingMethod').optional(),
  shippingCost: amount,
  measurements: z
    .strictObject({
      length: positive.optional(),
      width: positive.optional(),
      height: positive.optional(),
      unit: oneOf(['CM', 'IN']).optional(),
      weight: positive.optional(),
      weightUnit: oneOf(['KG', 'OZ', 'LB']).optional(),
    }, { error: 'Must be an object' })
    .optional(),
  packages: z.array(z.strictObject({ packageId: text(100), trackingNumber: text(100) }), { error: 'Must be a list' }).max(50, 'At most 50 packages').optional(),
  lineItems: lines(z.strictObject({ sku: text(100), quantity }), 200).optional(),
});
export type ShipOrderInput = z.infer<typeof ShipOrderInput>;

export const ADJUSTMENT_TYPES = ['INCREASE', 'DECREASE'] as const;

export const AdjustInventoryInput = z.strictObject({
  idempotencyKey: idempotencyKey.optional(),
  inventoryItemId: packrId('InventoryItem'),
  warehouseId: packrId('Warehouse'),
  quantity,
  adjustmentType: oneOf(ADJUSTMENT_TYPES),
  locationId: text(200).optional(),
  reason: text(500).optional(),
});
export type AdjustInventoryInput = z.infer<typeof AdjustInventoryInput>;

export const CreateInboundShipmentInput = z.strictObject({
  idempotencyKey: idempotencyKey.optional(),
  purchaseOrderNumber: text(100),
  supplier: text(200),
  expectedArrivalDate: instant,
  warehouseId: packrId('Warehouse'),
  trackingNumber: text(100),
  lineItems: lines(z.strictObject({ sku: text(100), expectedQuantity: quantity }), 500),
  trackstarTags: tags.optional(),
});
export type CreateInboundShipmentInput = z.infer<typeof CreateInboundShipmentInput>;

export const CreateReturnInput = z.strictObject({
  idempotencyKey: idempotencyKey.optional(),
  orderId: packrId('Order').optional(),
  warehouseId: packrId('Warehouse').optional(),
  lineItems: lines(z.strictObject({ sku: text(100), quantity }), 200),
  trackstarTags: tags.optional(),
});
export type CreateReturnInput = z.infer<typeof CreateReturnInput>;

/**
 * Checks an input against its schema. null values count as absent (GraphQL sends null for an
 * omitted optional field; REST clients often do too).
 */
export function parseInput<S extends z.ZodType>(schema: S, raw: unknown): Parsed<z.infer<S>> {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return { ok: false, errors: [{ field: null, message: 'The input must be an object' }] };
  const result = schema.safeParse(withoutNulls(raw));
  if (result.success) return { ok: true, value: result.data };
  const errors: InputError[] = [];
  for (const issue of result.error.issues) {
    const path = issue.path.map(String);
    if (issue.code === 'unrecognized_keys') {
      for (const key of issue.keys) errors.push({ field: [...path, key], message: 'Unknown field' });
    } else {
      errors.push({ field: path.length > 0 ? path : null, message: issue.message });
    }
  }
  return { ok: false, errors };
}

function withoutNulls(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withoutNulls);
  if (value instanceof Date || typeof value !== 'object' || value === null) return value;
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== null).map(([k, v]) => [k, withoutNulls(v)]));
}

/** The idempotency key of a raw input, if it carries a usable one (for the log of a refused input). */
export function rawIdempotencyKey(raw: unknown): string | undefined {
  const key = typeof raw === 'object' && raw !== null ? (raw as { idempotencyKey?: unknown }).idempotencyKey : undefined;
  return typeof key === 'string' && idempotencyKey.safeParse(key).success ? key : undefined;
}

// ---- Trackstar bodies (the contract's --WMS_Sandbox-- write variants, snake_case) ---------------

type Body = Record<string, unknown>;

/** Drops undefined values: Trackstar refuses nulls, so an unset field must be absent. */
function compact(o: Body): Body {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined));
}

export function addressBody(a: Partial<Record<keyof typeof address, string>>): Body {
  return compact({
    full_name: a.fullName, company: a.company, address1: a.address1, address2: a.address2,
    city: a.city, state: a.state, postal_code: a.postalCode, country: a.country,
  });
}

/** `resolved` carries the WMS ids Packr looked up for the input's Packr ids. */
export type OrderRefs = { productIds: string[]; shippingMethodId?: string };

function orderLinesBody(items: z.infer<typeof OrderLineInput>[], productIds: string[]): Body[] {
  return items.map((l, i) => compact({ product_id: productIds[i], sku: l.sku, quantity: l.quantity, unit_price: l.unitPrice, discount_amount: l.discountAmount }));
}

type OrderFields = Omit<Partial<CreateOrderInput>, 'shipToAddress' | 'lineItems'>;

function orderFieldsBody(i: OrderFields, refs: Partial<OrderRefs>): Body {
  return {
    reference_id: i.referenceId, order_number: i.orderNumber, shipping_method_id: refs.shippingMethodId,
    service_level: i.serviceLevel, trading_partner: i.tradingPartner, invoice_currency_code: i.invoiceCurrencyCode,
    total_price: i.totalPrice, total_tax: i.totalTax, total_discount: i.totalDiscount, total_shipping: i.totalShipping,
    trackstar_tags: i.trackstarTags,
  };
}

export function createOrderBody(i: CreateOrderInput, refs: OrderRefs): Body {
  return compact({ ...orderFieldsBody(i, refs), ship_to_address: addressBody(i.shipToAddress), line_items: orderLinesBody(i.lineItems, refs.productIds) });
}

export function updateOrderBody(i: UpdateOrderInput, refs: Partial<OrderRefs>): Body {
  return compact({
    ...orderFieldsBody(i, refs),
    ship_to_address: i.shipToAddress ? addressBody(i.shipToAddress) : undefined,
    line_items: i.lineItems ? orderLinesBody(i.lineItems, refs.productIds ?? []) : undefined,
    status: i.status?.toLowerCase(),
  });
}

export function shipOrderBody(i: ShipOrderInput, refs: { warehouseId: string; shippingMethodId?: string }): Body {
  const m = i.measurements ?? {};
  return compact({
    shipped_date: i.shippedDate, tracking_number: i.trackingNumber, tracking_url: i.trackingUrl, carrier_id: i.carrierId,
    shipping_method_id: refs.shippingMethodId, shipping_cost: i.shippingCost, warehouse_id: refs.warehouseId,
    // Trackstar requires the object; every measurement in it is optional.
    measurements: compact({ length: m.length, width: m.width, height: m.height, unit: m.unit?.toLowerCase(), weight: m.weight, weight_unit: m.weightUnit?.toLowerCase() }),
    packages: i.packages?.map((p) => ({ package_id: p.packageId, tracking_number: p.trackingNumber })),
    line_items: i.lineItems?.map((l) => ({ sku: l.sku, quantity: l.quantity })),
  });
}

/** The reason stays in Packr's write log: Trackstar's adjustment has no field for it. */
export function adjustInventoryBody(i: AdjustInventoryInput, refs: { warehouseId: string }): Body {
  return compact({ quantity: i.quantity, adjustment_type: i.adjustmentType.toLowerCase(), warehouse_id: refs.warehouseId, location_id: i.locationId });
}

export function createInboundShipmentBody(i: CreateInboundShipmentInput, refs: { warehouseId: string }): Body {
  return compact({
    purchase_order_number: i.purchaseOrderNumber, supplier: i.supplier, expected_arrival_date: i.expectedArrivalDate,
    warehouse_id: refs.warehouseId, tracking_number: i.trackingNumber, trackstar_tags: i.trackstarTags,
    line_items: i.lineItems.map((l) => ({ sku: l.sku, expected_quantity: l.expectedQuantity })),
  });
}

export function createReturnBody(i: CreateReturnInput, refs: { orderId?: string; warehouseId?: string }): Body {
  return compact({
    order_id: refs.orderId, warehouse_id: refs.warehouseId, trackstar_tags: i.trackstarTags,
    line_items: i.lineItems.map((l) => ({ sku: l.sku, quantity: l.quantity })),
  });
}

/** A Trackstar body path (`line_items.0.product_id`) as the input field it came from (`["lineItems", "0", "productId"]`). */
export function inputFieldOf(bodyPath: string): string[] | null {
  if (bodyPath === '' || bodyPath === '(body)') return null;
  return bodyPath.split('.').map((segment) => segment.replace(/_([a-z0-9])/g, (_, c: string) => c.toUpperCase()));
}

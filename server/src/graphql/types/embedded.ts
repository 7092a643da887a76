// Objects embedded in synced records: addresses, measurements, and the line items, receipts and
// shipments of returns and inbound shipments. They are stored as Trackstar sent them (JSON
// columns, snake_case keys, validated by trackstar-contract/contract.ts on the way in) and typed here, so
// clients select real fields instead of parsing JSON. Reads are lenient: a key missing from an
// older row reads as null (or 0 / "" where the contract guarantees a value).
import { builder } from '../builder.js';

export type Raw = Record<string, unknown>;

/** A stored JSON object, or null when the column holds anything else. */
export const rawObject = (v: unknown): Raw | null => (v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Raw) : null);
/** The objects of a stored JSON array (anything else reads as an empty list). */
export const rawList = (v: unknown): Raw[] => (Array.isArray(v) ? v.map(rawObject).filter((o): o is Raw => o !== null) : []);

const str = (v: unknown) => (typeof v === 'string' ? v : null);
const int = (v: unknown) => (typeof v === 'number' && Number.isFinite(v) ? Math.trunc(v) : null);
const float = (v: unknown) => (typeof v === 'number' && Number.isFinite(v) ? v : null);
/** JSON numbers become decimal strings, like every other amount in the API (never float noise on the wire). */
const decimalString = (v: unknown) => (typeof v === 'number' && Number.isFinite(v) ? String(v) : typeof v === 'string' && v.trim() !== '' && Number.isFinite(Number(v)) ? v : null);
const date = (v: unknown) => {
  if (typeof v !== 'string') return null;
  const ms = Date.parse(v);
  return Number.isNaN(ms) ? null : new Date(ms);
};

const INVENTORY_ITEM_ID = "The WMS's id of the inventory item (InventoryItem.externalId).";
const SKU = 'The SKU as the WMS reported it on this line; null when the WMS gave none.';

// ---- addresses ---------------------------------------------------------------------------------

export const AddressRef = builder.objectRef<Raw>('Address').implement({
  description: 'A postal address as the WMS reported it (a warehouse, or where a shipment left from). Every part may be null when the WMS leaves it out.',
  fields: (t) => ({
    address1: t.string({ nullable: true, description: 'First street line.', resolve: (a) => str(a.address1) }),
    address2: t.string({ nullable: true, description: 'Second street line (suite, unit, floor).', resolve: (a) => str(a.address2) }),
    address3: t.string({ nullable: true, description: 'Third street line.', resolve: (a) => str(a.address3) }),
    city: t.string({ nullable: true, description: 'City or town.', resolve: (a) => str(a.city) }),
    state: t.string({ nullable: true, description: 'State, province or region, as the WMS wrote it (code or name).', resolve: (a) => str(a.state) }),
    postalCode: t.string({ nullable: true, description: 'Postal or ZIP code.', resolve: (a) => str(a.postal_code) }),
    country: t.string({ nullable: true, description: 'Country as the WMS wrote it (usually an ISO 3166-1 alpha-2 code such as "US").', resolve: (a) => str(a.country) }),
  }),
});

export const ShipToAddressRef = builder.objectRef<Raw>('ShipToAddress').implement({
  description: "A recipient's address and contact details as the WMS reported them. Personal data of the end customer: every part may be null.",
  fields: (t) => ({
    fullName: t.string({ nullable: true, description: "Recipient's name.", resolve: (a) => str(a.full_name) }),
    company: t.string({ nullable: true, description: "Recipient's company.", resolve: (a) => str(a.company) }),
    address1: t.string({ nullable: true, description: 'First street line.', resolve: (a) => str(a.address1) }),
    address2: t.string({ nullable: true, description: 'Second street line (suite, unit, floor).', resolve: (a) => str(a.address2) }),
    address3: t.string({ nullable: true, description: 'Third street line.', resolve: (a) => str(a.address3) }),
    city: t.string({ nullable: true, description: 'City or town.', resolve: (a) => str(a.city) }),
    state: t.string({ nullable: true, description: 'State, province or region, as the WMS wrote it (code or name).', resolve: (a) => str(a.state) }),
    postalCode: t.string({ nullable: true, description: 'Postal or ZIP code.', resolve: (a) => str(a.postal_code) }),
    country: t.string({ nullable: true, description: 'Country as the WMS wrote it (usually an ISO 3166-1 alpha-2 code such as "US").', resolve: (a) => str(a.country) }),
    phoneNumber: t.string({ nullable: true, description: "Recipient's phone number, unformatted as the WMS sent it.", resolve: (a) => str(a.phone_number) }),
    emailAddress: t.string({ nullable: true, description: "Recipient's email address.", resolve: (a) => str(a.email_address) }),
  }),
});

// ---- measurements ------------------------------------------------------------------------------

export const LengthUnitEnum = builder.enumType('LengthUnit', {
  description: 'Unit of the length, width and height of Measurements.',
  values: {
    CM: { value: 'cm', description: 'Centimetres.' },
    IN: { value: 'in', description: 'Inches.' },
  } as const,
});

export const WeightUnitEnum = builder.enumType('WeightUnit', {
  description: 'Unit of the weight of Measurements.',
  values: {
    KG: { value: 'kg', description: 'Kilograms.' },
    OZ: { value: 'oz', description: 'Ounces.' },
    LB: { value: 'lb', description: 'Pounds.' },
  } as const,
});

const oneOf = <T extends string>(v: unknown, allowed: readonly T[]): T | null => {
  const word = typeof v === 'string' ? v.trim().toLowerCase() : null;
  return word !== null && (allowed as readonly string[]).includes(word) ? (word as T) : null;
};

export const MeasurementsRef = builder.objectRef<Raw>('Measurements').implement({
  description: 'Size and weight of a package or return shipment as the WMS measured it. Numbers are in the units given beside them; any part is null when the WMS did not measure it.',
  fields: (t) => ({
    length: t.float({ nullable: true, description: 'Length, in `unit`.', resolve: (m) => float(m.length) }),
    width: t.float({ nullable: true, description: 'Width, in `unit`.', resolve: (m) => float(m.width) }),
    height: t.float({ nullable: true, description: 'Height, in `unit`.', resolve: (m) => float(m.height) }),
    unit: t.field({ type: LengthUnitEnum, nullable: true, description: 'Unit of length, width and height; null when the WMS gave none.', resolve: (m) => oneOf(m.unit, ['cm', 'in'] as const) }),
    weight: t.float({ nullable: true, description: 'Weight, in `weightUnit`.', resolve: (m) => float(m.weight) }),
    weightUnit: t.field({ type: WeightUnitEnum, nullable: true, description: 'Unit of weight; null when the WMS gave none.', resolve: (m) => oneOf(m.weight_unit, ['kg', 'oz', 'lb'] as const) }),
  }),
});

// ---- outbound shipments and packages -----------------------------------------------------------

export const ShipmentLineItemRef = builder.objectRef<Raw>('ShipmentLineItem').implement({
  description: 'Units of one inventory item that left in a shipment.',
  fields: (t) => ({
    inventoryItemExternalId: t.string({ description: INVENTORY_ITEM_ID, resolve: (l) => str(l.inventory_item_id) ?? '' }),
    sku: t.string({ nullable: true, description: SKU, resolve: (l) => str(l.sku) }),
    quantity: t.int({ description: 'Units shipped.', resolve: (l) => int(l.quantity) ?? 0 }),
    parentProductExternalId: t.string({
      nullable: true,
      description: "When the item was shipped as a component of a kit: the WMS's id of the kit product (Product.externalId). Null otherwise.",
      resolve: (l) => str(l.parent_product_id),
    }),
  }),
});

export const PackageLineItemRef = builder.objectRef<Raw>('PackageLineItem').implement({
  description: 'Units of one inventory item packed in a package, with the lot they were picked from when the WMS tracks lots.',
  fields: (t) => ({
    inventoryItemExternalId: t.string({ description: INVENTORY_ITEM_ID, resolve: (l) => str(l.inventory_item_id) ?? '' }),
    sku: t.string({ nullable: true, description: SKU, resolve: (l) => str(l.sku) }),
    quantity: t.int({ description: 'Units in the package.', resolve: (l) => int(l.quantity) ?? 0 }),
    lotId: t.string({ nullable: true, description: "The WMS's id of the lot the units were picked from; null when the item is not lot-tracked.", resolve: (l) => str(l.lot_id) }),
    expirationDate: t.field({ type: 'DateTime', nullable: true, description: 'Expiry of that lot; null when the lot does not expire or is unknown.', resolve: (l) => date(l.expiration_date) }),
    parentProductExternalId: t.string({
      nullable: true,
      description: "When the item was packed as a component of a kit: the WMS's id of the kit product (Product.externalId). Null otherwise.",
      resolve: (l) => str(l.parent_product_id),
    }),
  }),
});

// ---- returns -----------------------------------------------------------------------------------

export const ReturnLineItemRef = builder.objectRef<Raw>('ReturnLineItem').implement({
  description: 'One inventory item of a return: how many units were announced, arrived and went back to stock.',
  fields: (t) => ({
    inventoryItemExternalId: t.string({ description: INVENTORY_ITEM_ID, resolve: (l) => str(l.inventory_item_id) ?? '' }),
    sku: t.string({ nullable: true, description: SKU, resolve: (l) => str(l.sku) }),
    expectedQuantity: t.int({ description: 'Units the customer is expected to send back.', resolve: (l) => int(l.expected_quantity) ?? 0 }),
    receivedQuantity: t.int({ description: 'Units that have arrived at the warehouse so far.', resolve: (l) => int(l.received_quantity) ?? 0 }),
    restockedQuantity: t.int({ nullable: true, description: 'Units put back into sellable stock; null when the WMS does not report restocking.', resolve: (l) => int(l.restocked_quantity) }),
    returnReason: t.string({ nullable: true, description: "The customer's reason for returning, as free text from the WMS; null when none was given.", resolve: (l) => str(l.return_reason) }),
  }),
});

const ReturnReceivingDetailRef = builder.objectRef<Raw>('ReturnReceivingDetail').implement({
  description: 'Units of a returned item received in one condition and with one disposition.',
  fields: (t) => ({
    quantity: t.int({ description: 'Units received in this condition and disposition.', resolve: (d) => int(d.quantity) ?? 0 }),
    condition: t.string({ nullable: true, description: 'Condition of the units as the WMS recorded it (free text, e.g. "good", "damaged"); null when not recorded.', resolve: (d) => str(d.condition) }),
    disposition: t.string({ nullable: true, description: 'What the warehouse did with the units (free text, e.g. "restocked", "discarded"); null when not recorded.', resolve: (d) => str(d.disposition) }),
  }),
});

const ReturnShipmentLineItemRef = builder.objectRef<Raw>('ReturnShipmentLineItem').implement({
  description: 'Units of one inventory item in a return shipment, and how they were received.',
  fields: (t) => ({
    inventoryItemExternalId: t.string({ description: INVENTORY_ITEM_ID, resolve: (l) => str(l.inventory_item_id) ?? '' }),
    sku: t.string({ nullable: true, description: SKU, resolve: (l) => str(l.sku) }),
    quantity: t.int({ description: 'Units the customer shipped back.', resolve: (l) => int(l.quantity) ?? 0 }),
    receivingDetails: t.field({
      type: [ReturnReceivingDetailRef],
      description: 'How the received units split by condition and disposition; empty until the warehouse receives them (or when the WMS does not report it).',
      resolve: (l) => rawList(l.receiving_details),
    }),
  }),
});

export const ReturnShipmentRef = builder.objectRef<Raw>('ReturnShipment').implement({
  description: 'A parcel the customer sends back to the warehouse for a return.',
  fields: (t) => ({
    trackingNumber: t.string({ nullable: true, description: "Carrier tracking number; null until the WMS knows it.", resolve: (s) => str(s.tracking_number) }),
    shippedDate: t.field({ type: 'DateTime', nullable: true, description: 'When the customer sent it; null when unknown.', resolve: (s) => date(s.shipped_date) }),
    arrivedDate: t.field({ type: 'DateTime', nullable: true, description: 'When it arrived at the warehouse; null while still on its way.', resolve: (s) => date(s.arrived_date) }),
    warehouseExternalId: t.string({ nullable: true, description: "The WMS's id of the receiving warehouse (Warehouse.externalId); null when unknown.", resolve: (s) => str(s.warehouse_id) }),
    carrierId: t.string({ nullable: true, description: "The WMS's id of the carrier; null when unknown.", resolve: (s) => str(s.carrier_id) }),
    carrierName: t.string({ nullable: true, description: 'Name of the carrier; null when unknown.', resolve: (s) => str(s.carrier_name) ?? str(s.carrier) }),
    scac: t.string({ nullable: true, description: "The carrier's Standard Carrier Alpha Code; null when unknown.", resolve: (s) => str(s.scac) }),
    shippingCost: t.string({
      nullable: true,
      description: 'What the return shipping cost, as a decimal string (e.g. "7.5"); the WMS does not say which currency. Null when not reported.',
      resolve: (s) => decimalString(s.shipping_cost),
    }),
    measurements: t.field({ type: MeasurementsRef, nullable: true, description: 'Size and weight of the parcel; null when the WMS sent none.', resolve: (s) => rawObject(s.measurements) }),
    lineItems: t.field({ type: [ReturnShipmentLineItemRef], description: 'What is in the parcel.', resolve: (s) => rawList(s.line_items) }),
  }),
});

// ---- inbound shipments (ASNs) ------------------------------------------------------------------

export const InboundShipmentLineItemRef = builder.objectRef<Raw>('InboundShipmentLineItem').implement({
  description: 'One inventory item an inbound shipment brings: units expected and units received so far.',
  fields: (t) => ({
    inventoryItemExternalId: t.string({ description: INVENTORY_ITEM_ID, resolve: (l) => str(l.inventory_item_id) ?? '' }),
    sku: t.string({ nullable: true, description: SKU, resolve: (l) => str(l.sku) }),
    expectedQuantity: t.int({ description: 'Units expected to arrive, in total.', resolve: (l) => int(l.expected_quantity) ?? 0 }),
    receivedQuantity: t.int({ description: 'Units received so far, in total over all receipts.', resolve: (l) => int(l.received_quantity) ?? 0 }),
    unitCost: t.string({
      nullable: true,
      description: 'Cost per unit charged by the supplier, as a decimal string (e.g. "3.25"); the WMS does not say which currency. Null when not reported.',
      resolve: (l) => decimalString(l.unit_cost),
    }),
    externalId: t.string({ nullable: true, description: "The line's identifier in another system (e.g. the supplier's SKU or a reference number); null when none.", resolve: (l) => str(l.external_id) }),
  }),
});

const InboundShipmentReceiptLineItemRef = builder.objectRef<Raw>('InboundShipmentReceiptLineItem').implement({
  description: 'Units of one inventory item counted in by one receipt.',
  fields: (t) => ({
    inventoryItemExternalId: t.string({ description: INVENTORY_ITEM_ID, resolve: (l) => str(l.inventory_item_id) ?? '' }),
    sku: t.string({ nullable: true, description: SKU, resolve: (l) => str(l.sku) }),
    quantity: t.int({ description: 'Units received in this receipt.', resolve: (l) => int(l.quantity) ?? 0 }),
  }),
});

export const InboundShipmentReceiptRef = builder.objectRef<Raw>('InboundShipmentReceipt').implement({
  description: 'One receiving event of an inbound shipment: what the warehouse counted in at one time. A shipment received in several goes has several.',
  fields: (t) => ({
    externalId: t.string({ description: "The WMS's id of this receiving event.", resolve: (r) => str(r.id) ?? '' }),
    arrivedDate: t.field({ type: 'DateTime', nullable: true, description: 'When these items arrived; null only if the WMS sent no valid date.', resolve: (r) => date(r.arrived_date) }),
    lineItems: t.field({ type: [InboundShipmentReceiptLineItemRef], description: 'The items and units received in this event.', resolve: (r) => rawList(r.line_items) }),
  }),
});

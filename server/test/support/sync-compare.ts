// Test support: compares Packr's synced rows with the sandbox's stored truth
// (GET /sandbox/connections/{id}/state), field by field on the mapped fields. Reads the raw
// upstream records directly rather than through Packr's mappers, so a mapper bug shows up here.
// Records deleted upstream are compared too: a row the truth lacks must be marked deleted
// (deletedAt), and a row the truth holds must not be.
import { db } from '../../src/db.js';

type Raw = Record<string, any>;
export type Truth = {
  warehouses: Raw[]; locations: Raw[]; shipping_methods: Raw[]; products: Raw[]; inventory: Raw[];
  orders: Raw[]; returns: Raw[]; inbound_shipments: Raw[];
};

export async function fetchTruth(baseUrl: string, apiKey: string, connectionId: string): Promise<Truth> {
  const res = await fetch(`${baseUrl}/sandbox/connections/${connectionId}/state`, { headers: { 'x-trackstar-api-key': apiKey } });
  if (!res.ok) throw new Error(`sandbox state: ${res.status}`);
  return (await res.json()) as Truth;
}

const up = (s: string | null | undefined) => (s ?? '').toUpperCase().replace(/-/g, '_');
const iso = (s: string | null | undefined) => (s ? new Date(s).toISOString() : null);
const dec = (v: unknown) => (v === null || v === undefined ? null : Number(v));

export type CompareOptions = {
  /** Windowed resources (orders, returns, inbound) only hold records updated since this instant. */
  windowStart?: Date;
  /** Resources the connection cannot read (skipped). */
  skip?: string[];
  /** Order ids allowed to be missing (records served malformed and reported as skipped). */
  missingOrders?: Set<string>;
};

/** Mismatches as readable lines; [] means Packr's copy equals the truth. */
export async function compareWithTruth(brandId: string, truth: Truth, opts: CompareOptions = {}): Promise<string[]> {
  const problems: string[] = [];
  const margin = 60_000;
  const inWindow = (r: Raw) => !opts.windowStart || Date.parse(r.updated_date) >= opts.windowStart.getTime() + margin;
  const outside = (r: Raw) => !!opts.windowStart && Date.parse(r.updated_date) < opts.windowStart.getTime() - margin;

  function check<T extends { externalId: string; deletedAt: Date | null; updatedAtRemote: Date }>(name: string, expected: Raw[], rows: T[], fields: (r: Raw, row: T) => Record<string, [unknown, unknown]>, windowed = false, allowedMissing?: Set<string>) {
    if (opts.skip?.includes(name)) return;
    const byId = new Map(rows.map((r) => [r.externalId, r]));
    // Deleted upstream before it left the window, or after: only rows in the window are reconciled.
    const reconciled = (row: T) => !windowed || !opts.windowStart || row.updatedAtRemote.getTime() >= opts.windowStart.getTime() + margin;
    for (const r of expected) {
      const row = byId.get(r.id);
      if (windowed && outside(r)) {
        if (row) problems.push(`${name} ${r.id}: outside the backfill window but synced`);
        continue;
      }
      if (windowed && !inWindow(r)) continue;
      if (!row) {
        if (!allowedMissing?.has(r.id)) problems.push(`${name} ${r.id}: missing`);
        continue;
      }
      if (row.deletedAt) problems.push(`${name} ${r.id}: marked deleted but the truth holds it`);
      for (const [field, [want, got]] of Object.entries(fields(r, row))) {
        if (JSON.stringify(want) !== JSON.stringify(got)) problems.push(`${name} ${r.id}.${field}: want ${JSON.stringify(want)} got ${JSON.stringify(got)}`);
      }
    }
    const known = new Set(expected.map((r) => r.id));
    for (const row of rows) {
      if (!known.has(row.externalId) && !row.deletedAt && reconciled(row)) problems.push(`${name} ${row.externalId}: not in the truth and not marked deleted`);
    }
  }

  const where = { brandId };
  check('warehouses', truth.warehouses, await db.warehouse.findMany({ where }), (r, row) => ({
    name: [r.name, row.name], code: [r.code, row.code], updated: [iso(r.updated_date), row.updatedAtRemote.toISOString()],
  }));
  check('locations', truth.locations, await db.warehouseLocation.findMany({ where }), (r, row) => ({
    warehouse: [r.warehouse_id, row.warehouseExternalId], name: [r.name, row.name], type: [r.type, row.type],
  }));
  check('shipping_methods', truth.shipping_methods, await db.shippingMethod.findMany({ where }), (r, row) => ({
    name: [r.name, row.name], carrierId: [r.carrier_id, row.carrierId], scac: [r.scac, row.scac],
  }));
  check('products', truth.products, await db.product.findMany({ where, include: { inventoryItems: true } }), (r, row) => ({
    sku: [r.sku, row.sku], name: [r.name, row.name], isKit: [r.is_kit, row.isKit], active: [r.active, row.active],
    unitPrice: [dec(r.unit_price), dec(row.unitPrice)], updated: [iso(r.updated_date), row.updatedAtRemote.toISOString()],
    components: [r.inventory_items.map((i: Raw) => `${i.inventory_item_id}x${i.unit_quantity}`).sort(), row.inventoryItems.map((i) => `${i.inventoryItemExternalId}x${i.unitQuantity}`).sort()],
  }));
  check('inventory', truth.inventory, await db.inventoryItem.findMany({ where, include: { levels: true } }), (r, row) => ({
    sku: [r.sku, row.sku], active: [r.active, row.active],
    quantities: [[r.awaiting, r.onhand, r.committed, r.unfulfillable, r.fulfillable, r.sellable], [row.awaiting, row.onHand, row.committed, row.unfulfillable, row.fulfillable, row.sellable]],
    levels: [Object.entries(r.inventory_by_warehouse_id).map(([w, q]: [string, any]) => `${w}:${q.onhand}`).sort(), row.levels.map((l) => `${l.warehouseExternalId}:${l.onHand}`).sort()],
    updated: [iso(r.updated_date), row.updatedAtRemote.toISOString()],
  }));
  check('orders', truth.orders, await db.order.findMany({ where, include: { lineItems: true, shipments: { include: { packages: true } } } }), (r, row) => ({
    status: [up(r.status), row.status], number: [r.order_number, row.orderNumber], reference: [r.reference_id, row.referenceId],
    total: [dec(r.total_price), dec(row.totalPrice)], updated: [iso(r.updated_date), row.updatedAtRemote.toISOString()],
    lines: [r.line_items.map((l: Raw, i: number) => `${i}:${l.sku}x${l.quantity}`), [...row.lineItems].sort((a, b) => a.position - b.position).map((l) => `${l.position}:${l.sku}x${l.quantity}`)],
    shipments: [r.shipments.map((s: Raw) => `${s.shipment_id}:${up(s.status)}:${s.packages.length}`).sort(), row.shipments.map((s) => `${s.externalId}:${s.status}:${s.packages.length}`).sort()],
  }), true, opts.missingOrders);
  check('returns', truth.returns, await db.return.findMany({ where }), (r, row) => ({
    status: [up(r.status), row.status], order: [r.order_id, row.orderExternalId], updated: [iso(r.updated_date), row.updatedAtRemote.toISOString()],
  }), true);
  check('inbound_shipments', truth.inbound_shipments, await db.inboundShipment.findMany({ where }), (r, row) => ({
    status: [up(r.status), row.status], po: [r.purchase_order_number, row.purchaseOrderNumber], updated: [iso(r.updated_date), row.updatedAtRemote.toISOString()],
  }), true);
  return problems;
}

// The activity clock: makes a connection's warehouse live. Each step is one believable event
// (a new order, an order moving along, a shipment, an ASN arriving or being received, a cycle count,
// a return), done through the same operations as the write endpoints, so every change bumps
// updated_date and emits the webhook Trackstar would.
import type { OrderStatus, ReadFunction } from '../../trackstar-contract/contract.js';
import type { Core } from './core.js';
import { HttpError } from './http.js';
import type { Catalog } from './generate/catalog.js';
import { randomInbound, randomReturn } from './generate/inbound.js';
import { randomOrder } from './generate/orders.js';
import { applyAwaiting, applyOnhand, canCommit } from './inventory.js';
import { moveStock, setOrderStatus, shipOrder } from './ops/orders.js';
import { advanceInbound, receiveInbound, receiveReturn } from './ops/stock.js';
import type { ConnectionState } from './store.js';
import { iso } from './time.js';

const NEXT: Partial<Record<OrderStatus, OrderStatus>> = {
  open: 'confirmed', confirmed: 'processing', processing: 'picked', picked: 'packed', exception: 'processing',
};

function catalogOf(conn: ConnectionState): Catalog {
  const d = conn.data;
  return {
    warehouses: d.warehouses.all(), locations: d.warehouse_locations.all(), customers: d.warehouse_customers.all(),
    shippingMethods: d.shipping_methods.all(), products: d.products.all().filter((p) => p.active), inventory: d.inventory.all(),
  };
}

const KINDS = { order: 16, advance: 54, asn: 4, asnMove: 8, adjust: 6, returnNew: 4, returnMove: 6, trouble: 2, catalog: 1 } as const;

export function activityStep(core: Core, conn: ConnectionState): string {
  const rng = conn.rng;
  const kind = rng.weighted(KINDS);
  const recent = conn.data.orders.last(3000);
  switch (kind) {
    case 'order': return newOrder(core, conn);
    case 'advance': {
      // Older orders move first (a warehouse works its queue), newer ones now and then.
      const queue = recent.filter((x) => x.status in NEXT || x.status === 'packed' || x.status === 'partially_fulfilled' || x.status === 'backordered');
      const o = queue[Math.floor(rng.next() ** 2 * queue.length)];
      if (!o) return newOrder(core, conn);
      if (o.status === 'packed' || o.status === 'partially_fulfilled') {
        shipOrder(core, conn, o.id, o.status === 'packed' && rng.chance(0.1) ? 'partial' : 'all');
        return `shipped ${o.id}`;
      }
      if (o.status === 'backordered') {
        if (!canCommit({ ...o, status: 'open' }, conn.data)) return restock(core, conn, o.id);
        setOrderStatus(core, conn, o.id, 'open');
        return `released ${o.id} from backorder`;
      }
      setOrderStatus(core, conn, o.id, NEXT[o.status]!);
      return `${o.id} ${o.status} -> ${NEXT[o.status]}`;
    }
    case 'trouble': {
      const o = rng.pick(recent.filter((x) => x.status === 'open' || x.status === 'confirmed'));
      if (!o) return newOrder(core, conn);
      const to = rng.chance(0.5) ? 'exception' : 'cancelled';
      setOrderStatus(core, conn, o.id, to);
      return `${o.id} -> ${to}`;
    }
    case 'asn': {
      const tx = core.tx(conn);
      const asn = randomInbound(rng, catalogOf(conn), core.now(), 'open');
      asn.created_date = asn.updated_date = tx.nowIso;
      tx.create('inbound_shipments', asn);
      for (const l of asn.line_items) applyAwaiting(tx.touch('inventory', l.inventory_item_id)!, asn.warehouse_id!, l.expected_quantity);
      tx.commit();
      return `new inbound ${asn.id}`;
    }
    case 'asnMove': {
      const asn = rng.pick(conn.data.inbound_shipments.last(200).filter((a) => ['open', 'in-transit', 'receiving'].includes(a.status)));
      if (!asn) return 'no inbound to move';
      if (asn.status === 'open') {
        advanceInbound(core, conn, 'inbound_shipments', asn.id, 'in-transit');
        return `${asn.id} in-transit`;
      }
      const loc = conn.data.warehouse_locations.all().find((l) => l.warehouse_id === asn.warehouse_id);
      const lines = asn.line_items.filter((l) => l.received_quantity < l.expected_quantity);
      const pick = rng.chance(0.5) ? lines : lines.slice(0, 1);
      receiveInbound(core, conn, asn.id, {
        warehouse_location_id: loc!.id,
        line_items: pick.map((l) => ({ sku: l.sku!, quantity: l.expected_quantity - l.received_quantity })),
      });
      return `received on ${asn.id}`;
    }
    case 'adjust': {
      const item = rng.pick(conn.data.inventory.all());
      const [wh, e] = rng.pick(Object.entries(item.inventory_by_warehouse_id));
      const delta = rng.chance(0.5) ? rng.int(1, 5) : -Math.min(rng.int(1, 5), Math.max(0, e.fulfillable ?? 0));
      if (delta === 0) return 'nothing to count';
      const tx = core.tx(conn);
      applyOnhand(tx.touch('inventory', item.id)!, wh, delta);
      tx.commit();
      return `cycle count ${item.id} ${delta > 0 ? '+' : ''}${delta}`;
    }
    case 'catalog': return discontinueOrRevive(core, conn);
    case 'returnNew': {
      const o = rng.pick(recent.filter((x) => x.status === 'fulfilled'));
      if (!o) return 'no order to return';
      const tx = core.tx(conn);
      const ret = randomReturn(rng, catalogOf(conn), o, core.now(), 'open', core.now());
      ret.created_date = ret.updated_date = tx.nowIso;
      tx.create('returns', ret);
      tx.commit();
      return `new return ${ret.id}`;
    }
    default: {
      const ret = rng.pick(conn.data.returns.last(200).filter((r) => ['open', 'in-transit', 'receiving'].includes(r.status)));
      if (!ret) return 'no return to move';
      if (ret.status === 'receiving' || (ret.status === 'in-transit' && rng.chance(0.3))) {
        receiveReturn(core, conn, ret.id);
        return `received return ${ret.id}`;
      }
      advanceInbound(core, conn, 'returns', ret.id, ret.status === 'open' ? 'in-transit' : 'receiving');
      return `return ${ret.id} moved`;
    }
  }
}

/**
 * A brand drops a SKU (the product and its inventory items turn `active: false`, as WMSs mark a
 * discontinued item instead of deleting it) or brings a dropped one back. New orders only use
 * active products (catalogOf), so a discontinued SKU stops selling but keeps its stock.
 */
function discontinueOrRevive(core: Core, conn: ConnectionState): string {
  const inactive = conn.data.products.all().filter((p) => !p.active);
  const revive = inactive.length > 0 && conn.rng.chance(0.5);
  const product = revive ? conn.rng.pick(inactive) : conn.rng.pick(conn.data.products.all().filter((p) => p.active));
  if (!product) return 'no product to change';
  const tx = core.tx(conn);
  tx.touch('products', product.id)!.active = revive;
  for (const item of product.inventory_items) {
    const working = tx.touch('inventory', item.inventory_item_id);
    if (working) working.active = revive;
  }
  tx.commit();
  return `${revive ? 'revived' : 'discontinued'} ${product.id}`;
}

function newOrder(core: Core, conn: ConnectionState): string {
  const catalog = catalogOf(conn);
  const byCustomer = new Map(catalog.customers.map((c) => [c.id, catalog.products.filter((p) => p.warehouse_customer_id === c.id)]));
  const tx = core.tx(conn);
  const order = randomOrder(conn.rng, { catalog, productsByCustomer: byCustomer, data: conn.data }, core.now(), conn.data.orders.size + 1, 'open');
  if (conn.data.orders.has(order.id)) return 'id collision, skipped';
  order.created_date = order.updated_date = tx.nowIso;
  // Ship from a warehouse that has the stock when one does; otherwise the order waits.
  const stocked = catalog.warehouses.find((w) => canCommit({ ...order, warehouse_id: w.id }, conn.data));
  if (stocked) order.warehouse_id = stocked.id;
  else Object.assign(order, { status: 'backordered', raw_status: 'Backorder' });
  tx.create('orders', order);
  moveStock(tx, null, order);
  tx.commit();
  return `new order ${order.id} (${order.status})`;
}

/** A backordered order waits for stock: receive enough of what it lacks. */
function restock(core: Core, conn: ConnectionState, orderId: string): string {
  const order = conn.data.orders.get(orderId)!;
  const tx = core.tx(conn);
  for (const line of order.line_items) {
    for (const c of conn.data.products.get(line.product_id)?.inventory_items ?? []) {
      const item = tx.touch('inventory', c.inventory_item_id);
      if (item && order.warehouse_id) applyOnhand(item, order.warehouse_id, line.quantity * c.unit_quantity + 24);
    }
  }
  tx.commit();
  return `restocked for ${orderId}`;
}

/** POST /connections/sync: the upstream crawl finds a few changes per function. */
export function forceSync(core: Core, conn: ConnectionState, functions: ReadFunction[]): void {
  const start = iso(core.now());
  for (const fn of functions) {
    conn.crawls[fn] = { start, end: null };
    const changes = fn === 'get_orders' ? 3 : fn === 'get_inventory' ? 2 : 1;
    for (let i = 0; i < changes; i++) {
      if (fn === 'get_orders') advanceOne(core, conn);
      else touch(core, conn, fn);
    }
    conn.crawls[fn] = { start, end: iso(core.now()) };
  }
  core.events.emit(conn, 'connection.force-sync-completed', { functions_to_sync: functions });
}

function advanceOne(core: Core, conn: ConnectionState): void {
  const o = conn.rng.pick(conn.data.orders.last(3000).filter((x) => x.status in NEXT));
  if (o) setOrderStatus(core, conn, o.id, NEXT[o.status]!);
}

const TOUCH: Partial<Record<ReadFunction, keyof ConnectionState['data']>> = {
  get_products: 'products', get_inventory: 'inventory', get_warehouses: 'warehouses', get_warehouse_locations: 'warehouse_locations',
  get_shipping_methods: 'shipping_methods', get_returns: 'returns', get_inbound_shipments: 'inbound_shipments',
  get_warehouse_customers: 'warehouse_customers',
};

/** A small upstream edit: additional_fields.sandbox_revision goes up by one. */
function touch(core: Core, conn: ConnectionState, fn: ReadFunction): void {
  const key = TOUCH[fn];
  if (!key) return;
  const target = conn.rng.pick(conn.data[key].last(500) as { id: string }[]);
  if (!target) return;
  const tx = core.tx(conn);
  const rec = tx.touch(key, target.id) as unknown as { additional_fields: Record<string, unknown> };
  rec.additional_fields = { ...rec.additional_fields, sandbox_revision: Number(rec.additional_fields.sandbox_revision ?? 0) + 1 };
  tx.commit();
}

export class ActivityClock {
  private timer: NodeJS.Timeout | null = null;

  constructor(private readonly core: Core) {}

  /** Runs `steps` steps on every live connection (or one), synchronously. */
  tick(steps = 1, connectionId?: string): string[] {
    const out: string[] = [];
    for (const conn of this.core.store.connections.values()) {
      if (connectionId && conn.id !== connectionId) continue;
      if (!conn.historicalSyncDone || this.core.credentialsBroken(conn)) continue;
      for (let i = 0; i < steps; i++) {
        try {
          out.push(activityStep(this.core, conn));
        } catch (error) {
          // The simulated WMS refused the step (say, an order whose products were hard-deleted has
          // nothing left to ship): nothing was committed; the warehouse moves on to the next one.
          if (!(error instanceof HttpError)) throw error;
          out.push(`skipped: ${error.message}`);
        }
      }
    }
    return out;
  }

  start(intervalMs: number, steps: number): void {
    this.stop();
    // Chained timeouts rather than setInterval: a slow tick never overlaps the next one.
    const run = () => {
      try {
        this.tick(steps);
      } catch (e) {
        this.core.options.logLine(`activity error: ${(e as Error).message}`);
      }
      this.timer = setTimeout(run, intervalMs);
    };
    this.timer = setTimeout(run, intervalMs);
  }

  stop(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }

  get running(): boolean {
    return this.timer !== null;
  }
}

// Synced rows for tests, written with Prisma the way the sync engine's output looks.
import { randomUUID } from 'node:crypto';
import { db } from '../../src/db.js';
import type { OrderStatus } from '../../src/generated/prisma/enums.js';

let counter = 0;

export type SeedOrderOptions = {
  status?: OrderStatus;
  updatedAt?: Date;
  orderNumber?: string;
  sku?: string;
  lineItems?: number;
  shipments?: number;
  packagesPerShipment?: number;
};

/** One order with line items, shipments and packages in brand `brandId`. */
export async function seedOrder(brandId: string, options: SeedOrderOptions = {}) {
  const n = ++counter;
  const updatedAt = options.updatedAt ?? new Date(Date.UTC(2026, 0, 1) + n * 1000);
  const externalId = `ord_${randomUUID()}`;
  return db.order.create({
    data: {
      brandId,
      externalId,
      orderNumber: options.orderNumber ?? `#${1000 + n}`,
      referenceId: `REF-${n}`,
      status: options.status ?? 'OPEN',
      currency: 'EUR',
      totalPrice: '19.9900',
      rawData: { id: externalId, secretish: 'raw' },
      createdAtRemote: updatedAt,
      updatedAtRemote: updatedAt,
      lineItems: {
        create: Array.from({ length: options.lineItems ?? 2 }, (_, i) => ({
          brandId,
          position: i,
          sku: options.sku ?? `SKU-${n}-${i}`,
          quantity: i + 1,
          unitPrice: '9.9950',
        })),
      },
      shipments: {
        create: Array.from({ length: options.shipments ?? 1 }, (_, i) => ({
          brandId,
          externalId: `shp_${n}_${i}`,
          status: 'SHIPPED' as const,
          trackingNumbers: [`1Z${n}${i}`],
          lineItems: [],
          updatedAtRemote: updatedAt,
          packages: {
            create: Array.from({ length: options.packagesPerShipment ?? 1 }, (_, j) => ({
              brandId,
              externalId: `pkg_${n}_${i}_${j}`,
              trackingNumber: `1Z${n}${i}${j}`,
              trackingUrl: `https://track.example/1Z${n}${i}${j}`,
              shippingCost: '4.5000',
              lineItems: [],
            })),
          },
        })),
      },
    },
    select: { id: true, externalId: true, updatedAtRemote: true },
  });
}

export async function seedOrders(brandId: string, count: number, options: SeedOrderOptions = {}) {
  const rows = [];
  for (let i = 0; i < count; i++) rows.push(await seedOrder(brandId, options));
  return rows;
}

/** One row of every synced resource in a brand (plus an integration), for isolation tests. */
export async function seedBrandData(brandId: string) {
  const tag = randomUUID().slice(0, 8);
  const now = new Date();
  const base = { brandId, rawData: { tag }, createdAtRemote: now, updatedAtRemote: now };
  const order = await seedOrder(brandId);
  const shipment = await db.shipment.findFirstOrThrow({ where: { orderId: order.id }, select: { id: true } });
  const integration = await db.brandIntegration.create({
    data: { brandId, status: 'ACTIVE', connectionId: `conn_${tag}`, integrationName: 'sandbox', lastSyncedAt: now },
  });
  const syncState = await db.syncState.create({ data: { integrationId: integration.id, resource: 'ORDERS', status: 'IDLE', cursor: now } });
  const warehouse = await db.warehouse.create({ data: { ...base, externalId: `wh_${tag}`, name: `Warehouse ${tag}` } });
  const shippingMethod = await db.shippingMethod.create({ data: { ...base, externalId: `sm_${tag}`, name: `Ground ${tag}` } });
  const inventoryItem = await db.inventoryItem.create({
    data: {
      ...base,
      externalId: `inv_${tag}`,
      sku: `SKU-${tag}`,
      name: `Item ${tag}`,
      awaiting: 0,
      onHand: 5,
      committed: 1,
      unfulfillable: 0,
      fulfillable: 4,
      sellable: 4,
      levels: { create: [{ brandId, warehouseExternalId: `wh_${tag}`, onHand: 5, fulfillable: 4 }] },
      snapshots: { create: [{ brandId, awaiting: 0, onHand: 5, committed: 1, unfulfillable: 0, fulfillable: 4, sellable: 4, updatedAtRemote: now }] },
    },
  });
  const product = await db.product.create({
    data: {
      ...base,
      externalId: `prod_${tag}`,
      sku: `SKU-${tag}`,
      name: `Product ${tag}`,
      inventoryItems: { create: [{ inventoryItemExternalId: `inv_${tag}`, sku: `SKU-${tag}`, unitQuantity: 1 }] },
    },
  });
  const ret = await db.return.create({ data: { ...base, externalId: `ret_${tag}`, status: 'OPEN', lineItems: [], shipments: [] } });
  const inbound = await db.inboundShipment.create({
    data: { ...base, externalId: `inb_${tag}`, status: 'IN_TRANSIT', lineItems: [], receipts: [] },
  });
  return {
    brandId,
    orderId: order.id,
    shipmentId: shipment.id,
    integrationId: integration.id,
    syncStateId: syncState.id,
    warehouseId: warehouse.id,
    shippingMethodId: shippingMethod.id,
    inventoryItemId: inventoryItem.id,
    productId: product.id,
    returnId: ret.id,
    inboundShipmentId: inbound.id,
  };
}

export type BrandData = Awaited<ReturnType<typeof seedBrandData>>;

// Helpers for webhook tests and benchmarks: Svix-signed deliveries and connected brands.
import { randomUUID } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Webhook } from 'svix';
import { db } from '../../src/db.js';
import { trackstarWebhookRoute, WEBHOOK_PATH } from '../../src/http/webhooks/trackstar.js';

export const TEST_WEBHOOK_SECRET = 'whsec_' + Buffer.from('packr-test-webhook-secret-32byte').toString('base64');

export type SignedDelivery = { id: string; body: string; headers: Record<string, string> };

/** A delivery signed exactly as Svix would sign it. */
export function signDelivery(payload: unknown, options: { secret?: string; id?: string; at?: Date } = {}): SignedDelivery {
  const id = options.id ?? `msg_${randomUUID().replaceAll('-', '')}`;
  const at = options.at ?? new Date();
  const body = typeof payload === 'string' ? payload : JSON.stringify(payload);
  const signature = new Webhook(options.secret ?? TEST_WEBHOOK_SECRET).sign(id, at, body);
  return {
    id,
    body,
    headers: {
      'content-type': 'application/json',
      'svix-id': id,
      'svix-timestamp': String(Math.floor(at.getTime() / 1000)),
      'svix-signature': signature,
    },
  };
}

/** Gives a brand an ACTIVE Trackstar integration with a fresh connection id. */
export async function connectBrand(brandId: string, status: 'ACTIVE' | 'DISCONNECTED' | 'ERROR' = 'ACTIVE') {
  return db.brandIntegration.create({
    data: { brandId, connectionId: randomUUID(), status, integrationName: 'sandbox', connectedAt: new Date() },
  });
}

export function envelope(eventType: string, connectionId: string, data: Record<string, unknown>, extra: Record<string, unknown> = {}) {
  return { event_type: eventType, connection_id: connectionId, integration_name: 'sandbox', integration_type: 'wms', data, ...extra };
}

/** A contract-valid Trackstar inventory record. */
export function inventoryRecord(id: string, onhand: number, updatedDate: string, sku = `SKU-${id}`) {
  return {
    id,
    created_date: '2026-01-01T00:00:00Z',
    updated_date: updatedDate,
    warehouse_customer_id: null,
    name: `Item ${id}`,
    sku,
    unit_cost: null,
    active: true,
    awaiting: 0,
    onhand,
    committed: 0,
    unfulfillable: 0,
    fulfillable: onhand,
    unsellable: 0,
    sellable: onhand,
    substitute_skus: [],
    inventory_by_warehouse_id: { wh_1: { awaiting: 0, onhand, committed: 0, unfulfillable: 0, fulfillable: onhand, unsellable: 0, sellable: onhand } },
    lots: [],
    measurements: { length: null, width: null, height: null, unit: null, weight: null, weight_unit: null },
    locations: [],
    external_system_url: null,
    trackstar_tags: null,
    additional_fields: {},
  };
}

/** Polls until the event with this delivery id has left PENDING (or the deadline passes). */
export async function waitForEvent(deliveryId: string, timeoutMs = 15_000) {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const row = await db.trackstarWebhookEvent.findUnique({ where: { deliveryId } });
    if (row && row.status !== 'PENDING') return row;
    if (Date.now() > until) throw new Error(`event ${deliveryId} still ${row?.status ?? 'missing'} after ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/**
 * The webhook receiver alone on a real HTTP server (loopback, random port), for tests that do not
 * need the GraphQL API. Anything but the webhook path answers 404.
 */
export async function serveWebhookReceiver(secrets: string[] = [TEST_WEBHOOK_SECRET]) {
  const route = trackstarWebhookRoute({ secrets });
  const server = createServer((req, res) => {
    if (route(req, res)) return;
    res.writeHead(404).end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}${WEBHOOK_PATH}`;
  return {
    url,
    post: (d: { body: BodyInit; headers?: Record<string, string> }, init: RequestInit = {}) => fetch(url, { method: 'POST', headers: d.headers, body: d.body, ...init }),
    close: () => new Promise<void>((resolve) => {
      server.close(() => resolve());
      server.closeAllConnections();
    }),
  };
}

// The REST routes of the WMS writes (services/wms-writes.ts, services/bulk-writes.ts), mirroring
// the GraphQL mutations: the JSON body is the mutation's input (camelCase, Packr ids as global ids
// or uuids), and the answer is its payload: the written record, the idempotency key, replayed and
// userErrors. The key may also come as an Idempotency-Key header. OWNER, ADMIN and OPERATOR only.
// Statuses: 200 written (or replayed); 422 refused values or refused upstream; 409 the connection
// cannot do it (not connected, action not offered); 502 Trackstar did not complete it (retry with
// the same key). A bulk call answers 200 with one result per row.
import { encodeGlobalID } from '@pothos/plugin-relay';
import type { IncomingHttpHeaders } from 'node:http';
import { db } from '../../db.js';
import { adjustInventoryBatch, createOrders, type BatchResult } from '../../services/bulk-writes.js';
import {
  adjustInventory, cancelOrder, createInboundShipment, createOrder, createReturn, shipOrder, updateOrder,
  type WmsWriteError, type WriteResource, type WriteResult,
} from '../../services/wms-writes.js';
import { ServiceError } from '../../services/errors.js';
import { badRequest, notFound } from './errors.js';
import type { RestRoute } from './integration-routes.js';

const BRAND = '/api/brands/{brandId}';

type Body = Record<string, unknown>;

function objectOf(body: unknown, what: string): Body {
  if (body === null) throw badRequest(`The body must be a JSON object: ${what}`);
  if (typeof body !== 'object' || Array.isArray(body)) throw badRequest(`The body must be a JSON object: ${what}`);
  return body as Body;
}

/** The Idempotency-Key header, when sent, goes into the input; a different idempotencyKey in the body is a contradiction. */
function withHeaderKey(input: Body, headers: IncomingHttpHeaders): Body {
  const header = headers['idempotency-key'];
  if (header === undefined) return input;
  if (Array.isArray(header)) throw badRequest('Send one Idempotency-Key header');
  if (input.idempotencyKey !== undefined && input.idempotencyKey !== null && input.idempotencyKey !== header) {
    throw badRequest('The Idempotency-Key header and the idempotencyKey in the body differ; send one');
  }
  return { ...input, idempotencyKey: header };
}

/** A path parameter that the body repeats must say the same. */
function withPathId(input: Body, field: string, value: string): Body {
  if (input[field] !== undefined && input[field] !== null && input[field] !== value) {
    throw badRequest(`${field} is given by the path; leave it out of the body`);
  }
  return { ...input, [field]: value };
}

const STATUS_BY_CODE: Record<WmsWriteError['code'], number> = {
  INVALID: 422, NOT_FOUND: 422, IDEMPOTENCY_KEY_REUSED: 422, REJECTED: 422,
  NOT_CONNECTED: 409, ACTION_NOT_AVAILABLE: 409,
  UNAVAILABLE: 502,
};

const statusOf = (errors: WmsWriteError[]) => (errors.length === 0 ? 200 : STATUS_BY_CODE[errors[0].code]);

const TYPENAME: Record<WriteResource, string> = { ORDERS: 'Order', INVENTORY: 'InventoryItem', INBOUND_SHIPMENTS: 'InboundShipment', RETURNS: 'Return' };
export const RECORD_KEY: Record<WriteResource, string> = { ORDERS: 'order', INVENTORY: 'inventoryItem', INBOUND_SHIPMENTS: 'inboundShipment', RETURNS: 'return' };

type Row = { id: string; externalId: string; updatedAtRemote: Date; rawData: unknown };

async function rowsOf(resource: WriteResource, ids: string[]): Promise<Map<string, Row>> {
  const args = { where: { id: { in: ids } }, select: { id: true, externalId: true, updatedAtRemote: true, rawData: true } } as const;
  const rows: Row[] = ids.length === 0 ? [] : await (resource === 'ORDERS' ? db.order.findMany(args)
    : resource === 'INVENTORY' ? db.inventoryItem.findMany(args)
      : resource === 'INBOUND_SHIPMENTS' ? db.inboundShipment.findMany(args)
        : db.return.findMany(args));
  return new Map(rows.map((r) => [r.id, r]));
}

/** The written record: Packr's ids and Trackstar's record exactly as stored (`data`). */
function recordView(resource: WriteResource, row: Row | undefined) {
  if (!row) return null;
  return { id: row.id, globalId: encodeGlobalID(TYPENAME[resource], row.id), externalId: row.externalId, updatedAt: row.updatedAtRemote.toISOString(), data: row.rawData };
}

async function single(resource: WriteResource, result: WriteResult) {
  const rows = await rowsOf(resource, result.recordId ? [result.recordId] : []);
  const body = {
    [RECORD_KEY[resource]]: recordView(resource, result.recordId ? rows.get(result.recordId) : undefined),
    idempotencyKey: result.idempotencyKey, replayed: result.replayed, userErrors: result.errors,
  };
  return { status: statusOf(result.errors), body };
}

async function batch(resource: WriteResource, result: BatchResult) {
  const rows = await rowsOf(resource, result.results.flatMap((r) => (r.recordId ? [r.recordId] : [])));
  const results = result.results.map((r) => ({
    index: r.index, [RECORD_KEY[resource]]: recordView(resource, r.recordId ? rows.get(r.recordId) : undefined),
    idempotencyKey: r.idempotencyKey, replayed: r.replayed, userErrors: r.errors,
  }));
  const succeeded = result.results.filter((r) => r.errors.length === 0).length;
  const body = { results, succeeded, failed: results.length - succeeded, userErrors: result.errors };
  return { status: result.errors.length > 0 ? 422 : 200, body };
}

function inputsOf(body: unknown): unknown {
  const { inputs, ...rest } = objectOf(body, '{ "inputs": [ ...rows ] }');
  const extra = Object.keys(rest);
  if (extra.length > 0) throw badRequest(`Unknown properties: ${extra.join(', ')}; allowed: inputs`);
  if (!Array.isArray(inputs)) throw badRequest('inputs is required: the list of rows');
  return inputs;
}

/** A malformed id in the path names no record: 404 like an unknown one (as for {brandId}). */
async function onTarget<T>(what: string, call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (error) {
    if (error instanceof ServiceError && error.code === 'BAD_USER_INPUT') throw notFound(`${what} not found`);
    throw error;
  }
}

export const WRITE_ROUTES: RestRoute[] = [
  {
    method: 'POST', path: `${BRAND}/orders`, operationId: 'createOrder', access: 'member', readsBody: true,
    handle: async ({ viewer, brandId, body, headers }) => single('ORDERS', await createOrder(viewer!, brandId, withHeaderKey(objectOf(body, 'the order'), headers))),
  },
  {
    method: 'POST', path: `${BRAND}/batches/orders`, operationId: 'createOrders', access: 'member', readsBody: true,
    handle: async ({ viewer, brandId, body }) => batch('ORDERS', await createOrders(viewer!, brandId, inputsOf(body))),
  },
  {
    method: 'PUT', path: `${BRAND}/orders/{orderId}`, operationId: 'updateOrder', access: 'member', readsBody: true,
    handle: async ({ viewer, brandId, body, params, headers }) =>
      single('ORDERS', await onTarget('Order', () => updateOrder(viewer!, params.orderId, withHeaderKey(objectOf(body, 'the fields to change'), headers), { brandId }))),
  },
  {
    method: 'POST', path: `${BRAND}/orders/{orderId}/cancel`, operationId: 'cancelOrder', access: 'member', readsBody: true,
    handle: async ({ viewer, brandId, body, params, headers }) => {
      const input = withHeaderKey(body === null ? {} : objectOf(body, '{ "idempotencyKey"?: string } or none'), headers);
      const { idempotencyKey, ...rest } = input;
      if (Object.keys(rest).length > 0) throw badRequest(`Unknown properties: ${Object.keys(rest).join(', ')}; allowed: idempotencyKey`);
      if (idempotencyKey !== undefined && idempotencyKey !== null && typeof idempotencyKey !== 'string') throw badRequest('idempotencyKey must be a string');
      return single('ORDERS', await onTarget('Order', () => cancelOrder(viewer!, params.orderId, idempotencyKey ?? null, { brandId })));
    },
  },
  {
    method: 'POST', path: `${BRAND}/orders/{orderId}/shipments`, operationId: 'shipOrder', access: 'member', readsBody: true,
    handle: async ({ viewer, brandId, body, params, headers }) =>
      single('ORDERS', await onTarget('Order', () => shipOrder(viewer!, params.orderId, withHeaderKey(objectOf(body, 'the shipment'), headers), { brandId }))),
  },
  {
    method: 'POST', path: `${BRAND}/inventory/{inventoryItemId}/adjustments`, operationId: 'adjustInventory', access: 'member', readsBody: true,
    handle: async ({ viewer, brandId, body, params, headers }) => {
      const input = withPathId(withHeaderKey(objectOf(body, 'the adjustment'), headers), 'inventoryItemId', params.inventoryItemId);
      return single('INVENTORY', await onTarget('Inventory item', () => adjustInventory(viewer!, input, { brandId })));
    },
  },
  {
    method: 'POST', path: `${BRAND}/batches/inventory-adjustments`, operationId: 'adjustInventoryBatch', access: 'member', readsBody: true,
    handle: async ({ viewer, brandId, body }) => batch('INVENTORY', await adjustInventoryBatch(viewer!, inputsOf(body), brandId)),
  },
  {
    method: 'POST', path: `${BRAND}/inbound-shipments`, operationId: 'createInboundShipment', access: 'member', readsBody: true,
    handle: async ({ viewer, brandId, body, headers }) =>
      single('INBOUND_SHIPMENTS', await createInboundShipment(viewer!, brandId, withHeaderKey(objectOf(body, 'the inbound shipment'), headers))),
  },
  {
    method: 'POST', path: `${BRAND}/returns`, operationId: 'createReturn', access: 'member', readsBody: true,
    handle: async ({ viewer, brandId, body, headers }) => single('RETURNS', await createReturn(viewer!, brandId, withHeaderKey(objectOf(body, 'the return'), headers))),
  },
];

// WMS writes through Trackstar: create, update, cancel and ship orders, adjust inventory, create
// inbound shipments and returns. Shared by the GraphQL mutations, the REST routes and the bulk
// calls (bulk-writes.ts). One path for every write:
//
//   the connection can write (ACTIVE, the action in its available_actions) → the input is valid
//   and its Packr ids name records of the brand → the key was not used for another request (a
//   success already logged under it is reported, not sent again) → Trackstar, with the
//   Idempotency-Key on every attempt → the answer applied to the local copy through applyRecords
//   (apply-only-if-newer, change log, live push: the same path as sync and webhooks, so the later
//   webhook finds nothing new) and the attempt appended to the write log in the same transaction.
//
// The record a write targets (an order, an inventory item) must be visible to the caller: an
// unknown or foreign id is NOT_FOUND (a ServiceError), exactly like a read. Everything else that
// stops a write is answered as a WmsWriteError, with the idempotency key to retry with.
import { createHash, randomUUID } from 'node:crypto';
import type { AuditStamp } from '../audit/entries.js';
import { recordUserAction } from '../audit/user-actions.js';
import { visibleBrands, type Viewer } from '../auth/viewer.js';
import { runWriteTransaction } from '../changes/write-transaction.js';
import { tokenBox } from '../crypto/token-box.js';
import { db } from '../db.js';
import type { WmsWriteAction, WmsWriteOutcome } from '../generated/prisma/enums.js';
import { logger } from '../lib/logger.js';
import { applyRecords, applyRecordsIn, type ApplyResult } from '../sync/apply.js';
import { trackstar } from '../trackstar/client.js';
import { TrackstarError, TrackstarNotConfiguredError } from '../trackstar/errors.js';
import { RecordReader } from '../webhooks/full-payload.js';
import type { WriteFunction } from '../../../trackstar-contract/contract.js';
import { ServiceError } from './errors.js';
import { appendWriteLog, findLoggedSuccess } from './wms-write-log.js';
import {
  AdjustInventoryInput, CreateInboundShipmentInput, CreateOrderInput, CreateReturnInput, ShipOrderInput, UpdateOrderInput,
  adjustInventoryBody, createInboundShipmentBody, createOrderBody, createReturnBody, idempotencyKey as IdempotencyKeySchema,
  inputFieldOf, parseInput, rawIdempotencyKey, shipOrderBody, updateOrderBody, uuidOf, type InputError,
} from './write-inputs.js';
import { BrandReferences, type Found } from './write-references.js';

const log = logger.child({ service: 'wms-writes' });

export type WmsWriteErrorCode =
  | 'INVALID' | 'NOT_FOUND' | 'NOT_CONNECTED' | 'ACTION_NOT_AVAILABLE' | 'IDEMPOTENCY_KEY_REUSED' | 'REJECTED' | 'UNAVAILABLE';

/** Why a write did not happen. `field` is a path into the write's input; null means the write as a whole. */
export type WmsWriteError = { field: string[] | null; message: string; code: WmsWriteErrorCode };

export type WriteResult = {
  /** The key the write went (or would have gone) under: the caller's, or one Packr generated. */
  idempotencyKey: string;
  /** The write had already been carried out under this key and was not carried out again. */
  replayed: boolean;
  /** Packr's id of the written record as now stored; null when nothing was written (or its copy is not stored yet). */
  recordId: string | null;
  errors: WmsWriteError[];
};

export type WriteResource = 'ORDERS' | 'INVENTORY' | 'INBOUND_SHIPMENTS' | 'RETURNS';

export const WRITE_ACTIONS: Record<WmsWriteAction, { fn: WriteFunction; resource: WriteResource; what: string }> = {
  CREATE_ORDER: { fn: 'create_order', resource: 'ORDERS', what: 'create orders' },
  UPDATE_ORDER: { fn: 'update_order', resource: 'ORDERS', what: 'update orders' },
  CANCEL_ORDER: { fn: 'cancel_order', resource: 'ORDERS', what: 'cancel orders' },
  SHIP_ORDER: { fn: 'create_shipment', resource: 'ORDERS', what: 'record shipments' },
  ADJUST_INVENTORY: { fn: 'adjust_inventory', resource: 'INVENTORY', what: 'adjust inventory' },
  CREATE_INBOUND_SHIPMENT: { fn: 'create_inbound_shipment', resource: 'INBOUND_SHIPMENTS', what: 'create inbound shipments' },
  CREATE_RETURN: { fn: 'create_return', resource: 'RETURNS', what: 'create returns' },
};

type WritableIntegration = {
  id: string;
  status: string;
  accessToken: string | null;
  integrationName: string | null;
  availableActions: string[];
  lastError: string | null;
};

/**
 * What the writes of one call share: the caller, and per brand the connection and the reference
 * lookups (a bulk call of 500 rows reads its brand's connection once).
 */
export class WriteSession {
  private readonly integrations = new Map<string, Promise<WritableIntegration | null>>();
  private readonly refs = new Map<string, BrandReferences>();

  constructor(readonly viewer: Viewer) {}

  integration(brandId: string): Promise<WritableIntegration | null> {
    let found = this.integrations.get(brandId);
    if (!found) {
      found = db.brandIntegration.findUnique({
        where: { brandId },
        select: { id: true, status: true, accessToken: true, integrationName: true, availableActions: true, lastError: true },
      });
      this.integrations.set(brandId, found);
    }
    return found;
  }

  references(brandId: string): BrandReferences {
    let refs = this.refs.get(brandId);
    if (!refs) this.refs.set(brandId, (refs = new BrandReferences(brandId)));
    return refs;
  }
}

type UpstreamRequest = { method: 'POST' | 'PUT'; path: string; body?: Record<string, unknown> };
type Prepared = { ok: true; request: UpstreamRequest; summary: Record<string, unknown> } | { ok: false; errors: WmsWriteError[] };

type WriteJob = {
  session: WriteSession;
  brandId: string;
  action: WmsWriteAction;
  key: string;
  /** What the log keeps of a refused input. */
  input: unknown;
  prepare: () => Promise<Prepared>;
};

export const newIdempotencyKey = () => `packr_${randomUUID()}`;

const invalid = (errors: InputError[]): Prepared => ({ ok: false, errors: errors.map((e) => ({ ...e, code: 'INVALID' as const })) });

/** Collects the "no such record" problems of one input while its references are looked up. */
class Lookups {
  readonly errors: WmsWriteError[] = [];

  async need(field: string[], found: Promise<Found>): Promise<string> {
    const f = await found;
    if ('externalId' in f) return f.externalId;
    this.errors.push({ field, message: f.missing, code: 'NOT_FOUND' });
    return '';
  }

  async maybe(field: string[], id: string | undefined, find: (id: string) => Promise<Found>): Promise<string | undefined> {
    return id === undefined ? undefined : this.need(field, find(id));
  }
}

// ---- the one write path ------------------------------------------------------------------------

/** The audit trail names a write by its mutation ("adjustInventory"), with the caller and the key. */
function auditStamp(viewer: Viewer, action: WmsWriteAction, key: string): AuditStamp {
  const event = action.toLowerCase().replace(/_([a-z])/g, (_, c: string) => c.toUpperCase());
  return { source: 'USER', event, actor: viewer, idempotencyKey: key };
}

const AUDIT_RECORD_TYPES = { ORDERS: 'ORDER', INVENTORY: 'INVENTORY_ITEM', INBOUND_SHIPMENTS: 'INBOUND_SHIPMENT', RETURNS: 'RETURN' } as const;

async function runWrite(job: WriteJob): Promise<WriteResult> {
  const { session, brandId, action, key } = job;
  const viewer = session.viewer;
  const { fn, resource, what } = WRITE_ACTIONS[action];
  const startedAt = new Date();
  const entry = {
    threePLId: viewer.threePLId, brandId, userId: viewer.userId, apiKeyId: viewer.apiKeyId, action, idempotencyKey: key,
    replayed: false, upstreamRecordId: null, upstreamStatus: null, upstreamRequestId: null, startedAt,
  };
  const refuse = async (errors: WmsWriteError[], request: unknown, requestHash: string | null = null): Promise<WriteResult> => {
    await appendWriteLog({ ...entry, requestHash, request, outcome: 'REFUSED', error: errors.map((e) => e.message).join('; ') });
    return { idempotencyKey: key, replayed: false, recordId: null, errors };
  };

  const integration = await session.integration(brandId);
  if (!integration || integration.status !== 'ACTIVE' || !integration.accessToken) {
    const message = integration?.status === 'ERROR'
      ? `The brand's Trackstar connection needs attention: ${integration.lastError ?? 'reconnect the brand'}`
      : 'This brand is not connected to Trackstar';
    return refuse([{ field: null, message, code: 'NOT_CONNECTED' }], { input: job.input });
  }
  const wms = integration.integrationName ?? 'this WMS';
  if (!integration.availableActions.includes(fn)) {
    const message = `The brand's WMS (${wms}) does not offer ${fn} through Trackstar, so Packr cannot ${what} for this brand`;
    return refuse([{ field: null, message, code: 'ACTION_NOT_AVAILABLE' }], { input: job.input });
  }

  const prepared = await job.prepare();
  if (!prepared.ok) return refuse(prepared.errors, { input: job.input });
  const { request, summary } = prepared;
  const requestHash = createHash('sha256').update(`${request.method} ${request.path} ${JSON.stringify(request.body ?? null)}`).digest('hex');

  const prior = await findLoggedSuccess(brandId, key);
  if (prior) {
    if (prior.action !== action || prior.requestHash !== requestHash) {
      const message = 'This idempotency key was already used for a different write; give each write its own key';
      return refuse([{ field: ['idempotencyKey'], message, code: 'IDEMPOTENCY_KEY_REUSED' }], summary, requestHash);
    }
    await appendWriteLog({ ...entry, requestHash, request: summary, outcome: 'SUCCEEDED', replayed: true, upstreamRecordId: prior.upstreamRecordId, error: null });
    const recordId = prior.upstreamRecordId ? await localRecordId(resource, brandId, prior.upstreamRecordId) : null;
    return { idempotencyKey: key, replayed: true, recordId, errors: [] };
  }

  let answer;
  try {
    answer = await trackstar().write(request.method, request.path, { accessToken: tokenBox().open(integration.accessToken), json: request.body, idempotencyKey: key });
  } catch (error) {
    if (error instanceof TrackstarNotConfiguredError) throw new ServiceError('NOT_CONFIGURED', 'Trackstar is not configured');
    if (!(error instanceof TrackstarError)) throw error;
    const { outcome, errors } = upstreamFailure(error, wms);
    log.warn('wms write failed upstream', { action, brandId, status: error.status, requestId: error.requestId, error: error.message });
    await appendWriteLog({
      ...entry, requestHash, request: summary, outcome, upstreamStatus: error.status, upstreamRequestId: error.requestId,
      error: errors.map((e) => e.message).join('; '),
    });
    return { idempotencyKey: key, replayed: false, recordId: null, errors };
  }

  const record = recordOf(answer.body);
  const done = { ...entry, requestHash, request: summary, outcome: 'SUCCEEDED' as const, replayed: answer.replayed, upstreamRecordId: record?.id ?? null, upstreamRequestId: answer.requestId };
  if (!record) {
    // Carried out, but the answer is not a record Packr understands: the webhook or the next sync brings it.
    log.warn('wms write answered without a readable record', { action, brandId, requestId: answer.requestId });
    await appendWriteLog({ ...done, error: 'Trackstar answered without a readable record' });
    return { idempotencyKey: key, replayed: answer.replayed, recordId: null, errors: [] };
  }
  const audit = auditStamp(viewer, action, key);
  try {
    const applied = await runWriteTransaction(async (tx) => {
      // The record's audit entry (its mapped fields before and after) carries the user, key and action.
      const result = await applyRecordsIn(tx, { brandId, integrationId: integration.id, resource, records: [record], source: 'MANUAL', sameSecond: 'keep-and-report', audit });
      if (result.applied === 0) {
        // Nothing changed here (its webhook came first, or the answer equals the stored copy): the
        // user's action is still in the trail, without field changes.
        await recordUserAction({
          actor: viewer, brandId, action: audit.event, recordType: AUDIT_RECORD_TYPES[resource], recordId: await localRecordId(resource, brandId, record.id),
          externalId: record.id, idempotencyKey: key, detail: summary,
        }, tx);
      }
      await appendWriteLog({ ...done, error: result.invalid.length > 0 ? `answer failed validation: ${result.invalid[0].error}`.slice(0, 500) : null }, tx);
      return { value: result, notices: result.notices };
    });
    await settleTie(applied, integration.id, brandId, resource, record.id, audit);
  } catch (error) {
    // Trackstar has done it; only Packr's copy is missing. Logged as FAILED, not SUCCEEDED, so a
    // retry under the key goes to Trackstar again, gets the write replayed, and stores its answer.
    log.error('wms write done upstream but not stored locally', { action, brandId, error });
    await appendWriteLog({ ...done, outcome: 'FAILED', error: 'done upstream; the local copy could not be stored' }).catch(() => {});
    const message = 'Trackstar carried out the write, but Packr could not store its answer just now; retrying with the same idempotency key is safe and acts once';
    return { idempotencyKey: key, replayed: answer.replayed, recordId: null, errors: [{ field: null, message, code: 'UNAVAILABLE' }] };
  }
  return { idempotencyKey: key, replayed: answer.replayed, recordId: await localRecordId(resource, brandId, record.id), errors: [] };
}

function recordOf(body: unknown): { id: string } | null {
  const data = typeof body === 'object' && body !== null ? (body as { data?: unknown }).data : null;
  return typeof data === 'object' && data !== null && typeof (data as { id?: unknown }).id === 'string' ? (data as { id: string }) : null;
}

/**
 * The answer carries the same updated_date (one-second precision) as the stored copy but other
 * content: another change of the record in the same second (a concurrent write, an event) that
 * may be older or newer. As for webhooks (webhooks/same-second.ts), the record is read again and
 * Trackstar's current copy is applied, never whichever arrived last.
 */
async function settleTie(applied: ApplyResult, integrationId: string, brandId: string, resource: WriteResource, id: string, audit: AuditStamp): Promise<void> {
  if (!applied.tied.includes(id)) return;
  try {
    const reader = await RecordReader.of(integrationId);
    const current = reader ? (await reader.read(resource, [id])).get(id) : undefined;
    if (current !== undefined) await applyRecords({ brandId, integrationId, resource, records: [current], source: 'MANUAL', sameSecond: 'overwrite', audit });
  } catch (error) {
    log.warn('could not re-read a record after a same-second write; its webhook settles it', { brandId, resource, id, error: (error as Error).message });
  }
}

async function localRecordId(resource: WriteResource, brandId: string, externalId: string): Promise<string | null> {
  const args = { where: { brandId_externalId: { brandId, externalId } }, select: { id: true } } as const;
  switch (resource) {
    case 'ORDERS': return (await db.order.findUnique(args))?.id ?? null;
    case 'INVENTORY': return (await db.inventoryItem.findUnique(args))?.id ?? null;
    case 'INBOUND_SHIPMENTS': return (await db.inboundShipment.findUnique(args))?.id ?? null;
    case 'RETURNS': return (await db.return.findUnique(args))?.id ?? null;
  }
}

/** Control characters out and a sane length: an upstream message is shown to people as it is otherwise. */
function clean(message: string | null | undefined): string {
  const text = (message ?? '').replace(/[\u0000-\u001f\u007f]+/g, ' ').trim();
  return text.length > 500 ? `${text.slice(0, 497)}...` : text;
}

/** A Trackstar failure as the caller sees it, and how the log records it. */
function upstreamFailure(error: TrackstarError, wms: string): { outcome: WmsWriteOutcome; errors: WmsWriteError[] } {
  const said = clean(error.upstream?.error) || 'no reason given';
  const by = error.upstream?.origin === 'integration' ? `The WMS (${wms})` : 'Trackstar';
  const status = error.status;
  if (status === null || status >= 500 && status !== 501 || status === 429 || status === 409) {
    const why = status === null ? 'no answer' : status === 409 ? 'another attempt with this key is still in progress' : status === 429 ? 'rate limited' : `error ${status}`;
    const message = `Trackstar did not complete the write (${why}) after retrying; it may or may not have been carried out. Retrying with the same idempotency key is safe and acts at most once`;
    return { outcome: 'FAILED', errors: [{ field: null, message, code: 'UNAVAILABLE' }] };
  }
  if (status === 501 || status === 403) {
    return { outcome: 'REJECTED', errors: [{ field: null, message: `${by} refused: ${said}`, code: 'ACTION_NOT_AVAILABLE' }] };
  }
  if (status === 400 && /idempotency/i.test(said)) {
    return { outcome: 'REJECTED', errors: [{ field: ['idempotencyKey'], message: `Trackstar refused the key: ${said}`, code: 'IDEMPOTENCY_KEY_REUSED' }] };
  }
  const fields = Object.entries(error.upstream?.detail?.json ?? {}).flatMap(([path, messages]) =>
    messages.map((m) => ({ field: inputFieldOf(path), message: clean(m), code: 'REJECTED' as const })));
  const summary = { field: null, message: `${by} refused the write: ${said}`, code: 'REJECTED' as const };
  return { outcome: 'REJECTED', errors: fields.length > 0 ? [summary, ...fields] : [summary] };
}

// ---- targets: the record a write acts on, visible to the caller or NOT_FOUND -----------------

type Target = { id: string; brandId: string; externalId: string };

function targetId(value: string, typename: string): string {
  const id = uuidOf(value, typename);
  if (!id) throw new ServiceError('BAD_USER_INPUT', `Invalid ${typename} id`);
  return id;
}

/** `brandId`: the target must also be of this brand (REST routes under /api/brands/{brandId}). */
async function visibleOrder(viewer: Viewer, orderId: string, brandId?: string): Promise<Target> {
  const where = { id: targetId(orderId, 'Order'), brand: visibleBrands(viewer), ...(brandId ? { brandId } : {}) };
  const order = await db.order.findFirst({ where, select: { id: true, brandId: true, externalId: true } });
  if (!order) throw new ServiceError('NOT_FOUND', 'Order not found');
  return order;
}

async function visibleInventoryItem(viewer: Viewer, itemId: string, brandId?: string): Promise<Target> {
  const where = { id: targetId(itemId, 'InventoryItem'), brand: visibleBrands(viewer), ...(brandId ? { brandId } : {}) };
  const item = await db.inventoryItem.findFirst({ where, select: { id: true, brandId: true, externalId: true } });
  if (!item) throw new ServiceError('NOT_FOUND', 'Inventory item not found');
  return item;
}

/** The caller's key when it is usable, else a new one (a bad key is reported by the input check). */
const keyFor = (input: unknown) => rawIdempotencyKey(input) ?? newIdempotencyKey();

const orderPath = (externalId: string) => `wms/orders/${encodeURIComponent(externalId)}`;

// ---- the writes ----------------------------------------------------------------------------------

/**
 * `session`: shared by the rows of a bulk call. `brandId`: the record written to must be of this
 * brand too, else it is NOT_FOUND (REST routes under /api/brands/{brandId}).
 */
export type WriteOptions = { session?: WriteSession; brandId?: string };

/** `brandId`: a brand the caller may read (the resolver or route checked it). */
export async function createOrder(viewer: Viewer, brandId: string, input: unknown, { session = new WriteSession(viewer) }: WriteOptions = {}): Promise<WriteResult> {
  return runWrite({
    session, brandId, action: 'CREATE_ORDER', key: keyFor(input), input,
    prepare: async () => {
      const parsed = parseInput(CreateOrderInput, input);
      if (!parsed.ok) return invalid(parsed.errors);
      const i = parsed.value;
      const refs = session.references(brandId);
      const found = new Lookups();
      const productIds = await Promise.all(i.lineItems.map((l, n) => (l.productId !== undefined
        ? found.need(['lineItems', String(n), 'productId'], refs.product(l.productId))
        : found.need(['lineItems', String(n), 'sku'], refs.productBySku(l.sku!)))));
      const shippingMethodId = await found.maybe(['shippingMethodId'], i.shippingMethodId, (id) => refs.shippingMethod(id));
      if (found.errors.length > 0) return { ok: false, errors: found.errors };
      const body = createOrderBody(i, { productIds, shippingMethodId });
      return { ok: true, request: { method: 'POST', path: 'wms/orders', body }, summary: { body } };
    },
  });
}

export async function updateOrder(viewer: Viewer, orderId: string, input: unknown, { session = new WriteSession(viewer), brandId }: WriteOptions = {}): Promise<WriteResult> {
  const order = await visibleOrder(viewer, orderId, brandId);
  return runWrite({
    session, brandId: order.brandId, action: 'UPDATE_ORDER', key: keyFor(input), input,
    prepare: async () => {
      const parsed = parseInput(UpdateOrderInput, input);
      if (!parsed.ok) return invalid(parsed.errors);
      const i = parsed.value;
      const refs = session.references(order.brandId);
      const found = new Lookups();
      const productIds = i.lineItems && await Promise.all(i.lineItems.map((l, n) => (l.productId !== undefined
        ? found.need(['lineItems', String(n), 'productId'], refs.product(l.productId))
        : found.need(['lineItems', String(n), 'sku'], refs.productBySku(l.sku!)))));
      const shippingMethodId = await found.maybe(['shippingMethodId'], i.shippingMethodId, (id) => refs.shippingMethod(id));
      if (found.errors.length > 0) return { ok: false, errors: found.errors };
      const body = updateOrderBody(i, { productIds: productIds ?? undefined, shippingMethodId });
      return { ok: true, request: { method: 'PUT', path: orderPath(order.externalId), body }, summary: { orderId: order.externalId, body } };
    },
  });
}

export async function cancelOrder(viewer: Viewer, orderId: string, idempotencyKey: string | null | undefined, { session = new WriteSession(viewer), brandId }: WriteOptions = {}): Promise<WriteResult> {
  const order = await visibleOrder(viewer, orderId, brandId);
  const given = idempotencyKey ?? undefined;
  const keyOk = given === undefined || IdempotencyKeySchema.safeParse(given).success;
  return runWrite({
    session, brandId: order.brandId, action: 'CANCEL_ORDER', key: keyOk && given !== undefined ? given : newIdempotencyKey(), input: { orderId: order.externalId },
    prepare: async () => {
      if (!keyOk) {
        const problem = IdempotencyKeySchema.safeParse(given).error?.issues[0]?.message ?? 'Invalid idempotency key';
        return invalid([{ field: ['idempotencyKey'], message: problem }]);
      }
      return { ok: true, request: { method: 'PUT', path: `${orderPath(order.externalId)}/cancel` }, summary: { orderId: order.externalId } };
    },
  });
}

export async function shipOrder(viewer: Viewer, orderId: string, input: unknown, { session = new WriteSession(viewer), brandId }: WriteOptions = {}): Promise<WriteResult> {
  const order = await visibleOrder(viewer, orderId, brandId);
  return runWrite({
    session, brandId: order.brandId, action: 'SHIP_ORDER', key: keyFor(input), input,
    prepare: async () => {
      const parsed = parseInput(ShipOrderInput, input);
      if (!parsed.ok) return invalid(parsed.errors);
      const i = parsed.value;
      const refs = session.references(order.brandId);
      const found = new Lookups();
      const warehouseId = await found.need(['warehouseId'], refs.warehouse(i.warehouseId));
      const shippingMethodId = await found.maybe(['shippingMethodId'], i.shippingMethodId, (id) => refs.shippingMethod(id));
      if (found.errors.length > 0) return { ok: false, errors: found.errors };
      const body = shipOrderBody(i, { warehouseId, shippingMethodId });
      return { ok: true, request: { method: 'POST', path: `${orderPath(order.externalId)}/shipments`, body }, summary: { orderId: order.externalId, body } };
    },
  });
}

/**
 * The adjusted item names the brand. An input too broken to name an item is refused with its
 * field errors only when it names no item at all; a well-formed id of an item the caller cannot
 * see is NOT_FOUND.
 */
export async function adjustInventory(viewer: Viewer, input: unknown, { session = new WriteSession(viewer), brandId }: WriteOptions = {}): Promise<WriteResult> {
  const itemId = typeof input === 'object' && input !== null ? (input as { inventoryItemId?: unknown }).inventoryItemId : undefined;
  if (typeof itemId !== 'string') {
    const parsed = parseInput(AdjustInventoryInput, input);
    const errors = parsed.ok ? [] : parsed.errors.map((e) => ({ ...e, code: 'INVALID' as const }));
    return { idempotencyKey: keyFor(input), replayed: false, recordId: null, errors };
  }
  const item = await visibleInventoryItem(viewer, itemId, brandId);
  return runWrite({
    session, brandId: item.brandId, action: 'ADJUST_INVENTORY', key: keyFor(input), input,
    prepare: async () => {
      const parsed = parseInput(AdjustInventoryInput, input);
      if (!parsed.ok) return invalid(parsed.errors);
      const i = parsed.value;
      const found = new Lookups();
      const warehouseId = await found.need(['warehouseId'], session.references(item.brandId).warehouse(i.warehouseId));
      if (found.errors.length > 0) return { ok: false, errors: found.errors };
      const body = adjustInventoryBody(i, { warehouseId });
      return {
        ok: true,
        request: { method: 'PUT', path: `wms/inventory/${encodeURIComponent(item.externalId)}/adjust`, body },
        summary: { inventoryItemId: item.externalId, body, ...(i.reason ? { reason: i.reason } : {}) },
      };
    },
  });
}

export async function createInboundShipment(viewer: Viewer, brandId: string, input: unknown, { session = new WriteSession(viewer) }: WriteOptions = {}): Promise<WriteResult> {
  return runWrite({
    session, brandId, action: 'CREATE_INBOUND_SHIPMENT', key: keyFor(input), input,
    prepare: async () => {
      const parsed = parseInput(CreateInboundShipmentInput, input);
      if (!parsed.ok) return invalid(parsed.errors);
      const found = new Lookups();
      const warehouseId = await found.need(['warehouseId'], session.references(brandId).warehouse(parsed.value.warehouseId));
      if (found.errors.length > 0) return { ok: false, errors: found.errors };
      const body = createInboundShipmentBody(parsed.value, { warehouseId });
      return { ok: true, request: { method: 'POST', path: 'wms/inbound-shipments', body }, summary: { body } };
    },
  });
}

export async function createReturn(viewer: Viewer, brandId: string, input: unknown, { session = new WriteSession(viewer) }: WriteOptions = {}): Promise<WriteResult> {
  return runWrite({
    session, brandId, action: 'CREATE_RETURN', key: keyFor(input), input,
    prepare: async () => {
      const parsed = parseInput(CreateReturnInput, input);
      if (!parsed.ok) return invalid(parsed.errors);
      const i = parsed.value;
      const refs = session.references(brandId);
      const found = new Lookups();
      const orderId = await found.maybe(['orderId'], i.orderId, (id) => refs.order(id));
      const warehouseId = await found.maybe(['warehouseId'], i.warehouseId, (id) => refs.warehouse(id));
      if (found.errors.length > 0) return { ok: false, errors: found.errors };
      const body = createReturnBody(i, { orderId, warehouseId });
      return { ok: true, request: { method: 'POST', path: 'wms/returns', body }, summary: { body } };
    },
  });
}

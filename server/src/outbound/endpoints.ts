// Webhook endpoints of a 3PL: registration (URL, event types, brands), changes, enabling and
// disabling, secret rotation, deletion, and the delivery log's replays and test event. Callers
// check the role (OWNER or ADMIN); every function here scopes by the caller's 3PL, so another
// tenant's endpoint or delivery reads as not found. Each action leaves a USER audit entry.
import type { Viewer } from '../auth/viewer.js';
import { recordUserAction } from '../audit/user-actions.js';
import { db } from '../db.js';
import type { WebhookEndpoint } from '../generated/prisma/client.js';
import { NOW, pool } from '../pg.js';
import { ServiceError } from '../services/errors.js';
import { resolveEndpointDisabled } from './endpoint-alerts.js';
import { newEndpointSecret, sealSecret } from './endpoint-secrets.js';
import { SUBSCRIBABLE_EVENT_TYPES, TEST_EVENT_TYPE } from './event-types.js';
import { urlProblem } from './url-policy.js';

export const DESCRIPTION_MAX = 500;
export const MAX_ENDPOINTS_PER_3PL = 50;
const MAX_LIST = 100;

/** A refusal naming the input field it is about (extensions.fields), so a form can show it there. */
const badInput = (message: string, field?: 'url' | 'description' | 'eventTypes' | 'brandIds') =>
  new ServiceError('BAD_USER_INPUT', message, field ? [{ field, message }] : undefined);

export type EndpointInput = { url: string; description?: string | null; eventTypes?: readonly string[] | null; brandIds?: readonly string[] | null };
export type EndpointPatch = Partial<EndpointInput> & { enabled?: boolean | null };

function validUrl(raw: string): string {
  const url = raw.trim();
  const problem = urlProblem(url);
  if (problem) throw badInput(problem, 'url');
  return url;
}

function validDescription(raw: string | null | undefined): string {
  const text = (raw ?? '').trim();
  if (text.length > DESCRIPTION_MAX) throw badInput(`Description must be at most ${DESCRIPTION_MAX} characters`, 'description');
  return text;
}

/** Known, subscribable types, deduplicated; empty means every type. */
function validEventTypes(types: readonly string[] | null | undefined): string[] {
  const list = [...new Set(types ?? [])];
  if (list.length > MAX_LIST) throw badInput(`At most ${MAX_LIST} event types`, 'eventTypes');
  for (const type of list) if (!SUBSCRIBABLE_EVENT_TYPES.has(type)) throw badInput(`Unknown event type "${type.slice(0, 60)}" (outboundEventTypes lists them)`, 'eventTypes');
  return list.sort();
}

/** Brands of the caller's 3PL (UUIDs); a brand of another 3PL is refused like an unknown one. */
async function validBrandIds(threePLId: string, ids: readonly string[] | null | undefined): Promise<string[]> {
  const list = [...new Set(ids ?? [])];
  if (list.length > MAX_LIST) throw badInput(`At most ${MAX_LIST} brands`, 'brandIds');
  if (list.length === 0) return [];
  const found = await db.brand.count({ where: { id: { in: list }, threePLId } });
  if (found !== list.length) throw badInput('Unknown brand in brandIds', 'brandIds');
  return list.sort();
}

async function endpointOf(viewer: Viewer, id: string): Promise<WebhookEndpoint> {
  const endpoint = await db.webhookEndpoint.findFirst({ where: { id, threePLId: viewer.threePLId } });
  if (!endpoint) throw new ServiceError('NOT_FOUND', 'Webhook endpoint not found');
  return endpoint;
}

const audit = (viewer: Viewer, action: string, endpointId: string, changes?: Record<string, [unknown, unknown]> | null, detail?: Record<string, unknown> | null) =>
  recordUserAction({ actor: viewer, brandId: null, threePLId: viewer.threePLId, action, recordType: 'WEBHOOK_ENDPOINT', recordId: endpointId, changes, detail });

/** The plain fields of an endpoint as its audit entries show them (never the secret). */
const auditedFields = (e: Pick<WebhookEndpoint, 'url' | 'description' | 'eventTypes' | 'brandIds' | 'enabled'>) => ({
  url: e.url, description: e.description, eventTypes: e.eventTypes, brandIds: e.brandIds, enabled: e.enabled,
});

function diff(before: Record<string, unknown>, after: Record<string, unknown>): Record<string, [unknown, unknown]> {
  const changes: Record<string, [unknown, unknown]> = {};
  for (const key of Object.keys(after)) if (JSON.stringify(before[key]) !== JSON.stringify(after[key])) changes[key] = [before[key] ?? null, after[key]];
  return changes;
}

/** Registers an endpoint; returns it with its secret, which is never shown again. */
export async function createEndpoint(viewer: Viewer, input: EndpointInput): Promise<{ endpoint: WebhookEndpoint; secret: string }> {
  const url = validUrl(input.url);
  const description = validDescription(input.description);
  const eventTypes = validEventTypes(input.eventTypes);
  const brandIds = await validBrandIds(viewer.threePLId, input.brandIds);
  if ((await db.webhookEndpoint.count({ where: { threePLId: viewer.threePLId } })) >= MAX_ENDPOINTS_PER_3PL) {
    throw badInput(`A 3PL has at most ${MAX_ENDPOINTS_PER_3PL} webhook endpoints`);
  }
  const secret = newEndpointSecret();
  const endpoint = await db.webhookEndpoint.create({
    data: { threePLId: viewer.threePLId, url, description, eventTypes, brandIds, secretCiphertext: sealSecret(secret), createdById: viewer.userId },
  });
  await audit(viewer, 'createWebhookEndpoint', endpoint.id, diff({}, auditedFields(endpoint)));
  return { endpoint, secret };
}

/**
 * Changes what was given. Disabling pauses its deliveries (they stay PENDING); enabling resumes
 * them at once, clears the failure streak and resolves the ENDPOINT_DISABLED alert.
 */
export async function updateEndpoint(viewer: Viewer, id: string, patch: EndpointPatch): Promise<WebhookEndpoint> {
  const before = await endpointOf(viewer, id);
  const data: Partial<WebhookEndpoint> = {};
  if (patch.url != null) data.url = validUrl(patch.url);
  if (patch.description != null) data.description = validDescription(patch.description);
  if (patch.eventTypes != null) data.eventTypes = validEventTypes(patch.eventTypes);
  if (patch.brandIds != null) data.brandIds = await validBrandIds(viewer.threePLId, patch.brandIds);
  const enabling = patch.enabled === true && !before.enabled;
  const disabling = patch.enabled === false && before.enabled;
  if (enabling) Object.assign(data, { enabled: true, disabledAt: null, disabledReason: null, failingSince: null });
  if (disabling) Object.assign(data, { enabled: false, disabledAt: new Date(), disabledReason: 'Disabled by a user' });

  const endpoint = await db.webhookEndpoint.update({ where: { id: before.id }, data });
  if (enabling) {
    // Deliveries paused while it was off (and due retries) go out now rather than at their old times.
    await pool.query({
      name: 'outbound-resume-endpoint',
      text: `UPDATE outbound_delivery SET "nextAttemptAt" = ${NOW} WHERE "endpointId" = $1 AND status = 'PENDING' AND ("nextAttemptAt" IS NULL OR "nextAttemptAt" > ${NOW})`,
      values: [endpoint.id],
    });
    await resolveEndpointDisabled(endpoint);
  }
  const changes = diff(auditedFields(before), auditedFields(endpoint));
  if (Object.keys(changes).length > 0) await audit(viewer, 'updateWebhookEndpoint', endpoint.id, changes);
  return endpoint;
}

/** Deletes the endpoint with its deliveries and their tries. */
export async function deleteEndpoint(viewer: Viewer, id: string): Promise<void> {
  const endpoint = await endpointOf(viewer, id);
  await db.webhookEndpoint.delete({ where: { id: endpoint.id } });
  // A disabled endpoint that no longer exists needs no one's attention.
  if (!endpoint.enabled) await resolveEndpointDisabled(endpoint);
  await audit(viewer, 'deleteWebhookEndpoint', endpoint.id, diff(auditedFields(endpoint), { url: null, description: null, eventTypes: null, brandIds: null, enabled: null }));
}

/** A new secret, effective for the next try of every delivery; returned once. */
export async function rotateEndpointSecret(viewer: Viewer, id: string): Promise<{ endpoint: WebhookEndpoint; secret: string }> {
  const before = await endpointOf(viewer, id);
  const secret = newEndpointSecret();
  const endpoint = await db.webhookEndpoint.update({ where: { id: before.id }, data: { secretCiphertext: sealSecret(secret) } });
  await audit(viewer, 'rotateWebhookEndpointSecret', endpoint.id, null, { rotated: true });
  return { endpoint, secret };
}

/**
 * Stores an endpoint.test event and its one delivery to this endpoint, due now (the dispatcher
 * is woken at COMMIT). Like every delivery of a disabled endpoint, it waits (PENDING) until the
 * endpoint is enabled again.
 */
export async function sendTestEvent(viewer: Viewer, id: string): Promise<string> {
  const endpoint = await endpointOf(viewer, id);
  const tx = await pool.connect();
  try {
    await tx.query('BEGIN');
    const { rows } = await tx.query<{ id: string }>({
      name: 'outbound-test-event',
      text: `WITH ev AS (
               INSERT INTO outbound_event ("threePLId", "brandId", type, payload, "fannedOutAt")
               VALUES ($1, NULL, $2, jsonb_build_object('type', $2::text, 'timestamp', to_char(timezone('UTC', clock_timestamp()), 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'),
                       'data', jsonb_build_object('endpointId', $3::uuid, 'message', 'A test event from Packr')), ${NOW})
               RETURNING id)
             INSERT INTO outbound_delivery ("threePLId", "endpointId", "eventId", "nextAttemptAt")
             SELECT $1, $3, ev.id, ${NOW} FROM ev RETURNING id`,
      values: [viewer.threePLId, TEST_EVENT_TYPE, endpoint.id],
    });
    await tx.query(`SELECT pg_notify('packr_outbound', '')`);
    await tx.query('COMMIT');
    await audit(viewer, 'sendTestWebhookEvent', endpoint.id, null, { deliveryId: rows[0].id });
    return rows[0].id;
  } catch (error) {
    await tx.query('ROLLBACK').catch(() => {});
    throw error;
  } finally {
    tx.release();
  }
}

/**
 * Sends a delivery again, now: back to PENDING (whatever it was), one more try. If that try
 * fails too it goes back to FAILED (a replay is one try, not a new retry schedule).
 */
export async function replayDelivery(viewer: Viewer, deliveryId: string): Promise<void> {
  const { rows } = await pool.query<{ endpointId: string }>({
    name: 'outbound-replay-delivery',
    text: `UPDATE outbound_delivery SET status = 'PENDING', "nextAttemptAt" = ${NOW}, "leaseUntil" = NULL
            WHERE id = $1 AND "threePLId" = $2 RETURNING "endpointId"`,
    values: [deliveryId, viewer.threePLId],
  });
  if (rows.length === 0) throw new ServiceError('NOT_FOUND', 'Delivery not found');
  await pool.query(`SELECT pg_notify('packr_outbound', '')`);
  await audit(viewer, 'replayOutboundDelivery', rows[0].endpointId, null, { deliveryId });
}

/** Replays every FAILED delivery of the endpoint created at or after `since`; returns how many. */
export async function replayFailedDeliveries(viewer: Viewer, endpointId: string, since: Date): Promise<number> {
  const endpoint = await endpointOf(viewer, endpointId);
  const { rowCount } = await pool.query({
    name: 'outbound-replay-failed',
    text: `UPDATE outbound_delivery SET status = 'PENDING', "nextAttemptAt" = ${NOW}, "leaseUntil" = NULL
            WHERE "endpointId" = $1 AND status = 'FAILED' AND "createdAt" >= $2`,
    values: [endpoint.id, since],
  });
  const count = rowCount ?? 0;
  if (count > 0) await pool.query(`SELECT pg_notify('packr_outbound', '')`);
  await audit(viewer, 'replayFailedDeliveries', endpoint.id, null, { since: since.toISOString(), count });
  return count;
}

// POST /api/webhooks/trackstar: verify the raw body (Svix) -> store -> enqueue -> acknowledge.
// No business logic runs here (STYLE.md R6); the worker applies events. Every refusal answers
// { error: { code, message } } and is recorded for audit. Served on the raw Node request, ahead of
// Yoga (node-route.ts): Svix delivers in bursts, and every bit of per-request work shows in the
// acknowledgement's tail.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { env } from '../../env.js';
import { logger } from '../../lib/logger.js';
import { acceptDelivery } from '../../webhooks/inbox-batch.js';
import { jobIdFor } from '../../webhooks/queue.js';
import { recordRejected } from '../../webhooks/store.js';
import { pathOf, sendJson, type NodeRoute } from '../node-route.js';
import { pickRequestId } from '../request-id.js';
import { BodyTooLargeError, readBodyWithLimit } from './read-body.js';
import { createVerifiers, parseSecrets, verifyDelivery, type HeaderLookup } from './verify.js';

export const WEBHOOK_PATH = '/api/webhooks/trackstar';
export const MAX_WEBHOOK_BYTES = 1024 * 1024;

export type TrackstarWebhookOptions = {
  /** Defaults to env.WEBHOOK_TRACKSTAR_SECRET (comma-separated, for rotation). */
  secrets?: string[];
};

type Reply = { status: number; body: unknown; headers?: Record<string, string> };

const refuse = (status: number, code: string, message: string, headers?: Record<string, string>): Reply => ({ status, body: { error: { code, message } }, headers });

type Envelope = { event_type: string; connection_id: string | null };

function parseEnvelope(raw: string): Envelope | string {
  let body: unknown;
  try {
    body = JSON.parse(raw);
  } catch {
    return 'body is not valid JSON';
  }
  if (!body || typeof body !== 'object' || Array.isArray(body)) return 'body must be a JSON object';
  const { event_type, connection_id } = body as Record<string, unknown>;
  if (typeof event_type !== 'string' || event_type.length === 0 || event_type.length > 200) return 'event_type must be a non-empty string';
  if (connection_id != null && typeof connection_id !== 'string') return 'connection_id must be a string';
  return { event_type, connection_id: (connection_id as string | null | undefined) ?? null };
}

/** Node's lower-cased header object seen through the lookup verifyDelivery expects. */
const headerLookup = (req: IncomingMessage): HeaderLookup => ({
  get(name) {
    const value = req.headers[name.toLowerCase()];
    return typeof value === 'string' ? value : Array.isArray(value) ? value.join(', ') : null;
  },
});

export function trackstarWebhookRoute(options: TrackstarWebhookOptions = {}): NodeRoute {
  const secrets = options.secrets ?? parseSecrets(env.WEBHOOK_TRACKSTAR_SECRET);
  let verifiers: ReturnType<typeof createVerifiers> = [];
  try {
    verifiers = createVerifiers(secrets);
  } catch {
    logger.error('WEBHOOK_TRACKSTAR_SECRET is not a valid whsec_ secret; webhooks are refused');
  }
  const log = logger.child({ route: WEBHOOK_PATH });

  async function receive(req: IncomingMessage, headers: HeaderLookup): Promise<Reply> {
    if (req.method !== 'POST') return refuse(405, 'METHOD_NOT_ALLOWED', 'use POST', { allow: 'POST' });
    // Never accept unsigned deliveries: without a secret there is nothing to verify against.
    if (verifiers.length === 0) return refuse(503, 'WEBHOOKS_NOT_CONFIGURED', 'webhook secret is not configured');

    let raw: string;
    try {
      raw = await readBodyWithLimit(req, MAX_WEBHOOK_BYTES);
    } catch (error) {
      // Closing the connection stops a sender from streaming the rest of an oversized body at us.
      if (error instanceof BodyTooLargeError) return refuse(413, 'PAYLOAD_TOO_LARGE', `body must be at most ${MAX_WEBHOOK_BYTES} bytes`, { connection: 'close' });
      return refuse(400, 'BAD_REQUEST', 'could not read the request body');
    }

    const verdict = verifyDelivery(raw, headers, verifiers);
    if (!verdict.ok) {
      await recordRejected({ deliveryId: null, signatureValid: false, status: 'FAILED', reason: `${verdict.code}: ${verdict.message}`, raw });
      log.warn('webhook refused', { code: verdict.code });
      return refuse(verdict.status, verdict.code, verdict.message);
    }

    const envelope = parseEnvelope(raw);
    if (typeof envelope === 'string') {
      await recordRejected({ deliveryId: verdict.headers.id, signatureValid: true, status: 'FAILED', reason: `INVALID_PAYLOAD: ${envelope}`, raw, sentAt: verdict.sentAt });
      return refuse(400, 'INVALID_PAYLOAD', envelope);
    }

    // Stored and enqueued together with concurrent deliveries (one commit, one enqueue call).
    const stored = await acceptDelivery(
      { deliveryId: verdict.headers.id, eventType: envelope.event_type, connectionId: envelope.connection_id, payload: raw, sentAt: verdict.sentAt },
      jobIdFor(verdict.headers.id),
    );
    if (!stored.eventId) return { status: 200, body: { received: true, duplicate: true } };
    // Not queued is fine: the event is safe in PostgreSQL and the sweeper enqueues it later.
    if (stored.queued === false) log.warn('webhook stored but not enqueued; the sweeper will retry', { eventId: stored.eventId });
    return { status: 202, body: { received: true, status: stored.status } };
  }

  function answer(res: ServerResponse, requestId: string, reply: Reply): void {
    if (res.headersSent || res.destroyed) return;
    sendJson(res, reply.status, reply.body, { 'x-request-id': requestId, ...reply.headers });
  }

  return (req, res) => {
    if (pathOf(req.url) !== WEBHOOK_PATH) return false;
    const headers = headerLookup(req);
    const requestId = pickRequestId(headers.get('x-request-id'));
    receive(req, headers).then(
      (reply) => answer(res, requestId, reply),
      (error: unknown) => {
        // PostgreSQL unreachable (or similar): 503 makes Svix retry later; nothing was acknowledged.
        log.error('webhook could not be stored', { error, requestId });
        answer(res, requestId, refuse(503, 'UNAVAILABLE', 'webhook could not be stored; retry later'));
      },
    );
    return true;
  };
}

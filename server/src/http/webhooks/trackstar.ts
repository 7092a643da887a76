// POST /api/webhooks/trackstar: verify the raw body (Svix) -> store -> enqueue -> acknowledge.
// No business logic runs here (STYLE.md R6); the worker applies events. Every refusal answers
// { error: { code, message } } and is counted in metrics. Served on the raw Node request, ahead of
// Yoga (node-route.ts): Svix delivers in bursts, and every bit of per-request work shows in the
// acknowledgement's tail.
//
// Refusals of unauthenticated deliveries (too large, bad or missing signature) are limited per
// source address (WEBHOOK_REFUSALS_PER_MINUTE, then 429 with retry-after), and only a sample of
// them is stored for audit: a few per address per minute, and the newest WEBHOOK_REFUSED_ROWS_KEPT
// overall. Signatures are still checked for a limited address, so someone else's junk from a
// shared address (a NAT, a proxy) can never turn away a genuine delivery.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { performance } from 'node:perf_hooks';
import { env } from '../../env.js';
import { FailureLimiter } from '../../lib/failure-limiter.js';
import { logger } from '../../lib/logger.js';
import { payloadTooLarge, rateLimited, webhookAckSeconds, webhookRefusals } from '../../lib/metrics.js';
import { acceptDelivery } from '../../webhooks/inbox-batch.js';
import { jobIdFor } from '../../jobs/webhook-queue.js';
import { pruneUnauthenticatedRejections, recordRejected } from '../../webhooks/store.js';
import { clientAddress } from '../client-address.js';
import { respondAndDiscardBody } from '../discard-body.js';
import { pathOf, sendJson, type NodeRoute } from '../node-route.js';
import { pickRequestId } from '../request-id.js';
import { BodyTooLargeError, readBodyWithLimit } from './read-body.js';
import { createVerifiers, parseSecrets, verifyDelivery, type HeaderLookup } from './verify.js';

export const WEBHOOK_PATH = '/api/webhooks/trackstar';
export const MAX_WEBHOOK_BYTES = 1024 * 1024;

export type TrackstarWebhookOptions = {
  /** Defaults to env.WEBHOOK_TRACKSTAR_SECRET (comma-separated, for rotation). */
  secrets?: string[];
  /** Unauthenticated refusals per source address per minute before 429; env.WEBHOOK_REFUSALS_PER_MINUTE. */
  refusalsPerMinute?: number;
  /** Of those, how many are stored per address per minute; env.WEBHOOK_REFUSALS_STORED_PER_MINUTE. */
  refusalsStoredPerMinute?: number;
  /** Unauthenticated refused rows kept in the inbox, newest first; env.WEBHOOK_REFUSED_ROWS_KEPT. */
  refusedRowsKept?: number;
  /** env.TRUSTED_PROXY_HOPS (client-address.ts). */
  trustedProxyHops?: number;
  /** Redis key name of the refusal counts; tests pass their own so their counts stay apart. */
  limiterName?: string;
};

type Reply = {
  status: number;
  body: unknown;
  headers?: Record<string, string>;
  /** The refusal's reason for metrics (the error code, or what a 429 stands in for). */
  reason?: string;
};

const refuse = (status: number, code: string, message: string, headers?: Record<string, string>): Reply => ({ status, body: { error: { code, message } }, headers, reason: code });

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
  const trustedProxyHops = options.trustedProxyHops ?? env.TRUSTED_PROXY_HOPS;
  const storedPerMinute = options.refusalsStoredPerMinute ?? env.WEBHOOK_REFUSALS_STORED_PER_MINUTE;
  const rowsKept = options.refusedRowsKept ?? env.WEBHOOK_REFUSED_ROWS_KEPT;
  const refusals = new FailureLimiter({ name: options.limiterName ?? 'webhook-refusals', perWindow: options.refusalsPerMinute ?? env.WEBHOOK_REFUSALS_PER_MINUTE });

  /**
   * Counts an unauthenticated refusal of the caller's address and decides what happens to it:
   * answered as is (and stored, while the address is within its sample), or 429 once over.
   */
  async function limitRefusal(req: IncomingMessage, reply: Reply, store: (() => Promise<void>) | null): Promise<Reply> {
    const address = clientAddress(req, trustedProxyHops);
    const verdict = address === null ? null : await refusals.recordFailure(address);
    if (verdict?.limited) {
      rateLimited.inc({ limit: 'webhook' });
      // One line when an address crosses the limit, not one per refusal of a flood.
      if (verdict.count === refusals.perWindow + 1) log.warn('webhook refusals over the limit for an address', { address, code: reply.reason });
      const wait = String(verdict.retryAfterSeconds);
      return { ...refuse(429, 'RATE_LIMITED', `too many refused deliveries from this address; retry after ${wait} s`, { 'retry-after': wait }), reason: reply.reason };
    }
    log.warn('webhook refused', { code: reply.reason });
    // count 0: Redis was unreachable and nothing was counted; store nothing rather than everything.
    if (store && verdict && verdict.count > 0 && verdict.count <= storedPerMinute) {
      await store();
      await pruneUnauthenticatedRejections(rowsKept);
    }
    return reply;
  }

  async function receive(req: IncomingMessage, headers: HeaderLookup): Promise<Reply> {
    if (req.method !== 'POST') return refuse(405, 'METHOD_NOT_ALLOWED', 'use POST', { allow: 'POST' });
    // Never accept unsigned deliveries: without a secret there is nothing to verify against.
    if (verifiers.length === 0) return refuse(503, 'WEBHOOKS_NOT_CONFIGURED', 'webhook secret is not configured');

    let raw: string;
    try {
      raw = await readBodyWithLimit(req, MAX_WEBHOOK_BYTES);
    } catch (error) {
      if (error instanceof BodyTooLargeError) {
        payloadTooLarge.inc({ route: 'webhook' });
        return limitRefusal(req, refuse(413, 'PAYLOAD_TOO_LARGE', `body must be at most ${MAX_WEBHOOK_BYTES} bytes`), null);
      }
      return refuse(400, 'BAD_REQUEST', 'could not read the request body');
    }

    const verdict = verifyDelivery(raw, headers, verifiers);
    if (!verdict.ok) {
      const store = () => recordRejected({ deliveryId: null, signatureValid: false, status: 'FAILED', reason: `${verdict.code}: ${verdict.message}`, raw });
      return limitRefusal(req, refuse(verdict.status, verdict.code, verdict.message), store);
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

  function answer(req: IncomingMessage, res: ServerResponse, requestId: string, reply: Reply, startedAt: number): void {
    if (reply.reason) webhookRefusals.inc({ reason: reply.reason });
    const outcome = reply.status === 202 ? 'accepted' : reply.status === 200 ? 'duplicate' : reply.status === 503 ? 'unavailable' : 'refused';
    webhookAckSeconds.observe({ outcome }, (performance.now() - startedAt) / 1000);
    if (res.headersSent || res.destroyed) return;
    // Refusals before the body was read (413, 405, 503) must not reset the connection under the
    // answer; a body read to its end makes this a plain send.
    respondAndDiscardBody(req, res, () => sendJson(res, reply.status, reply.body, { 'x-request-id': requestId, ...reply.headers }));
  }

  return (req, res) => {
    if (pathOf(req.url) !== WEBHOOK_PATH) return false;
    const headers = headerLookup(req);
    const requestId = pickRequestId(headers.get('x-request-id'));
    const startedAt = performance.now();
    receive(req, headers).then(
      (reply) => answer(req, res, requestId, reply, startedAt),
      (error: unknown) => {
        // PostgreSQL unreachable (or similar): 503 makes Svix retry later; nothing was acknowledged.
        log.error('webhook could not be stored', { error, requestId });
        answer(req, res, requestId, refuse(503, 'UNAVAILABLE', 'webhook could not be stored; retry later'), startedAt);
      },
    );
    return true;
  };
}

// POST /api/webhooks/trackstar: verify the raw body (Svix) -> store -> enqueue -> acknowledge.
// No business logic runs here (STYLE.md R6); the worker applies events. Every refusal answers
// { error: { code, message } } and is recorded for audit.
import type { Plugin } from 'graphql-yoga';
import { env } from '../../env.js';
import { logger } from '../../lib/logger.js';
import { acceptDelivery } from '../../webhooks/inbox-batch.js';
import { jobIdFor } from '../../webhooks/queue.js';
import { recordRejected } from '../../webhooks/store.js';
import { BodyTooLargeError, readBodyWithLimit } from './read-body.js';
import { createVerifiers, parseSecrets, verifyDelivery } from './verify.js';

export const WEBHOOK_PATH = '/api/webhooks/trackstar';
export const MAX_WEBHOOK_BYTES = 1024 * 1024;

export type TrackstarWebhookOptions = {
  /** Defaults to env.WEBHOOK_TRACKSTAR_SECRET (comma-separated, for rotation). */
  secrets?: string[];
};

type ResponseCtor = typeof Response;

const json = (R: ResponseCtor, status: number, code: string, message: string) =>
  R.json({ error: { code, message } }, { status, headers: { 'cache-control': 'no-store' } });

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

export function trackstarWebhooks(options: TrackstarWebhookOptions = {}): Plugin {
  const secrets = options.secrets ?? parseSecrets(env.WEBHOOK_TRACKSTAR_SECRET);
  let verifiers: ReturnType<typeof createVerifiers> = [];
  try {
    verifiers = createVerifiers(secrets);
  } catch {
    logger.error('WEBHOOK_TRACKSTAR_SECRET is not a valid whsec_ secret; webhooks are refused');
  }
  const log = logger.child({ route: WEBHOOK_PATH });

  async function handle(request: Request, R: ResponseCtor): Promise<Response> {
    if (request.method !== 'POST') return json(R, 405, 'METHOD_NOT_ALLOWED', 'use POST');
    // Never accept unsigned deliveries: without a secret there is nothing to verify against.
    if (verifiers.length === 0) return json(R, 503, 'WEBHOOKS_NOT_CONFIGURED', 'webhook secret is not configured');

    let raw: string;
    try {
      raw = await readBodyWithLimit(request, MAX_WEBHOOK_BYTES);
    } catch (error) {
      if (error instanceof BodyTooLargeError) return json(R, 413, 'PAYLOAD_TOO_LARGE', `body must be at most ${MAX_WEBHOOK_BYTES} bytes`);
      return json(R, 400, 'BAD_REQUEST', 'could not read the request body');
    }

    const verdict = verifyDelivery(raw, request.headers, verifiers);
    if (!verdict.ok) {
      await recordRejected({ deliveryId: null, signatureValid: false, status: 'FAILED', reason: `${verdict.code}: ${verdict.message}`, raw });
      log.warn('webhook refused', { code: verdict.code });
      return json(R, verdict.status, verdict.code, verdict.message);
    }

    const envelope = parseEnvelope(raw);
    if (typeof envelope === 'string') {
      await recordRejected({ deliveryId: verdict.headers.id, signatureValid: true, status: 'FAILED', reason: `INVALID_PAYLOAD: ${envelope}`, raw, sentAt: verdict.sentAt });
      return json(R, 400, 'INVALID_PAYLOAD', envelope);
    }

    // Stored and enqueued together with concurrent deliveries (one commit, one addBulk).
    const stored = await acceptDelivery(
      { deliveryId: verdict.headers.id, eventType: envelope.event_type, connectionId: envelope.connection_id, payload: raw, sentAt: verdict.sentAt },
      jobIdFor(verdict.headers.id),
    );
    if (!stored.eventId) return R.json({ received: true, duplicate: true }, { status: 200 });
    // Not queued is fine: the event is safe in PostgreSQL and the sweeper enqueues it later.
    if (stored.queued === false) log.warn('webhook stored but not enqueued; the sweeper will retry', { eventId: stored.eventId });
    return R.json({ received: true, status: stored.status }, { status: 202 });
  }

  return {
    async onRequest({ request, url, endResponse, fetchAPI }) {
      const R = fetchAPI.Response as ResponseCtor;
      if (url.pathname !== WEBHOOK_PATH) return;
      try {
        endResponse(await handle(request, R));
      } catch (error) {
        // PostgreSQL unreachable (or similar): 503 makes Svix retry later; nothing was acknowledged.
        log.error('webhook could not be stored', { error });
        endResponse(json(R, 503, 'UNAVAILABLE', 'webhook could not be stored; retry later'));
      }
    },
  };
}

// connection.created of a connection no brand holds yet. Either a Link exchange is about to store
// it (the webhook beat the exchange), or it was installed through a brand's connect link (a
// Trackstar magic link): then it is attached to that link's brand with the access token the
// event carries (services/connect-links.ts). Anything else is IGNORED as an unknown connection.
import { attachLinkedConnection, UNKNOWN_CONNECTION } from '../services/connect-links.js';
import type { ProcessOutcome } from './outcome.js';
import { reprocessIgnoredForConnection } from './reresolve.js';
import { SEALED_TOKEN_KEY } from './connection-token.js';
import { finishConnectionCreated } from './store.js';

type Event = { id: string; connectionId: string; payload: Record<string, unknown> };

const asRecord = (v: unknown): Record<string, unknown> => (v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : {});

function createdAt(data: Record<string, unknown>): Date | null {
  const at = typeof data.created_date === 'string' ? new Date(data.created_date) : null;
  return at && !Number.isNaN(at.getTime()) ? at : null;
}

export async function installFromConnectLink(event: Event): Promise<ProcessOutcome> {
  const data = asRecord(event.payload.data);
  const stated = event.payload.customer_id;
  const outcome = await attachLinkedConnection({
    connectionId: event.connectionId,
    sealedAccessToken: typeof data[SEALED_TOKEN_KEY] === 'string' ? (data[SEALED_TOKEN_KEY] as string) : null,
    createdAt: createdAt(data),
    customerId: typeof stated === 'string' || stated === null ? stated : undefined,
  });
  if ('attached' in outcome) {
    await finishConnectionCreated(event.id, { integration: outcome.attached });
    return 'PROCESSED';
  }
  await finishConnectionCreated(event.id, { ignored: outcome.ignored });
  // A Link exchange may have stored the connection while this ran, and its re-resolve pass (which
  // picks up IGNORED "unknown connection" events) may have come before this event was IGNORED.
  if (outcome.ignored === UNKNOWN_CONNECTION) await reprocessIgnoredForConnection(event.connectionId);
  return 'IGNORED';
}

// Credentials taken away (a key revoked, a member removed or demoted, a brand viewer's brand
// revoked) reach every API process over one Redis channel, so each can close the affected
// WebSockets at once instead of waiting for the next change event to re-check the key.
//
// The services publish after their transaction committed. The publishing process also applies the
// message itself without a Redis round trip, so with Redis down its own sockets still close; other
// processes then catch up when their subscriber connection comes back (a `resync`: every socket is
// re-checked against the database), and until then each subscription re-checks its key on its
// next event anyway (graphql/subscriptions/subscriber-auth.ts).
import type { Redis } from 'ioredis';
import { logger } from '../lib/logger.js';
import { createRedis } from '../redis.js';
import { forgetCachedViewers } from './viewer.js';

export const CREDENTIALS_REVOKED_CHANNEL = 'packr:credentials-revoked';

/**
 * `keys`: these API keys no longer work (revoked, or their user removed): sockets using them close
 * with 4401. `access`: the user keeps working keys but lost access in the 3PL: their sockets that
 * read one of `brandIds` (null: any brand, as after a demotion) close with 4403 so they reconnect
 * with what they may still read.
 */
export type CredentialRevocation =
  | { type: 'keys'; apiKeyIds: string[] }
  | { type: 'access'; threePLId: string; userId: string; brandIds: string[] | null };

/** `resync`: the subscriber connection came back; messages may have been lost in the gap. */
export type RevocationEvent = CredentialRevocation | { type: 'resync' };
type Listener = (event: RevocationEvent) => void;

const listeners = new Set<Listener>();
/** Called before listeners: drops the per-process caches that would let a revoked key pass for a second. */
const cacheResets = new Set<() => void>([forgetCachedViewers]);
let subscriber: Redis | null = null;
let publisher: Redis | null = null;
let everReady = false;

function dispatch(event: RevocationEvent): void {
  for (const reset of cacheResets) reset();
  for (const listener of listeners) {
    try {
      listener(event);
    } catch (error) {
      logger.error('credential revocation listener failed', { error: error instanceof Error ? error.message : String(error) });
    }
  }
}

function parse(message: string): CredentialRevocation | null {
  try {
    const value = JSON.parse(message) as Partial<CredentialRevocation> | null;
    if (value?.type === 'keys' && Array.isArray(value.apiKeyIds)) return { type: 'keys', apiKeyIds: value.apiKeyIds.map(String) };
    if (value?.type === 'access' && typeof value.userId === 'string' && typeof value.threePLId === 'string') {
      return { type: 'access', threePLId: value.threePLId, userId: value.userId, brandIds: Array.isArray(value.brandIds) ? value.brandIds.map(String) : null };
    }
  } catch {
    // fall through
  }
  return null;
}

function connect(): void {
  if (subscriber) return;
  const redis = createRedis('sub');
  redis.on('message', (channel: string, message: string) => {
    if (channel !== CREDENTIALS_REVOKED_CHANNEL) return;
    const event = parse(message);
    if (event) dispatch(event);
    else logger.warn('ignoring a malformed credential revocation');
  });
  redis.on('ready', () => {
    // ioredis re-subscribes on reconnect, but anything published meanwhile is gone.
    if (everReady) dispatch({ type: 'resync' });
    everReady = true;
  });
  void redis.subscribe(CREDENTIALS_REVOKED_CHANNEL).catch((error) => logger.warn('credential revocation subscribe failed; retried on reconnect', { error }));
  subscriber = redis;
}

/** Listens for revocations from every process (this one included). Returns the way to stop. */
export function onCredentialRevocation(listener: Listener): () => void {
  connect();
  listeners.add(listener);
  return () => {
    listeners.delete(listener);
    if (listeners.size === 0) void closeRevocationSubscriber();
  };
}

/** Registers a cache to drop whenever a revocation arrives (a module that must not import this one's importers). */
export function onRevocationResetCache(reset: () => void): void {
  cacheResets.add(reset);
}

/** Resolves once this process receives revocations (tests wait for it before revoking). */
export async function revocationsReady(): Promise<void> {
  connect();
  const redis = subscriber!;
  if (redis.status !== 'ready') await new Promise<void>((resolve) => redis.once('ready', () => resolve()));
  await redis.ping();
}

/**
 * Tells every API process (after the change committed). Never throws: a lost message is covered by
 * the per-event key check and the resync after a reconnect.
 */
export async function publishRevocation(revocation: CredentialRevocation): Promise<void> {
  dispatch(revocation);
  publisher ??= createRedis('producer', { enableOfflineQueue: true, maxRetriesPerRequest: 1 });
  try {
    await publisher.publish(CREDENTIALS_REVOKED_CHANNEL, JSON.stringify(revocation));
  } catch (error) {
    logger.warn('credential revocation not published; other API processes re-check on their next event', { error: error instanceof Error ? error.message : String(error) });
  }
}

async function closeRevocationSubscriber(): Promise<void> {
  const redis = subscriber;
  subscriber = null;
  everReady = false;
  if (redis) await redis.quit().catch(() => redis.disconnect());
}

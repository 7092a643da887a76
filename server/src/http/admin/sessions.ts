// Sessions of the queue board. The dashboard holds an API key, which a browser cannot attach to a
// page navigation, so signing in (POST /admin/session with the key) trades it for a cookie: an
// HMAC-signed session id and the key's id (never the key itself), valid SESSION_TTL_MS. The
// session also lives in Redis, so signing out ends it on the server too (a copied cookie stops
// working) and every API process sees the same sessions. The signing secret is derived from
// PACKR_ENCRYPTION_KEY, which every process of a deployment shares.
import { createHmac, hkdfSync, randomBytes, randomUUID, timingSafeEqual } from 'node:crypto';
import type { Redis } from 'ioredis';
import { decodeKey, env } from '../../env.js';
import { createRedis } from '../../redis.js';

export const SESSION_COOKIE = 'packr_admin_session';
export const SESSION_COOKIE_PATH = '/admin';
/** Short: the board is opened from the dashboard for a task, and each opening signs in again. */
export const SESSION_TTL_MS = 30 * 60_000;

const VERSION = 'v1';
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const redisKey = (sessionId: string) => `packr:admin-session:${sessionId}`;

export type AdminSession = { sessionId: string; apiKeyId: string; expiresAt: number };
/** `forged`: the signature does not verify (counted as a failed attempt); `ended`: expired or signed out. */
export type SessionLookup = { session: AdminSession } | { refused: 'forged' | 'ended' };

/** 32 bytes from PACKR_ENCRYPTION_KEY; without one (nothing can be stored encrypted either), per process. */
export function sessionSecret(): Buffer {
  const key = env.PACKR_ENCRYPTION_KEY ? decodeKey(env.PACKR_ENCRYPTION_KEY) : null;
  return key ? Buffer.from(hkdfSync('sha256', key, Buffer.alloc(0), 'packr admin session v1', 32)) : randomBytes(32);
}

export class AdminSessions {
  private redis: Redis | null = null;

  constructor(
    private readonly secret: Buffer,
    private readonly ttlMs = SESSION_TTL_MS,
    private readonly connect: () => Redis = () => createRedis('cache', { enableOfflineQueue: true, commandTimeout: 1_000 }),
  ) {}

  private connection(): Redis {
    this.redis ??= this.connect();
    return this.redis;
  }

  private sign(payload: string): string {
    return createHmac('sha256', this.secret).update(payload).digest('base64url');
  }

  /** Starts a session for the key; returns the cookie value. */
  async create(apiKeyId: string, now = Date.now()): Promise<{ cookie: string; expiresAt: number }> {
    const sessionId = randomUUID();
    const expiresAt = now + this.ttlMs;
    const payload = `${VERSION}.${sessionId}.${apiKeyId}.${expiresAt}`;
    await this.connection().set(redisKey(sessionId), apiKeyId, 'PX', this.ttlMs);
    return { cookie: `${payload}.${this.sign(payload)}`, expiresAt };
  }

  /** The session a cookie value names, if its signature verifies and it is still open. */
  async lookup(cookie: string, now = Date.now()): Promise<SessionLookup> {
    const parts = cookie.split('.');
    if (parts.length !== 5 || parts[0] !== VERSION) return { refused: 'forged' };
    const [, sessionId, apiKeyId, expires, signature] = parts;
    const expected = Buffer.from(this.sign(parts.slice(0, 4).join('.')));
    const presented = Buffer.from(signature);
    if (presented.length !== expected.length || !timingSafeEqual(presented, expected)) return { refused: 'forged' };
    if (!UUID.test(sessionId) || !UUID.test(apiKeyId)) return { refused: 'forged' };
    const expiresAt = Number(expires);
    if (!(expiresAt > now)) return { refused: 'ended' };
    if ((await this.connection().get(redisKey(sessionId))) !== apiKeyId) return { refused: 'ended' };
    return { session: { sessionId, apiKeyId, expiresAt } };
  }

  async end(sessionId: string): Promise<void> {
    await this.connection().del(redisKey(sessionId));
  }

  async close(): Promise<void> {
    const redis = this.redis;
    this.redis = null;
    if (redis) await redis.quit().catch(() => redis.disconnect());
  }
}

/** The value of one cookie from a Cookie header, or null. */
export function readCookie(header: string | undefined, name: string): string | null {
  if (!header) return null;
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === name) return part.slice(eq + 1).trim();
  }
  return null;
}

/**
 * HttpOnly (no script reads it), SameSite=Strict (no other site's page or form sends it, which
 * is also the board's CSRF defence), Path=/admin (sent to nothing else), Secure over HTTPS.
 */
export function sessionCookie(value: string, maxAgeSeconds: number, secure: boolean): string {
  return [`${SESSION_COOKIE}=${value}`, `Path=${SESSION_COOKIE_PATH}`, `Max-Age=${maxAgeSeconds}`, 'HttpOnly', 'SameSite=Strict', ...(secure ? ['Secure'] : [])].join('; ');
}

export function clearedSessionCookie(secure: boolean): string {
  return sessionCookie('', 0, secure);
}

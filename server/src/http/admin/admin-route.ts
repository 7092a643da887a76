// /admin on the raw Node request: the queue board and its sign-in.
//
//   POST   /admin/session    Authorization: Bearer <API key> -> session cookie (sessions.ts)
//   DELETE /admin/session    signs out (the session ends on the server too)
//   GET    /admin/sign-out   the same for the board's "Sign out" link, then back to the dashboard
//   *      /admin/queues...  the board (queue-board.ts), for a live session only
//
// Every board request re-checks the session's key: still valid, still OWNER or ADMIN, still of a
// tenant that operates the deployment (auth/queue-operators.ts). Refusals are JSON for API
// clients and a short page pointing to the dashboard for browsers. A refused API key and a forged
// session cookie count as failed authentications of the caller's address (auth-failures.ts).
import type { IncomingMessage, ServerResponse } from 'node:http';
import { viewerFromApiKey } from '../../auth/viewer.js';
import { queueOperatorVerdict, type OperatorVerdict } from '../../auth/queue-operators.js';
import { env } from '../../env.js';
import { logger } from '../../lib/logger.js';
import type { AuthFailureGuard } from '../auth-failures.js';
import { respondAndDiscardBody } from '../discard-body.js';
import { pathOf, sendJson, type NodeRoute } from '../node-route.js';
import { BOARD_CSP, BOARD_PATH, createQueueBoard, type QueueBoard } from './queue-board.js';
import { AdminSessions, clearedSessionCookie, readCookie, SESSION_COOKIE, sessionCookie, sessionSecret } from './sessions.js';

export const ADMIN_PREFIX = '/admin';
const SESSION_PATH = '/admin/session';
const SIGN_OUT_PATH = '/admin/sign-out';

export type AdminRouteOptions = {
  authFailures: AuthFailureGuard;
  trustedProxyHops: number;
  /** Tenants allowed to operate the deployment; defaults to ADMIN_QUEUE_TENANTS. A function is read per request. */
  operatorTenants?: readonly string[] | (() => readonly string[]);
  sessions?: AdminSessions;
  board?: QueueBoard;
};

type Refusal = { status: number; code: string; message: string; headers?: Record<string, string> };

class Refused extends Error {
  constructor(readonly refusal: Refusal) {
    super(refusal.message);
  }
}

const refused = (status: number, code: string, message: string, headers?: Record<string, string>) => new Refused({ status, code, message, headers });

/** Over HTTPS (directly, or per a trusted proxy) the cookie is marked Secure. */
function isHttps(req: IncomingMessage, trustedProxyHops: number): boolean {
  if ((req.socket as { encrypted?: boolean }).encrypted) return true;
  if (trustedProxyHops <= 0) return false;
  const proto = String(req.headers['x-forwarded-proto'] ?? '').split(',').pop()?.trim().toLowerCase();
  return proto === 'https';
}

const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

function refusalPage(refusal: Refusal): string {
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><meta name="robots" content="noindex">
<title>Queue board: sign in from the dashboard</title>
<style>body{font:16px/1.5 system-ui,sans-serif;max-width:36rem;margin:4rem auto;padding:0 1rem;color:#1f2933}a{color:#1d4ed8}code{font-size:.95em}</style></head>
<body><main><h1>Queue board</h1>
<p>${escapeHtml(refusal.message)}.</p>
<p>Open the <a href="/">Packr dashboard</a>, sign in with an OWNER or ADMIN key and choose <strong>Queues</strong> in the top bar.</p>
</main></body></html>`;
}

export type AdminRoute = { route: NodeRoute; close(): Promise<void> };

export function adminRoute(options: AdminRouteOptions): AdminRoute {
  const sessions = options.sessions ?? new AdminSessions(sessionSecret());
  const board = options.board ?? createQueueBoard();
  const tenants = () => {
    const configured = options.operatorTenants ?? env.ADMIN_QUEUE_TENANTS;
    return (typeof configured === 'function' ? configured() : configured).map((t) => t.toLowerCase());
  };
  const log = logger.child({ route: ADMIN_PREFIX });

  const tooMany = (seconds: number) =>
    refused(429, 'RATE_LIMITED', `Too many failed authentication attempts from this address; retry after ${seconds} s`, { 'retry-after': String(seconds) });

  async function countFailure(req: IncomingMessage): Promise<void> {
    const verdict = await options.authFailures.recordFailure(req, 'admin');
    if (verdict?.limited) throw tooMany(verdict.retryAfterSeconds);
  }

  const asRefusal = (verdict: Exclude<OperatorVerdict, { allowed: true }>) => refused(verdict.status, verdict.code, verdict.message);

  async function signIn(req: IncomingMessage): Promise<{ status: number; body: unknown; headers: Record<string, string> }> {
    const credential = req.headers.authorization;
    if (!credential) throw refused(401, 'UNAUTHENTICATED', 'Missing API key: send Authorization: Bearer <key>', { 'www-authenticate': 'Bearer' });
    const viewer = await viewerFromApiKey(credential);
    if (!viewer) {
      await countFailure(req);
      throw refused(401, 'UNAUTHENTICATED', 'API key is invalid or revoked', { 'www-authenticate': 'Bearer' });
    }
    // The board retries and removes jobs: a read-only key does not get in.
    if (viewer.readOnly) throw refused(403, 'FORBIDDEN', 'Not authorized: this API key is read-only');
    const verdict = await queueOperatorVerdict(viewer.apiKeyId, tenants());
    if (!verdict.allowed) throw asRefusal(verdict);
    const { cookie, expiresAt } = await sessions.create(viewer.apiKeyId);
    log.info('queue board session started', { apiKeyId: viewer.apiKeyId, threePLId: verdict.threePLId });
    const secure = isHttps(req, options.trustedProxyHops);
    return {
      status: 200,
      body: { signedIn: true, board: `${BOARD_PATH}/`, expiresAt: new Date(expiresAt).toISOString() },
      headers: { 'set-cookie': sessionCookie(cookie, Math.floor((expiresAt - Date.now()) / 1000), secure) },
    };
  }

  async function signOut(req: IncomingMessage): Promise<void> {
    const cookie = readCookie(req.headers.cookie, SESSION_COOKIE);
    if (!cookie) return;
    const found = await sessions.lookup(cookie);
    if ('session' in found) await sessions.end(found.session.sessionId);
  }

  /** The live session of a board request, re-checked against the key; throws a refusal otherwise. */
  async function admit(req: IncomingMessage): Promise<void> {
    const cookie = readCookie(req.headers.cookie, SESSION_COOKIE);
    if (!cookie) throw refused(401, 'UNAUTHENTICATED', 'Not signed in to the queue board');
    const found = await sessions.lookup(cookie);
    if ('refused' in found) {
      if (found.refused === 'forged') await countFailure(req);
      throw refused(401, 'UNAUTHENTICATED', found.refused === 'forged' ? 'The queue board session is not valid' : 'The queue board session has ended');
    }
    const verdict = await queueOperatorVerdict(found.session.apiKeyId, tenants());
    if (!verdict.allowed) {
      await sessions.end(found.session.sessionId);
      throw asRefusal(verdict);
    }
    // SameSite=Strict already keeps other sites' requests cookie-less; a cross-origin write with
    // the cookie could only come from this origin's own pages or a misbehaving browser.
    const origin = req.headers.origin;
    if (req.method !== 'GET' && req.method !== 'HEAD' && origin !== undefined && hostOf(origin) !== req.headers.host) {
      throw refused(403, 'FORBIDDEN', 'Cross-origin requests to the queue board are refused');
    }
  }

  function send(req: IncomingMessage, res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) {
    if (res.headersSent || res.destroyed) return;
    respondAndDiscardBody(req, res, () => sendJson(res, status, body, headers));
  }

  function sendRefusal(req: IncomingMessage, res: ServerResponse, path: string, refusal: Refusal) {
    if (res.headersSent || res.destroyed) return;
    const headers = { ...refusal.headers };
    // A refused session is forgotten by the browser too.
    if (refusal.status === 401 || refusal.status === 403) headers['set-cookie'] = clearedSessionCookie(isHttps(req, options.trustedProxyHops));
    const browser = path.startsWith(BOARD_PATH) && !path.startsWith(`${BOARD_PATH}/api/`) && /text\/html/.test(req.headers.accept ?? '');
    if (!browser) return send(req, res, refusal.status, { error: { code: refusal.code, message: refusal.message } }, headers);
    const html = refusalPage(refusal);
    respondAndDiscardBody(req, res, () => {
      res.writeHead(refusal.status, {
        ...headers,
        'content-type': 'text/html; charset=utf-8',
        'content-length': Buffer.byteLength(html),
        'cache-control': 'no-store',
        'content-security-policy': "default-src 'none'; style-src 'unsafe-inline'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'",
        'x-content-type-options': 'nosniff',
      });
      res.end(html);
    });
  }

  async function serve(req: IncomingMessage, res: ServerResponse, path: string): Promise<void> {
    const blocked = options.authFailures.refuseIfBlocked(req);
    if (blocked > 0) throw tooMany(blocked);
    const secure = isHttps(req, options.trustedProxyHops);

    if (path === SESSION_PATH) {
      if (req.method === 'POST') {
        const answer = await signIn(req);
        return send(req, res, answer.status, answer.body, answer.headers);
      }
      if (req.method === 'DELETE') {
        await signOut(req);
        return send(req, res, 200, { signedIn: false }, { 'set-cookie': clearedSessionCookie(secure) });
      }
      throw refused(405, 'METHOD_NOT_ALLOWED', `${req.method} is not allowed on ${SESSION_PATH}; use POST (sign in) or DELETE (sign out)`, { allow: 'POST, DELETE' });
    }
    if (path === SIGN_OUT_PATH) {
      if (req.method !== 'GET') throw refused(405, 'METHOD_NOT_ALLOWED', `use GET on ${SIGN_OUT_PATH}`, { allow: 'GET' });
      await signOut(req);
      res.writeHead(303, { location: '/', 'set-cookie': clearedSessionCookie(secure), 'cache-control': 'no-store' });
      return void res.end();
    }
    if (path === BOARD_PATH || path.startsWith(`${BOARD_PATH}/`)) {
      await admit(req);
      res.setHeader('content-security-policy', BOARD_CSP);
      res.setHeader('x-frame-options', 'DENY');
      res.setHeader('x-content-type-options', 'nosniff');
      res.setHeader('referrer-policy', 'same-origin');
      // Job data is cross-tenant: never kept by a shared cache. Hashed static assets may be.
      if (!path.startsWith(`${BOARD_PATH}/static/`)) res.setHeader('cache-control', 'no-store');
      return board.handle(req, res);
    }
    throw refused(404, 'NOT_FOUND', `No route ${req.method} ${path}`);
  }

  const route: NodeRoute = (req, res) => {
    const path = pathOf(req.url);
    if (path !== ADMIN_PREFIX && !path.startsWith(`${ADMIN_PREFIX}/`)) return false;
    serve(req, res, path).catch((error: unknown) => {
      if (error instanceof Refused) return sendRefusal(req, res, path, error.refusal);
      log.error('admin request failed', { error });
      send(req, res, 503, { error: { code: 'UNAVAILABLE', message: 'the queue board is unavailable; retry later' } });
    });
    return true;
  };
  return {
    route,
    // The board's Redis connection and queues, the sessions' connection.
    close: async () => {
      await Promise.all([board.close(), sessions.close()]);
    },
  };
}

function hostOf(origin: string): string | null {
  try {
    return new URL(origin).host;
  } catch {
    return null;
  }
}

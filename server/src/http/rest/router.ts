// The REST API under /api, on the raw Node request (node-route.ts), next to GraphQL and with the
// same rules: the same API keys (Authorization: Bearer <key>), the same per-address limit on
// refused keys (auth-failures.ts: 429 once over), the same body limit as GraphQL, the same roles.
// Order of checks: route (404/405), address blocked (429), key (401/429), brand visible (404),
// role (403), body (413/400), then the route's service call. Every answer is JSON; failures are
// { error: { code, message } } (errors.ts).
import { decodeGlobalID } from '@pothos/plugin-relay';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { isManager, isMember, viewerFromApiKey, visibleBrands, type Viewer } from '../../auth/viewer.js';
import { db } from '../../db.js';
import { logger } from '../../lib/logger.js';
import { isUuid } from '../../lib/uuid.js';
import type { AuthFailureGuard } from '../auth-failures.js';
import { respondAndDiscardBody } from '../discard-body.js';
import { pathOf, sendJson, type NodeRoute } from '../node-route.js';
import { pickRequestId } from '../request-id.js';
import { WEBHOOK_PATH } from '../webhooks/trackstar.js';
import { BodyTooLargeError, readBodyWithLimit } from '../webhooks/read-body.js';
import { badRequest, brandNotFound, errorBody, notFound, RestError, toRestError } from './errors.js';
import { INTEGRATION_ROUTES, type Access, type RestRoute } from './integration-routes.js';
import { WRITE_ROUTES } from './write-routes.js';

export const REST_PREFIX = '/api';

export type RestApiOptions = {
  authFailures: AuthFailureGuard;
  /** The GraphQL body limit (limits.ts graphqlMaxBodyBytes). */
  maxBodyBytes: number;
  routes?: RestRoute[];
};

type Match = { route: RestRoute; params: Record<string, string> };

/** Splits a template or a path into segments; `{name}` segments of a template are parameters. */
const segmentsOf = (path: string) => path.split('/').slice(1);

/** Routes by path then method: a known path with an unknown method is 405 (with its methods), an unknown path 404. */
export function matchRoute(routes: RestRoute[], method: string, path: string): { match: Match } | { allow: string[] } | null {
  const parts = segmentsOf(path);
  const onPath: Match[] = [];
  for (const route of routes) {
    const template = segmentsOf(route.path);
    if (template.length !== parts.length) continue;
    const params: Record<string, string> = {};
    let matches = true;
    for (let i = 0; i < template.length && matches; i++) {
      const t = template[i];
      if (t.startsWith('{') && t.endsWith('}')) {
        let value: string;
        try {
          value = decodeURIComponent(parts[i]);
        } catch {
          value = '';
        }
        if (value === '') matches = false;
        else params[t.slice(1, -1)] = value;
      } else if (t !== parts[i]) matches = false;
    }
    if (matches) onPath.push({ route, params });
  }
  if (onPath.length === 0) return null;
  const match = onPath.find((m) => m.route.method === method);
  return match ? { match } : { allow: [...new Set(onPath.map((m) => m.route.method))].sort() };
}

/** A `{brandId}` value: a Brand global id or a bare uuid; anything else names no brand. */
export function brandUuidOf(value: string): string | null {
  if (isUuid(value)) return value.toLowerCase();
  if (value.length > 200) return null;
  try {
    const decoded = decodeGlobalID(value);
    return decoded.typename === 'Brand' && isUuid(decoded.id) ? decoded.id.toLowerCase() : null;
  } catch {
    return null;
  }
}

const ROLE_RULES: Record<Exclude<Access, 'public'>, { allowed: (v: Viewer) => boolean; who: string }> = {
  reader: { allowed: () => true, who: 'anyone who may read the brand' },
  member: { allowed: isMember, who: 'OWNER, ADMIN and OPERATOR' },
  manager: { allowed: isManager, who: 'OWNER and ADMIN' },
};

export function restApiRoute(options: RestApiOptions): NodeRoute {
  const routes = options.routes ?? [...INTEGRATION_ROUTES, ...WRITE_ROUTES];
  const log = logger.child({ route: REST_PREFIX });

  async function authenticate(req: IncomingMessage): Promise<Viewer> {
    const blocked = options.authFailures.refuseIfBlocked(req);
    if (blocked > 0) throw tooMany(blocked);
    const credential = req.headers.authorization;
    if (!credential) throw new RestError(401, 'UNAUTHENTICATED', 'Missing API key: send Authorization: Bearer <key>', { 'www-authenticate': 'Bearer' });
    const viewer = await viewerFromApiKey(credential);
    if (viewer) return viewer;
    const verdict = await options.authFailures.recordFailure(req, 'http');
    if (verdict?.limited) throw tooMany(verdict.retryAfterSeconds);
    throw new RestError(401, 'UNAUTHENTICATED', 'API key is invalid or revoked', { 'www-authenticate': 'Bearer' });
  }

  /** The brand's uuid when the viewer may read it; another tenant's brand and an unknown one read the same. */
  async function visibleBrand(viewer: Viewer, value: string): Promise<string> {
    const id = brandUuidOf(value);
    if (!id) throw brandNotFound();
    // AND, not a spread: a brand viewer's filter has its own `id` condition, which would replace this one.
    const brand = await db.brand.findFirst({ where: { AND: [{ id }, visibleBrands(viewer)] }, select: { id: true } });
    if (!brand) throw brandNotFound();
    return brand.id;
  }

  async function readJson(req: IncomingMessage): Promise<unknown> {
    let text: string;
    try {
      text = await readBodyWithLimit(req, options.maxBodyBytes);
    } catch (error) {
      if (error instanceof BodyTooLargeError) throw new RestError(413, 'PAYLOAD_TOO_LARGE', `Request body must be at most ${options.maxBodyBytes} bytes`);
      throw error;
    }
    if (text.trim() === '') return null;
    try {
      return JSON.parse(text);
    } catch {
      throw badRequest('The body is not valid JSON');
    }
  }

  async function serve(req: IncomingMessage, path: string): Promise<{ status: number; body: unknown; headers?: Record<string, string> }> {
    const found = matchRoute(routes, req.method ?? 'GET', path);
    if (!found) throw notFound(`No route ${req.method} ${path}; the routes are listed at ${REST_PREFIX}/openapi.json`);
    if ('allow' in found) {
      throw new RestError(405, 'METHOD_NOT_ALLOWED', `${req.method} is not allowed on ${path}; use ${found.allow.join(' or ')}`, { allow: found.allow.join(', ') });
    }
    const { route, params } = found.match;
    let viewer: Viewer | null = null;
    let brandId = '';
    if (route.access !== 'public') {
      viewer = await authenticate(req);
      if (params.brandId !== undefined) brandId = await visibleBrand(viewer, params.brandId);
      const rule = ROLE_RULES[route.access];
      if (!rule.allowed(viewer)) throw new RestError(403, 'FORBIDDEN', `Not authorized: ${rule.who} only`);
      if (viewer.readOnly && route.method !== 'GET') throw new RestError(403, 'FORBIDDEN', 'This API key is read-only: it may read, not change anything');
    }
    const body = route.readsBody ? await readJson(req) : null;
    return route.handle({ viewer, brandId, body, params, headers: req.headers });
  }

  function send(req: IncomingMessage, res: ServerResponse, requestId: string, status: number, body: unknown, headers: Record<string, string> = {}) {
    if (res.headersSent || res.destroyed) return;
    respondAndDiscardBody(req, res, () => sendJson(res, status, body, { 'x-request-id': requestId, ...headers }));
  }

  return (req, res) => {
    const path = pathOf(req.url);
    if (path !== REST_PREFIX && !path.startsWith(`${REST_PREFIX}/`)) return false;
    // The webhook receiver's path (http/webhooks/trackstar.ts) is never ours, mounted or not.
    if (path === WEBHOOK_PATH) return false;
    const header = req.headers['x-request-id'];
    const requestId = pickRequestId(typeof header === 'string' ? header : null);
    serve(req, path).then(
      (reply) => send(req, res, requestId, reply.status, reply.body, reply.headers),
      (error: unknown) => {
        const answer = toRestError(error, requestId);
        if (answer.unexpected) log.error('REST request failed', { error, requestId, method: req.method, path });
        send(req, res, requestId, answer.status, errorBody(answer), answer.headers);
      },
    );
    return true;
  };
}

const tooMany = (seconds: number) =>
  new RestError(429, 'RATE_LIMITED', `Too many failed authentication attempts from this address; retry after ${seconds} s`, { 'retry-after': String(seconds) });

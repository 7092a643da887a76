// The request pipeline: request id and CORS → route → auth (API key, access token) → faults →
// rate limit → capability (501) → idempotency → handler → JSON out, one log line per request.
import { randomBytes } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Core } from './core.js';
import { HttpError, fail, type Ctx, type Result, type Router } from './http.js';
import { mask } from './options.js';
import type { ConnectionState } from './store.js';
import { iso } from './time.js';

const CORS = {
  'access-control-allow-origin': '*',
  'access-control-allow-methods': 'GET, POST, PUT, PATCH, DELETE, OPTIONS',
  'access-control-allow-headers': 'content-type, x-trackstar-api-key, x-trackstar-access-token, idempotency-key',
  'access-control-expose-headers': 'x-request-id, retry-after, x-ratelimit-limit, x-ratelimit-remaining, x-ratelimit-reset',
  'access-control-max-age': '600',
};
const MAX_BODY = 10 * 1024 * 1024;
const IDEMPOTENCY_TTL = 24 * 3600 * 1000;

type Replay = { fingerprint: string; status: number; body: unknown; at: number };

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY) throw new HttpError(413, { error: 'Request body too large', origin: 'trackstar' });
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}

export function createHandler(core: Core, router: Router) {
  const replays = new Map<string, Replay>();
  const sleep = (ms: number) => new Promise<void>((r) => core.later(ms, r));

  return async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const started = performance.now();
    const requestId = `req_${randomBytes(10).toString('hex')}`;
    const method = req.method ?? 'GET';
    const url = new URL(req.url ?? '/', 'http://sandbox.local');
    const headers: Record<string, string> = { 'x-request-id': requestId, ...CORS };
    const header = (name: string) => {
      const v = req.headers[name];
      return Array.isArray(v) ? v[0] : v;
    };
    const token = header('x-trackstar-access-token');
    let conn: ConnectionState | undefined;
    let result: Result;
    try {
      const raw = await readBody(req);
      if (method === 'OPTIONS') {
        result = { status: 204 };
      } else {
        const { route, params, allowed } = router.match(method, url.pathname);
        if (!route) {
          throw allowed.length
            ? new HttpError(405, { error: `Method ${method} not allowed; use ${allowed.join(', ')}`, origin: 'trackstar' }, { allow: allowed.join(', ') })
            : new HttpError(404, { error: `No route for ${method} ${url.pathname}`, origin: 'trackstar' });
        }
        if (route.auth !== 'none') {
          const key = header('x-trackstar-api-key');
          if (key !== core.options.apiKey) throw fail.unauthorized(key ? 'Invalid API key' : 'Missing x-trackstar-api-key header');
        }
        if (route.auth === 'token' || (route.auth === 'key+token?' && token)) {
          if (!token) throw fail.unauthorized('Missing x-trackstar-access-token header');
          conn = core.store.byAccessToken(token);
          if (!conn) throw fail.unauthorized('Invalid access token');
        }
        const kind = method === 'GET' ? 'read' : 'write';
        if (conn) {
          conn.lastUsed = iso(core.now());
          conn.timesUsed++;
          const f = core.faults.get(conn.id);
          if (f.latency_ms > 0) await sleep(f.latency_ms);
          const forced = core.faults.nextForced(conn.id);
          if (forced === 'timeout' || (!forced && core.faults.roll(f.timeout_rate))) {
            // A hung upstream: no answer, then the socket goes away.
            await sleep(f.timeout_ms);
            core.options.logLine(`${method} ${url.pathname}${url.search} timeout (fault) ${requestId} conn=${conn.id.slice(0, 8)}`);
            res.destroy();
            return;
          }
          if (forced === '429' || (!forced && core.faults.stormActive(f))) {
            throw new HttpError(429, { error: 'Rate limit exceeded', origin: 'trackstar' }, core.limiter.storm(kind));
          }
          const limit = core.limiter.take(conn.accessToken, kind);
          Object.assign(headers, limit.headers);
          if (!limit.ok) throw new HttpError(429, { error: 'Rate limit exceeded', origin: 'trackstar' });
          if (forced === '500' || (!forced && core.faults.roll(f.error_rate))) throw new HttpError(500, { error: 'Internal server error (simulated)', origin: 'trackstar' });
          if (route.fn && !conn.availableActions.includes(route.fn)) {
            throw fail.notImplemented(route.fn, core.store.integrationOf(conn).displayName);
          }
        }
        let body: unknown = undefined;
        if (raw.trim()) {
          try {
            body = JSON.parse(raw);
          } catch {
            throw fail.badRequest('Request body is not valid JSON');
          }
        }
        const ctx: Ctx = { method, path: url.pathname, query: url.searchParams, params, body, headers: req.headers, requestId, conn };
        const idem = header('idempotency-key');
        const idemKey = idem && conn && kind === 'write' ? `${conn.id}:${idem}` : null;
        const fingerprint = `${method} ${url.pathname} ${raw}`;
        const previous = idemKey ? replays.get(idemKey) : undefined;
        if (idem && idem.length > 255) throw fail.badRequest('Idempotency-Key must be at most 255 characters');
        if (previous && previous.at + IDEMPOTENCY_TTL > core.now()) {
          if (previous.fingerprint !== fingerprint) throw fail.badRequest('Idempotency-Key was already used with another request');
          result = { status: previous.status, body: previous.body, headers: { 'idempotent-replayed': 'true' } };
        } else {
          result = await route.handler(ctx);
          if (idemKey) replays.set(idemKey, { fingerprint, status: result.status ?? 200, body: result.body, at: core.now() });
        }
        if (route.list && conn && result.body) {
          const f = core.faults.get(conn.id);
          if (f.malformed_rate > 0) {
            const b = result.body as { data: Record<string, unknown>[] };
            result = { ...result, body: { ...b, data: b.data.map((r) => (core.faults.roll(f.malformed_rate) ? core.faults.malform(r) : r)) } };
          }
        }
      }
    } catch (e) {
      if (e instanceof HttpError) result = { status: e.status, body: e.body, headers: e.headers };
      else {
        core.options.logLine(`error ${requestId}: ${(e as Error).stack ?? e}`);
        result = { status: 500, body: { error: 'Internal sandbox error', origin: 'trackstar' } };
      }
    }
    const status = result.status ?? 200;
    Object.assign(headers, result.headers);
    if (result.text !== undefined) {
      headers['content-type'] = result.contentType ?? 'text/plain; charset=utf-8';
      res.writeHead(status, headers).end(result.text);
    } else if (result.body !== undefined) {
      headers['content-type'] = 'application/json';
      res.writeHead(status, headers).end(JSON.stringify(result.body));
    } else res.writeHead(status, headers).end();
    const ms = Math.round(performance.now() - started);
    core.options.logLine(
      `${method} ${url.pathname}${url.search} ${status} ${ms}ms ${requestId}${conn ? ` conn=${conn.id.slice(0, 8)}` : ''}${token ? ` token=${mask(token)}` : ''}`,
    );
  };
}

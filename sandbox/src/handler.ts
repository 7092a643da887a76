// The request pipeline: request id and CORS → route → auth (API key, access token) → idempotency
// key taken (409 while in flight) → faults → rate limit → capability (501) → replay or handler →
// JSON out, one log line per request.
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
  // Idempotency keys whose first request is still being handled (Trackstar answers 409 to a second one).
  const inFlight = new Set<string>();
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
    let heldKey: string | null = null;
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
        const idem = header('idempotency-key');
        const idemKey = idem !== undefined && conn && kind === 'write' ? `${conn.id}:${idem}` : null;
        if (idemKey) {
          if (idem!.length === 0 || idem!.length > 255) throw fail.badRequest('Idempotency-Key must be 1 to 255 characters');
          // Taken before the simulated latency: a second request with the key while the first is
          // still being handled is refused, and a failed first attempt frees the key (finally below).
          if (inFlight.has(idemKey)) throw new HttpError(409, { error: 'A request with this Idempotency-Key is still in progress', origin: 'trackstar' });
          inFlight.add(idemKey);
          heldKey = idemKey;
        }
        let lostAnswer: 'timeout_after_write' | '500_after_write' | null = null;
        if (conn) {
          conn.lastUsed = iso(core.now());
          conn.timesUsed++;
          const f = core.faults.get(conn.id);
          if (f.latency_ms > 0) await sleep(f.latency_ms);
          let forced = core.faults.nextForced(conn.id);
          if (forced === 'timeout_after_write' || forced === '500_after_write') {
            lostAnswer = forced;
            forced = null;
          }
          if (forced === 'timeout' || (!forced && !lostAnswer && core.faults.roll(f.timeout_rate))) {
            // A hung upstream: no answer, then the socket goes away.
            await sleep(f.timeout_ms);
            core.options.logLine(`${method} ${url.pathname}${url.search} timeout (fault) ${requestId} conn=${conn.id.slice(0, 8)}`);
            res.destroy();
            return;
          }
          if (forced === '429' || (!forced && !lostAnswer && core.faults.stormActive(f))) {
            throw new HttpError(429, { error: 'Rate limit exceeded', origin: 'trackstar' }, core.limiter.storm(kind));
          }
          const limit = core.limiter.take(conn.accessToken, kind);
          Object.assign(headers, limit.headers);
          if (!limit.ok) throw new HttpError(429, { error: 'Rate limit exceeded', origin: 'trackstar' });
          if (forced === '500' || (!forced && !lostAnswer && core.faults.roll(f.error_rate))) throw new HttpError(500, { error: 'Internal server error (simulated)', origin: 'trackstar' });
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
        const fingerprint = `${method} ${url.pathname} ${raw}`;
        const previous = idemKey ? replays.get(idemKey) : undefined;
        if (previous && previous.at + IDEMPOTENCY_TTL > core.now()) {
          if (previous.fingerprint !== fingerprint) throw fail.badRequest('Idempotency-Key was already used with another request');
          result = { status: previous.status, body: previous.body, headers: { 'idempotent-replayed': 'true' } };
        } else {
          result = await route.handler(ctx);
          // Only a success is kept: a refused first attempt frees the key.
          if (idemKey && (result.status ?? 200) < 300) replays.set(idemKey, { fingerprint, status: result.status ?? 200, body: result.body, at: core.now() });
        }
        if (heldKey) inFlight.delete(heldKey);
        if (lostAnswer) {
          // The WMS did the work (and the key remembers it), but the caller never hears so.
          if (lostAnswer === '500_after_write') throw new HttpError(500, { error: 'Internal server error (simulated)', origin: 'trackstar' });
          core.options.logLine(`${method} ${url.pathname}${url.search} timeout (fault, after the work was done) ${requestId} conn=${conn!.id.slice(0, 8)}`);
          await sleep(core.faults.get(conn!.id).timeout_ms);
          res.destroy();
          return;
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
    } finally {
      if (heldKey) inFlight.delete(heldKey);
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

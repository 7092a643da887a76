// The API's HTTP limits over real HTTP: the /graphql body limit, the refused-key limit (HTTP and
// graphql-ws), CORS and /metrics. Limits are set small through buildApp's options.
import { randomUUID } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Redis } from 'ioredis';
import type { Counter } from 'prom-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { makeTenant, type TenantFixture } from '../../test/fixtures.js';
import { sendThenRead } from '../../test/support/raw-http.js';
import { closeLimiterRedis, FailureLimiter } from '../lib/failure-limiter.js';
import { authFailures, payloadTooLarge, rateLimited } from '../lib/metrics.js';
import { buildApp } from './app.js';
import { metricsRoute } from './metrics-route.js';

const BODY_LIMIT = 4096;
const DASHBOARD = 'https://dash.example.test';
const WRONG_KEY = 'pk_AAAAAAAA_BBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBB';

// Body limit, CORS and /metrics, on the loopback address as it is.
const app = buildApp({ limits: { graphqlMaxBodyBytes: BODY_LIMIT, corsOrigins: [DASHBOARD], metricsToken: undefined, trustedProxyHops: 0 } });
// The auth-failure limit, behind one trusted proxy: each test speaks for its own X-Forwarded-For address.
const guarded = buildApp({ limits: { authFailuresPerMinute: 3, authLimiterName: `test-auth-${randomUUID()}`, trustedProxyHops: 1, corsOrigins: [] } });
let url: string;
let guardedUrl: string;
let t: TenantFixture;

beforeAll(async () => {
  url = (await app.start(0, '127.0.0.1')).url;
  guardedUrl = (await guarded.start(0, '127.0.0.1')).url;
  t = await makeTenant('Limits');
});
afterAll(async () => {
  await app.stop();
  await guarded.stop();
  await closeLimiterRedis();
});

/** A GraphQL request body of exactly `size` bytes (the query padded with spaces). */
function bodyOfSize(size: number): string {
  const query = '{ viewer { role } }';
  const pad = size - JSON.stringify({ query }).length;
  return JSON.stringify({ query: query + ' '.repeat(pad) });
}

const count = async (counter: Counter<string>, labels: Record<string, string>) =>
  (await counter.get()).values.find((v) => Object.entries(labels).every(([k, l]) => v.labels[k] === l))?.value ?? 0;

const uniqueAddress = () => `203.0.113.${1 + Math.floor(Math.random() * 250)}`;
let nextAddress = 0;
/** A documentation-range address no other test here uses. */
const freshAddress = () => `198.51.100.${++nextAddress}`;

describe('GraphQL request body limit', () => {
  const post = (body: BodyInit, init: RequestInit = {}) =>
    fetch(`${url}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${t.keys.owner}` }, body, ...init });

  it('answers a body of exactly the limit, and refuses one byte more with a JSON 413 (Content-Length)', async () => {
    expect(bodyOfSize(BODY_LIMIT)).toHaveLength(BODY_LIMIT);
    const at = await post(bodyOfSize(BODY_LIMIT));
    expect(at.status).toBe(200);
    expect((await at.json()).data.viewer.role).toBe('OWNER');

    const before = await count(payloadTooLarge, { route: 'graphql' });
    const over = await post(bodyOfSize(BODY_LIMIT + 1));
    expect(over.status).toBe(413);
    expect(over.headers.get('content-type')).toContain('application/json');
    expect(await over.json()).toEqual({ errors: [{ message: `Request body must be at most ${BODY_LIMIT} bytes`, extensions: { code: 'PAYLOAD_TOO_LARGE' } }] });
    expect(await count(payloadTooLarge, { route: 'graphql' })).toBe(before + 1);
  });

  it('counts a chunked body while reading it: the limit passes, one byte more is refused', async () => {
    const chunked = (text: string) =>
      new ReadableStream<Uint8Array>({
        start(controller) {
          const bytes = new TextEncoder().encode(text);
          for (let at = 0; at < bytes.length; at += 1000) controller.enqueue(bytes.subarray(at, at + 1000));
          controller.close();
        },
      });
    const at = await post(chunked(bodyOfSize(BODY_LIMIT)), { duplex: 'half' } as RequestInit);
    expect(at.status).toBe(200);
    expect((await at.json()).data.viewer.role).toBe('OWNER');
    const over = await post(chunked(bodyOfSize(BODY_LIMIT + 1)), { duplex: 'half' } as RequestInit);
    expect(over.status).toBe(413);
    expect((await over.json()).errors[0].extensions.code).toBe('PAYLOAD_TOO_LARGE');
  });

  it('lets a client that writes its whole body before reading see the 413 (no connection reset)', async () => {
    const headers = { 'content-type': 'application/json', authorization: `Bearer ${t.keys.owner}` };
    for (const chunked of [false, true]) {
      for (const connection of ['keep-alive', 'close']) {
        const res = await sendThenRead(`${url}/graphql`, { headers: { ...headers, connection }, body: bodyOfSize(BODY_LIMIT * 100), chunked });
        expect(res.status, `${chunked ? 'chunked' : 'declared'}, connection: ${connection}`).toBe(413);
        expect(JSON.parse(res.body).errors[0].extensions.code).toBe('PAYLOAD_TOO_LARGE');
      }
    }
  });

  it('refuses several large bodies at once without accepting any', async () => {
    const big = bodyOfSize(BODY_LIMIT * 256);
    const statuses = await Promise.all(Array.from({ length: 5 }, () => post(big).then((r) => r.status)));
    expect(statuses).toEqual([413, 413, 413, 413, 413]);
  });
});

describe('refused API keys per source address', () => {
  const ask = (address: string, key: string) =>
    fetch(`${guardedUrl}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${key}`, 'x-forwarded-for': address },
      body: JSON.stringify({ query: '{ viewer { role } }' }),
    });

  it('answers 401 up to the limit, then 429 with retry-after, even for a valid key; successes never count', async () => {
    const address = freshAddress();
    // Successes are not failures: many of them leave the address's budget untouched.
    for (let i = 0; i < 5; i++) expect((await ask(address, t.keys.owner)).status).toBe(200);

    const failuresBefore = await count(authFailures, { transport: 'http' });
    const limitedBefore = await count(rateLimited, { limit: 'auth' });
    const statuses = [];
    for (let i = 0; i < 3; i++) statuses.push((await ask(address, WRONG_KEY)).status);
    expect(statuses).toEqual([401, 401, 401]);

    const limited = await ask(address, WRONG_KEY);
    expect(limited.status).toBe(429);
    const retryAfter = Number(limited.headers.get('retry-after'));
    expect(retryAfter).toBeGreaterThanOrEqual(1);
    expect(retryAfter).toBeLessThanOrEqual(60);
    expect((await limited.json()).errors[0].extensions.code).toBe('RATE_LIMITED');

    // Locked out for the rest of the window: a right key is not even looked at.
    const locked = await ask(address, t.keys.owner);
    expect(locked.status).toBe(429);
    expect(Number(locked.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);

    expect(await count(authFailures, { transport: 'http' })).toBe(failuresBefore + 4);
    expect(await count(rateLimited, { limit: 'auth' })).toBe(limitedBefore + 2);
  });

  it('limits each address on its own', async () => {
    const noisy = freshAddress();
    const quiet = freshAddress();
    for (let i = 0; i < 4; i++) await ask(noisy, WRONG_KEY);
    expect((await ask(noisy, WRONG_KEY)).status).toBe(429);
    expect((await ask(quiet, WRONG_KEY)).status).toBe(401);
    expect((await ask(quiet, t.keys.owner)).status).toBe(200);
  });

  it('does not count a request without any key (nothing was guessed)', async () => {
    const address = freshAddress();
    const bare = () =>
      fetch(`${guardedUrl}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-forwarded-for': address }, body: JSON.stringify({ query: '{ viewer { role } }' }) });
    for (let i = 0; i < 5; i++) expect((await bare()).status).toBe(401);
    expect((await ask(address, WRONG_KEY)).status).toBe(401);
  });

  it('counts wrong keys of graphql-ws connection_init toward the same limit', async () => {
    const address = freshAddress();
    const wsUrl = `${guardedUrl.replace('http', 'ws')}/graphql`;
    const connect = (key: string) =>
      new Promise<number>((resolve, reject) => {
        const socket = new WebSocket(wsUrl, 'graphql-transport-ws', { headers: { 'x-forwarded-for': address } });
        socket.on('open', () => socket.send(JSON.stringify({ type: 'connection_init', payload: { authorization: key } })));
        socket.on('close', (code) => resolve(code));
        socket.on('error', reject);
      });
    const failuresBefore = await count(authFailures, { transport: 'ws' });
    expect([await connect(WRONG_KEY), await connect(WRONG_KEY), await connect(WRONG_KEY)]).toEqual([4401, 4401, 4401]);
    expect(await connect(WRONG_KEY)).toBe(4429);
    expect(await connect(t.keys.owner)).toBe(4429);
    expect(await count(authFailures, { transport: 'ws' })).toBe(failuresBefore + 4);
    // One budget per address across transports.
    expect((await ask(address, t.keys.owner)).status).toBe(429);
  });

  it('fails open when Redis cannot be reached', async () => {
    const unreachable = new Redis('redis://127.0.0.1:1', { lazyConnect: true, enableOfflineQueue: false, maxRetriesPerRequest: 0, retryStrategy: () => null });
    unreachable.on('error', () => {});
    try {
      const limiter = new FailureLimiter({ name: `test-down-${randomUUID()}`, perWindow: 1, redis: () => unreachable });
      const verdicts = [await limiter.recordFailure(uniqueAddress()), await limiter.recordFailure(uniqueAddress())];
      expect(verdicts.map((v) => v.limited)).toEqual([false, false]);
    } finally {
      unreachable.disconnect();
    }
  });
});

describe('CORS', () => {
  const preflight = (origin: string) =>
    fetch(`${url}/graphql`, { method: 'OPTIONS', headers: { origin, 'access-control-request-method': 'POST', 'access-control-request-headers': 'authorization, content-type' } });
  const query = (origin: string, target = url) =>
    fetch(`${target}/graphql`, {
      method: 'POST',
      headers: { origin, 'content-type': 'application/json', authorization: `Bearer ${t.keys.owner}` },
      body: JSON.stringify({ query: '{ viewer { role } }' }),
    });

  it('gives a configured dashboard origin its allow-origin header, with credentials', async () => {
    const res = await query(DASHBOARD);
    expect(res.status).toBe(200);
    expect(res.headers.get('access-control-allow-origin')).toBe(DASHBOARD);
    expect(res.headers.get('access-control-allow-credentials')).toBe('true');
    expect(res.headers.get('vary')).toMatch(/origin/i);
    const pre = await preflight(DASHBOARD);
    expect(pre.headers.get('access-control-allow-origin')).toBe(DASHBOARD);
  });

  it('gives a foreign origin no CORS headers at all', async () => {
    for (const res of [await query('https://evil.example.test'), await preflight('https://evil.example.test'), await query(`${DASHBOARD}.evil.test`)]) {
      expect(res.headers.get('access-control-allow-origin')).toBeNull();
      expect(res.headers.get('access-control-allow-credentials')).toBeNull();
    }
  });

  it('sends no CORS headers to anyone when no origins are configured', async () => {
    const res = await query(DASHBOARD, guardedUrl);
    expect(res.status).toBe(200);
    expect(res.headers.get('access-control-allow-origin')).toBeNull();
  });
});

describe('/metrics', () => {
  it('serves the Prometheus text of the process to a loopback client', async () => {
    await fetch(`${url}/graphql`, { method: 'POST', body: bodyOfSize(BODY_LIMIT + 1), headers: { 'content-type': 'application/json' } });
    const res = await fetch(`${url}/metrics`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('text/plain');
    const text = await res.text();
    expect(text).toMatch(/^process_cpu_user_seconds_total \d/m);
    expect(text).toMatch(/^packr_payload_too_large_total\{route="graphql"\} [1-9]/m);
    expect(text).toContain('# TYPE packr_webhook_refusals_total counter');
    expect(text).toContain('# TYPE packr_auth_failures_total counter');
    expect(text).toContain('# TYPE packr_rate_limited_total counter');
  });

  async function serve(route: ReturnType<typeof metricsRoute>): Promise<{ base: string; server: Server }> {
    const server = createServer((req, res) => {
      if (!route(req, res)) res.writeHead(404).end();
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return { base: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, server };
  }
  const close = (server: Server) => new Promise<void>((resolve) => {
    server.close(() => resolve());
    server.closeAllConnections();
  });

  it('without a token, answers 404 to anyone not on this machine (a spoofed X-Forwarded-For does not help)', async () => {
    const { base, server } = await serve(metricsRoute({ token: undefined, trustedProxyHops: 1 }));
    try {
      expect((await fetch(`${base}/metrics`, { headers: { 'x-forwarded-for': '203.0.113.9' } })).status).toBe(404);
      expect((await fetch(`${base}/metrics`, { headers: { 'x-forwarded-for': '127.0.0.1, 203.0.113.9' } })).status).toBe(404);
      expect((await fetch(`${base}/metrics`, { headers: { 'x-forwarded-for': '127.0.0.1' } })).status).toBe(200);
    } finally {
      await close(server);
    }
  });

  it('with a token, requires it from everyone, loopback included', async () => {
    const token = `metrics-${randomUUID()}`;
    const { base, server } = await serve(metricsRoute({ token, trustedProxyHops: 0 }));
    try {
      const missing = await fetch(`${base}/metrics`);
      expect(missing.status).toBe(401);
      expect(await missing.text()).not.toContain(token);
      expect((await fetch(`${base}/metrics`, { headers: { authorization: `Bearer ${token}x` } })).status).toBe(401);
      expect((await fetch(`${base}/metrics`, { headers: { authorization: `Bearer ${token.slice(0, -1)}` } })).status).toBe(401);
      const ok = await fetch(`${base}/metrics`, { headers: { authorization: `Bearer ${token}` } });
      expect(ok.status).toBe(200);
      expect(await ok.text()).toContain('packr_auth_failures_total');
    } finally {
      await close(server);
    }
  });
});

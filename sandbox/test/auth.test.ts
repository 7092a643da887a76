// Authentication, capability gaps (501), request ids, CORS, and rate limits with both header spellings.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ErrorBodySchema, RATE_LIMIT_HEADERS } from '../../trackstar-contract/contract.js';
import { client, sleep, startSandbox } from './helpers.js';

type Env = Awaited<ReturnType<typeof startSandbox>>;
let env: Env;

beforeAll(async () => {
  env = await startSandbox({ rateLimit: {} });
});
afterAll(() => env.stop());

describe('authentication', () => {
  it('every call needs the configured API key', async () => {
    const c = await env.connect();
    for (const key of [null, 'wrong-key']) {
      const res = await c.api.call('GET', '/wms/orders?limit=1', { key });
      expect(res.status).toBe(401);
      expect(ErrorBodySchema.parse(res.json).origin).toBe('trackstar');
    }
    expect((await env.admin.call('GET', '/connections', { key: 'nope' })).status).toBe(401);
    expect((await env.admin.call('POST', '/link/token', { key: null, body: {} })).status).toBe(401);
  });

  it('WMS calls need a known access token; a deleted connection token stops working', async () => {
    const c = await env.connect();
    expect((await c.api.call('GET', '/wms/orders?limit=1', { token: null })).status).toBe(401);
    const unknown = await c.api.call('GET', '/wms/orders?limit=1', { token: 'trackstar_nope' });
    expect(unknown.status).toBe(401);
    expect(unknown.json).toEqual({ error: expect.any(String), origin: 'trackstar' });
    expect((await c.api.call('GET', '/wms/orders?limit=1')).status).toBe(200);
    expect((await c.api.call('DELETE', '/connections')).status).toBe(200);
    expect((await c.api.call('GET', '/wms/orders?limit=1')).status).toBe(401);
    expect((await c.api.call('PATCH', '/connections', { body: {} })).status).toBe(401);
  });

  it('functions an integration lacks answer 501 with Trackstar\'s message', async () => {
    const c = await env.connect('shipbob-sim');
    expect(c.available_actions).not.toContain('get_returns');
    const res = await c.api.call('GET', '/wms/returns');
    expect(res.status).toBe(501);
    expect(res.json.error).toBe('Endpoint get_returns is not implemented for ShipBob (simulated)');
    expect((await c.api.call('GET', '/wms/orders?limit=1')).status).toBe(200);
    const sku = (await c.api.call('GET', '/wms/inventory?limit=1')).json.data[0].sku;
    expect((await c.api.call('POST', '/wms/returns', { body: { line_items: [{ sku, quantity: 1 }] } })).status).toBe(501);
  });

  it('every response has an X-Request-Id; CORS is answered for the browser-facing routes', async () => {
    const ids = new Set<string>();
    for (const path of ['/wms/orders?limit=1', '/nope', '/link/main.js']) {
      const res = await env.admin.call('GET', path);
      const id = res.headers.get('x-request-id');
      expect(id).toBeTruthy();
      ids.add(id!);
    }
    expect(ids.size).toBe(3);
    const pre = await fetch(`${env.url}/sandbox/link/authorize`, {
      method: 'OPTIONS', headers: { origin: 'http://localhost:5173', 'access-control-request-method': 'POST', 'access-control-request-headers': 'content-type' },
    });
    expect(pre.status).toBe(204);
    expect(pre.headers.get('access-control-allow-origin')).toBe('*');
    expect(pre.headers.get('access-control-allow-headers')).toContain('content-type');
    const script = await fetch(`${env.url}/link/main.js`);
    expect(script.status).toBe(200);
    expect(script.headers.get('content-type')).toContain('javascript');
    expect(script.headers.get('access-control-allow-origin')).toBe('*');
  });
});

describe('rate limits', () => {
  it('10 GETs per second per token: the 11th is 429 with retry-after and x-ratelimit-*', async () => {
    const c = await env.connect();
    const started = Date.now();
    const results = await Promise.all(Array.from({ length: 20 }, () => c.api.call('GET', '/wms/warehouses?limit=1')));
    const refill = Math.ceil(((Date.now() - started) / 1000) * 10);
    const ok = results.filter((r) => r.status === 200);
    const limited = results.filter((r) => r.status === 429);
    // A full bucket of 10, plus whatever refilled while the burst was in flight.
    expect(ok.length).toBeGreaterThanOrEqual(10);
    expect(ok.length).toBeLessThanOrEqual(10 + refill);
    expect(limited.length).toBe(20 - ok.length);
    for (const r of ok) {
      expect(r.headers.get('x-ratelimit-limit')).toBe('10');
      expect(Number(r.headers.get('x-ratelimit-remaining'))).toBeGreaterThanOrEqual(0);
    }
    const l = limited[0];
    expect(l.json).toEqual({ error: expect.any(String), origin: 'trackstar' });
    expect(Number(l.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    expect(l.headers.get('x-ratelimit-remaining')).toBe('0');
    expect(Number(l.headers.get('x-ratelimit-reset'))).toBeGreaterThanOrEqual(Math.floor(Date.now() / 1000));
    // Another token has its own budget; writes have their own bucket.
    const other = await env.connect();
    expect((await other.api.call('GET', '/wms/warehouses?limit=1')).status).toBe(200);
    const write = await c.api.call('PUT', '/wms/orders/nope/cancel');
    expect(write.status).toBe(404);
    expect(write.headers.get('x-ratelimit-limit')).toBe('50');
    // The bucket refills at 10 per second.
    await sleep(250);
    expect((await c.api.call('GET', '/wms/warehouses?limit=1')).status).toBe(200);
  });

  it('50 writes per second per token', async () => {
    const c = await env.connect();
    const started = Date.now();
    const results = await Promise.all(Array.from({ length: 90 }, () => c.api.call('PUT', '/wms/orders/missing/cancel')));
    const refill = Math.ceil(((Date.now() - started) / 1000) * 50);
    const ok = results.filter((r) => r.status === 404).length;
    expect(ok).toBeGreaterThanOrEqual(50);
    expect(ok).toBeLessThanOrEqual(50 + refill);
    expect(results.filter((r) => r.status === 429).length).toBe(90 - ok);
    expect(90 - ok).toBeGreaterThan(0);
  });

  it('legacy header spelling on request', async () => {
    const legacy = await startSandbox({ rateLimit: {}, rateLimitHeaderStyle: 'legacy' });
    try {
      const c = await legacy.connect();
      const results = await Promise.all(Array.from({ length: 12 }, () => c.api.call('GET', '/wms/warehouses?limit=1')));
      const ok = results.find((r) => r.status === 200)!;
      const limited = results.find((r) => r.status === 429)!;
      const names = RATE_LIMIT_HEADERS.legacy;
      expect(ok.headers.get(names.limit)).toBe('10');
      expect(ok.headers.get(names.remaining)).not.toBeNull();
      expect(ok.headers.get('x-ratelimit-limit')).toBeNull();
      expect(limited.headers.get(names.retryAfter)).not.toBeNull();
      expect(limited.headers.get(names.reset)).not.toBeNull();
    } finally {
      await legacy.stop();
    }
  });

  it('rateLimit: false switches limits off; custom budgets apply', async () => {
    const off = await startSandbox({ rateLimit: false });
    const raised = await startSandbox({ rateLimit: { read: 3 } });
    try {
      const a = await off.connect();
      const many = await Promise.all(Array.from({ length: 40 }, () => a.api.call('GET', '/wms/warehouses?limit=1')));
      expect(many.every((r) => r.status === 200)).toBe(true);
      const b = await raised.connect();
      const few = await Promise.all(Array.from({ length: 5 }, () => b.api.call('GET', '/wms/warehouses?limit=1')));
      expect(few.filter((r) => r.status === 429).length).toBeGreaterThanOrEqual(1);
    } finally {
      await off.stop();
      await raised.stop();
    }
  });

  it('a client that honours retry-after gets through', async () => {
    const c = await env.connect();
    const api = client(env.url, env.sandbox.apiKey, c.access_token);
    let done = 0;
    const started = Date.now();
    while (done < 15) {
      const r = await api.call('GET', '/wms/warehouses?limit=1');
      if (r.status === 429) await sleep(Number(r.headers.get('retry-after')) * 1000 / 4);
      else done++;
    }
    expect(Date.now() - started).toBeGreaterThan(400);
  });
});

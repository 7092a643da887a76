// The queue board at /admin/queues over real HTTP, Redis and PostgreSQL: who gets in (OWNER/ADMIN
// of a tenant that operates the deployment, signed in from an API key), who does not, what the
// board shows and refuses, and that signing out, revoking the key and forging the cookie all end
// access.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeTenant, type TenantFixture } from '../../../test/fixtures.js';
import { db } from '../../db.js';
import { closeProducerQueues, SYNC_JOB, syncQueue } from '../../jobs/queues.js';
import { closeLimiterRedis } from '../../lib/failure-limiter.js';
import { buildApp, type App } from '../app.js';

let app: App;
let url: string;
let t: TenantFixture;
let other: TenantFixture;
let operators: string[] = [];

beforeAll(async () => {
  app = buildApp({ admin: { operatorTenants: () => operators } });
  ({ url } = await app.start(0, '127.0.0.1'));
  t = await makeTenant('Board');
  other = await makeTenant('Elsewhere');
  operators = [t.threePLId];
});

afterAll(async () => {
  await syncQueue().obliterate({ force: true }).catch(() => {});
  await app?.stop();
  await closeProducerQueues();
  await closeLimiterRedis();
});

type Answer = { status: number; headers: Headers; text: string; json: any };

async function call(path: string, init: { method?: string; key?: string | null; cookie?: string | null; accept?: string; origin?: string; body?: unknown } = {}): Promise<Answer> {
  const headers: Record<string, string> = {};
  if (init.key) headers.authorization = `Bearer ${init.key}`;
  if (init.cookie) headers.cookie = init.cookie;
  if (init.accept) headers.accept = init.accept;
  if (init.origin) headers.origin = init.origin;
  if (init.body !== undefined) headers['content-type'] = 'application/json';
  const res = await fetch(url + path, { method: init.method ?? 'GET', headers, body: init.body === undefined ? undefined : JSON.stringify(init.body), redirect: 'manual' });
  const text = await res.text();
  let json: unknown = null;
  try {
    json = JSON.parse(text);
  } catch {
    // not JSON
  }
  return { status: res.status, headers: res.headers, text, json };
}

/** Signs in with the key; returns the `name=value` pair to send back and the raw Set-Cookie. */
async function signIn(key: string): Promise<{ cookie: string; setCookie: string; answer: Answer }> {
  const answer = await call('/admin/session', { method: 'POST', key });
  const setCookie = answer.headers.get('set-cookie') ?? '';
  return { cookie: setCookie.split(';')[0], setCookie, answer };
}

describe('queue board: refusals', () => {
  it('without a session: JSON for API clients, a page pointing to the dashboard for browsers', async () => {
    const api = await call('/admin/queues/api/queues');
    expect(api.status).toBe(401);
    expect(api.json).toEqual({ error: { code: 'UNAUTHENTICATED', message: 'Not signed in to the queue board' } });

    const page = await call('/admin/queues', { accept: 'text/html,application/xhtml+xml' });
    expect(page.status).toBe(401);
    expect(page.headers.get('content-type')).toMatch(/^text\/html/);
    expect(page.text).toContain('<a href="/">Packr dashboard</a>');
    expect(page.text).toContain('Queues');
    expect(page.headers.get('content-security-policy')).toContain("default-src 'none'");
  });

  it('signing in needs a valid key of an OWNER or ADMIN', async () => {
    const missing = await call('/admin/session', { method: 'POST' });
    expect([missing.status, missing.json.error.code, missing.headers.get('www-authenticate')]).toEqual([401, 'UNAUTHENTICATED', 'Bearer']);
    const wrong = await call('/admin/session', { method: 'POST', key: 'pk_AAAAAAAA_BBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBB' });
    expect([wrong.status, wrong.json.error.message]).toEqual([401, 'API key is invalid or revoked']);
    for (const key of [t.keys.operator, t.keys.viewer]) {
      const refused = await call('/admin/session', { method: 'POST', key });
      expect(refused.status).toBe(403);
      expect(refused.json.error).toEqual({ code: 'FORBIDDEN', message: 'Not authorized: the queue board is for OWNER and ADMIN only' });
      expect(refused.headers.get('set-cookie') ?? '').not.toContain('packr_admin_session=v1');
    }
    const method = await call('/admin/session', { method: 'PUT', key: t.keys.owner });
    expect([method.status, method.headers.get('allow')]).toEqual([405, 'POST, DELETE']);
  });

  it("an OWNER of a tenant that does not operate the deployment is refused, and told which setting decides", async () => {
    const refused = await call('/admin/session', { method: 'POST', key: other.keys.owner });
    expect(refused.status).toBe(403);
    expect(refused.json.error.message).toContain('ADMIN_QUEUE_TENANTS');

    // Nothing configured and several tenants in the database (as here): nobody gets in.
    const before = operators;
    operators = [];
    try {
      const nobody = await call('/admin/session', { method: 'POST', key: t.keys.owner });
      expect(nobody.status).toBe(403);
      expect(nobody.json.error.message).toMatch(/with more than one tenant, set ADMIN_QUEUE_TENANTS/);
    } finally {
      operators = before;
    }
  });

  it('unknown /admin paths are 404', async () => {
    const res = await call('/admin/nothing-here');
    expect([res.status, res.json.error.code]).toEqual([404, 'NOT_FOUND']);
  });
});

describe('queue board: signed in', () => {
  it('an OWNER signs in: a short-lived HttpOnly, SameSite=Strict cookie for /admin that holds no API key', async () => {
    const { setCookie, answer } = await signIn(t.keys.owner);
    expect(answer.status).toBe(200);
    expect(answer.json).toMatchObject({ signedIn: true, board: '/admin/queues/' });
    const minutes = (Date.parse(answer.json.expiresAt) - Date.now()) / 60_000;
    expect(minutes).toBeGreaterThan(25);
    expect(minutes).toBeLessThanOrEqual(30);
    expect(setCookie).toMatch(/^packr_admin_session=v1\.[^;]+; Path=\/admin; Max-Age=1\d{3}; HttpOnly; SameSite=Strict$/);
    expect(setCookie).not.toContain(t.keys.owner);
    expect(setCookie).not.toContain(t.keys.owner.split('_')[2]);
  });

  it('serves the board page, its assets and its API with the queues and their jobs', async () => {
    const jobId = `board-test-${randomUUID()}`;
    await syncQueue().add(SYNC_JOB, { integrationId: randomUUID(), resource: 'ORDERS', reason: 'manual' }, { jobId, delay: 60_000 });
    const { cookie } = await signIn(t.keys.admin);

    const page = await call('/admin/queues/', { cookie, accept: 'text/html' });
    expect(page.status).toBe(200);
    expect(page.text).toContain('<title>Packr queues</title>');
    expect(page.text).toContain('<base href="/admin/queues/" />');
    expect(page.headers.get('content-security-policy')).toContain("script-src 'self'");
    expect(page.headers.get('content-security-policy')).toContain("frame-ancestors 'none'");
    expect(page.headers.get('x-frame-options')).toBe('DENY');
    expect(page.headers.get('cache-control')).toBe('no-store');
    expect(page.headers.get('x-powered-by')).toBeNull();

    const script = /src="(static\/js\/main\.[^"]+\.js)"/.exec(page.text)![1];
    const asset = await call(`/admin/queues/${script}`, { cookie });
    expect(asset.status).toBe(200);
    expect(asset.headers.get('content-type')).toMatch(/javascript/);
    // Assets are behind the session too.
    expect((await call(`/admin/queues/${script}`)).status).toBe(401);

    const api = await call('/admin/queues/api/queues?activeQueue=sync&status=delayed&page=1&jobsPerPage=50', { cookie });
    expect(api.status).toBe(200);
    expect(api.json.queues.map((q: { name: string }) => q.name).sort()).toEqual(['attention', 'sync', 'webhooks']);
    const sync = api.json.queues.find((q: { name: string }) => q.name === 'sync');
    expect(sync.counts.delayed).toBeGreaterThanOrEqual(1);
    const job = sync.jobs.find((j: { id: string }) => j.id === jobId);
    expect(job.data).toEqual(expect.objectContaining({ resource: 'ORDERS', reason: 'manual' }));
    await syncQueue().remove(jobId);
  });

  it('refuses actions that would rewrite what Packr relies on; allows the harmless ones', async () => {
    const { cookie } = await signIn(t.keys.owner);
    const add = await call('/admin/queues/api/queues/sync/add', { method: 'POST', cookie, body: { name: SYNC_JOB, data: {}, options: {} } });
    expect(add.status).toBe(403);
    const obliterate = await call('/admin/queues/api/queues/webhooks/obliterate', { method: 'PUT', cookie });
    expect(obliterate.status).toBe(403);

    const pause = await call('/admin/queues/api/queues/webhooks/pause', { method: 'PUT', cookie });
    expect(pause.status).toBe(200);
    expect(await (await import('../../jobs/webhook-queue.js')).webhookQueue().isPaused()).toBe(true);
    const resume = await call('/admin/queues/api/queues/webhooks/resume', { method: 'PUT', cookie });
    expect(resume.status).toBe(200);

    // A write carrying the cookie from another origin.
    const crossSite = await call('/admin/queues/api/queues/webhooks/pause', { method: 'PUT', cookie, origin: 'https://evil.example' });
    expect(crossSite.status).toBe(403);
  });

  it('signing out ends the session on the server: the same cookie no longer opens the board', async () => {
    const { cookie } = await signIn(t.keys.owner);
    expect((await call('/admin/queues/api/queues', { cookie })).status).toBe(200);
    const out = await call('/admin/session', { method: 'DELETE', cookie });
    expect(out.status).toBe(200);
    expect(out.headers.get('set-cookie')).toMatch(/^packr_admin_session=; Path=\/admin; Max-Age=0; HttpOnly; SameSite=Strict$/);
    const after = await call('/admin/queues/api/queues', { cookie });
    expect([after.status, after.json.error.message]).toEqual([401, 'The queue board session has ended']);

    // The board's own "Sign out" link does the same and goes back to the dashboard.
    const again = await signIn(t.keys.owner);
    const link = await call('/admin/sign-out', { cookie: again.cookie });
    expect([link.status, link.headers.get('location')]).toEqual([303, '/']);
    expect((await call('/admin/queues/api/queues', { cookie: again.cookie })).status).toBe(401);
  });

  it('re-checks the key on every request: revoked or demoted, the session stops working', async () => {
    const tenant = await makeTenant('Demote');
    operators = [t.threePLId, tenant.threePLId];
    const owner = await signIn(tenant.keys.owner);
    const admin = await signIn(tenant.keys.admin);
    expect((await call('/admin/queues/api/queues', { cookie: owner.cookie })).status).toBe(200);

    await db.apiKey.updateMany({ where: { threePLId: tenant.threePLId, revokedAt: null, user: { memberships: { some: { role: 'OWNER' } } } }, data: { revokedAt: new Date() } });
    const revoked = await call('/admin/queues/api/queues', { cookie: owner.cookie });
    expect([revoked.status, revoked.json.error.message]).toEqual([401, 'API key is invalid or revoked']);

    await db.membership.updateMany({ where: { threePLId: tenant.threePLId, role: 'ADMIN' }, data: { role: 'OPERATOR' } });
    const demoted = await call('/admin/queues/api/queues', { cookie: admin.cookie });
    expect(demoted.status).toBe(403);
    // That session is over for good, even if the role came back.
    await db.membership.updateMany({ where: { threePLId: tenant.threePLId, role: 'OPERATOR', user: { email: { startsWith: 'admin-' } } }, data: { role: 'ADMIN' } });
    expect((await call('/admin/queues/api/queues', { cookie: admin.cookie })).status).toBe(401);
    operators = [t.threePLId];
  });

  it('a tampered cookie is refused', async () => {
    const { cookie } = await signIn(t.keys.owner);
    const [name, value] = cookie.split('=');
    const parts = value.split('.');
    parts[2] = randomUUID(); // another key id, same signature
    const res = await call('/admin/queues/api/queues', { cookie: `${name}=${parts.join('.')}` });
    expect([res.status, res.json.error.message]).toEqual([401, 'The queue board session is not valid']);
  });
});

describe('queue board: failed attempts', () => {
  it('refused keys and forged cookies count toward the per-address limit; then 429', async () => {
    const limited = buildApp({ limits: { authFailuresPerMinute: 3, authLimiterName: `admin-test-${randomUUID()}` }, admin: { operatorTenants: () => operators } });
    const { url: base } = await limited.start(0, '127.0.0.1');
    try {
      const post = (key: string) => fetch(`${base}/admin/session`, { method: 'POST', headers: { authorization: `Bearer ${key}` } });
      const forged = () => fetch(`${base}/admin/queues/api/queues`, { headers: { cookie: `packr_admin_session=v1.${randomUUID()}.${randomUUID()}.9999999999999.AAAA` } });
      expect((await post('pk_AAAAAAAA_BBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBB')).status).toBe(401);
      expect((await forged()).status).toBe(401);
      expect((await forged()).status).toBe(401);
      const over = await forged();
      expect(over.status).toBe(429);
      expect(Number(over.headers.get('retry-after'))).toBeGreaterThan(0);
      // Once over, even a valid key is turned away until the window ends.
      expect((await post(t.keys.owner)).status).toBe(429);
    } finally {
      await limited.stop();
    }
  });
});

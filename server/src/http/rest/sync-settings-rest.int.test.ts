// REST for sync settings and the rate-limit budget in health, against the real app over HTTP with
// the sandbox as Trackstar and real workers: GET/PUT .../sync-settings by role, bad bodies (400),
// refused values (422 with a message per field), a change applied to Redis at once; every answer
// is checked against the OpenAPI document. The budget Trackstar states (either header spelling)
// shows in GET .../health.
import { randomUUID } from 'node:crypto';
import { encodeGlobalID } from '@pothos/plugin-relay';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { forgetCachedViewers } from '../../auth/viewer.js';
import { closeChangePublisher } from '../../changes/change-log.js';
import { db } from '../../db.js';
import { env } from '../../env.js';
import { closeSyncQueue, syncKey, syncQueue } from '../../jobs/queues.js';
import { addUser } from '../../services/tenants.js';
import { TrackstarClient } from '../../trackstar/client.js';
import { readBudget } from '../../trackstar/rate-limit-budget.js';
import { startWorkers, type RunningWorkers } from '../../worker.js';
import { makeTenant, type TenantFixture } from '../../../test/fixtures.js';
import { validate } from '../../../test/support/json-schema-subset.js';
import { retireSync, startTestSandbox, syncsSettled } from '../../../test/support/sync-harness.js';
import { createSandbox } from '../../../../sandbox/src/server.js';
import { buildApp, type App } from '../app.js';
import { httpRoutes } from '../routes.js';
import { openApiDocument } from './openapi.js';

const BASE = '/api/brands/{brandId}/integrations/trackstar';
const SETTINGS = `${BASE}/sync-settings`;
const HEALTH = `${BASE}/health`;
const doc = JSON.parse(JSON.stringify(openApiDocument())) as any;

let sb: Awaited<ReturnType<typeof startTestSandbox>>;
let app: App;
let url = '';
let workers: RunningWorkers;
let tenant: TenantFixture;
let other: TenantFixture;
let keys: Record<Caller, string | null>;
let gid = '';
let integrationId = '';

type Caller = 'owner' | 'admin' | 'operator' | 'viewer' | 'otherTenant' | 'none';

/** Sends, and checks the answer is JSON of a documented status that validates against its documented schema. */
async function api(method: string, template: string, opts: { brand: string; key: string | null; body?: unknown; raw?: string }) {
  const headers: Record<string, string> = {};
  if (opts.key) headers.authorization = `Bearer ${opts.key}`;
  const payload = opts.raw ?? (opts.body === undefined ? undefined : JSON.stringify(opts.body));
  if (payload !== undefined) headers['content-type'] = 'application/json';
  const res = await fetch(`${url}${template.replace('{brandId}', encodeURIComponent(opts.brand))}`, { method, headers, body: payload });
  const text = await res.text();
  const body = JSON.parse(text);
  const response = doc.paths[template][method.toLowerCase()].responses[String(res.status)];
  expect(response, `${method} ${template} answered an undocumented ${res.status}: ${text}`).toBeDefined();
  expect(validate(doc, response.content['application/json'].schema, body), `${method} ${template} ${res.status}: ${text}`).toEqual([]);
  return { status: res.status, body };
}

beforeAll(async () => {
  sb = await startTestSandbox({ orders: 60, products: 20 });
  app = buildApp({ plugins: httpRoutes().plugins });
  url = (await app.start(0, '127.0.0.1')).url;
  workers = await startWorkers({ sync: { busyRetryMs: 200, lockDurationMs: 5_000 } });
  tenant = await makeTenant('RestSettings');
  other = await makeTenant('RestSettingsOther');
  const viewerOfA = await addUser({ threePLId: tenant.threePLId, email: `viewer-a-${randomUUID().slice(0, 8)}@example.test`, role: null, brandIds: [tenant.brandA.id] });
  forgetCachedViewers();
  keys = { owner: tenant.keys.owner, admin: tenant.keys.admin, operator: tenant.keys.operator, viewer: viewerOfA.apiKey, otherTenant: other.keys.owner, none: null };

  gid = encodeGlobalID('Brand', tenant.brandA.id);
  const link = await api('POST', `${BASE}/link-token`, { brand: gid, key: keys.owner });
  const code = await sb.authorize(link.body.linkToken);
  const since = new Date();
  const exchanged = await api('POST', `${BASE}/exchange`, { brand: gid, key: keys.owner, body: { authCode: code } });
  expect(exchanged.status).toBe(200);
  integrationId = exchanged.body.id;
  await syncsSettled(integrationId, since);
}, 60_000);

afterAll(async () => {
  await workers?.close();
  await retireSync([integrationId]);
  await closeSyncQueue();
  await sb?.stop();
  await app?.stop();
  await closeChangePublisher();
});

describe('REST: sync settings', () => {
  it('GET and PUT answer OWNER and ADMIN; operators and brand viewers get 403, other tenants 404, no key 401', async () => {
    const expected: Record<Caller, number> = { owner: 200, admin: 200, operator: 403, viewer: 403, otherTenant: 404, none: 401 };
    for (const method of ['GET', 'PUT']) {
      const seen: Record<string, number> = {};
      for (const caller of Object.keys(expected) as Caller[]) {
        seen[caller] = (await api(method, SETTINGS, { brand: gid, key: keys[caller], body: method === 'PUT' ? {} : undefined })).status;
      }
      expect({ method, seen }).toEqual({ method, seen: expected });
    }
    const read = await api('GET', SETTINGS, { brand: tenant.brandA.id, key: keys.admin });
    expect(read.body).toMatchObject({ integrationId, brandId: gid, brandUuid: tenant.brandA.id, backfillDays: 30 });
    expect(read.body.resources.find((r: { resource: string }) => r.resource === 'ORDERS')).toMatchObject({
      functionName: 'get_orders', preset: 'NEAR_REAL_TIME', everySeconds: 300, paused: false, pausedBy: null, status: 'SUCCEEDED',
      supportedFilters: ['channels', 'orderTypes', 'warehouseCustomerIds'], filters: { warehouseIds: [], channels: [], orderTypes: [], warehouseCustomerIds: [] },
    });
    const never = await api('GET', SETTINGS, { brand: encodeGlobalID('Brand', tenant.brandB.id), key: keys.owner });
    expect(never).toMatchObject({ status: 404, body: { error: { code: 'NOT_FOUND', message: expect.stringMatching(/never been connected/) } } });
  });

  it('PUT applies a change at once: the scheduler in Redis has the new interval when the answer arrives', async () => {
    const res = await api('PUT', SETTINGS, { brand: gid, key: keys.owner, body: { resources: [{ resource: 'INVENTORY', preset: 'CUSTOM', everySeconds: 600 }, { resource: 'PRODUCTS', preset: 'TRACKSTAR_DEFAULTS' }] } });
    expect(res.status).toBe(200);
    expect(res.body.resources.find((r: { resource: string }) => r.resource === 'INVENTORY')).toMatchObject({ preset: 'CUSTOM', everySeconds: 600, customEverySeconds: 600 });
    expect(Number((await syncQueue().getJobScheduler(syncKey(integrationId, 'INVENTORY')))?.every)).toBe(600_000);
    expect(Number((await syncQueue().getJobScheduler(syncKey(integrationId, 'PRODUCTS')))?.every)).toBe(3_600_000);
    // GET shows the same.
    const read = await api('GET', SETTINGS, { brand: gid, key: keys.owner });
    expect(read.body.resources.find((r: { resource: string }) => r.resource === 'PRODUCTS')).toMatchObject({ preset: 'TRACKSTAR_DEFAULTS', everySeconds: 3600 });
  });

  it('refuses bodies of the wrong shape with 400 and refused values with 422 and a message per field, changing nothing', async () => {
    const before = await db.brandIntegration.findUniqueOrThrow({ where: { id: integrationId }, select: { config: true } });
    const bad: [string, RegExp][] = [
      ['[]', /must be a JSON object/],
      ['{"resources": "all"}', /resources: /],
      ['{"backfillDays": "30"}', /backfillDays: /],
      ['{"resources": [{"resource": "PARCELS"}]}', /resources\.0\.resource/],
      ['{"resources": [{"resource": "ORDERS", "colour": "red"}]}', /colour/],
      ['{"schedule": "often"}', /schedule/],
      ['{"resources": [{"resource": "ORDERS", "filters": {"channels": "ch_a"}}]}', /resources\.0\.filters\.channels/],
      ['not json', /not valid JSON/],
    ];
    for (const [raw, message] of bad) {
      const res = await api('PUT', SETTINGS, { brand: gid, key: keys.owner, raw });
      expect({ raw, status: res.status }).toEqual({ raw, status: 400 });
      expect(res.body.error.message).toMatch(message);
    }
    const refused = await api('PUT', SETTINGS, {
      brand: gid, key: keys.admin,
      body: { backfillDays: 0, resources: [{ resource: 'ORDERS', everySeconds: 600 }, { resource: 'INBOUND_SHIPMENTS', filters: { warehouseIds: Array.from({ length: 101 }, (_, i) => `wh_${i}`) } }] },
    });
    expect(refused.status).toBe(422);
    expect(refused.body.error).toMatchObject({ code: 'UNPROCESSABLE', message: expect.stringMatching(/^Invalid sync settings: /) });
    expect(refused.body.error.fields).toEqual([
      { field: 'backfillDays', message: expect.stringMatching(/from 1 to 1098; got 0/) },
      { field: 'resources.ORDERS.everySeconds', message: expect.stringMatching(/only to the CUSTOM schedule; ORDERS uses NEAR_REAL_TIME/) },
      { field: 'resources.INBOUND_SHIPMENTS.filters.warehouseIds', message: expect.stringMatching(/At most 100 values/) },
    ]);
    expect(await db.brandIntegration.findUniqueOrThrow({ where: { id: integrationId }, select: { config: true } })).toEqual(before);
  });

  it('health shows the read and write budgets Trackstar stated for the connection', async () => {
    // A sync request asks Trackstar to crawl the WMS (a write) besides the reads of the runs.
    expect((await api('POST', `${BASE}/sync`, { brand: gid, key: keys.operator, body: { functionsToSync: ['get_warehouses'] } })).status).toBe(202);
    const res = await api('GET', HEALTH, { brand: gid, key: keys.viewer });
    expect(res.body.rateLimit).toMatchObject({ limit: 10, remaining: expect.any(Number), resetsAt: expect.any(String), observedAt: expect.any(String) });
    expect(Date.now() - Date.parse(res.body.rateLimit.observedAt)).toBeLessThan(60_000);
    expect(res.body.writeRateLimit).toMatchObject({ limit: 50 });
    // A brand never connected has none.
    const none = await api('GET', HEALTH, { brand: encodeGlobalID('Brand', tenant.brandB.id), key: keys.owner });
    expect(none.body).toMatchObject({ rateLimit: null, writeRateLimit: null });
  });

  it('reads the older x-rate-limit-* spelling too', async () => {
    const legacy = createSandbox({ seed: randomUUID(), orders: 5, products: 5, log: false, webhookUrl: null, rateLimitHeaderStyle: 'legacy', rateLimit: { read: 7, write: 20 } });
    const { url: legacyUrl } = await legacy.start(0);
    const redis = new Redis(env.REDIS_URL);
    try {
      const connection = legacy.connect('sandbox');
      const client = new TrackstarClient({ baseUrl: legacyUrl, apiKey: legacy.apiKey }, redis);
      const before = Date.now();
      await client.listPage(connection.access_token, '/wms/warehouses', {}, null);
      const budget = await (async () => {
        // Recorded without waiting for Redis (fire and forget): give the write a moment.
        for (let i = 0; i < 50; i++) {
          const b = await readBudget(redis, 'read', connection.access_token);
          if (b) return b;
          await new Promise((r) => setTimeout(r, 20));
        }
        return null;
      })();
      expect(budget).toMatchObject({ limit: 7, remaining: expect.any(Number) });
      expect(budget!.remaining).toBeLessThan(7);
      expect(budget!.observedAt.getTime()).toBeGreaterThanOrEqual(before - 1_000);
      expect(budget!.resetsAt).toBeInstanceOf(Date);
      expect(await readBudget(redis, 'write', connection.access_token)).toBeNull();
    } finally {
      redis.disconnect();
      await legacy.stop();
    }
  });
});

// The REST routes under /api against a real app over HTTP, the sandbox as Trackstar, workers
// syncing for real: the Link flow end to end, every route's role matrix, brand id forms, bad
// input, unknown routes and methods, the refused-key limit, and the OpenAPI document held against
// the router and against real answers (every answer of every call here must be a documented
// status whose documented schema it validates).
import { randomUUID } from 'node:crypto';
import { encodeGlobalID } from '@pothos/plugin-relay';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { forgetCachedViewers } from '../../auth/viewer.js';
import { closeChangePublisher } from '../../changes/change-log.js';
import { db } from '../../db.js';
import { closeSyncQueue } from '../../jobs/queues.js';
import { addUser } from '../../services/tenants.js';
import { SYNC_FUNCTION_NAMES } from '../../services/sync-functions.js';
import { SYNC_RESOURCES } from '../../sync/resources.js';
import { configureTrackstar } from '../../trackstar/client.js';
import { startWorkers, type RunningWorkers } from '../../worker.js';
import { gql, makeTenant, type TenantFixture } from '../../../test/fixtures.js';
import { assertSupported, validate } from '../../../test/support/json-schema-subset.js';
import { retireSync, startTestSandbox, syncsSettled, waitFor } from '../../../test/support/sync-harness.js';
import { envelope, inventoryRecord, signDelivery, TEST_WEBHOOK_SECRET, waitForEvent } from '../../../test/support/webhooks.js';
import { buildApp, type App } from '../app.js';
import { httpRoutes } from '../routes.js';
import { trackstarWebhookRoute, WEBHOOK_PATH } from '../webhooks/trackstar.js';
import { INTEGRATION_ROUTES } from './integration-routes.js';
import { openApiDocument } from './openapi.js';
import { WRITE_ROUTES } from './write-routes.js';

const BASE = '/api/brands/{brandId}/integrations/trackstar';
const LINK = `${BASE}/link-token`;
const EXCHANGE = `${BASE}/exchange`;
const SYNC = `${BASE}/sync`;
const HEALTH = `${BASE}/health`;
// Plain JSON, as a client sees it: the document typed loosely for lookups by string.
const doc = JSON.parse(JSON.stringify(openApiDocument())) as any;

let sb: Awaited<ReturnType<typeof startTestSandbox>>;
let app: App;
let url = '';
let workers: RunningWorkers;
let tenant: TenantFixture;
let other: TenantFixture;
let keys: Record<Caller, string | null>;
const integrationIds: string[] = [];

type Caller = 'owner' | 'admin' | 'operator' | 'viewer' | 'otherBrandViewer' | 'otherTenant' | 'none' | 'revoked' | 'readOnlyOwner';
type Answer = { status: number; body: any; headers: Headers };

/** Fills {brandId}, sends, and checks the answer is JSON of a documented status matching its documented schema. */
async function api(method: string, template: string, opts: { brand: string; key?: string | null; body?: unknown; raw?: string; headers?: Record<string, string> }): Promise<Answer> {
  const path = template.replace('{brandId}', encodeURIComponent(opts.brand));
  const headers: Record<string, string> = { ...opts.headers };
  if (opts.key) headers.authorization = `Bearer ${opts.key}`;
  const payload = opts.raw ?? (opts.body === undefined ? undefined : JSON.stringify(opts.body));
  if (payload !== undefined) headers['content-type'] = 'application/json';
  const res = await fetch(`${url}${path}`, { method, headers, body: payload });
  const text = await res.text();
  expect(res.headers.get('content-type')).toMatch(/^application\/json/);
  expect(res.headers.get('x-request-id')).toBeTruthy();
  const body = JSON.parse(text);
  const operation = doc.paths[template]?.[method.toLowerCase()];
  expect(operation, `${method} ${template} is not documented`).toBeDefined();
  const response = operation.responses[String(res.status)];
  expect(response, `${method} ${template} answered an undocumented ${res.status}: ${text}`).toBeDefined();
  expect(validate(doc, response.content['application/json'].schema, body), `${method} ${template} ${res.status}: ${text}`).toEqual([]);
  return { status: res.status, body, headers: res.headers };
}

/** The same request as each caller; every answer is checked against the expected status (and documented, by api()). */
async function expectMatrix(method: string, template: string, brand: string, expected: Partial<Record<Caller, number>>, body?: unknown) {
  const seen: Record<string, number> = {};
  for (const caller of Object.keys(expected) as Caller[]) {
    const res = await api(method, template, { brand, key: keys[caller], body });
    seen[caller] = res.status;
    if (res.status === 401) expect(res.headers.get('www-authenticate')).toBe('Bearer');
    if (res.status === 404) expect(res.body.error).toEqual({ code: 'NOT_FOUND', message: 'Brand not found' });
  }
  expect(seen).toEqual(expected);
}

const errorSchema = { $ref: '#/components/schemas/Error' };

beforeAll(async () => {
  sb = await startTestSandbox({ orders: 80, products: 30 });
  // httpRoutes()'s health and static plugins, with a webhook receiver on a known test secret.
  app = buildApp({ plugins: httpRoutes().plugins, nodeRoutes: [trackstarWebhookRoute({ secrets: [TEST_WEBHOOK_SECRET], limiterName: `rest-webhooks-${randomUUID()}` })] });
  url = (await app.start(0, '127.0.0.1')).url;
  workers = await startWorkers({ sync: { busyRetryMs: 200, lockDurationMs: 5_000 } });
  tenant = await makeTenant('Rest');
  other = await makeTenant('RestOther');
  const tag = randomUUID().slice(0, 8);
  const viewerOfB = await addUser({ threePLId: tenant.threePLId, email: `viewer-b-${tag}@example.test`, role: null, brandIds: [tenant.brandB.id] });
  const revoked = await addUser({ threePLId: tenant.threePLId, email: `revoked-${tag}@example.test`, role: 'OWNER' });
  await db.apiKey.update({ where: { id: revoked.apiKeyId }, data: { revokedAt: new Date() } });
  // An OWNER's key with the read_only scope: reads like the owner, writes nothing.
  const readOnly = await addUser({ threePLId: tenant.threePLId, email: `read-only-${tag}@example.test`, role: 'OWNER' });
  await db.apiKey.update({ where: { id: readOnly.apiKeyId }, data: { scopes: ['read_only'] } });
  forgetCachedViewers();
  keys = {
    owner: tenant.keys.owner, admin: tenant.keys.admin, operator: tenant.keys.operator,
    // "viewer" reads brand B (the matrix's brand); "otherBrandViewer" reads only brand A.
    viewer: viewerOfB.apiKey, otherBrandViewer: tenant.keys.viewer,
    otherTenant: other.keys.owner, none: null, revoked: revoked.apiKey, readOnlyOwner: readOnly.apiKey,
  };
});

afterAll(async () => {
  await workers?.close();
  await retireSync(integrationIds);
  await closeSyncQueue();
  await sb?.stop();
  await app?.stop();
  await closeChangePublisher();
});

describe('REST: a brand\'s Trackstar integration', () => {
  it('link-token -> exchange -> GET -> sync -> health -> DELETE, with the data kept', async () => {
    const brandId = tenant.brandA.id;
    const gid = encodeGlobalID('Brand', brandId);

    const never = await api('GET', BASE, { brand: gid, key: keys.owner });
    expect(never.status).toBe(404);
    expect(never.body.error.message).toMatch(/never been connected/);
    const emptyHealth = await api('GET', HEALTH, { brand: gid, key: keys.otherBrandViewer });
    expect(emptyHealth.status).toBe(200);
    expect(emptyHealth.body).toMatchObject({ brandId: gid, brandUuid: brandId, status: null, integrationId: null, resources: [], queues: null });

    const link = await api('POST', LINK, { brand: brandId, key: keys.owner });
    expect(link.status).toBe(200);
    const code = await sb.authorize(link.body.linkToken);

    const since = new Date();
    const exchanged = await api('POST', EXCHANGE, { brand: gid, key: keys.admin, body: { authCode: code } });
    expect(exchanged.status).toBe(200);
    const integration = exchanged.body;
    expect(integration).toMatchObject({ brandId: gid, brandUuid: brandId, provider: 'TRACKSTAR', status: 'ACTIVE', integrationName: 'sandbox', lastError: null });
    expect(integration.availableActions).toEqual(expect.arrayContaining(['get_orders', 'get_inventory']));
    expect(integration.syncStates.map((s: { resource: string }) => s.resource)).toEqual([...SYNC_RESOURCES]);
    expect(integration.syncStates.every((s: { status: string }) => s.status !== 'PAUSED')).toBe(true);
    integrationIds.push(integration.id);
    // The access token is stored, and never answered.
    const token = (await sb.admin('GET', `/sandbox/connections/${integration.connectionId}/state`)).json.access_token;
    expect(typeof token).toBe('string');
    expect(JSON.stringify(integration)).not.toContain(token);

    // The backfill the exchange started, run by the workers.
    await syncsSettled(integration.id, since);
    const read = await api('GET', BASE, { brand: brandId.toUpperCase(), key: keys.otherBrandViewer });
    expect(read.status).toBe(200);
    expect(read.body.lastSyncedAt).toEqual(expect.any(String));
    expect(read.body.syncStates.every((s: { status: string; lastSucceededAt: string | null }) => s.status === 'SUCCEEDED' && s.lastSucceededAt)).toBe(true);
    const orders = read.body.syncStates.find((s: { resource: string }) => s.resource === 'ORDERS');
    const storedOrders = await db.order.count({ where: { brandId } });
    expect(storedOrders).toBeGreaterThan(0);
    expect(orders).toMatchObject({ functionName: 'get_orders', recordsStored: storedOrders, inProgress: false });

    // A webhook for the connection, through the real receiver and webhook worker.
    const delivery = signDelivery(envelope('inventory.updated', integration.connectionId, inventoryRecord(`inv_rest_${randomUUID().slice(0, 6)}`, 7, new Date().toISOString())));
    const received = await fetch(`${url}${WEBHOOK_PATH}`, { method: 'POST', headers: delivery.headers, body: delivery.body });
    expect(received.status).toBe(202);
    expect((await waitForEvent(delivery.id)).status).toBe('PROCESSED');

    const syncFrom = new Date();
    const started = await api('POST', SYNC, { brand: gid, key: keys.operator, body: { functionsToSync: ['get_shipments', 'get_inventory', 'get_orders'] } });
    expect(started.status).toBe(202);
    expect(started.body.syncStates.map((s: { resource: string }) => s.resource)).toEqual(['INVENTORY', 'ORDERS']);
    const crawl = await waitFor('force sync upstream', async () => sb.requests.find((r) => r.method === 'POST' && r.path === '/connections/sync' && r.at >= syncFrom.getTime()));
    expect(crawl.status).toBe(200);
    await waitFor('orders and inventory synced again', async () =>
      (await db.syncState.count({ where: { integrationId: integration.id, resource: { in: ['ORDERS', 'INVENTORY'] }, status: 'SUCCEEDED', runStartedAt: null, lastSucceededAt: { gte: syncFrom } } })) === 2);

    // Settled: only sync runs write orders, and none is left.
    const ordersNow = await db.order.count({ where: { brandId } });
    const health = await api('GET', HEALTH, { brand: gid, key: keys.otherBrandViewer });
    expect(health.status).toBe(200);
    expect(health.body).toMatchObject({ brandId: gid, integrationId: integration.id, status: 'ACTIVE', lastError: null });
    expect(health.body.lastWebhookAt).toEqual(expect.any(String));
    expect(health.body.resources.map((r: { resource: string }) => r.resource).sort()).toEqual([...SYNC_RESOURCES].sort());
    expect(health.body.resources.find((r: { resource: string }) => r.resource === 'ORDERS')).toMatchObject({ functionName: 'get_orders', status: 'SUCCEEDED', records: ordersNow });
    // Eight backfill runs and the two manual ones finished and are kept by the queue; none failed.
    expect(health.body.queues.sync.completed).toBeGreaterThanOrEqual(10);
    expect(health.body.queues.sync.failed).toBe(0);
    expect(health.body.queues.webhooks.completed).toBeGreaterThanOrEqual(1);
    expect(health.body.recentWebhooks).toEqual(expect.arrayContaining([expect.objectContaining({ deliveryId: delivery.id, eventType: 'inventory.updated', status: 'PROCESSED', error: null })]));
    expect(health.body.webhookLag.samples).toBeGreaterThanOrEqual(1);

    const deleteFrom = Date.now();
    const disconnected = await api('DELETE', BASE, { brand: brandId, key: keys.owner });
    expect(disconnected.status).toBe(200);
    expect(disconnected.body).toMatchObject({ id: integration.id, status: 'DISCONNECTED', connectionId: integration.connectionId });
    expect(disconnected.body.disconnectedAt).toEqual(expect.any(String));
    expect(disconnected.body.syncStates.every((s: { status: string }) => s.status === 'PAUSED')).toBe(true);
    expect(sb.requests.some((r) => r.method === 'DELETE' && r.path === '/connections' && r.at >= deleteFrom && r.status === 200)).toBe(true);
    // Data kept, and readable.
    expect(await db.order.count({ where: { brandId } })).toBe(ordersNow);
    expect((await api('GET', BASE, { brand: gid, key: keys.otherBrandViewer })).body).toMatchObject({ status: 'DISCONNECTED', syncStates: expect.arrayContaining([expect.objectContaining({ resource: 'ORDERS', recordsStored: ordersNow })]) });

    // Nothing left to disconnect or sync: 409.
    const again = await api('DELETE', BASE, { brand: gid, key: keys.owner });
    expect(again).toMatchObject({ status: 409, body: { error: { code: 'NOT_CONNECTED' } } });
    const syncDisconnected = await api('POST', SYNC, { brand: gid, key: keys.owner });
    expect(syncDisconnected).toMatchObject({ status: 409, body: { error: { code: 'NOT_CONNECTED' } } });
  });

  it('answers every route by role: owner, admin, operator, brand viewer, viewer of another brand, other tenant, no key, revoked key, read-only key', async () => {
    const brandId = tenant.brandB.id;
    const gid = encodeGlobalID('Brand', brandId);
    const denied = { otherBrandViewer: 404, otherTenant: 404, none: 401, revoked: 401 } as const;

    await expectMatrix('POST', LINK, gid, { owner: 200, admin: 200, operator: 403, viewer: 403, readOnlyOwner: 403, ...denied });

    // Refused callers never reach the exchange (a code that would fail upstream shows who got through).
    await expectMatrix('POST', EXCHANGE, gid, { operator: 403, viewer: 403, ...denied }, { authCode: 'never-exchanged' });
    expect(await db.brandIntegration.count({ where: { brandId } })).toBe(0);
    // OWNER and ADMIN connect (a WMS without returns), the second one reinstalling the same connection.
    let connectionId = '';
    for (const caller of ['admin', 'owner'] as const) {
      const link = await api('POST', LINK, { brand: brandId, key: keys[caller] });
      const code = await sb.authorize(link.body.linkToken, 'shipbob-sim');
      const res = await api('POST', EXCHANGE, { brand: gid, key: keys[caller], body: { authCode: code } });
      expect({ caller, status: res.status }).toEqual({ caller, status: 200 });
      expect(res.body).toMatchObject({ status: 'ACTIVE', integrationName: 'shipbob-sim' });
      if (connectionId) expect(res.body.connectionId).toBe(connectionId);
      connectionId = res.body.connectionId;
      integrationIds.push(res.body.id);
    }

    await expectMatrix('GET', BASE, gid, { owner: 200, admin: 200, operator: 200, viewer: 200, readOnlyOwner: 200, ...denied });
    await expectMatrix('GET', HEALTH, gid, { owner: 200, admin: 200, operator: 200, viewer: 200, readOnlyOwner: 200, ...denied });
    await expectMatrix('POST', SYNC, gid, { owner: 202, admin: 202, operator: 202, viewer: 403, readOnlyOwner: 403, ...denied }, { functionsToSync: ['get_products'] });
    // A function this WMS does not offer: well-formed, refused by the service.
    const returns = await api('POST', SYNC, { brand: gid, key: keys.operator, body: { functionsToSync: ['get_returns'] } });
    expect(returns.status).toBe(422);
    expect(returns.body.error).toEqual({ code: 'UNPROCESSABLE', message: 'Not synced for this connection: RETURNS' });

    // Let the runs finish first (read through the health route itself): a disconnect is then the only change.
    await waitFor('brand B syncs idle', async () => {
      const h = (await api('GET', HEALTH, { brand: gid, key: keys.viewer })).body;
      const idle = h.resources.every((r: { status: string; inProgress: boolean }) => !r.inProgress && (r.status === 'SUCCEEDED' || r.status === 'PAUSED'));
      return idle && h.queues && h.queues.sync.waiting + h.queues.sync.active === 0;
    });
    await expectMatrix('DELETE', BASE, gid, { operator: 403, viewer: 403, readOnlyOwner: 403, ...denied });
    expect((await db.brandIntegration.findUniqueOrThrow({ where: { brandId } })).status).toBe('ACTIVE');
    await expectMatrix('DELETE', BASE, gid, { admin: 200, owner: 409 });
    expect((await db.brandIntegration.findUniqueOrThrow({ where: { brandId } })).status).toBe('DISCONNECTED');
  });

  it('takes the brand as global id or uuid; unknown, malformed, other-typed and foreign ids are all 404', async () => {
    const uuid = tenant.brandA.id;
    const byGid = await api('GET', BASE, { brand: encodeGlobalID('Brand', uuid), key: keys.owner });
    const byUuid = await api('GET', BASE, { brand: uuid, key: keys.owner });
    expect(byGid.status).toBe(200);
    // The *AgeSeconds fields are relative to now and may tick between the two calls.
    const stable = (b: any) => ({
      ...b,
      syncStates: b.syncStates.map(({ dataAgeSeconds: _data, confirmedAgeSeconds: _confirmed, ...rest }: any) => rest),
    });
    expect(stable(byUuid.body)).toEqual(stable(byGid.body));
    expect(byUuid.body).toMatchObject({ brandId: encodeGlobalID('Brand', uuid), brandUuid: uuid });

    const notFound = { status: 404, body: { error: { code: 'NOT_FOUND', message: 'Brand not found' } } };
    for (const brand of [randomUUID(), encodeGlobalID('Brand', randomUUID()), 'not-an-id', encodeGlobalID('Order', uuid), 'x'.repeat(300), other.brandA.id, encodeGlobalID('Brand', other.brandA.id)]) {
      expect({ brand, ...(await api('GET', HEALTH, { brand, key: keys.owner })) }).toMatchObject({ brand, ...notFound });
    }
    // Another tenant's key on this tenant's brand, both forms.
    for (const brand of [uuid, encodeGlobalID('Brand', uuid)]) expect(await api('POST', SYNC, { brand, key: keys.otherTenant })).toMatchObject(notFound);
  });

  it('refuses bad bodies (not JSON, not an object, unknown or mistyped properties, unknown function names, too large) and maps service failures (422, 502, 503)', async () => {
    const brand = encodeGlobalID('Brand', tenant.brandA.id);
    const bad = async (template: string, init: { raw?: string; body?: unknown }, status: number, message: RegExp) => {
      const res = await api('POST', template, { brand, key: keys.owner, ...init });
      expect({ status: res.status, message: res.body.error.message }).toEqual({ status, message: expect.stringMatching(message) });
      return res;
    };
    await bad(EXCHANGE, { raw: '{"authCode": ' }, 400, /not valid JSON/);
    await bad(EXCHANGE, { body: ['code'] }, 400, /must be a JSON object/);
    await bad(EXCHANGE, {}, 400, /authCode is required/);
    await bad(EXCHANGE, { body: { authCode: 42 } }, 400, /authCode is required/);
    await bad(EXCHANGE, { body: { authCode: 'c', auth_code: 'c' } }, 400, /Unknown properties: auth_code; allowed: authCode/);
    // Well-formed but refused by the service, and refused by Trackstar.
    await bad(EXCHANGE, { body: { authCode: '   ' } }, 422, /authCode must be a non-empty/);
    const upstream = await bad(EXCHANGE, { body: { authCode: 'made-up' } }, 502, /Trackstar code exchange failed: Trackstar 422/);
    expect(upstream.body.error.code).toBe('UPSTREAM_ERROR');

    const unknown = await bad(SYNC, { body: { functionsToSync: ['get_orders', 'get_bills', 'get_everything'] } }, 400, /Unknown Trackstar functions: get_bills, get_everything; valid: /);
    for (const name of SYNC_FUNCTION_NAMES) expect(unknown.body.error.message).toContain(name);
    expect(SYNC_FUNCTION_NAMES).toEqual(expect.arrayContaining(['get_orders', 'get_products', 'get_inventory', 'get_shipments', 'get_warehouses', 'get_warehouse_locations', 'get_shipping_methods', 'get_returns', 'get_inbound_shipments']));
    await bad(SYNC, { body: { functionsToSync: 'get_orders' } }, 400, /must be an array/);
    await bad(SYNC, { raw: 'functionsToSync=get_orders' }, 400, /not valid JSON/);

    // Trackstar not configured: 503, the service's own message.
    configureTrackstar(null);
    try {
      const unconfigured = await api('POST', LINK, { brand, key: keys.owner });
      expect(unconfigured).toMatchObject({ status: 503, body: { error: { code: 'NOT_CONFIGURED', message: 'Trackstar is not configured' } } });
    } finally {
      configureTrackstar({ baseUrl: sb.url, apiKey: sb.sandbox.apiKey });
    }

    // The GraphQL body limit applies to REST bodies too.
    const small = buildApp({ limits: { graphqlMaxBodyBytes: 1024 } });
    const smallUrl = (await small.start(0, '127.0.0.1')).url;
    try {
      const big = JSON.stringify({ authCode: 'x'.repeat(2048) });
      const path = EXCHANGE.replace('{brandId}', brand);
      const res = await fetch(`${smallUrl}${path}`, { method: 'POST', headers: { authorization: `Bearer ${keys.owner}`, 'content-type': 'application/json' }, body: big });
      const body = await res.json();
      expect(res.status).toBe(413);
      expect(validate(doc, doc.paths[EXCHANGE].post.responses['413'].content['application/json'].schema, body)).toEqual([]);
      expect(body.error.code).toBe('PAYLOAD_TOO_LARGE');
      const graphql = await fetch(`${smallUrl}/graphql`, { method: 'POST', headers: { authorization: `Bearer ${keys.owner}`, 'content-type': 'application/json' }, body: JSON.stringify({ query: `{ viewer { role } } # ${'x'.repeat(2048)}` }) });
      expect(graphql.status).toBe(413);
    } finally {
      await small.stop();
    }
  });

  it('answers unknown routes 404 and wrong methods 405 with Allow, as JSON, key or not; leaves the webhook path to its receiver', async () => {
    const gid = encodeGlobalID('Brand', tenant.brandA.id);
    const raw = async (method: string, path: string, key: string | null = keys.owner) => {
      const res = await fetch(`${url}${path}`, { method, headers: key ? { authorization: `Bearer ${key}` } : {} });
      const body = await res.json();
      expect(res.headers.get('content-type')).toMatch(/^application\/json/);
      expect(validate(doc, errorSchema, body)).toEqual([]);
      return { status: res.status, allow: res.headers.get('allow'), code: body.error.code as string, message: body.error.message as string };
    };
    for (const path of ['/api', '/api/', '/api/nope', `/api/brands/${gid}`, `/api/brands/${gid}/integrations/trackstar/nope`, `/api/brands/${gid}/integrations/trackstar/`, '/api/brands//integrations/trackstar']) {
      for (const key of [keys.owner, null]) expect({ path, ...(await raw('GET', path, key)) }).toMatchObject({ path, status: 404, code: 'NOT_FOUND', message: expect.stringContaining('/api/openapi.json') });
    }
    expect(await raw('PUT', `/api/brands/${gid}/integrations/trackstar`)).toMatchObject({ status: 405, allow: 'DELETE, GET', code: 'METHOD_NOT_ALLOWED' });
    expect(await raw('GET', `/api/brands/${gid}/integrations/trackstar/link-token`, null)).toMatchObject({ status: 405, allow: 'POST' });
    expect(await raw('DELETE', `/api/brands/${gid}/integrations/trackstar/health`)).toMatchObject({ status: 405, allow: 'GET' });
    expect(await raw('POST', '/api/openapi.json', null)).toMatchObject({ status: 405, allow: 'GET' });

    // Still the webhook receiver's: an unsigned delivery is its own refusal, not a REST 404.
    const hook = await fetch(`${url}${WEBHOOK_PATH}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
    expect(hook.status).toBe(400);
    expect((await hook.json()).error.code).toBe('MISSING_SIGNATURE_HEADERS');
  });

  it('answers 429 once an address has too many refused keys, sharing the count with GraphQL', async () => {
    const guarded = buildApp({ limits: { authFailuresPerMinute: 2, authLimiterName: `rest-auth-${randomUUID()}`, trustedProxyHops: 1 } });
    const guardedUrl = (await guarded.start(0, '127.0.0.1')).url;
    const address = `10.9.${Math.floor(Math.random() * 250)}.${Math.floor(Math.random() * 250)}`;
    const path = HEALTH.replace('{brandId}', tenant.brandA.id);
    const ask = (key: string) => fetch(`${guardedUrl}${path}`, { headers: { authorization: `Bearer ${key}`, 'x-forwarded-for': address } });
    try {
      expect((await ask(keys.owner!)).status).toBe(200);
      expect((await ask('pk_wrong')).status).toBe(401);
      expect((await ask(keys.revoked!)).status).toBe(401);
      const limited = await ask('pk_wrong');
      expect(limited.status).toBe(429);
      expect(Number(limited.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
      const body = await limited.json();
      expect(validate(doc, doc.paths[HEALTH].get.responses['429'].content['application/json'].schema, body)).toEqual([]);
      expect(body.error.code).toBe('RATE_LIMITED');
      // Locked out: a right key is not even looked at, over REST or GraphQL.
      expect((await ask(keys.owner!)).status).toBe(429);
      const graphql = await fetch(`${guardedUrl}/graphql`, { method: 'POST', headers: { authorization: `Bearer ${keys.owner}`, 'content-type': 'application/json', 'x-forwarded-for': address }, body: JSON.stringify({ query: '{ viewer { role } }' }) });
      expect(graphql.status).toBe(429);
      // Other addresses are not affected.
      const elsewhere = await fetch(`${guardedUrl}${path}`, { headers: { authorization: `Bearer ${keys.owner}`, 'x-forwarded-for': '10.8.0.1' } });
      expect(elsewhere.status).toBe(200);
    } finally {
      await guarded.stop();
    }
  });
});

describe('REST: the OpenAPI document', () => {
  const documented = () =>
    Object.entries(doc.paths as Record<string, Record<string, unknown>>).flatMap(([path, item]) =>
      Object.keys(item).filter((k) => ['get', 'post', 'put', 'patch', 'delete'].includes(k)).map((m) => `${m.toUpperCase()} ${path}`)).sort();

  it('is served without a key as OpenAPI 3.1, with every schema resolvable by the checker', async () => {
    const res = await fetch(`${url}/api/openapi.json`);
    expect(res.status).toBe(200);
    const served = await res.json();
    expect(served).toEqual(doc);
    expect(served.openapi).toBe('3.1.0');
    for (const [name, schema] of Object.entries(doc.components.schemas)) expect(() => assertSupported(schema, name)).not.toThrow();
    for (const op of documented()) {
      const [method, path] = op.split(' ');
      for (const [status, response] of Object.entries(doc.paths[path][method.toLowerCase()].responses as Record<string, any>)) {
        const schema = response.content['application/json'].schema;
        expect(() => assertSupported(schema, `${op} ${status}`)).not.toThrow();
        // Every $ref names a schema that exists.
        if (schema.$ref) expect(doc.components.schemas[schema.$ref.split('/').pop()], `${op} ${status}`).toBeDefined();
      }
    }
  });

  it('documents exactly the routed operations, and each documented one is routed over HTTP', async () => {
    const allRoutes = [...INTEGRATION_ROUTES, ...WRITE_ROUTES];
    const routed = allRoutes.map((r) => `${r.method} ${r.path}`).sort();
    expect(documented()).toEqual(routed);
    const ids = (list: { operationId: string }[]) => list.map((o) => o.operationId).sort();
    const documentedOps = documented().map((op) => { const [m, p] = op.split(' '); return doc.paths[p][m.toLowerCase()]; });
    expect(ids(documentedOps)).toEqual(ids(allRoutes));

    const gid = encodeGlobalID('Brand', tenant.brandB.id);
    const byPath = new Map<string, string[]>();
    for (const op of documented()) {
      const [method, path] = op.split(' ');
      byPath.set(path, [...(byPath.get(path) ?? []), method]);
      // Without a key: routed operations answer 401 (or 200 when public), never 404/405.
      const res = await api(method, path, { brand: gid, key: null });
      expect({ op, status: res.status }).toEqual({ op, status: path === '/api/openapi.json' ? 200 : 401 });
    }
    // Any other method on a documented path is 405, and Allow lists exactly the documented ones.
    for (const [path, methods] of byPath) {
      const res = await fetch(`${url}${path.replace('{brandId}', gid)}`, { method: 'PATCH' });
      expect(res.status).toBe(405);
      expect(res.headers.get('allow')).toBe([...methods].sort().join(', '));
    }
  });
});

// The 3PL's Link filter (integrationsWithEndpoints) over GraphQL: its default, validation and
// per-tenant independence; Trackstar's WMS catalogue from the sandbox measured against it, cached
// in Redis under Trackstar's one-call-a-minute limit; and connect links carrying it to the sandbox,
// whose link page then refuses integrations that lack a required function.
import { encodeGlobalID } from '@pothos/plugin-relay';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { gql, makeTenant, type TenantFixture } from '../../test/fixtures.js';
import { startTestSandbox } from '../../test/support/sync-harness.js';
import { env } from '../env.js';
import { buildApp, type App } from '../http/app.js';
import { trackstar } from '../trackstar/client.js';
import { DEFAULT_REQUIRED_FUNCTIONS } from './integration-filter.js';
import { closeWmsIntegrationsCache } from './wms-integrations.js';

const FILTER = '{ integrationFilter { integrationsWithEndpoints isDefault defaultFunctions availableFunctions updatedAt } }';
const UPDATE = 'mutation ($f: [String!]) { updateIntegrationFilter(integrationsWithEndpoints: $f) { integrationsWithEndpoints isDefault } }';
const CATALOGUE = '{ wmsIntegrations { fetchedAt stale integrations { name displayName availableActions offered missingFunctions logoUrl } } }';

let app: App;
let sb: Awaited<ReturnType<typeof startTestSandbox>>;
let t: TenantFixture;
let other: TenantFixture;
let redis: Redis;

beforeAll(async () => {
  app = buildApp();
  sb = await startTestSandbox({ orders: 10, products: 5 });
  t = await makeTenant('Filter');
  other = await makeTenant('FilterOther');
  redis = new Redis(env.REDIS_URL);
});

afterAll(async () => {
  await sb?.stop();
  await app?.stop();
  await closeWmsIntegrationsCache();
  await redis?.quit();
});

// Loosely typed: the tests read data or errors as the case may be.
const ask = async (query: string, variables: Record<string, unknown>, key: string): Promise<any> => (await gql(app.yoga, query, variables, key)).body;
const catalogueKey = () => `trackstar:integrations:wms:${trackstar().scope}`;
const catalogueCalls = () => sb.requests.filter((r) => r.path === '/integrations/wms').map((r) => r.status);

describe('the Link filter', () => {
  it('defaults to what Packr syncs, is set per 3PL, and refuses unknown function names', async () => {
    const initial = (await ask(FILTER, {}, t.keys.admin)).data.integrationFilter;
    expect(initial).toMatchObject({ isDefault: true, updatedAt: null, integrationsWithEndpoints: [...DEFAULT_REQUIRED_FUNCTIONS] });
    expect(initial.integrationsWithEndpoints).toEqual([
      'get_warehouses', 'get_warehouse_locations', 'get_shipping_methods', 'get_products', 'get_inventory', 'get_orders', 'get_returns', 'get_inbound_shipments',
    ]);
    expect(initial.availableFunctions).toEqual(expect.arrayContaining([...DEFAULT_REQUIRED_FUNCTIONS, 'get_warehouse_customers', 'create_order', 'create_return']));

    // Stored in a stable order, duplicates and surrounding blanks folded.
    const set = (await ask(UPDATE, { f: ['create_order', 'get_orders', ' get_orders '] }, t.keys.owner)).data.updateIntegrationFilter;
    expect(set).toEqual({ integrationsWithEndpoints: ['get_orders', 'create_order'], isDefault: false });
    expect((await ask(FILTER, {}, other.keys.owner)).data.integrationFilter.isDefault).toBe(true);

    const refused = await ask(UPDATE, { f: ['get_orders', 'get_everything'] }, t.keys.owner);
    expect(refused.errors[0].extensions.code).toBe('BAD_USER_INPUT');
    expect(refused.errors[0].message).toMatch(/^Unknown Trackstar functions: "get_everything"; valid: get_warehouses, .*create_order/);
    expect((await ask(FILTER, {}, t.keys.owner)).data.integrationFilter.integrationsWithEndpoints).toEqual(['get_orders', 'create_order']);

    expect((await ask(UPDATE, { f: [] }, t.keys.owner)).data.updateIntegrationFilter).toEqual({ integrationsWithEndpoints: [], isDefault: false });
    expect((await ask(UPDATE, { f: null }, t.keys.owner)).data.updateIntegrationFilter).toEqual({ integrationsWithEndpoints: [...DEFAULT_REQUIRED_FUNCTIONS], isDefault: true });
    for (const key of [t.keys.operator, t.keys.viewer]) {
      expect((await ask(UPDATE, { f: [] }, key)).errors[0].extensions.code).toBe('FORBIDDEN');
      expect((await ask(FILTER, {}, key)).errors[0].extensions.code).toBe('FORBIDDEN');
    }
  });

  it("lists Trackstar's WMS integrations marked against the filter, calling Trackstar once a minute at most", async () => {
    await redis.del(catalogueKey(), `${catalogueKey()}:call`);
    const first = (await ask(CATALOGUE, {}, t.keys.owner)).data.wmsIntegrations;
    expect(first.stale).toBe(false);
    const byName = Object.fromEntries(first.integrations.map((i: { name: string }) => [i.name, i]));
    expect(Object.keys(byName)).toEqual(['sandbox', 'shiphero-sim', 'shipbob-sim']);
    expect(byName.sandbox).toMatchObject({ offered: true, missingFunctions: [], displayName: 'Sandbox' });
    expect(byName['shipbob-sim']).toMatchObject({ offered: false, missingFunctions: ['get_warehouse_locations', 'get_returns'] });
    expect((await fetch(byName['shipbob-sim'].logoUrl)).status).toBe(200);

    // The same catalogue, marked against another 3PL's filter, without asking Trackstar again.
    await ask(UPDATE, { f: ['get_orders'] }, other.keys.owner);
    const theirs = (await ask(CATALOGUE, {}, other.keys.owner)).data.wmsIntegrations;
    expect(theirs.integrations.every((i: { offered: boolean }) => i.offered)).toBe(true);
    expect(theirs.fetchedAt).toBe(first.fetchedAt);
    expect(catalogueCalls()).toEqual([200]);

    // Nothing cached and this minute's call already made: a clear error, not a second call.
    await redis.del(catalogueKey());
    const busy = await ask(CATALOGUE, {}, t.keys.owner);
    expect(busy.errors[0]).toMatchObject({ message: "Trackstar's integration list is being fetched; try again in a minute", extensions: { code: 'SERVICE_UNAVAILABLE' } });
    // Trackstar refusing (its one call a minute is spent) with a cached list due for refresh: the cached list, marked stale.
    await redis.set(catalogueKey(), JSON.stringify({ fetchedAt: new Date(Date.now() - 3_600_000).toISOString(), integrations: [{ name: 'sandbox', displayName: 'Sandbox', description: '', logoUrl: '', installMethod: 'input', availableActions: [] }] }));
    await redis.del(`${catalogueKey()}:call`);
    const stale = (await ask(CATALOGUE, {}, t.keys.owner)).data.wmsIntegrations;
    expect(stale).toMatchObject({ stale: true, integrations: [{ name: 'sandbox', offered: false }] });
    expect(catalogueCalls()).toEqual([200, 429]);
    // And with nothing cached: Trackstar's limit, said plainly.
    await redis.del(catalogueKey(), `${catalogueKey()}:call`);
    const limited = await ask(CATALOGUE, {}, t.keys.owner);
    expect(limited.errors[0]).toMatchObject({ message: 'Trackstar allows one integration list call a minute; try again shortly', extensions: { code: 'SERVICE_UNAVAILABLE' } });
    expect((await ask(CATALOGUE, {}, t.keys.operator)).errors[0].extensions.code).toBe('FORBIDDEN');
  });

  it('goes with every connect link: its page offers only integrations with every required function', async () => {
    await ask(UPDATE, { f: ['get_returns', 'get_orders'] }, t.keys.owner);
    const created = await ask('mutation ($b: ID!) { createConnectLink(brandId: $b) { url integrationsWithEndpoints } }', { b: encodeGlobalID('Brand', t.brandA.id) }, t.keys.owner);
    const link = created.data.createConnectLink;
    expect(link.integrationsWithEndpoints).toEqual(['get_orders', 'get_returns']);
    const magicLinkId = link.url.split('/').pop();
    expect((await sb.admin('GET', `/magic-links/${magicLinkId}`)).json.magic_link.integrations_with_endpoints).toEqual(['get_orders', 'get_returns']);
    expect(await (await fetch(link.url)).text()).toContain('"withEndpoints":["get_orders","get_returns"]');

    const post = async (path: string, body: unknown) => (await fetch(`${sb.url}${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) })).status;
    const token = await (await fetch(`${sb.url}/sandbox/magic-links/${magicLinkId}/link-token`, { method: 'POST' })).json();
    expect(await post('/sandbox/link/authorize', { link_token: token.link_token, integration_name: 'shipbob-sim' })).toBe(422);
    expect(await post('/sandbox/link/authorize', { link_token: token.link_token, integration_name: 'shiphero-sim' })).toBe(200);
  });
});

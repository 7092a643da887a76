// Magic links and the integration catalogue: /magic-links CRUD and its validation, the link's page
// and the install it performs (connection.created carries the token and the link's customer_id),
// the link's offer enforced server-side, and /integrations with its one-call-a-minute limit.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConnectionResponseSchema } from '../../trackstar-contract/contract.js';
import {
  DeleteMagicLinkResponseSchema, IntegrationsResponseSchema, MagicLinkResponseSchema, MagicLinksResponseSchema,
} from '../../trackstar-contract/connect.js';
import { client, startSandbox, webhookReceiver } from './helpers.js';

let env: Awaited<ReturnType<typeof startSandbox>>;
let hooks: Awaited<ReturnType<typeof webhookReceiver>>;
let clock = Date.UTC(2026, 5, 1);

beforeAll(async () => {
  hooks = await webhookReceiver();
  env = await startSandbox({ webhookUrl: hooks.url, now: () => clock });
});
afterAll(async () => {
  await env.stop();
  await hooks.close();
});

const page = (path: string, init?: RequestInit) => fetch(`${env.url}${path}`, init);
const post = async (path: string, body: unknown) => {
  const res = await page(path, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  return { status: res.status, json: (await res.json()) as any };
};

describe('/magic-links', () => {
  it('creates, lists, reads and deletes links; the answers have the spec shapes', async () => {
    const created = await env.admin.call('POST', '/magic-links', { body: { customer_id: 'brand-1', integrations_with_endpoints: ['get_orders', 'get_returns'] } });
    expect(created.status).toBe(200);
    const link = MagicLinkResponseSchema.parse(created.json).magic_link;
    expect(Object.keys(created.json.magic_link).sort()).toEqual([
      'customer_id', 'expires_at', 'id', 'integration_allow_list', 'integration_block_list', 'integration_type', 'integrations_with_endpoints', 'url',
    ]);
    expect(link).toMatchObject({
      integration_type: 'wms', customer_id: 'brand-1', integration_allow_list: [], integration_block_list: [],
      integrations_with_endpoints: ['get_orders', 'get_returns'], expires_at: '2026-06-08T00:00:00Z', url: `${env.url}/link/magic/${link.id}`,
    });
    expect(link.id).toMatch(/^[0-9a-f]{32}$/);

    const listed = MagicLinksResponseSchema.parse((await env.admin.call('GET', '/magic-links')).json);
    expect(listed.magic_links.map((l) => l.id)).toContain(link.id);
    expect(MagicLinkResponseSchema.parse((await env.admin.call('GET', `/magic-links/${link.id}`)).json).magic_link).toEqual(link);

    const deleted = await env.admin.call('DELETE', `/magic-links/${link.id}`);
    expect(DeleteMagicLinkResponseSchema.parse(deleted.json)).toEqual({ id: link.id, object: 'magic_link', deleted: true });
    expect((await env.admin.call('GET', `/magic-links/${link.id}`)).json).toMatchObject({ error: 'Magic link not found', id: link.id });
    expect((await env.admin.call('DELETE', `/magic-links/${link.id}`)).status).toBe(404);
    expect((await page(`/link/magic/${link.id}`)).status).toBe(404);
  });

  it('needs the API key and refuses bad bodies with 422 naming the field', async () => {
    expect((await env.admin.call('GET', '/magic-links', { key: null })).status).toBe(401);
    const refused = async (body: unknown, field: string) => {
      const res = await env.admin.call('POST', '/magic-links', { body });
      expect({ status: res.status, fields: Object.keys(res.json.detail?.json ?? {}) }).toEqual({ status: 422, fields: [field] });
    };
    await refused({ customer: 'x' }, 'customer');
    await refused({ integration_type: 'boat' }, 'integration_type');
    await refused({ integration_type: 'cart' }, 'integration_type');
    await refused({ link_duration: 0 }, 'link_duration');
    await refused({ link_duration: 1.5 }, 'link_duration');
    await refused({ integration_allow_list: ['sandbox'], integrations_with_endpoints: ['get_orders'] }, 'integration_allow_list');
    await refused({ integration_allow_list: ['acme'] }, 'integration_allow_list');
    await refused({ integrations_with_endpoints: ['get_everything'] }, 'integrations_with_endpoints');
    expect((await env.admin.call('POST', '/magic-links', { body: { connection_id: 'no-such-connection' } })).status).toBe(404);
  });
});

describe('the magic link page', () => {
  it('opens the Link modal limited to the link; finishing it installs a connection announced by connection.created', async () => {
    const link = (await env.admin.call('POST', '/magic-links', { body: { customer_id: 'packr-link-1', integrations_with_endpoints: ['get_returns'] } })).json.magic_link;
    const html = await (await page(`/link/magic/${link.id}`)).text();
    expect(html).toContain('<script src="/link/main.js"></script>');
    expect(html).toContain(JSON.stringify(link.id));
    expect(html).toContain('"withEndpoints":["get_returns"]');

    // What the page's script does: a token bound to the link, the modal's authorize, the install.
    const token = await post(`/sandbox/magic-links/${link.id}/link-token`, {});
    expect(token.status).toBe(200);
    // shipbob-sim has no get_returns: not offered by this link, even when asked for directly.
    const refused = await post('/sandbox/link/authorize', { link_token: token.json.link_token, integration_name: 'shipbob-sim' });
    expect(refused).toMatchObject({ status: 422, json: { detail: { json: { integration_name: ['shipbob-sim is not offered by this link'] } } } });
    const code = (await post('/sandbox/link/authorize', { link_token: token.json.link_token, integration_name: 'shiphero-sim' })).json.auth_code;
    // The organization cannot exchange it: Trackstar completes a magic link install itself.
    expect((await env.admin.call('POST', '/link/exchange', { body: { auth_code: code } })).status).toBe(422);

    const before = hooks.received.length;
    const installed = await post(`/sandbox/magic-links/${link.id}/install`, { auth_code: code });
    expect(installed.json).toMatchObject({ connected: true, integration_name: 'shiphero-sim', display_name: 'ShipHero (simulated)' });
    expect(JSON.stringify(installed.json)).not.toContain('trackstar_');
    expect((await post(`/sandbox/magic-links/${link.id}/install`, { auth_code: code })).status).toBe(422);

    const connectionId = installed.json.connection_id;
    await hooks.waitFor((r) => r.slice(before).some((h) => h.json.event_type === 'connection.created' && h.json.connection_id === connectionId));
    const created = hooks.received.slice(before).find((h) => h.json.event_type === 'connection.created')!.json;
    expect(created).toMatchObject({ connection_id: connectionId, integration_name: 'shiphero-sim', customer_id: 'packr-link-1' });
    const accessToken = created.data.access_token;
    const connection = ConnectionResponseSchema.parse((await env.admin.call('GET', `/connections/${connectionId}`)).json);
    expect(Array.isArray(connection.data) ? connection.data[0] : connection.data).toMatchObject({ customer_id: 'packr-link-1', integration_name: 'shiphero-sim' });
    // The token from the webhook works.
    expect((await client(env.url, env.sandbox.apiKey, accessToken).call('GET', '/wms/warehouses?limit=1')).status).toBe(200);
  });

  it('with connection_id reinstalls that connection; an expired link refuses its page and install', async () => {
    const c = await env.connect('shipbob-sim');
    const link = (await env.admin.call('POST', '/magic-links', { body: { connection_id: c.connection_id, link_duration: 1 } })).json.magic_link;
    const token = (await post(`/sandbox/magic-links/${link.id}/link-token`, {})).json.link_token;
    const code = (await post('/sandbox/link/authorize', { link_token: token, integration_name: 'sandbox' })).json.auth_code;
    const installed = await post(`/sandbox/magic-links/${link.id}/install`, { auth_code: code });
    expect(installed.json).toMatchObject({ connection_id: c.connection_id, integration_name: 'sandbox' });
    expect(env.sandbox.connection(c.connection_id).accessToken).toBe(c.access_token);

    clock += 25 * 3600 * 1000;
    const expired = await page(`/link/magic/${link.id}`);
    expect(expired.status).toBe(410);
    expect(await expired.text()).toContain('This link has expired.');
    expect((await post(`/sandbox/magic-links/${link.id}/link-token`, {})).status).toBe(410);
    // Still listed and readable until deleted.
    expect((await env.admin.call('GET', `/magic-links/${link.id}`)).status).toBe(200);
  });
});

describe('/integrations', () => {
  it('lists the simulated WMS integrations with what each implements; one call a minute', async () => {
    const limited = await startSandbox({ rateLimit: {} });
    try {
      const res = await limited.admin.call('GET', '/integrations/wms');
      expect(res.status).toBe(200);
      const { data } = IntegrationsResponseSchema.parse(res.json);
      expect(data.map((i) => i.integration_name)).toEqual(['sandbox', 'shiphero-sim', 'shipbob-sim']);
      const shipbob = data.find((i) => i.integration_name === 'shipbob-sim')!;
      expect(shipbob.available_actions).not.toContain('get_returns');
      expect(shipbob.list_operations.map((o) => o.action)).not.toContain('get_returns');
      expect(shipbob.list_operations.find((o) => o.action === 'get_orders')).toMatchObject({ url: 'GET /wms/orders', implemented_fields: { order_number: true } });
      expect(shipbob.write_operations.find((o) => o.action === 'create_order')).toMatchObject({
        url: 'POST /wms/orders', required_base_schema_fields: ['order_number', 'ship_to_address', 'line_items'],
      });
      const logo = await fetch(shipbob.logo_url);
      expect({ status: logo.status, type: logo.headers.get('content-type') }).toEqual({ status: 200, type: 'image/svg+xml' });

      const again = await limited.admin.call('GET', '/integrations/wms/sandbox');
      expect(again.status).toBe(429);
      expect(Number(again.headers.get('retry-after'))).toBeGreaterThan(50);
    } finally {
      await limited.stop();
    }
  });

  it('answers one integration, an empty list for other types, 404 and 422 for unknown ones', async () => {
    const one = await env.admin.call('GET', '/integrations/wms/shipbob-sim');
    expect(IntegrationsResponseSchema.parse(one.json).data.map((i) => i.display_name)).toEqual(['ShipBob (simulated)']);
    expect((await env.admin.call('GET', '/integrations/cart')).json).toEqual({ data: [] });
    expect((await env.admin.call('GET', '/integrations/wms/acme')).status).toBe(404);
    expect((await env.admin.call('GET', '/integrations/boats')).status).toBe(422);
    expect((await env.admin.call('GET', '/integrations/wms', { key: null })).status).toBe(401);
  });
});

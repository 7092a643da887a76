// Connect links (Trackstar magic links) end to end over real HTTP: created through GraphQL and
// REST against the sandbox, opened the way the link's page does it (no Packr key anywhere), and the
// resulting connection.created delivered Svix-signed to Packr's receiver and applied by the real
// workers: attached to the link's brand with its token sealed, backfilled, never to another brand
// or tenant; duplicates and replays change nothing; connections of unknown links are ignored.
import { encodeGlobalID } from '@pothos/plugin-relay';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { gql, makeTenant, type TenantFixture } from '../../test/fixtures.js';
import { validate } from '../../test/support/json-schema-subset.js';
import { startLiveStack, type LiveStack } from '../../test/support/live-stack.js';
import { syncsSettled, waitFor } from '../../test/support/sync-harness.js';
import { signDelivery } from '../../test/support/webhooks.js';
import { tokenBox } from '../crypto/token-box.js';
import { db } from '../db.js';
import type { App } from '../http/app.js';
import { openApiDocument } from '../http/rest/openapi.js';
import { WEBHOOK_PATH } from '../http/webhooks/trackstar.js';
import { DEFAULT_REQUIRED_FUNCTIONS } from './integration-filter.js';

const CREATE = `mutation($b: ID!, $days: Int) { createConnectLink(brandId: $b, expiresInDays: $days) { id url status expiresAt integrationsWithEndpoints brand { id } } }`;
const LIST = `query($b: ID!, $all: Boolean) { connectLinks(brandId: $b, includeInactive: $all) { id status usedAt connectionId } }`;
const REVOKE = `mutation($id: ID!) { revokeConnectLink(id: $id) { id status revokedAt } }`;
const NODE = `query($id: ID!) { node(id: $id) { id ... on ConnectLink { status } } }`;
const doc = JSON.parse(JSON.stringify(openApiDocument())) as any;
const REST = '/api/brands/{brandId}/integrations/trackstar/magic-links';

let stack: LiveStack;
let app: App;
let url = '';
let sb: LiveStack['sb'];
let t: TenantFixture;
let other: TenantFixture;
let integrations: string[];

beforeAll(async () => {
  stack = await startLiveStack({ orders: 40, products: 15 });
  ({ app, url, sb, integrations } = stack);
  t = await makeTenant('Links');
  other = await makeTenant('LinksOther');
}, 60_000);

afterAll(() => stack?.stop());

const brandGid = (id: string) => encodeGlobalID('Brand', id);
const magicId = (linkUrl: string) => linkUrl.split('/').pop()!;

async function createLink(brandId: string, key: string, days?: number) {
  const res = await gql(app.yoga, CREATE, { b: brandGid(brandId), days }, key);
  expect(res.body.errors, JSON.stringify(res.body.errors)).toBeUndefined();
  return res.body.data.createConnectLink as { id: string; url: string; status: string; expiresAt: string; integrationsWithEndpoints: string[] };
}

/** What the link's page does in the brand's browser: a token bound to the link, the modal's pick, the install. No Packr key. */
async function openAndConnect(linkUrl: string, integration = 'sandbox') {
  const page = await fetch(linkUrl);
  expect(page.status).toBe(200);
  const post = async (path: string, body: unknown) => {
    const res = await fetch(`${sb.url}${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
    return { status: res.status, json: (await res.json()) as any };
  };
  const base = `/sandbox/magic-links/${magicId(linkUrl)}`;
  const token = await post(`${base}/link-token`, {});
  const code = await post('/sandbox/link/authorize', { link_token: token.json.link_token, integration_name: integration });
  expect(code.status, JSON.stringify(code.json)).toBe(200);
  const installed = await post(`${base}/install`, { auth_code: code.json.auth_code });
  expect(installed.status, JSON.stringify(installed.json)).toBe(200);
  return installed.json.connection_id as string;
}

const eventOf = (connectionId: string) =>
  waitFor('connection.created handled', async () => {
    const rows = await db.trackstarWebhookEvent.findMany({ where: { connectionId, eventType: 'connection.created' } });
    return rows.length > 0 && rows.every((r) => r.status !== 'PENDING') ? rows : null;
  }, 15_000, 50);

async function rest(method: string, template: string, brand: string, key: string | null, opts: { id?: string; body?: unknown } = {}) {
  const path = template.replace('{brandId}', encodeURIComponent(brand)).replace('{id}', encodeURIComponent(opts.id ?? ''));
  const headers: Record<string, string> = key ? { authorization: `Bearer ${key}` } : {};
  if (opts.body !== undefined) headers['content-type'] = 'application/json';
  const res = await fetch(`${url}${path}`, { method, headers, body: opts.body === undefined ? undefined : JSON.stringify(opts.body) });
  const body = await res.json();
  const response = doc.paths[template][method.toLowerCase()].responses[String(res.status)];
  expect(response, `${method} ${template} answered an undocumented ${res.status}: ${JSON.stringify(body)}`).toBeDefined();
  expect(validate(doc, response.content['application/json'].schema, body)).toEqual([]);
  return { status: res.status, body };
}

describe('connect links', () => {
  it('a brand connects its WMS from a link without a Packr login; the connection lands on that brand, sealed, and backfills', async () => {
    const link = await createLink(t.brandA.id, t.keys.owner, 3);
    expect(link).toMatchObject({ status: 'ACTIVE', url: expect.stringMatching(/^http:\/\/127\.0\.0\.1:\d+\/link\/magic\/[0-9a-f]{32}$/) });
    expect(link.integrationsWithEndpoints).toEqual([...DEFAULT_REQUIRED_FUNCTIONS]);
    expect(new Date(link.expiresAt).getTime() - Date.now()).toBeGreaterThan(2.9 * 86_400_000);
    // Trackstar got the link's own customer_id and the 3PL's filter.
    const upstream = (await sb.admin('GET', `/magic-links/${magicId(link.url)}`)).json.magic_link;
    expect(upstream).toMatchObject({ customer_id: expect.stringMatching(/^packr-link-/), integrations_with_endpoints: [...DEFAULT_REQUIRED_FUNCTIONS] });
    expect((await gql(app.yoga, LIST, { b: brandGid(t.brandA.id) }, t.keys.admin)).body.data.connectLinks.map((l: { id: string }) => l.id)).toEqual([link.id]);

    const since = new Date();
    const connectionId = await openAndConnect(link.url, 'shiphero-sim');
    const [event] = await eventOf(connectionId);
    expect(event).toMatchObject({ status: 'PROCESSED', brandId: t.brandA.id, error: null });
    const integration = await db.brandIntegration.findUniqueOrThrow({ where: { connectionId } });
    integrations.push(integration.id);
    expect(integration).toMatchObject({ brandId: t.brandA.id, status: 'ACTIVE', integrationName: 'shiphero-sim' });
    const token = sb.sandbox.connection(connectionId).accessToken;
    expect(integration.accessToken).not.toContain(token);
    expect(tokenBox().open(integration.accessToken!)).toBe(token);
    // The inbox keeps no token, not even sealed, once it is on the integration.
    expect(Object.keys((event.payload as { data: object }).data).sort()).toEqual(['created_date']);
    expect(JSON.stringify(event.payload)).not.toContain(token);

    await syncsSettled(integration.id, since);
    expect(await db.order.count({ where: { brandId: t.brandA.id } })).toBeGreaterThan(0);
    expect(await db.changeLog.count({ where: { brandId: t.brandA.id, kind: 'INTEGRATION_STATUS', source: 'WEBHOOK' } })).toBe(1);
    expect(await db.brandIntegration.count({ where: { brandId: t.brandB.id } })).toBe(0);

    // Used up: USED in Packr, deleted at Trackstar, its page gone.
    const all = (await gql(app.yoga, LIST, { b: brandGid(t.brandA.id), all: true }, t.keys.owner)).body.data.connectLinks;
    expect(all).toEqual([expect.objectContaining({ id: link.id, status: 'USED', connectionId, usedAt: expect.any(String) })]);
    expect((await gql(app.yoga, LIST, { b: brandGid(t.brandA.id) }, t.keys.owner)).body.data.connectLinks).toEqual([]);
    expect((await sb.admin('GET', `/magic-links/${magicId(link.url)}`)).status).toBe(404);
    expect((await fetch(link.url)).status).toBe(404);

    // A connected brand's next link reinstalls its connection (same id and token).
    const reinstall = await createLink(t.brandA.id, t.keys.admin);
    expect((await sb.admin('GET', `/magic-links/${magicId(reinstall.url)}`)).json.magic_link.customer_id).not.toBe(upstream.customer_id);
    expect(sb.sandbox.core.magicLinks.get(magicId(reinstall.url))?.connectionId).toBe(connectionId);
    expect((await gql(app.yoga, REVOKE, { id: reinstall.id }, t.keys.owner)).body.data.revokeConnectLink.status).toBe('REVOKED');
  }, 60_000);

  it('duplicate and replayed connection.created deliveries attach once; unknown links are stored and ignored', async () => {
    const link = await createLink(t.brandB.id, t.keys.admin);
    // Hold Trackstar's own deliveries back, then deliver the event twice at once (two Svix ids) and once more later.
    sb.sandbox.setWebhookUrl(null);
    let connectionId: string;
    try {
      connectionId = await openAndConnect(link.url);
    } finally {
      sb.sandbox.setWebhookUrl(`${url}${WEBHOOK_PATH}`);
    }
    const envelope = sb.sandbox.events.find((e) => e.event_type === 'connection.created' && e.connection_id === connectionId)!;
    const send = async (payload: unknown) => {
      const d = signDelivery(payload);
      const res = await fetch(`${url}${WEBHOOK_PATH}`, { method: 'POST', headers: d.headers, body: d.body });
      expect(res.status).toBe(202);
    };
    await Promise.all([send(envelope), send(envelope)]);
    await waitFor('both copies handled', async () => (await db.trackstarWebhookEvent.count({ where: { connectionId, eventType: 'connection.created', status: 'PROCESSED' } })) === 2, 15_000, 50);
    const attached = await db.brandIntegration.findMany({ where: { connectionId } });
    expect(attached.map((i) => i.brandId)).toEqual([t.brandB.id]);
    integrations.push(attached[0].id);
    await send(envelope);
    await waitFor('replay handled', async () => (await db.trackstarWebhookEvent.count({ where: { connectionId, eventType: 'connection.created', status: 'PROCESSED' } })) === 3, 15_000, 50);
    expect(await db.brandIntegration.findUniqueOrThrow({ where: { id: attached[0].id } })).toMatchObject({ connectedAt: attached[0].connectedAt, accessToken: attached[0].accessToken });
    expect(await db.changeLog.count({ where: { brandId: t.brandB.id, kind: 'INTEGRATION_STATUS' } })).toBeLessThanOrEqual(2);

    // Connections Packr did not send a link for: another app's customer, a Packr-shaped id with no link.
    const foreign = sb.sandbox.connect('sandbox', 'someone-elses-customer');
    const forged = sb.sandbox.connect('sandbox', `packr-link-${crypto.randomUUID()}`);
    for (const c of [foreign, forged]) {
      const [event] = await eventOf(c.connection_id);
      expect(event).toMatchObject({ status: 'IGNORED', error: 'unknown connection', brandId: null });
      expect(JSON.stringify(event.payload)).not.toContain('sealed_access_token');
      expect(await db.brandIntegration.count({ where: { connectionId: c.connection_id } })).toBe(0);
    }
  }, 60_000);

  it('links stay within their tenant: each 3PL\'s link attaches to its own brand; others cannot see, create or revoke', async () => {
    const mine = await createLink(t.brandB.id, t.keys.owner);
    const theirs = await createLink(other.brandA.id, other.keys.admin);
    const theirConnection = await openAndConnect(theirs.url, 'shiphero-sim');
    const [event] = await eventOf(theirConnection);
    expect(event).toMatchObject({ status: 'PROCESSED', brandId: other.brandA.id });
    const theirIntegration = await db.brandIntegration.findUniqueOrThrow({ where: { connectionId: theirConnection } });
    integrations.push(theirIntegration.id);
    expect(theirIntegration.brandId).toBe(other.brandA.id);

    const code = (res: { body: { errors?: { extensions?: { code?: unknown } }[] } }) => res.body.errors?.[0]?.extensions?.code;
    // Another tenant's manager: not found (or nothing), never the link.
    expect(code(await gql(app.yoga, CREATE, { b: brandGid(t.brandB.id) }, other.keys.owner))).toBe('NOT_FOUND');
    expect(code(await gql(app.yoga, REVOKE, { id: mine.id }, other.keys.owner))).toBe('NOT_FOUND');
    expect((await gql(app.yoga, LIST, { b: brandGid(t.brandB.id), all: true }, other.keys.owner)).body.data.connectLinks).toEqual([]);
    expect((await gql(app.yoga, NODE, { id: mine.id }, other.keys.owner)).body.data.node).toBeNull();
    // Operators and brand viewers: refused.
    for (const key of [t.keys.operator, t.keys.viewer]) {
      expect(code(await gql(app.yoga, CREATE, { b: brandGid(t.brandA.id) }, key))).toBe('FORBIDDEN');
      expect(code(await gql(app.yoga, REVOKE, { id: mine.id }, key))).toBe('FORBIDDEN');
      expect(code(await gql(app.yoga, LIST, { b: brandGid(t.brandA.id) }, key))).toBe('FORBIDDEN');
      expect((await gql(app.yoga, NODE, { id: mine.id }, key)).body.data.node).toBeNull();
    }
    expect((await gql(app.yoga, NODE, { id: mine.id }, t.keys.admin)).body.data.node).toEqual({ id: mine.id, status: 'ACTIVE' });
    // Bad input: a clear error, nothing created.
    for (const days of [0, 31]) {
      const res = await gql(app.yoga, CREATE, { b: brandGid(t.brandB.id), days }, t.keys.owner);
      expect({ code: code(res), message: res.body.errors?.[0] && (res.body.errors[0] as { message: string }).message }).toEqual({ code: 'BAD_USER_INPUT', message: 'expiresInDays must be a whole number from 1 to 30' });
    }
    expect(code(await gql(app.yoga, REVOKE, { id: 'nope' }, t.keys.owner))).toBe('BAD_USER_INPUT');

    // Revoked: gone at Trackstar (its page and install refuse), listed as REVOKED; revoking again changes nothing.
    const revoked = (await gql(app.yoga, REVOKE, { id: mine.id }, t.keys.admin)).body.data.revokeConnectLink;
    expect(revoked).toMatchObject({ id: mine.id, status: 'REVOKED', revokedAt: expect.any(String) });
    expect((await fetch(mine.url)).status).toBe(404);
    expect((await gql(app.yoga, REVOKE, { id: mine.id }, t.keys.owner)).body.data.revokeConnectLink).toEqual(revoked);
  }, 60_000);

  it('REST: create (201), list and revoke magic links by role, with bad input and foreign ids refused', async () => {
    const gid = brandGid(t.brandB.id);
    // The brand viewer reads only brand A: brand B does not exist for it.
    for (const [key, status] of [[t.keys.operator, 403], [t.keys.viewer, 404], [other.keys.owner, 404], [null, 401]] as const) {
      expect((await rest('POST', REST, gid, key)).status).toBe(status);
      expect((await rest('GET', REST, gid, key)).status).toBe(status);
    }
    const created = await rest('POST', REST, t.brandB.id, t.keys.admin, { body: { expiresInDays: 2 } });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ brandId: gid, brandUuid: t.brandB.id, status: 'ACTIVE', url: expect.stringContaining('/link/magic/') });
    const plain = await rest('POST', REST, gid, t.keys.owner);
    expect(plain.status).toBe(201);

    const listed = await rest('GET', REST, gid, t.keys.owner);
    expect(listed.body.magicLinks.map((l: { id: string }) => l.id)).toEqual(expect.arrayContaining([plain.body.id, created.body.id]));
    expect(listed.body.magicLinks.map((l: { status: string }) => l.status)).toContain('REVOKED');

    expect((await rest('POST', REST, gid, t.keys.owner, { body: { expiresInDays: 'soon' } })).status).toBe(400);
    expect((await rest('POST', REST, gid, t.keys.owner, { body: { days: 3 } })).body.error.message).toBe('Unknown properties: days; allowed: expiresInDays');
    expect((await rest('POST', REST, gid, t.keys.owner, { body: { expiresInDays: 90 } })).body.error).toEqual({ code: 'UNPROCESSABLE', message: 'expiresInDays must be a whole number from 1 to 30' });

    const ONE = `${REST}/{id}`;
    // Another brand's path, another tenant's key, an unknown id: not found; operators: forbidden.
    expect((await rest('DELETE', ONE, brandGid(t.brandA.id), t.keys.owner, { id: created.body.id })).status).toBe(404);
    expect((await rest('DELETE', ONE, gid, other.keys.owner, { id: created.body.id })).status).toBe(404);
    expect((await rest('DELETE', ONE, gid, t.keys.owner, { id: 'not-a-link' })).status).toBe(404);
    expect((await rest('DELETE', ONE, gid, t.keys.operator, { id: created.body.id })).status).toBe(403);
    const revoked = await rest('DELETE', ONE, gid, t.keys.owner, { id: created.body.uuid });
    expect(revoked).toMatchObject({ status: 200, body: { id: created.body.id, status: 'REVOKED' } });
    expect((await rest('DELETE', ONE, gid, t.keys.owner, { id: plain.body.id })).body.status).toBe('REVOKED');
  }, 60_000);
});

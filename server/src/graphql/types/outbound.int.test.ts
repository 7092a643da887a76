// The outbound webhook API: who may read and manage endpoints, bad input, the secret shown once,
// and another 3PL that can neither see nor touch an endpoint.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { gql, makeTenant, type TenantFixture } from '../../../test/fixtures.js';
import { encodeGlobalId as gid } from '../../../test/support/ids.js';
import { db } from '../../db.js';
import { buildApp } from '../../http/app.js';

const app = buildApp();
afterAll(() => app.stop());

let t: TenantFixture;
let other: TenantFixture;
beforeAll(async () => {
  t = await makeTenant('OutboundApi');
  other = await makeTenant('OutboundApiOther');
});

const CREATE = 'mutation ($i: CreateWebhookEndpointInput!) { createWebhookEndpoint(input: $i) { secret endpoint { id url eventTypes brands { id } enabled } } }';
const codeOf = (res: { body: { errors?: { extensions?: Record<string, unknown> }[] } }) => res.body.errors?.[0]?.extensions?.code ?? null;

async function newEndpoint(key = t.keys.owner) {
  const res = await gql(app.yoga, CREATE, { i: { url: 'https://hooks.example.test/packr', eventTypes: ['order.status_changed'] } }, key);
  expect(res.body.errors).toBeUndefined();
  return res.body.data.createWebhookEndpoint as { secret: string; endpoint: { id: string } };
}

async function failedDelivery(endpointGlobalId: string): Promise<string> {
  const endpointId = Buffer.from(endpointGlobalId, 'base64').toString().split(':')[1];
  const event = await db.outboundEvent.create({ data: { threePLId: t.threePLId, type: 'order.status_changed', payload: { type: 'order.status_changed' }, fannedOutAt: new Date() } });
  const d = await db.outboundDelivery.create({ data: { threePLId: t.threePLId, endpointId, eventId: event.id, status: 'FAILED', attempts: 8 } });
  return gid('OutboundDelivery', d.id);
}

/** Every mutation, as a function of a fresh endpoint of tenant t. */
const MUTATIONS: Record<string, (endpointId: string) => Promise<{ query: string; variables: Record<string, unknown> }>> = {
  createWebhookEndpoint: async () => ({ query: CREATE, variables: { i: { url: 'https://a.example.test/x' } } }),
  updateWebhookEndpoint: async (id) => ({ query: 'mutation ($i: UpdateWebhookEndpointInput!) { updateWebhookEndpoint(input: $i) { id description } }', variables: { i: { id, description: 'changed' } } }),
  deleteWebhookEndpoint: async (id) => ({ query: 'mutation ($id: ID!) { deleteWebhookEndpoint(id: $id) }', variables: { id } }),
  rotateWebhookEndpointSecret: async (id) => ({ query: 'mutation ($id: ID!) { rotateWebhookEndpointSecret(id: $id) { secret endpoint { id } } }', variables: { id } }),
  sendTestWebhookEvent: async (id) => ({ query: 'mutation ($id: ID!) { sendTestWebhookEvent(endpointId: $id) { id eventType status } }', variables: { id } }),
  replayOutboundDelivery: async (id) => ({ query: 'mutation ($id: ID!) { replayOutboundDelivery(id: $id) { id status } }', variables: { id: await failedDelivery(id) } }),
  replayFailedDeliveries: async (id) => {
    await failedDelivery(id);
    return { query: 'mutation ($id: ID!, $s: DateTime!) { replayFailedDeliveries(endpointId: $id, since: $s) }', variables: { id, s: new Date(Date.now() - 60_000).toISOString() } };
  },
};

describe('role matrix for every mutation', () => {
  for (const [field, op] of Object.entries(MUTATIONS)) {
    for (const role of ['owner', 'admin', 'operator', 'viewer'] as const) {
      const allowed = role === 'owner' || role === 'admin';
      it(`${field} as ${role}: ${allowed ? 'ok' : 'FORBIDDEN'}`, async () => {
        const { endpoint } = await newEndpoint();
        const { query, variables } = await op(endpoint.id);
        const res = await gql(app.yoga, query, variables, t.keys[role]);
        if (allowed) {
          expect(res.body.errors, JSON.stringify(res.body.errors)).toBeUndefined();
          expect(res.body.data[field]).not.toBeNull();
        } else {
          expect(codeOf(res)).toBe('FORBIDDEN');
        }
      });
    }
  }

  it('replayOutboundDelivery puts a FAILED delivery back to PENDING, due now; replayFailedDeliveries counts what it replayed', async () => {
    const { endpoint } = await newEndpoint();
    const op = await MUTATIONS.replayOutboundDelivery(endpoint.id);
    const res = await gql(app.yoga, op.query, op.variables, t.keys.admin);
    expect(res.body.data.replayOutboundDelivery.status).toBe('PENDING');
    await failedDelivery(endpoint.id);
    await failedDelivery(endpoint.id);
    const all = await gql(app.yoga, 'mutation ($id: ID!, $s: DateTime!) { replayFailedDeliveries(endpointId: $id, since: $s) }', { id: endpoint.id, s: new Date(Date.now() - 60_000).toISOString() }, t.keys.owner);
    expect(all.body.data.replayFailedDeliveries).toBe(2);
  });
});

describe('reads', () => {
  it('members list endpoints with counts and the delivery log; brand viewers are FORBIDDEN', async () => {
    const { endpoint } = await newEndpoint();
    await failedDelivery(endpoint.id);
    const query = '{ webhookEndpoints { id counts { pending succeeded failed } deliveries(first: 5) { edges { node { id status eventType payload tries { statusCode } } } } } }';
    for (const role of ['owner', 'admin', 'operator'] as const) {
      const res = await gql(app.yoga, query, {}, t.keys[role]);
      expect(res.body.errors).toBeUndefined();
      const mine = res.body.data.webhookEndpoints.find((e: { id: string }) => e.id === endpoint.id);
      expect(mine.counts.failed).toBe(1);
      expect(mine.deliveries.edges[0].node).toMatchObject({ status: 'FAILED', eventType: 'order.status_changed', tries: [] });
    }
    expect(codeOf(await gql(app.yoga, query, {}, t.keys.viewer))).toBe('FORBIDDEN');
    const node = await gql(app.yoga, 'query ($id: ID!) { node(id: $id) { id } }', { id: endpoint.id }, t.keys.viewer);
    expect(node.body.data.node).toBeNull();
  });

  it('outboundEventTypes lists the catalog with descriptions', async () => {
    const res = await gql(app.yoga, '{ outboundEventTypes { type description } }', {}, t.keys.operator);
    expect(res.body.data.outboundEventTypes.map((e: { type: string }) => e.type)).toEqual(
      ['alert.opened', 'alert.resolved', 'order.status_changed', 'inventory.changed', 'inbound_shipment.received', 'endpoint.test'],
    );
  });
});

describe('bad input', () => {
  // The field is named in extensions.fields where the service refused it (a form shows it there).
  const cases: [string, Record<string, unknown>, string | null][] = [
    ['a URL that is not one', { url: 'not a url' }, 'url'],
    ['an ftp URL', { url: 'ftp://files.example.test/x' }, 'url'],
    ['credentials in the URL', { url: 'https://user:pw@hooks.example.test/x' }, 'url'],
    ['an over-long URL', { url: `https://hooks.example.test/${'x'.repeat(2100)}` }, 'url'],
    ['an unknown event type', { url: 'https://hooks.example.test/x', eventTypes: ['order.exploded'] }, 'eventTypes'],
    ['the test event as a subscription', { url: 'https://hooks.example.test/x', eventTypes: ['endpoint.test'] }, 'eventTypes'],
    ['a malformed brand id', { url: 'https://hooks.example.test/x', brandIds: ['nope'] }, null],
  ];
  for (const [what, input, field] of cases) {
    it(`${what}: BAD_USER_INPUT`, async () => {
      const res = await gql(app.yoga, CREATE, { i: input }, t.keys.owner);
      expect(codeOf(res)).toBe('BAD_USER_INPUT');
      if (field) expect((res.body.errors?.[0]?.extensions as { fields?: { field: string }[] })?.fields?.map((f) => f.field)).toEqual([field]);
    });
  }

  it("another 3PL's brand: BAD_USER_INPUT", async () => {
    const res = await gql(app.yoga, CREATE, { i: { url: 'https://hooks.example.test/x', brandIds: [gid('Brand', other.brandA.id)] } }, t.keys.owner);
    expect(codeOf(res)).toBe('BAD_USER_INPUT');
    const update = await gql(app.yoga, 'mutation ($i: UpdateWebhookEndpointInput!) { updateWebhookEndpoint(input: $i) { id } }', { i: { id: (await newEndpoint()).endpoint.id, eventTypes: ['nope'] } }, t.keys.owner);
    expect(codeOf(update)).toBe('BAD_USER_INPUT');
  });
});

describe('the secret', () => {
  it('is shown on create and rotate only, is a whsec_ secret, and is stored encrypted', async () => {
    const { secret, endpoint } = await newEndpoint();
    expect(secret).toMatch(/^whsec_[A-Za-z0-9+/]{32}$/);
    const row = await db.webhookEndpoint.findUniqueOrThrow({ where: { id: Buffer.from(endpoint.id, 'base64').toString().split(':')[1] } });
    expect(row.secretCiphertext).not.toContain(secret.slice(6));
    const reads = [
      await gql(app.yoga, '{ webhookEndpoints { id url description eventTypes enabled } }', {}, t.keys.owner),
      await gql(app.yoga, 'mutation ($i: UpdateWebhookEndpointInput!) { updateWebhookEndpoint(input: $i) { id url } }', { i: { id: endpoint.id, description: 'x' } }, t.keys.owner),
      await gql(app.yoga, 'query ($b: ID!) { auditLog(brandId: $b, first: 50) { edges { node { event } } } }', { b: gid('Brand', t.brandA.id) }, t.keys.owner),
    ];
    for (const r of reads) expect(JSON.stringify(r.body)).not.toContain(secret.slice(6));
    const entries = await db.auditLog.findMany({ where: { threePLId: t.threePLId, recordType: 'WEBHOOK_ENDPOINT' } });
    expect(entries.length).toBeGreaterThan(0);
    expect(JSON.stringify(entries.map((e) => [e.changes, e.detail]))).not.toContain(secret.slice(6));
    const rotated = await gql(app.yoga, 'mutation ($id: ID!) { rotateWebhookEndpointSecret(id: $id) { secret } }', { id: endpoint.id }, t.keys.owner);
    expect(rotated.body.data.rotateWebhookEndpointSecret.secret).toMatch(/^whsec_/);
    expect(rotated.body.data.rotateWebhookEndpointSecret.secret).not.toBe(secret);
  });
});

describe('another 3PL', () => {
  it('cannot see or touch the endpoint or its deliveries', async () => {
    const { endpoint } = await newEndpoint();
    const delivery = await failedDelivery(endpoint.id);
    const list = await gql(app.yoga, '{ webhookEndpoints { id } }', {}, other.keys.owner);
    expect(JSON.stringify(list.body.data)).not.toContain(endpoint.id);
    for (const id of [endpoint.id, delivery]) {
      expect((await gql(app.yoga, 'query ($id: ID!) { node(id: $id) { id } }', { id }, other.keys.owner)).body.data.node).toBeNull();
    }
    for (const [field, op] of Object.entries(MUTATIONS)) {
      if (field === 'createWebhookEndpoint') continue;
      const { query, variables } = await op(endpoint.id);
      expect(codeOf(await gql(app.yoga, query, variables, other.keys.owner)), field).toBe('NOT_FOUND');
    }
    expect(await db.webhookEndpoint.count({ where: { id: Buffer.from(endpoint.id, 'base64').toString().split(':')[1] } })).toBe(1);
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { db } from '../../db.js';
import { buildApp } from '../../http/app.js';
import { gql, makeTenant, type TenantFixture } from '../../../test/fixtures.js';

const app = buildApp();
afterAll(() => app.stop());

let t: TenantFixture;
beforeAll(async () => {
  t = await makeTenant('Keys');
});

/** A document of several operations, run by name (gql() sends no operationName). */
async function named(query: string, operationName: string, key: string): Promise<{ errors?: { extensions?: Record<string, unknown> }[] }> {
  const res = await app.yoga.fetch('http://packr.test/graphql', {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${key}` },
    body: JSON.stringify({ query, operationName }),
  });
  return res.json();
}

const countKeysNamed = (name: string) => db.apiKey.count({ where: { threePLId: t.threePLId, name } });

const CREATE = 'mutation ($name: String!, $scopes: [String!]) { createApiKey(input: { name: $name, scopes: $scopes }) { key apiKey { id name prefix scopes createdAt lastUsedAt revokedAt } } }';
const REVOKE = 'mutation ($id: ID!) { revokeApiKey(id: $id) { id revokedAt } }';

describe('API keys', () => {
  it('an admin creates a key that works at once and is shown only once', async () => {
    const res = await gql(app.yoga, CREATE, { name: 'CI', scopes: ['read'] }, t.keys.admin);
    expect(res.body.errors).toBeUndefined();
    const { key, apiKey } = res.body.data.createApiKey;
    expect(key.startsWith(apiKey.prefix)).toBe(true);
    expect(apiKey).toMatchObject({ name: 'CI', scopes: ['read'], revokedAt: null });
    const me = await gql(app.yoga, '{ viewer { role } }', {}, key);
    expect(me.body.data.viewer.role).toBe('ADMIN');
    // Listing shows the key's metadata but never the secret.
    const list = await gql(app.yoga, '{ apiKeys { id prefix name } }', {}, t.keys.owner);
    expect(JSON.stringify(list.body)).toContain(apiKey.prefix);
    expect(JSON.stringify(list.body)).not.toContain(key);
  });

  it('a read_only key queries but runs no mutation, over HTTP', async () => {
    const created = await gql(app.yoga, CREATE, { name: 'wallboard', scopes: ['read_only', 'wallboard'] }, t.keys.owner);
    const { key, apiKey } = created.body.data.createApiKey;
    expect(apiKey.scopes).toEqual(['read_only', 'wallboard']);
    const read = await gql(app.yoga, '{ viewer { role } brands { id } }', {}, key);
    expect(read.body.errors).toBeUndefined();
    expect(read.body.data.viewer.role).toBe('OWNER');
    // Even a harmless mutation, and one named among several operations, is refused before it runs.
    const write = await gql(app.yoga, CREATE, { name: 'escalate' }, key);
    expect(write.body.errors?.[0]).toMatchObject({ message: expect.stringContaining('read-only'), extensions: { code: 'FORBIDDEN' } });
    expect(write.body.data ?? null).toBeNull();
    const both = 'query Q { brands { id } } mutation M { createApiKey(input: { name: "x" }) { key } }';
    expect((await named(both, 'M', key)).errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    expect((await named(both, 'Q', key)).errors).toBeUndefined();
    // An owner's read-only key cannot mint itself a writable one, so no key of that name exists.
    expect(await countKeysNamed('escalate')).toBe(0);
    expect(await countKeysNamed('x')).toBe(0);
  });

  it('a revoked key stops working on the very next request', async () => {
    const created = await gql(app.yoga, CREATE, { name: 'to revoke' }, t.keys.admin);
    const { key, apiKey } = created.body.data.createApiKey;
    expect((await gql(app.yoga, '{ brands { id } }', {}, key)).status).toBe(200);
    const revoked = await gql(app.yoga, REVOKE, { id: apiKey.id }, t.keys.admin);
    expect(revoked.body.data.revokeApiKey.revokedAt).toBeTruthy();
    const after = await gql(app.yoga, '{ brands { id } }', {}, key);
    expect(after.status).toBe(401);
    // Revoking again is harmless and keeps the first timestamp.
    const again = await gql(app.yoga, REVOKE, { id: apiKey.id }, t.keys.owner);
    expect(again.body.data.revokeApiKey.revokedAt).toBe(revoked.body.data.revokeApiKey.revokedAt);
  });

  it('a key revoked outside this process (CLI, another API instance) is refused within about a second', async () => {
    const { db } = await import('../../db.js');
    const created = await gql(app.yoga, CREATE, { name: 'revoked elsewhere' }, t.keys.owner);
    const { key, apiKey } = created.body.data.createApiKey;
    expect((await gql(app.yoga, '{ brands { id } }', {}, key)).status).toBe(200);
    await db.apiKey.update({ where: { id: Buffer.from(apiKey.id, 'base64').toString().split(':')[1]! }, data: { revokedAt: new Date() } });
    // Past the viewer cache's 1 s lifetime the revocation must be seen, with no help from this process.
    await new Promise((resolve) => setTimeout(resolve, 1_200));
    expect((await gql(app.yoga, '{ brands { id } }', {}, key)).status).toBe(401);
  });

  it('rejects bad names and scopes clearly', async () => {
    for (const vars of [{ name: '' }, { name: 'x'.repeat(101) }, { name: 'ok', scopes: ['NOT VALID'] }]) {
      const res = await gql(app.yoga, CREATE, vars, t.keys.owner);
      expect(res.body.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    }
  });
});

describe('raw upstream data', () => {
  it('is visible to OWNER/ADMIN only; others get an authorization error on that field', async () => {
    const { seedOrder } = await import('../../../test/support/seed.js');
    const order = await seedOrder(t.brandA.id);
    const id = Buffer.from(`Order:${order.id}`).toString('base64');
    const q = 'query ($id: ID!) { order(id: $id) { orderNumber rawData } }';
    const admin = await gql(app.yoga, q, { id }, t.keys.admin);
    expect(admin.body.data.order.rawData).toMatchObject({ id: order.externalId });
    for (const key of [t.keys.operator, t.keys.viewer]) {
      const res = await gql(app.yoga, q, { id }, key);
      expect(res.body.data.order.orderNumber).toBeTruthy();
      expect(res.body.data.order.rawData).toBeNull();
      expect(res.body.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
      expect((res.body.errors?.[0] as { path?: unknown })?.path).toEqual(['order', 'rawData']);
    }
  });
});

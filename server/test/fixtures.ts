// Shared test fixtures: real rows in the test database, real API keys.
import { randomUUID } from 'node:crypto';
import { db } from '../src/db.js';
import { addUser, createTenant } from '../src/services/tenants.js';

export type TenantFixture = Awaited<ReturnType<typeof makeTenant>>;

/** A 3PL with two brands and one key per role (owner, admin, operator, brand viewer of brand A). */
export async function makeTenant(label = 'Acme') {
  const tag = randomUUID().slice(0, 8);
  const owner = await createTenant({ name: `${label} 3PL ${tag}`, email: `owner-${tag}@example.test` });
  const brandA = await db.brand.create({ data: { name: `${label} Brand A`, threePLId: owner.threePLId } });
  const brandB = await db.brand.create({ data: { name: `${label} Brand B`, threePLId: owner.threePLId } });
  const admin = await addUser({ threePLId: owner.threePLId, email: `admin-${tag}@example.test`, role: 'ADMIN' });
  const operator = await addUser({ threePLId: owner.threePLId, email: `operator-${tag}@example.test`, role: 'OPERATOR' });
  const viewer = await addUser({ threePLId: owner.threePLId, email: `viewer-${tag}@example.test`, role: null, brandIds: [brandA.id] });
  return {
    threePLId: owner.threePLId,
    brandA,
    brandB,
    keys: { owner: owner.apiKey, admin: admin.apiKey, operator: operator.apiKey, viewer: viewer.apiKey },
    viewerKeyId: viewer.apiKeyId,
  };
}

/** Runs a GraphQL operation through the real HTTP stack of an app (yoga.fetch or a URL). */
export async function gql<T = any>(
  target: { fetch: (url: string, init: RequestInit) => Promise<Response> | Response } | string,
  query: string,
  variables: Record<string, unknown> = {},
  key?: string | null,
): Promise<{ status: number; body: { data?: T; errors?: { message: string; extensions?: Record<string, unknown> }[] } }> {
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (key) headers.authorization = `Bearer ${key}`;
  const init = { method: 'POST', headers, body: JSON.stringify({ query, variables }) };
  const res = typeof target === 'string' ? await fetch(`${target}/graphql`, init) : await target.fetch('http://packr.test/graphql', init);
  return { status: res.status, body: await res.json() };
}

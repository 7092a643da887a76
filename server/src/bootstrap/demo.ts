// On an empty database `npm start` creates a demo 3PL with three brands and connects two of them
// to the embedded Trackstar sandbox, using Packr's own public GraphQL API (the same path a user
// takes through the dashboard), so the demo exercises the real flow.
import { db } from '../db.js';
import { logger } from '../lib/logger.js';
import { createTenant } from '../services/tenants.js';

const DEMO_BRANDS = ['Northwind Apparel', 'Bluebird Coffee', 'Summit Outdoor'];
const CONNECTED_BRANDS = 2;

export async function isEmptyInstallation(): Promise<boolean> {
  return (await db.threePL.count()) === 0;
}

async function graphql<T>(apiUrl: string, key: string, query: string, variables: Record<string, unknown>): Promise<T> {
  const res = await fetch(`${apiUrl}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${key}` },
    body: JSON.stringify({ query, variables }),
  });
  const body = (await res.json()) as { data?: T; errors?: { message: string }[] };
  if (body.errors?.length) throw new Error(body.errors.map((e) => e.message).join('; '));
  return body.data as T;
}

async function connectToSandbox(apiUrl: string, sandboxUrl: string, key: string, brandId: string): Promise<void> {
  const { createTrackstarLinkToken } = await graphql<{ createTrackstarLinkToken: { linkToken: string } }>(
    apiUrl, key, 'mutation ($b: ID!) { createTrackstarLinkToken(brandId: $b) { linkToken } }', { b: brandId },
  );
  // What the Link modal does when a user picks the "sandbox" integration.
  const auth = await fetch(`${sandboxUrl}/sandbox/link/authorize`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ link_token: createTrackstarLinkToken.linkToken, integration_name: 'sandbox' }),
  });
  if (!auth.ok) throw new Error(`sandbox Link authorize answered ${auth.status}`);
  const { auth_code } = (await auth.json()) as { auth_code: string };
  await graphql(apiUrl, key, 'mutation ($b: ID!, $c: String!) { connectTrackstar(brandId: $b, authCode: $c) { id } }', {
    b: brandId,
    c: auth_code,
  });
}

export async function bootstrapDemo(apiUrl: string, sandboxUrl: string | null) {
  const tenant = await createTenant({ name: 'Demo 3PL', email: 'admin@demo.packr.test' });
  for (const name of DEMO_BRANDS) await db.brand.create({ data: { name, threePLId: tenant.threePLId } });
  let connected = 0;
  if (sandboxUrl) {
    const { brands } = await graphql<{ brands: { id: string; name: string }[] }>(apiUrl, tenant.apiKey, '{ brands { id name } }', {});
    for (const brand of brands.slice(0, CONNECTED_BRANDS)) {
      try {
        await connectToSandbox(apiUrl, sandboxUrl, tenant.apiKey, brand.id);
        connected += 1;
      } catch (error) {
        logger.warn('demo brand could not be connected to the sandbox', { brand: brand.name, error });
      }
    }
  }
  return { ...tenant, brands: DEMO_BRANDS.length, connected };
}

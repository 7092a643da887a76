// Archiving a connected brand against the sandbox: the connection is disconnected the way
// disconnectTrackstar does it (DELETE /connections upstream, integration DISCONNECTED, syncing
// stopped), the brand leaves brand lists and cross-brand lists, and its synced data stays readable
// by brand id.
import { encodeGlobalID } from '@pothos/plugin-relay';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { gql, makeTenant } from '../../test/fixtures.js';
import { startLiveStack, type LiveStack } from '../../test/support/live-stack.js';
import { syncsSettled } from '../../test/support/sync-harness.js';
import { db } from '../db.js';

let stack: LiveStack;

beforeAll(async () => {
  stack = await startLiveStack({ orders: 20, products: 8 });
}, 60_000);

afterAll(() => stack?.stop());

describe('archiveBrand', () => {
  it('disconnects a connected brand, hides it from lists and keeps its data', async () => {
    const { app, sb, integrations } = stack;
    const t = await makeTenant('Archive');
    const brand = encodeGlobalID('Brand', t.brandA.id);
    const token = await gql(app.yoga, 'mutation ($b: ID!) { createTrackstarLinkToken(brandId: $b) { linkToken } }', { b: brand }, t.keys.owner);
    const code = await sb.authorize(token.body.data.createTrackstarLinkToken.linkToken);
    const since = new Date();
    const connected = await gql(app.yoga, 'mutation ($b: ID!, $c: String!) { connectTrackstar(brandId: $b, authCode: $c) { id status } }', { b: brand, c: code }, t.keys.owner);
    expect(connected.body.errors).toBeUndefined();
    const integration = await db.brandIntegration.findUniqueOrThrow({ where: { brandId: t.brandA.id } });
    integrations.push(integration.id);
    await syncsSettled(integration.id, since);
    const orders = await db.order.count({ where: { brandId: t.brandA.id } });
    expect(orders).toBeGreaterThan(0);

    const deletesBefore = sb.requests.filter((r) => r.method === 'DELETE' && r.path === '/connections').length;
    const res = await gql(app.yoga, 'mutation ($b: ID!) { archiveBrand(brandId: $b) { archivedAt integration { status } } }', { b: brand }, t.keys.admin);
    expect(res.body.errors, JSON.stringify(res.body.errors)).toBeUndefined();
    expect(res.body.data.archiveBrand.integration.status).toBe('DISCONNECTED');
    expect(sb.requests.filter((r) => r.method === 'DELETE' && r.path === '/connections').length).toBe(deletesBefore + 1);

    const listed = await gql(app.yoga, '{ brands { id } }', {}, t.keys.owner);
    expect(listed.body.data.brands).toEqual([{ id: encodeGlobalID('Brand', t.brandB.id) }]);
    const everything = await gql(app.yoga, 'query { orders(first: 250) { edges { node { id } } } }', {}, t.keys.owner);
    expect(everything.body.data.orders.edges).toHaveLength(0);
    const byBrand = await gql(app.yoga, 'query ($b: ID!) { orders(brandId: $b, first: 250) { edges { node { id } } } }', { b: brand }, t.keys.owner);
    expect(byBrand.body.data.orders.edges).toHaveLength(orders);
    const entries = await db.auditLog.findMany({ where: { brandId: t.brandA.id, source: 'USER' }, orderBy: { id: 'asc' }, select: { event: true } });
    expect(entries.map((e) => e.event).slice(-2)).toEqual(['disconnectTrackstar', 'archiveBrand']);

    // Restored: listed and in cross-brand lists again, still disconnected; an operator may not.
    const operator = await gql(app.yoga, 'mutation ($b: ID!) { restoreBrand(brandId: $b) { id } }', { b: brand }, t.keys.operator);
    expect(operator.body.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    const restored = await gql(app.yoga, 'mutation ($b: ID!) { restoreBrand(brandId: $b) { archivedAt integration { status } } }', { b: brand }, t.keys.admin);
    expect(restored.body.errors, JSON.stringify(restored.body.errors)).toBeUndefined();
    expect(restored.body.data.restoreBrand).toEqual({ archivedAt: null, integration: { status: 'DISCONNECTED' } });
    const relisted = await gql(app.yoga, '{ brands { id } }', {}, t.keys.owner);
    expect(relisted.body.data.brands.map((b: { id: string }) => b.id)).toContain(brand);
    const again = await gql(app.yoga, 'query { orders(first: 250) { edges { node { id } } } }', {}, t.keys.owner);
    expect(again.body.data.orders.edges).toHaveLength(orders);
    const twice = await gql(app.yoga, 'mutation ($b: ID!) { restoreBrand(brandId: $b) { archivedAt } }', { b: brand }, t.keys.admin);
    expect(twice.body.data.restoreBrand.archivedAt).toBeNull();
    const restoredEntries = await db.auditLog.findMany({ where: { brandId: t.brandA.id, source: 'USER', event: 'restoreBrand' } });
    expect(restoredEntries).toHaveLength(1);
  }, 90_000);
});

// Access taken away cuts open WebSockets at once on every API process: the team mutations run on
// this process's API, the sockets live on a second API process, and the only thing between them is
// the Redis revocation channel. A removed member or a revoked key is closed with 4401; a brand
// viewer's socket reading a revoked brand, or a demoted member's, with 4403; sockets of others,
// and of the same viewer on brands they keep, stay open.
import { encodeGlobalID } from '@pothos/plugin-relay';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CREDENTIALS_REVOKED_CHANNEL } from '../auth/credential-revocations.js';
import { appendChanges, publishChanges } from '../changes/change-log.js';
import { env } from '../env.js';
import { pool } from '../pg.js';
import { addUser } from '../services/tenants.js';
import { buildApp } from './app.js';
import { gql, makeTenant, type TenantFixture } from '../../test/fixtures.js';
import { startApi, type Child } from '../../test/support/child-services.js';
import { seedBrandData } from '../../test/support/seed.js';
import { connectRaw, type RawWsClient } from '../../test/support/ws-client.js';

const STATUS = 'subscription ($b: ID!) { integrationStatusChanged(brandId: $b, afterSequence: "0") { sequence } }';

const app = buildApp();
let api2: Child;
let t: TenantFixture;
const integrations = new Map<string, string>();
const open: RawWsClient[] = [];

beforeAll(async () => {
  api2 = await startApi({});
  t = await makeTenant('Revoke');
  for (const brand of [t.brandA, t.brandB]) {
    const data = await seedBrandData(brand.id);
    integrations.set(brand.id, data.integrationId);
    // One change in each brand's history, so a subscription from sequence 0 proves it is live by replaying it.
    const tx = await pool.connect();
    await tx.query('BEGIN');
    const notices = await appendChanges(tx, brand.id, [{ kind: 'INTEGRATION_STATUS', entityId: data.integrationId, source: 'MANUAL', previous: { status: 'PENDING' } }]);
    await tx.query('COMMIT');
    tx.release();
    await publishChanges(notices);
  }
  // Both processes listen on the revocation channel before anything is revoked.
  const redis = new Redis(env.REDIS_URL);
  for (let i = 0; i < 200; i++) {
    const [, listeners] = (await redis.pubsub('NUMSUB', CREDENTIALS_REVOKED_CHANNEL)) as [string, number];
    if (listeners >= 2) break;
    await new Promise((r) => setTimeout(r, 50));
  }
  await redis.quit();
}, 60_000);

afterAll(async () => {
  for (const c of open) c.socket.terminate();
  await api2?.stop();
  await app.stop();
});

/** A socket on API #2 with a live subscription to the brand's integration status. */
async function liveOn(key: string, brandId: string): Promise<RawWsClient> {
  const client = await connectRaw(api2.url!, key);
  open.push(client);
  client.subscribe('s1', STATUS, { b: encodeGlobalID('Brand', brandId) });
  await client.waitFor((m) => m.id === 's1' && m.type === 'next', 'the replayed change');
  return client;
}

const userIdOf = async (key: string) => (await gql(app.yoga, '{ viewer { userId } }', {}, key)).body.data.viewer.userId as string;

async function stillOpen(client: RawWsClient): Promise<boolean> {
  if (!client.isOpen()) return false;
  await client.roundTrip();
  return client.isOpen();
}

describe('revocations close sockets on another API process', () => {
  it('removing a member closes their socket with 4401; others stay', async () => {
    const member = await addUser({ threePLId: t.threePLId, email: `gone-${Date.now()}@example.test`, role: 'OPERATOR' });
    const theirs = await liveOn(member.apiKey, t.brandA.id);
    const owners = await liveOn(t.keys.owner, t.brandA.id);
    const res = await gql(app.yoga, 'mutation ($u: ID!) { removeMember(userId: $u) }', { u: member.userId }, t.keys.admin);
    expect(res.body.errors).toBeUndefined();
    expect((await theirs.closed).code).toBe(4401);
    expect(await stillOpen(owners)).toBe(true);
    // Reconnecting with the removed member's key is refused as well.
    const again = await connectRaw(api2.url!, member.apiKey).catch(() => null);
    if (again) open.push(again);
    expect(again === null || (await again.closed).code === 4401).toBe(true);
  });

  it('revoking a key closes the sockets using it with 4401, not the same user\'s other keys', async () => {
    const created = await gql(app.yoga, 'mutation { createApiKey(input: { name: "short-lived" }) { key apiKey { id } } }', {}, t.keys.admin);
    const { key, apiKey } = created.body.data.createApiKey;
    const doomed = await liveOn(key, t.brandB.id);
    const kept = await liveOn(t.keys.admin, t.brandB.id);
    await gql(app.yoga, 'mutation ($id: ID!) { revokeApiKey(id: $id) { id } }', { id: apiKey.id }, t.keys.owner);
    expect((await doomed.closed).code).toBe(4401);
    expect(await stillOpen(kept)).toBe(true);
  });

  it('revoking a brand closes the brand viewer\'s socket reading it with 4403; their socket on a kept brand stays', async () => {
    const viewer = await addUser({ threePLId: t.threePLId, email: `bv-${Date.now()}@example.test`, role: null, brandIds: [t.brandA.id, t.brandB.id] });
    const onA = await liveOn(viewer.apiKey, t.brandA.id);
    const onB = await liveOn(viewer.apiKey, t.brandB.id);
    const res = await gql(app.yoga, 'mutation ($u: ID!, $b: [ID!]!) { revokeBrandAccess(userId: $u, brandIds: $b) { userId } }', { u: viewer.userId, b: [encodeGlobalID('Brand', t.brandA.id)] }, t.keys.owner);
    expect(res.body.errors).toBeUndefined();
    expect((await onA.closed).code).toBe(4403);
    expect(await stillOpen(onB)).toBe(true);
    // The key still works: a new socket reads brand B and is refused brand A.
    const back = await connectRaw(api2.url!, viewer.apiKey);
    open.push(back);
    back.subscribe('a', STATUS, { b: encodeGlobalID('Brand', t.brandA.id) });
    const refused = await back.waitFor((m) => m.id === 'a' && (m.type === 'error' || m.payload?.errors), 'brand A refused');
    expect((refused.payload.errors ?? refused.payload)[0].extensions.code).toBe('NOT_FOUND');
  });

  it('a demotion closes the member\'s sockets with 4403', async () => {
    const admin = await addUser({ threePLId: t.threePLId, email: `demoted-${Date.now()}@example.test`, role: 'ADMIN' });
    const socket = await liveOn(admin.apiKey, t.brandA.id);
    await gql(app.yoga, 'mutation ($u: ID!) { updateMemberRole(userId: $u, role: OPERATOR) { role } }', { u: admin.userId }, t.keys.owner);
    expect((await socket.closed).code).toBe(4403);
    expect(await userIdOf(admin.apiKey)).toBe(admin.userId);
  });
});

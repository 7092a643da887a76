// The response cache over the real stack: HTTP through Yoga, PostgreSQL, change notices through
// Redis pub/sub. A repeated page is answered from memory, a committed change is seen, and a cached
// page never crosses tenants or grants.
import { encodeGlobalID } from '@pothos/plugin-relay';
import { Redis } from 'ioredis';
import { afterAll, describe, expect, it } from 'vitest';
import { gql, makeTenant } from '../../../test/fixtures.js';
import { buildApp } from '../../http/app.js';
import { closeChangePublisher } from '../../changes/change-log.js';
import { ChangeHub } from '../../changes/change-hub.js';
import { applyRecords } from '../../sync/apply.js';
import { connectBrand, inventoryRecord } from '../../../test/support/webhooks.js';
import { BrandVersions } from './brand-versions.js';

const app = buildApp({ responseCacheEntries: 100 });
afterAll(async () => {
  await app.stop();
  await closeChangePublisher();
});

const PAGE = `query Stock($brandId: ID!) { inventory(brandId: $brandId, first: 50) { edges { node { externalId onHand } } } }`;
let clock = Date.parse('2026-03-01T00:00:00Z');
const nextDate = () => new Date((clock += 1000)).toISOString().replace(/\.\d{3}Z$/, 'Z');

async function setup(label: string) {
  const t = await makeTenant(label);
  const integration = await connectBrand(t.brandA.id);
  const apply = (id: string, onhand: number) =>
    applyRecords({ brandId: t.brandA.id, integrationId: integration.id, resource: 'INVENTORY', records: [inventoryRecord(id, onhand, nextDate())], source: 'WEBHOOK' });
  return { t, apply, brandId: encodeGlobalID('Brand', t.brandA.id), otherBrandId: encodeGlobalID('Brand', t.brandB.id) };
}

const stats = () => ({ ...app.responseCache!.stats });
const onHandOf = (body: any, id: string) => body.data?.inventory.edges.find((e: any) => e.node.externalId === id)?.node.onHand;

/** Until the brand's change channel is confirmed, the cache steps aside: ask until it answers a hit. */
async function untilCached(query: () => Promise<unknown>) {
  for (let i = 0; i < 50; i++) {
    const before = stats().hits;
    await query();
    if (stats().hits > before) return;
    await new Promise((r) => setTimeout(r, 20));
  }
  throw new Error('the page was never answered from the cache');
}

describe('response cache', () => {
  it('answers a repeated page from memory and a committed change with the fresh data', async () => {
    const { t, apply, brandId } = await setup('Cache');
    await apply('inv_c1', 5);
    const ask = () => gql(app.yoga, PAGE, { brandId }, t.keys.operator);
    await untilCached(ask);

    const before = stats();
    const cached = await ask();
    expect(stats().hits).toBe(before.hits + 1);
    expect(onHandOf(cached.body, 'inv_c1')).toBe(5);

    await apply('inv_c1', 8);
    // The notice travels through Redis after the commit: the page is fresh once it has arrived.
    let fresh: number | undefined;
    for (let i = 0; i < 100 && fresh !== 8; i++) {
      fresh = onHandOf((await ask()).body, 'inv_c1');
      if (fresh !== 8) await new Promise((r) => setTimeout(r, 20));
    }
    expect(fresh).toBe(8);
    expect(stats().misses).toBeGreaterThan(before.misses);
  });

  it('never serves a cached page to another tenant or to a viewer without the grant', async () => {
    const { t, apply, brandId, otherBrandId } = await setup('CacheIso');
    await apply('inv_iso', 3);
    await untilCached(() => gql(app.yoga, PAGE, { brandId }, t.keys.owner));
    await untilCached(() => gql(app.yoga, PAGE, { brandId: otherBrandId }, t.keys.owner));

    const stranger = await makeTenant('Stranger');
    // A brand the caller cannot see reads as an empty page, as without the cache.
    const foreign = await gql(app.yoga, PAGE, { brandId }, stranger.keys.owner);
    expect(foreign.body.data?.inventory.edges).toEqual([]);

    // The brand viewer of brand A: A is theirs, B is not, whatever the owner has cached.
    expect(onHandOf((await gql(app.yoga, PAGE, { brandId }, t.keys.viewer)).body, 'inv_iso')).toBe(3);
    const notGranted = await gql(app.yoga, PAGE, { brandId: otherBrandId }, t.keys.viewer);
    expect(notGranted.body.data?.inventory.edges).toEqual([]);
  });

  it('leaves selections outside the change stream to the executor', async () => {
    const { t, brandId } = await setup('CacheSkip');
    const withBrand = `query ($brandId: ID!) { inventory(brandId: $brandId, first: 5) { edges { node { sku } } } brand(id: $brandId) { name } }`;
    const before = stats();
    for (let i = 0; i < 3; i++) expect((await gql(app.yoga, withBrand, { brandId }, t.keys.owner)).body.errors).toBeUndefined();
    expect(stats()).toEqual(before);
  });

  it('steps aside while the change stream is down (notices would be missed)', async () => {
    // A real hub whose Redis cannot be reached: no brand is ever live, so nothing may be cached.
    const unreachable = new ChangeHub(() => new Redis('redis://127.0.0.1:1', { lazyConnect: true, retryStrategy: () => null, maxRetriesPerRequest: 0 }).on('error', () => {}));
    const versions = new BrandVersions(unreachable);
    expect(versions.current('00000000-0000-0000-0000-000000000001')).toBeNull();
    await new Promise((r) => setTimeout(r, 100));
    expect(versions.current('00000000-0000-0000-0000-000000000001')).toBeNull();
    versions.close();
    await unreachable.close();
  });
});

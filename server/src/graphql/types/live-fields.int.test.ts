// Fields the dashboard's live path reads: Brand.changeSequence (initial subscription cursor) and
// SyncState.recordsStored (the Records column's total, next to the last run's recordsSynced).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { db } from '../../db.js';
import { buildApp } from '../../http/app.js';
import { gql, makeTenant, type TenantFixture } from '../../../test/fixtures.js';
import { encodeGlobalId as gid } from '../../../test/support/ids.js';
import { seedOrders } from '../../../test/support/seed.js';
import { connectBrand } from '../../../test/support/webhooks.js';

const app = buildApp();
afterAll(() => app.stop());

let t: TenantFixture;
beforeAll(async () => {
  t = await makeTenant('LiveFields');
});

describe('live-path fields', () => {
  it('Brand.changeSequence is the brand row\'s changeSeq as an exact decimal string', async () => {
    const read = async () => {
      const res = await gql(app.yoga, 'query ($id: ID!) { brand(id: $id) { changeSequence } }', { id: gid('Brand', t.brandA.id) }, t.keys.operator);
      expect(res.body.errors, JSON.stringify(res.body.errors)).toBeUndefined();
      return res.body.data.brand.changeSequence;
    };
    expect(await read()).toBe('0');
    await db.brand.update({ where: { id: t.brandA.id }, data: { changeSeq: 9007199254740993n } });
    expect(await read()).toBe('9007199254740993');
  });

  it('SyncState.recordsStored counts the rows Packr holds; recordsSynced stays the last run', async () => {
    const integration = await connectBrand(t.brandB.id);
    await db.syncState.createMany({
      data: [
        { integrationId: integration.id, resource: 'ORDERS', recordsSynced: 0 },
        { integrationId: integration.id, resource: 'INVENTORY', recordsSynced: 0 },
      ],
    });
    await seedOrders(t.brandB.id, 3);
    await seedOrders(t.brandA.id, 2); // another brand's rows never count
    const res = await gql(app.yoga, 'query ($b: ID!) { integration(brandId: $b) { syncStates { resource recordsStored recordsSynced } } }', { b: gid('Brand', t.brandB.id) }, t.keys.operator);
    expect(res.body.errors, JSON.stringify(res.body.errors)).toBeUndefined();
    expect(res.body.data.integration.syncStates).toEqual([
      { resource: 'INVENTORY', recordsStored: 0, recordsSynced: 0 },
      { resource: 'ORDERS', recordsStored: 3, recordsSynced: 0 },
    ]);
  });
});

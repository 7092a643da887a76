import { encodeGlobalID } from '@pothos/plugin-relay';
import { afterAll, describe, expect, it } from 'vitest';
import { db } from '../../db.js';
import { buildApp } from '../../http/app.js';
import { gql, makeTenant } from '../../../test/fixtures.js';

const app = buildApp({ responseCacheEntries: 0 });
afterAll(() => app.stop());

const at = new Date('2026-03-01T00:00:00Z');
const warehouse = (brandId: string, externalId: string, name: string) =>
  db.warehouse.create({ data: { brandId, externalId, name, rawData: {}, createdAtRemote: at, updatedAtRemote: at } });
const location = (brandId: string, warehouseExternalId: string, externalId: string) =>
  db.warehouseLocation.create({ data: { brandId, warehouseExternalId, externalId, name: `Bin ${externalId}`, type: 'bin', rawData: {}, createdAtRemote: at, updatedAtRemote: at } });

const WAREHOUSES = `query($b: ID!) { warehouses(brandId: $b) { externalId name locations { externalId name type } } }`;

describe('warehouses', () => {
  it('lists each warehouse with its own locations, ordered by WMS id, never another brand’s', async () => {
    const t = await makeTenant('Locations');
    await warehouse(t.brandA.id, 'wh_1', 'Alpha');
    await warehouse(t.brandA.id, 'wh_2', 'Beta');
    await warehouse(t.brandA.id, 'wh_3', 'Gamma');
    for (const id of ['loc_b', 'loc_a', 'loc_c']) await location(t.brandA.id, 'wh_1', id);
    await location(t.brandA.id, 'wh_2', 'loc_z');
    // Brand B uses the same WMS warehouse id: its locations must not leak into brand A's warehouse.
    await location(t.brandB.id, 'wh_1', 'loc_foreign');

    const res = await gql(app.yoga, WAREHOUSES, { b: encodeGlobalID('Brand', t.brandA.id) }, t.keys.owner);
    expect(res.body.errors).toBeUndefined();
    expect(res.body.data.warehouses).toEqual([
      { externalId: 'wh_1', name: 'Alpha', locations: ['loc_a', 'loc_b', 'loc_c'].map((id) => ({ externalId: id, name: `Bin ${id}`, type: 'bin' })) },
      { externalId: 'wh_2', name: 'Beta', locations: [{ externalId: 'loc_z', name: 'Bin loc_z', type: 'bin' }] },
      { externalId: 'wh_3', name: 'Gamma', locations: [] },
    ]);

    // A brand viewer of brand A asking for brand B sees nothing of it (as for an unknown brand).
    const viewer = await gql(app.yoga, WAREHOUSES, { b: encodeGlobalID('Brand', t.brandB.id) }, t.keys.viewer);
    expect(viewer.body.data?.warehouses).toEqual([]);
    expect(JSON.stringify(viewer.body)).not.toContain('loc_foreign');
  });
});

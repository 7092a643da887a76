import { afterAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../http/app.js';
import { gql, makeTenant } from '../../../test/fixtures.js';

const app = buildApp();
afterAll(() => app.stop());

describe('brands', () => {
  it('lists only the brands of the caller 3PL, and a brand viewer only its own', async () => {
    const t = await makeTenant('Brands');
    const other = await makeTenant('Other');
    const owner = await gql(app.yoga, '{ brands { name } }', {}, t.keys.owner);
    expect(owner.body.data.brands.map((b: { name: string }) => b.name)).toEqual(['Brands Brand A', 'Brands Brand B']);
    const viewer = await gql(app.yoga, '{ brands { name } }', {}, t.keys.viewer);
    expect(viewer.body.data.brands.map((b: { name: string }) => b.name)).toEqual(['Brands Brand A']);
    const foreign = await gql(app.yoga, '{ brands { name } }', {}, other.keys.owner);
    expect(foreign.body.data.brands.map((b: { name: string }) => b.name)).not.toContain('Brands Brand A');
  });

  it('answers 401 without a key', async () => {
    const res = await gql(app.yoga, '{ brands { name } }', {}, null);
    expect(res.status, JSON.stringify(res.body)).toBe(401);
    expect(res.body.errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
  });
});

// Hostile or sloppy input gets a clear GraphQL error: never a 500, never a stack trace.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../http/app.js';
import { gql, makeTenant, type TenantFixture } from '../../test/fixtures.js';
import { encodeGlobalId as gid } from '../../test/support/ids.js';

const app = buildApp();
afterAll(() => app.stop());

let t: TenantFixture;
beforeAll(async () => {
  t = await makeTenant('BadInput');
});


const deep = (() => {
  // Brand -> integration -> brand -> integration ... 20 levels.
  let inner = 'id';
  for (let i = 0; i < 10; i++) inner = `integration { brand { ${inner} } }`;
  return `{ brands { ${inner} } }`;
})();

const cases: [string, string, Record<string, unknown>][] = [
  ['malformed brand id', 'query ($b: ID!) { orders(brandId: $b) { edges { cursor } } }', { b: 'definitely-not-an-id' }],
  ['id of another type', 'query ($b: ID!) { orders(brandId: $b) { edges { cursor } } }', { b: gid('Order', '00000000-0000-4000-8000-000000000000') }],
  ['non-uuid id', 'query ($id: ID!) { order(id: $id) { id } }', { id: gid('Order', 'abc') }],
  ['malformed node id', 'query ($id: ID!) { node(id: $id) { id } }', { id: '%%%' }],
  ['node id of an unknown type', 'query ($id: ID!) { node(id: $id) { id } }', { id: gid('Nope', '00000000-0000-4000-8000-000000000000') }],
  ['node id with a non-uuid', 'query ($id: ID!) { node(id: $id) { id } }', { id: gid('Order', "1' OR 1=1") }],
  ['first: 100000 literal', '{ brands { id } orders(brandId: "x", first: 100000) { edges { cursor } } }', {}],
  ['first: 100000 variable', 'query ($b: ID!, $n: Int) { orders(brandId: $b, first: $n) { edges { cursor } } }', { n: 100000 }],
  ['depth-20 query', deep, {}],
  ['unknown enum value', 'query ($b: ID!) { orders(brandId: $b, filter: { status: [SHIPPED_TO_MARS] }) { edges { cursor } } }', {}],
  ['unknown enum value in a variable', 'query ($b: ID!, $f: OrderFilter) { orders(brandId: $b, filter: $f) { edges { cursor } } }', { f: { status: ['NOPE'] } }],
  ['1 MB search string', 'query ($b: ID!, $f: OrderFilter) { orders(brandId: $b, filter: $f) { edges { cursor } } }', { f: { search: 'x'.repeat(1_000_000) } }],
  ['wrong variable type', 'query ($b: ID!, $n: Int) { orders(brandId: $b, first: $n) { edges { cursor } } }', { n: 'fifty' }],
  ['bad DateTime', 'query ($b: ID!, $f: OrderFilter) { orders(brandId: $b, filter: $f) { edges { cursor } } }', { f: { updatedSince: 'yesterday' } }],
  ['negative low-stock threshold', 'query ($b: ID!) { inventory(brandId: $b, filter: { lowStock: { threshold: -1 } }) { edges { cursor } } }', {}],
  ['nested pages too large', 'query ($b: ID!) { inventory(brandId: $b, first: 250) { edges { node { history(first: 250) { onHand } } } } }', {}],
  ['syntax error', '{ brands { id ', {}],
  ['unknown field', '{ brands { password } }', {}],
];

describe('bad input', () => {
  it.each(cases)('%s → clear GraphQL error', async (_name, query, variables) => {
    const res = await gql(app.yoga, query, { b: gid('Brand', t.brandA.id), ...variables }, t.keys.owner);
    expect(res.status).toBeLessThan(500);
    expect(res.body.errors?.length, JSON.stringify(res.body).slice(0, 500)).toBeGreaterThan(0);
    const text = JSON.stringify(res.body);
    expect(text).not.toMatch(/\bat .*\.(ts|js):\d+/); // no stack frames
    expect(text).not.toMatch(/prisma|SELECT |invalid input syntax/i);
    expect(res.body.errors![0].message).not.toBe('Unexpected error.');
  });

  it('never echoes the raw data of a record to a non-manager', async () => {
    const res = await gql(app.yoga, 'query ($b: ID!) { orders(brandId: $b) { edges { node { id rawData } } } }', { b: gid('Brand', t.brandA.id) }, t.keys.operator);
    expect(res.status).toBe(200);
  });
});


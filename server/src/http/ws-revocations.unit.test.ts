// Which brands an operation reads, as the revocation check sees it: named brand arguments (literal
// or variable, global id or bare UUID), and "all" whenever a root field names none.
import { encodeGlobalID } from '@pothos/plugin-relay';
import { parse } from 'graphql';
import { describe, expect, it } from 'vitest';
import { brandsReadBy } from './ws-revocations.js';

const A = '0b6f4c2e-1d3a-4c5b-9e8f-7a6b5c4d3e2f';
const B = '1c7a5d3f-2e4b-4d6c-8f9a-8b7c6d5e4f30';

describe('brandsReadBy', () => {
  it('reads brandId and brandIds from literals and variables', () => {
    const doc = parse(`subscription ($b: ID!, $bs: [ID!]) { a: orderChanged(brandId: $b) { sequence } b: orderChanged(brandIds: $bs) { sequence } c: orderChanged(brandId: "${A}") { sequence } }`);
    expect(brandsReadBy(doc, null, { b: encodeGlobalID('Brand', A), bs: [B] })).toEqual(new Set([A, B]));
  });

  it('is "all" when a root field names no brand, or none that reads as a brand id', () => {
    expect(brandsReadBy(parse('subscription { orderChanged { sequence } }'), null, {})).toBe('all');
    expect(brandsReadBy(parse('subscription ($bs: [ID!]) { orderChanged(brandIds: $bs) { sequence } }'), null, {})).toBe('all');
    expect(brandsReadBy(parse(`subscription { orderChanged(brandId: "${encodeGlobalID('Order', A)}") { sequence } }`), null, {})).toBe('all');
    expect(brandsReadBy(parse('subscription { ...F } fragment F on Subscription { orderChanged { sequence } }'), null, {})).toBe('all');
  });

  it('picks the named operation', () => {
    const doc = parse(`query One { brand(id: "x") { id } } subscription Two { orderChanged(brandId: "${A}") { sequence } }`);
    expect(brandsReadBy(doc, 'Two', {})).toEqual(new Set([A]));
    expect(brandsReadBy(doc, 'One', {})).toBe('all');
  });
});

import { parse } from 'graphql';
import { describe, expect, it } from 'vitest';
import { schema } from '../schema.js';
import { cachePlan } from './cache-plan.js';

const plan = (query: string, operationName?: string) => cachePlan(schema, parse(query), operationName);

describe('cachePlan', () => {
  it('accepts order, shipment and inventory pages, with the brand from a variable or a literal', () => {
    expect(plan('query ($b: ID!) { orders(brandId: $b, first: 50) { edges { node { id lineItems { sku } shipments { packages { trackingUrl } } totalPrice { amount } } } pageInfo { endCursor } } }'))
      .toEqual({ brandArgs: [{ variable: 'b' }] });
    expect(plan('{ inventory(brandId: "QnJhbmQ6eA==") { edges { node { levels { onHand } history { onHand } } } } __typename }'))
      .toEqual({ brandArgs: [{ literal: 'QnJhbmQ6eA==' }] });
    expect(plan('query ($a: ID!, $b: ID!) { a: orders(brandId: $a) { edges { cursor } } b: shipments(brandId: $b) { edges { node { order { id } } } } }'))
      .toEqual({ brandArgs: [{ variable: 'a' }, { variable: 'b' }] });
  });

  it('refuses anything whose data changes without an order or inventory notice', () => {
    expect(plan('query ($b: ID!) { orders(brandId: $b) { edges { node { brand { name } } } } }')).toBeNull();
    expect(plan('query ($b: ID!) { products(brandId: $b) { edges { cursor } } }')).toBeNull();
    expect(plan('query ($b: ID!) { orders(brandId: $b) { edges { cursor } } brands { id } }')).toBeNull();
    expect(plan('query ($b: ID!) { orders(brandId: $b) { edges { node { ...F } } } } fragment F on Order { brand { id } }')).toBeNull();
    expect(plan('{ __schema { types { name } } }')).toBeNull();
    expect(plan('query ($b: ID!) { ...Root } fragment Root on Query { orders(brandId: $b) { edges { cursor } } }')).toBeNull();
    expect(plan('mutation ($b: ID!) { triggerSync(brandId: $b) { resource } }')).toBeNull();
    expect(plan('query ($b: ID!) { orders(brandId: $b) { nope } }')).toBeNull();
  });

  it('picks the named operation of a document with several', () => {
    const doc = 'query A($b: ID!) { orders(brandId: $b) { edges { cursor } } } query B { brands { id } }';
    expect(plan(doc, 'A')).toEqual({ brandArgs: [{ variable: 'b' }] });
    expect(plan(doc, 'B')).toBeNull();
    expect(plan(doc)).toBeNull();
  });
});

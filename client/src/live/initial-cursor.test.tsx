// @vitest-environment jsdom
// No gap at first subscribe: the page reads the brand's changeSequence before it sends the list
// query, and the live subscription starts with afterSequence = that value, so the server replays
// whatever was committed between the two.
import { act, cleanup, render, screen } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { Client, Provider, type Exchange, type Operation, type OperationResult } from 'urql';
import { empty, fromValue, makeSubject, mergeMap, pipe } from 'wonka';
import type { InventoryRowFragment } from '../gql/graphql';
import { InventoryQuery } from '../features/inventory/InventoryPage';
import { useInventoryEvents } from '../features/inventory/useInventoryEvents';
import { useChangeCursor } from './useChangeCursor';
import { usePagedConnection } from './usePagedConnection';

afterEach(cleanup);

const item = (id: string, onHand: number): InventoryRowFragment => ({
  id, sku: `SKU-${id}`, name: id, onHand, fulfillable: onHand, committed: 0, unfulfillable: 0, awaiting: 0, sellable: onHand, updatedAt: '2026-01-01T00:00:00.000Z', levels: [],
});

const nameOf = (op: Operation) => (op.query.definitions[0] as { name?: { value: string } }).name?.value ?? '?';

/** Answers the cursor and list queries, records every operation, and lets the test push live events. */
function fakeClient(changeSequence: string | null) {
  const log: { name: string; kind: string; variables: Record<string, unknown> }[] = [];
  const live = makeSubject<OperationResult>();
  let subscription: Operation | null = null;
  const exchange: Exchange = () => (ops$) =>
    pipe(
      ops$,
      mergeMap((op) => {
        if (op.kind === 'teardown') return empty;
        log.push({ name: nameOf(op), kind: op.kind, variables: op.variables as Record<string, unknown> });
        if (op.kind === 'subscription') {
          subscription = op;
          return live.source;
        }
        const data = nameOf(op) === 'BrandChangeSequence'
          ? { brand: changeSequence === null ? null : { __typename: 'Brand', id: 'b1', changeSequence } }
          : { inventory: { __typename: 'InventoryItemConnection', edges: [{ node: item('i1', 40) }], pageInfo: { hasNextPage: false, endCursor: null } } };
        return fromValue({ operation: op, data, stale: false, hasNext: false } as OperationResult);
      }),
    );
  const push = (seq: string, record: InventoryRowFragment) =>
    live.next({ operation: subscription!, data: { inventoryChanged: { __typename: 'InventoryChange', sequence: seq, source: 'WEBHOOK', item: record } }, stale: false, hasNext: true } as OperationResult);
  return { client: new Client({ url: 'http://packr.test/graphql', exchanges: [exchange] }), log, push };
}

/** What InventoryPage does: cursor first, list paused until then, subscription from the cursor. */
function Harness() {
  const cursor = useChangeCursor('b1');
  const list = usePagedConnection({ query: InventoryQuery, variables: { brandId: 'b1', first: 50 }, pick: (d) => d.inventory, pause: !cursor.ready });
  useInventoryEvents('b1', cursor, (record) => list.patch(record, ['onHand']));
  return (
    <ul>
      {list.rows.map((r) => (
        <li key={r.id} data-testid="row">{`${r.id}:${r.onHand}`}</li>
      ))}
    </ul>
  );
}

function mount(client: Client) {
  render(
    <Provider value={client}>
      <Harness />
    </Provider>,
  );
}

describe('initial live cursor', () => {
  it('reads changeSequence before the list and subscribes after it', async () => {
    const fake = fakeClient('41');
    mount(fake.client);
    await screen.findByText('i1:40');
    const names = fake.log.map((o) => o.name);
    expect(names[0]).toBe('BrandChangeSequence');
    expect(names.indexOf('Inventory')).toBeGreaterThan(0);
    const subscribe = fake.log.find((o) => o.kind === 'subscription')!;
    expect(subscribe).toMatchObject({ name: 'InventoryChanged', variables: { brandId: 'b1', afterSequence: '41' } });
    // Exactly one subscription: the cursor is frozen, nothing restarts it.
    expect(fake.log.filter((o) => o.kind === 'subscription')).toHaveLength(1);

    // A change committed between the cursor read and the subscribe is replayed and merged by id.
    act(() => fake.push('42', item('i1', 35)));
    expect(screen.getByTestId('row').textContent).toBe('i1:35');
  });

  it('subscribes without a cursor when the brand cannot be read', async () => {
    const fake = fakeClient(null);
    mount(fake.client);
    await screen.findByText('i1:40');
    const subscribe = fake.log.find((o) => o.kind === 'subscription')!;
    expect(subscribe.variables).toEqual({ brandId: 'b1', afterSequence: null });
  });
});

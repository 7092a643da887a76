// @vitest-environment jsdom
// Live row merge: an inventoryChanged record patches its row in place (no refetch), the changed
// cells are highlighted, and the highlight goes away after FLASH_MS.
import { act, cleanup, render, screen, within } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { Client, Provider, type Exchange } from 'urql';
import { fromValue, map, mergeMap, pipe, filter } from 'wonka';
import type { InventoryRowFragment } from '../../gql/graphql';
import { usePagedConnection } from '../../live/usePagedConnection';
import { FLASH_MS, useFlash } from '../../live/useFlash';
import { InventoryTable, QUANTITY_FIELDS } from './InventoryTable';
import { InventoryQuery } from './InventoryPage';
import { inventoryOrder, matchesInventoryFilter } from './live-order';

afterEach(cleanup);

const Query = InventoryQuery;

const item = (id: string, sku: string, onHand: number): InventoryRowFragment => ({
  id,
  sku,
  name: `Item ${sku}`,
  onHand,
  fulfillable: onHand,
  committed: 0,
  unfulfillable: 0,
  awaiting: 0,
  sellable: onHand,
  updatedAt: '2026-01-01T00:00:00.000Z',
  levels: [],
});

/** A urql client that answers every query with one page of rows and counts the requests. */
function fakeClient(rows: InventoryRowFragment[], hasNextPage = false) {
  const requests = vi.fn();
  const exchange: Exchange = () => (ops$) =>
    pipe(
      ops$,
      filter((op) => op.kind === 'query'),
      mergeMap((op) => {
        requests(op.variables);
        return fromValue(op);
      }),
      map((op) => ({
        operation: op,
        data: { inventory: { __typename: 'InventoryItemConnection', edges: rows.map((node) => ({ node })), pageInfo: { hasNextPage, endCursor: hasNextPage ? 'c1' : null } } },
        stale: false,
        hasNext: false,
      })),
    );
  return { client: new Client({ url: 'http://packr.test/graphql', exchanges: [exchange] }), requests };
}

let apply: (record: Partial<InventoryRowFragment> & { id: string }) => void = () => {};

function Harness() {
  const list = usePagedConnection({ query: Query, variables: { brandId: 'b1', first: 50 }, pick: (d) => d.inventory });
  const { flashes, flash } = useFlash();
  // What InventoryPage does with each live record (no filter here): patch a row on screen, insert
  // one that is not where the sort (SKU ascending) puts it.
  apply = (record) => {
    if (list.rows.some((r) => r.id === record.id)) flash(record.id, list.patch(record, QUANTITY_FIELDS));
    else if (list.insert(record as InventoryRowFragment, inventoryOrder({ field: 'SKU', direction: 'ASC' }))) flash(record.id, ['new']);
  };
  return (
    <InventoryTable
      rows={list.rows}
      flashes={flashes}
      sort={{ field: 'SKU', direction: 'ASC' }}
      onSort={() => {}}
      expanded={new Set()}
      onToggle={() => {}}
      lowStockThreshold={5}
    />
  );
}

const rowOf = (sku: string) => screen.getAllByTestId('inventory-row').find((r) => r.dataset.sku === sku)!;
const cell = (sku: string, col: string) => rowOf(sku).querySelector(`[data-col="${col}"]`)!;

describe('live inventory rows', () => {
  it('patches the changed row in place, highlights what changed, and does not refetch', async () => {
    const { client, requests } = fakeClient([item('i1', 'SKU-1', 40), item('i2', 'SKU-2', 7)]);
    render(
      <Provider value={client}>
        <Harness />
      </Provider>,
    );
    await screen.findAllByTestId('inventory-row');
    const requestsBefore = requests.mock.calls.length;
    vi.useFakeTimers();
    try {
      act(() => apply({ ...item('i1', 'SKU-1', 40), onHand: 35, fulfillable: 33, updatedAt: '2026-01-02T00:00:00.000Z' }));
      expect(cell('SKU-1', 'onHand').textContent).toBe('35');
      expect(cell('SKU-1', 'fulfillable').textContent).toBe('33');
      expect(rowOf('SKU-1').className).toContain('flash');
      expect(cell('SKU-1', 'onHand').className).toContain('changed');
      expect(cell('SKU-1', 'committed').className).not.toContain('changed');
      // The other row is untouched.
      expect(rowOf('SKU-2').className).not.toContain('flash');
      expect(within(rowOf('SKU-2')).getByText('7', { selector: '[data-col="onHand"]' })).toBeTruthy();

      act(() => vi.advanceTimersByTime(FLASH_MS + 10));
      expect(rowOf('SKU-1').className).not.toContain('flash');
      expect(cell('SKU-1', 'onHand').textContent).toBe('35');
    } finally {
      vi.useRealTimers();
    }
    expect(requests).toHaveBeenCalledTimes(requestsBefore);
  });

  it('shows a new SKU on a full page where the sort puts it, live and without a refetch', async () => {
    // A full page with more on the server (hasNextPage): the case that used to wait for a refresh.
    const { client, requests } = fakeClient([item('i1', 'SKU-1', 40), item('i3', 'SKU-3', 7)], true);
    render(
      <Provider value={client}>
        <Harness />
      </Provider>,
    );
    await screen.findAllByTestId('inventory-row');
    const requestsBefore = requests.mock.calls.length;
    act(() => apply(item('i2', 'SKU-2', 5)));
    expect(screen.getAllByTestId('inventory-row').map((r) => r.dataset.sku)).toEqual(['SKU-1', 'SKU-2', 'SKU-3']);
    expect(rowOf('SKU-2').className).toContain('flash');
    // One that sorts after the last row shown belongs to a page not loaded yet: "Load more" brings it.
    act(() => apply(item('i9', 'SKU-9', 5)));
    expect(screen.getAllByTestId('inventory-row').map((r) => r.dataset.sku)).toEqual(['SKU-1', 'SKU-2', 'SKU-3']);
    expect(requests).toHaveBeenCalledTimes(requestsBefore);
  });

  it('appends a new SKU to a list with no further page, and does not flash a no-op change', async () => {
    const { client } = fakeClient([item('i1', 'SKU-1', 40)]);
    render(
      <Provider value={client}>
        <Harness />
      </Provider>,
    );
    await screen.findAllByTestId('inventory-row');
    act(() => apply(item('other', 'SKU-X', 1)));
    expect(screen.getAllByTestId('inventory-row').map((r) => r.dataset.sku)).toEqual(['SKU-1', 'SKU-X']);
    act(() => apply(item('i1', 'SKU-1', 40)));
    expect(rowOf('SKU-1').className).not.toContain('flash');
  });

  it("keeps a new SKU out when it fails the table's filter", () => {
    const row = item('i5', 'ABC-5', 20);
    const none = { search: null, warehouseId: null, lowStock: null };
    expect(matchesInventoryFilter(row, none)).toBe(true);
    expect(matchesInventoryFilter(row, { ...none, search: 'abc' })).toBe(true);
    expect(matchesInventoryFilter(row, { ...none, search: 'xyz' })).toBe(false);
    expect(matchesInventoryFilter(row, { ...none, lowStock: { threshold: 10 } })).toBe(false);
    expect(matchesInventoryFilter(row, { ...none, warehouseId: 'w1' })).toBe(false);
    expect(matchesInventoryFilter({ ...row, levels: [{ warehouseExternalId: 'w1', onHand: 1, fulfillable: 1, committed: 0, unfulfillable: 0, awaiting: 0 }] }, { ...none, warehouseId: 'w1' })).toBe(true);
  });

  it('marks low stock against the threshold after a live drop', async () => {
    const { client } = fakeClient([item('i1', 'SKU-1', 40)]);
    render(
      <Provider value={client}>
        <Harness />
      </Provider>,
    );
    await screen.findAllByTestId('inventory-row');
    expect(cell('SKU-1', 'fulfillable').className).not.toContain('low');
    act(() => apply({ id: 'i1', fulfillable: 3 }));
    expect(cell('SKU-1', 'fulfillable').className).toContain('low');
  });
});

// Where a live order belongs in the orders table: the API lists orders last changed first
// (updatedAt, then id, both descending), filtered by status and a search text.
import type { OrderRowFragment, OrderStatus } from '../../gql/graphql';
import { compareValues, type RowOrder } from '../../live/merge';

export const orderOrder: RowOrder<Pick<OrderRowFragment, 'id' | 'updatedAt'>> = (a, b) =>
  -(compareValues(a.updatedAt as string, b.updatedAt as string) || compareValues(a.id, b.id));

/**
 * Whether the order passes the table's filter: true, false, or null when the row cannot tell (the
 * search also matches line-item SKUs, which a row does not carry).
 */
export function matchesOrderFilter(order: OrderRowFragment, filter: { search: string | null; status: readonly OrderStatus[] | null }): boolean | null {
  if (filter.status && !filter.status.includes(order.status)) return false;
  if (!filter.search) return true;
  const term = filter.search.toLowerCase();
  if (order.orderNumber.toLowerCase().includes(term) || (order.referenceId ?? '').toLowerCase().includes(term)) return true;
  return null;
}

// The attention board's data: the row shape, the list and count queries, the live event, and how
// one event changes the rows on screen (pure, so it is unit-tested without a socket).
import { graphql } from '../../gql';
import type { AttentionItemRowFragment, AttentionKind } from '../../gql/graphql';
import { compareValues } from '../../live/merge';

export const AttentionItemRow = graphql(`
  fragment AttentionItemRow on AttentionItem {
    id
    kind
    reason
    since
    detectedAt
    rawStatus
    recordType
    recordId
    brand {
      id
      name
    }
    order {
      id
      orderNumber
    }
    inventoryItem {
      ...InventoryRow
    }
    inboundShipment {
      id
      purchaseOrderNumber
      externalId
    }
    return {
      id
      externalId
    }
  }
`);

export const AttentionListQuery = graphql(`
  query AttentionList($brandIds: [ID!], $kinds: [AttentionKind!], $first: Int, $after: String) {
    attention(brandIds: $brandIds, kinds: $kinds, first: $first, after: $after) {
      edges {
        node {
          ...AttentionItemRow
        }
      }
      pageInfo {
        hasNextPage
        endCursor
      }
    }
  }
`);

export const AttentionCountsQuery = graphql(`
  query AttentionCounts($brandIds: [ID!]) {
    attentionCounts(brandIds: $brandIds) {
      total
      byKind {
        kind
        count
      }
      byBrand {
        brand {
          id
          name
        }
        count
        byKind {
          kind
          count
        }
      }
    }
  }
`);

// $afterSequence is filled in by the client on a resubscribe after a dropped socket (live/resume.ts):
// the board's sequence is per 3PL, so the events missed meanwhile are replayed.
export const AttentionChangedSubscription = graphql(`
  subscription AttentionChanged($brandIds: [ID!], $afterSequence: String) {
    attentionChanged(brandIds: $brandIds, afterSequence: $afterSequence) {
      sequence
      change
      kind
      itemId
      brand {
        id
      }
      item {
        ...AttentionItemRow
      }
    }
  }
`);

export const ATTENTION_KINDS: readonly AttentionKind[] = ['LATE_ORDER', 'ORDER_EXCEPTION', 'OVERDUE_INBOUND', 'RETURN_NOT_RESTOCKED', 'LOW_STOCK', 'CONNECTION'];

export const KIND_LABELS: Record<AttentionKind, string> = {
  LATE_ORDER: 'Late orders',
  ORDER_EXCEPTION: 'Order exceptions',
  OVERDUE_INBOUND: 'Overdue inbound',
  RETURN_NOT_RESTOCKED: 'Returns not restocked',
  LOW_STOCK: 'Low stock',
  CONNECTION: 'Connections',
};

/** The board's order: oldest `since` first, then by id (as Query.attention pages). */
export const attentionOrder = (a: AttentionItemRowFragment, b: AttentionItemRowFragment) =>
  compareValues(a.since as string, b.since as string) || compareValues(a.id, b.id);

export type AttentionFilter = { kinds: readonly AttentionKind[]; brandIds: readonly string[] };

export type AttentionEvent = { change: 'OPENED' | 'UPDATED' | 'RESOLVED'; itemId: string; item?: AttentionItemRowFragment | null };

/**
 * The rows after one live event: an OPENED (or UPDATED) item that passes the filter takes its place
 * in the order (moving if its `since` changed); a RESOLVED item, or one whose event carries no item
 * (it resolved since), leaves. With more pages on the server, an item sorting after the last row
 * shown is left for "Load more".
 */
export function applyAttentionEvent(rows: readonly AttentionItemRowFragment[], event: AttentionEvent, filter: AttentionFilter, hasNext: boolean): AttentionItemRowFragment[] {
  const without = rows.filter((r) => r.id !== event.itemId);
  const item = event.change === 'RESOLVED' ? null : event.item;
  if (!item) return without.length === rows.length ? (rows as AttentionItemRowFragment[]) : without;
  const passes = (filter.kinds.length === 0 || filter.kinds.includes(item.kind)) && (filter.brandIds.length === 0 || filter.brandIds.includes(item.brand.id));
  if (!passes) return without.length === rows.length ? (rows as AttentionItemRowFragment[]) : without;
  let index = without.findIndex((r) => attentionOrder(item, r) < 0);
  if (index < 0) {
    if (hasNext) return without;
    index = without.length;
  }
  return [...without.slice(0, index), item, ...without.slice(index)];
}

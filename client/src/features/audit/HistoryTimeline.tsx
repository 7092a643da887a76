// A record's audit trail as a timeline, newest first: "on hand 120 → 96 · webhook inventory.updated
// · 14:02:11". Shown in the order drawer and the inventory item's detail row; refetched whenever
// the record changes live (the entry commits with the change, so it is there by then).
import { useEffect, useRef, useState } from 'react';
import { useQuery } from 'urql';
import { graphql } from '../../gql';
import type { AuditEntryFieldsFragment } from '../../gql/graphql';
import { describeEntry, formatTime, sourceLabel } from './audit-format';

graphql(`
  fragment AuditEntryFields on AuditEntry {
    id
    at
    source
    event
    actor {
      userId
    }
    changes {
      field
      before
      after
    }
  }
`);

const OrderHistoryQuery = graphql(`
  query OrderAuditHistory($id: ID!, $first: Int!) {
    order(id: $id) {
      id
      auditHistory(first: $first) {
        edges {
          node {
            ...AuditEntryFields
          }
        }
        pageInfo {
          hasNextPage
        }
      }
    }
  }
`);

const InventoryHistoryQuery = graphql(`
  query InventoryAuditHistory($id: ID!, $first: Int!) {
    inventoryItem(id: $id) {
      id
      auditHistory(first: $first) {
        edges {
          node {
            ...AuditEntryFields
          }
        }
        pageInfo {
          hasNextPage
        }
      }
    }
  }
`);

const PAGE = 20;
const MAX = 250;

type Props = {
  kind: 'order' | 'inventoryItem';
  /** The record's global ID. */
  id: string;
  /** Changes whenever the record changes live (its updatedAt, its status): the timeline refetches. */
  version?: string | null;
  /** The heading's id, so the list is labelled by it. */
  labelledBy: string;
};

export function RecordHistory({ kind, id, version, labelledBy }: Props) {
  const [first, setFirst] = useState(PAGE);
  const variables = { id, first };
  const [orderResult, refetchOrder] = useQuery({ query: OrderHistoryQuery, variables, pause: kind !== 'order', requestPolicy: 'cache-and-network' });
  const [itemResult, refetchItem] = useQuery({ query: InventoryHistoryQuery, variables, pause: kind !== 'inventoryItem', requestPolicy: 'cache-and-network' });
  const { data, fetching, error } = kind === 'order' ? orderResult : itemResult;
  const history = kind === 'order' ? orderResult.data?.order?.auditHistory : itemResult.data?.inventoryItem?.auditHistory;

  const seen = useRef(version);
  useEffect(() => {
    if (seen.current === version) return;
    seen.current = version;
    (kind === 'order' ? refetchOrder : refetchItem)({ requestPolicy: 'network-only' });
  }, [version, kind, refetchOrder, refetchItem]);

  if (error && !data) return <p className="error-text small">Could not load the history.</p>;
  if (!history) return fetching ? <p className="muted small">Loading history…</p> : null;
  const entries = history.edges.map((e) => e.node);
  return (
    <HistoryTimeline
      entries={entries}
      labelledBy={labelledBy}
      more={history.pageInfo.hasNextPage && first < MAX ? () => setFirst((n) => Math.min(MAX, n + PAGE)) : undefined}
      loadingMore={fetching}
    />
  );
}

export function HistoryTimeline({ entries, labelledBy, more, loadingMore }: { entries: readonly AuditEntryFieldsFragment[]; labelledBy: string; more?: () => void; loadingMore?: boolean }) {
  if (entries.length === 0) return <p className="muted small">No changes recorded yet.</p>;
  return (
    <div>
      <ol className="timeline" aria-labelledby={labelledBy}>
        {entries.map((entry) => (
          <li key={entry.id} className="timeline-entry" data-testid="history-entry">
            <span className="timeline-what">{describeEntry(entry)}</span>
            <span className="timeline-meta">
              {' · '}
              {sourceLabel(entry)}
              {' · '}
              <time dateTime={entry.at} title={new Date(entry.at).toLocaleString()}>
                {formatTime(entry.at)}
              </time>
            </span>
          </li>
        ))}
      </ol>
      {more && (
        <button type="button" className="btn btn-ghost btn-small" onClick={more} disabled={loadingMore}>
          {loadingMore ? 'Loading…' : 'Show older changes'}
        </button>
      )}
    </div>
  );
}

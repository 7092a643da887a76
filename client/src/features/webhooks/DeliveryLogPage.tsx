// '/settings/webhooks/:id': one endpoint's delivery log, newest first, filtered by status. A row
// expands to its tries (status code, error, time taken, the receiver's answer) and the payload sent.
// OWNER and ADMIN replay one delivery, or every failed one since a time. While deliveries are
// pending the first page is read again every few seconds, so a retry's outcome shows up by itself.
import { Fragment, useCallback, useEffect, useId, useState, type FormEvent } from 'react';
import { useMutation, useQuery } from 'urql';
import { graphql } from '../../gql';
import type { DeliveryRowFragment, OutboundDeliveryStatus } from '../../gql/graphql';
import { Badge, Empty, ErrorState, Loading, errorMessage } from '../../app/ui';
import { Link } from '../../app/router';
import { Pager } from '../../app/Pager';
import { formatAge, formatDateTime, formatNumber } from '../../lib/format';
import { usePagedConnection } from '../../live/usePagedConnection';
import { useTeamViewer } from '../team/shared';
import { DELIVERY_STATUS } from './webhooks';
import './webhooks.css';

const PAGE_SIZE = 25;
const POLL_MS = 3_000;

const EndpointQuery = graphql(`
  query WebhookEndpointHeader($id: ID!) {
    node(id: $id) {
      __typename
      id
      ... on WebhookEndpoint {
        ...EndpointFields
      }
    }
  }
`);

const DeliveriesQuery = graphql(`
  query WebhookDeliveries($id: ID!, $status: OutboundDeliveryStatus, $first: Int, $after: String) {
    node(id: $id) {
      __typename
      id
      ... on WebhookEndpoint {
        deliveries(status: $status, first: $first, after: $after) {
          edges {
            node {
              ...DeliveryRow
            }
          }
          pageInfo {
            hasNextPage
            endCursor
          }
        }
      }
    }
  }
`);

const ReplayDelivery = graphql(`
  mutation ReplayOutboundDelivery($id: ID!) {
    replayOutboundDelivery(id: $id) {
      ...DeliveryRow
    }
  }
`);

const ReplayFailed = graphql(`
  mutation ReplayFailedDeliveries($endpointId: ID!, $since: DateTime!) {
    replayFailedDeliveries(endpointId: $endpointId, since: $since)
  }
`);

const STATUS_OPTIONS: { value: OutboundDeliveryStatus | ''; label: string }[] = [
  { value: '', label: 'All' },
  { value: 'PENDING', label: 'Pending' },
  { value: 'SUCCEEDED', label: 'Succeeded' },
  { value: 'FAILED', label: 'Failed' },
];

/** A datetime-local value (the browser's time zone) for `hoursAgo` hours before now. */
function localInputValue(hoursAgo: number): string {
  const d = new Date(Date.now() - hoursAgo * 3_600_000);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

export function DeliveryLogPage({ endpointId }: { endpointId: string }) {
  const viewer = useTeamViewer();
  const [status, setStatus] = useState<OutboundDeliveryStatus | ''>('');
  const [header, refetchHeader] = useQuery({ query: EndpointQuery, variables: { id: endpointId }, requestPolicy: 'cache-and-network' });
  const list = usePagedConnection({
    query: DeliveriesQuery,
    variables: { id: endpointId, status: status || null, first: PAGE_SIZE },
    pick: (d) => (d.node?.__typename === 'WebhookEndpoint' ? d.node.deliveries : null),
  });
  const [notice, setNotice] = useState('');
  const [expanded, setExpanded] = useState<ReadonlySet<string>>(new Set());
  const ids = { heading: useId(), status: useId() };
  const endpoint = header.data?.node?.__typename === 'WebhookEndpoint' ? header.data.node : null;

  // Pending work settles on the server (retries, the dispatcher): re-read the first page meanwhile.
  const pending = list.rows.some((r) => r.status === 'PENDING');
  const firstPageOnly = list.rows.length <= PAGE_SIZE;
  const { refresh: refreshList } = list;
  // The log and the endpoint's counts above it, read again together.
  const refresh = useCallback(() => {
    refreshList();
    refetchHeader({ requestPolicy: 'network-only' });
  }, [refreshList, refetchHeader]);
  useEffect(() => {
    if (!pending || !firstPageOnly) return;
    const timer = setInterval(refresh, POLL_MS);
    return () => clearInterval(timer);
  }, [pending, firstPageOnly, refresh]);

  if (header.error && !header.data) return <ErrorState error={header.error} />;
  if (header.data && !endpoint) {
    return (
      <Empty title="Endpoint not found">
        <Link to="/settings/webhooks">Back to webhooks</Link>
      </Empty>
    );
  }
  const toggle = (id: string) => setExpanded((s) => (s.has(id) ? new Set([...s].filter((x) => x !== id)) : new Set(s).add(id)));

  return (
    <section>
      <div className="crumbs">
        <Link to="/settings/webhooks">Webhooks</Link> / Delivery log
      </div>
      <div className="page-header">
        <div style={{ minWidth: 0 }}>
          <h1>Delivery log</h1>
          <p className="muted">
            {endpoint ? (
              <>
                <code className="endpoint-url" style={{ fontSize: 13 }}>
                  {endpoint.url}
                </code>
                {!endpoint.enabled && <Badge tone="bad">Disabled</Badge>}
                <span data-testid="log-counts">
                  {formatNumber(endpoint.counts.pending)} pending · {formatNumber(endpoint.counts.succeeded)} succeeded · {formatNumber(endpoint.counts.failed)} failed
                </span>
              </>
            ) : (
              'Loading the endpoint…'
            )}
          </p>
        </div>
        <button type="button" className="btn" onClick={refresh} disabled={list.fetching}>
          Refresh
        </button>
      </div>
      <div className="toolbar">
        <label htmlFor={ids.status}>Status</label>
        <select id={ids.status} value={status} onChange={(e) => setStatus(e.target.value as OutboundDeliveryStatus | '')}>
          {STATUS_OPTIONS.map((o) => (
            <option key={o.value} value={o.value}>
              {o.label}
            </option>
          ))}
        </select>
        <span className="spacer" />
        {viewer.manager && <ReplayFailedForm endpointId={endpointId} onDone={(text) => (setNotice(text), refresh())} />}
      </div>
      <p role="status" aria-live="polite" className="muted" style={{ minHeight: '1.45em', marginBottom: 8 }} data-testid="log-notice">
        {notice}
      </p>
      {list.error && !list.loaded && <ErrorState error={list.error} retry={refresh} />}
      {!list.loaded && !list.error && <Loading label="Loading deliveries…" />}
      {list.loaded && list.rows.length === 0 && <Empty title="No deliveries">{status ? 'None with this status.' : 'Send a test event from Settings → Webhooks to see one here.'}</Empty>}
      {list.rows.length > 0 && (
        <div className="table-wrap">
          <table className="table" aria-labelledby={ids.heading} data-testid="delivery-log">
            <caption id={ids.heading} className="sr-only">
              Deliveries to {endpoint?.url ?? 'this endpoint'}, newest first
            </caption>
            <thead>
              <tr>
                <th scope="col">
                  <span className="sr-only">Details</span>
                </th>
                <th scope="col">Event type</th>
                <th scope="col">Brand</th>
                <th scope="col">Status</th>
                <th scope="col" className="num">
                  Attempts
                </th>
                <th scope="col">Last result</th>
                <th scope="col">Next attempt</th>
                <th scope="col">Created</th>
                {viewer.manager && (
                  <th scope="col">
                    <span className="sr-only">Actions</span>
                  </th>
                )}
              </tr>
            </thead>
            <tbody>
              {list.rows.map((d) => (
                <DeliveryRows key={d.id} delivery={d} open={expanded.has(d.id)} onToggle={() => toggle(d.id)} canReplay={viewer.manager} onReplayed={setNotice} columns={viewer.manager ? 9 : 8} patch={list.patch} />
              ))}
            </tbody>
          </table>
          <Pager shown={list.rows.length} noun="delivery" hasNext={list.hasNext} fetching={list.fetching} onLoadMore={list.loadMore} />
        </div>
      )}
    </section>
  );
}

function lastResult(d: DeliveryRowFragment): string {
  if (d.lastStatusCode != null && d.lastError) return `HTTP ${d.lastStatusCode}: ${d.lastError}`;
  if (d.lastStatusCode != null) return `HTTP ${d.lastStatusCode}`;
  if (d.lastError) return d.lastError;
  return d.attempts === 0 ? 'Not tried yet' : '—';
}

function DeliveryRows({ delivery: d, open, onToggle, canReplay, onReplayed, columns, patch }: {
  delivery: DeliveryRowFragment;
  open: boolean;
  onToggle(): void;
  canReplay: boolean;
  onReplayed(text: string): void;
  columns: number;
  patch(record: DeliveryRowFragment, fields: readonly string[]): string[];
}) {
  const [replaying, replay] = useMutation(ReplayDelivery);
  const detailId = useId();
  const status = DELIVERY_STATUS[d.status];
  const label = `${d.eventType} of ${formatDateTime(d.createdAt)}`;

  async function doReplay() {
    const result = await replay({ id: d.id });
    const fresh = result.data?.replayOutboundDelivery;
    if (fresh) {
      patch(fresh, ['status', 'attempts', 'nextAttemptAt']);
      onReplayed(`Delivery ${label} queued again.`);
    }
  }

  return (
    <Fragment>
      <tr data-testid="delivery-row" data-status={d.status} data-event-type={d.eventType}>
        <td>
          <button type="button" className="expand-btn" aria-expanded={open} aria-controls={open ? detailId : undefined} onClick={onToggle} aria-label={`Details of ${label}`}>
            ›
          </button>
        </td>
        <td>
          <code>{d.eventType}</code>
        </td>
        <td>{d.brand?.name ?? '—'}</td>
        <td>
          <Badge tone={status.tone}>{status.label}</Badge>
        </td>
        <td className="num">{d.attempts}</td>
        <td className={d.status === 'FAILED' ? 'error-text' : undefined} style={{ maxWidth: 260, overflowWrap: 'anywhere' }}>
          {lastResult(d)}
        </td>
        <td className="nowrap">{d.status === 'PENDING' && d.nextAttemptAt ? formatDateTime(d.nextAttemptAt) : '—'}</td>
        <td className="nowrap" title={formatDateTime(d.createdAt)}>
          {formatAge(d.createdAt)}
        </td>
        {canReplay && (
          <td style={{ textAlign: 'right' }}>
            <button type="button" className="btn btn-small" onClick={doReplay} disabled={replaying.fetching || d.status === 'PENDING'} aria-label={`Replay ${label}`}>
              {replaying.fetching ? 'Replaying…' : 'Replay'}
            </button>
            {replaying.error && (
              <p className="field-error" role="alert">
                {errorMessage(replaying.error)}
              </p>
            )}
          </td>
        )}
      </tr>
      {open && (
        <tr className="detail-row" id={detailId}>
          <td colSpan={columns}>
            <div className="delivery-detail">
              <div>
                <h3>Tries</h3>
                {d.tries.length === 0 ? (
                  <p className="muted small">Not tried yet.</p>
                ) : (
                  <table className="subtable" data-testid="delivery-tries">
                    <thead>
                      <tr>
                        <th scope="col">At</th>
                        <th scope="col">Status code</th>
                        <th scope="col" className="num">
                          Time
                        </th>
                        <th scope="col">Error or answer</th>
                      </tr>
                    </thead>
                    <tbody>
                      {d.tries.map((t, i) => (
                        <tr key={i} data-testid="delivery-try" data-status-code={t.statusCode ?? ''}>
                          <td className="nowrap">{formatDateTime(t.at)}</td>
                          <td>{t.statusCode ?? 'None'}</td>
                          <td className="num">{formatNumber(t.durationMs)} ms</td>
                          <td style={{ overflowWrap: 'anywhere' }}>{t.error ?? (t.responseBody ? <code>{t.responseBody}</code> : '—')}</td>
                        </tr>
                      ))}
                    </tbody>
                  </table>
                )}
              </div>
              <div>
                <h3>Payload</h3>
                <pre className="payload" tabIndex={0} aria-label={`Payload of ${label}`}>
                  {JSON.stringify(d.payload, null, 2)}
                </pre>
                <p className="muted small">Event id {d.eventId}</p>
              </div>
            </div>
          </td>
        </tr>
      )}
    </Fragment>
  );
}

function ReplayFailedForm({ endpointId, onDone }: { endpointId: string; onDone(text: string): void }) {
  const [since, setSince] = useState(() => localInputValue(24));
  const [state, replay] = useMutation(ReplayFailed);
  const ids = { since: useId(), error: useId() };

  async function submit(e: FormEvent) {
    e.preventDefault();
    const at = new Date(since);
    if (Number.isNaN(at.getTime())) return;
    const result = await replay({ endpointId, since: at.toISOString() });
    if (result.data) {
      const n = result.data.replayFailedDeliveries;
      onDone(n === 0 ? `No failed deliveries since ${formatDateTime(at.toISOString())}.` : `${formatNumber(n)} failed ${n === 1 ? 'delivery' : 'deliveries'} since ${formatDateTime(at.toISOString())} queued again.`);
    }
  }

  return (
    <form className="inline-form" onSubmit={submit} aria-label="Replay failed deliveries">
      <label htmlFor={ids.since}>Replay failed since</label>
      <input
        id={ids.since}
        type="datetime-local"
        required
        value={since}
        onChange={(e) => setSince(e.target.value)}
        aria-invalid={state.error ? true : undefined}
        aria-describedby={state.error ? ids.error : undefined}
      />
      <button type="submit" className="btn" disabled={state.fetching}>
        {state.fetching ? 'Replaying…' : 'Replay failed'}
      </button>
      {state.error && (
        <p id={ids.error} className="field-error" role="alert" style={{ flexBasis: '100%' }}>
          {errorMessage(state.error)}
        </p>
      )}
    </form>
  );
}

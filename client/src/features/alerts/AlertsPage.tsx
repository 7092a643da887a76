// '/alerts': every alert the caller may read, newest change first, filtered by state (Open,
// Resolved, All) and brand, a page at a time ("Load more"), kept live by alertChanged.
import { useEffect, useState } from 'react';
import { useMutation, useQuery } from 'urql';
import type { AlertRowFragment, AlertStatusFilter } from '../../gql/graphql';
import { Empty, ErrorState, Loading, errorMessage } from '../../app/ui';
import { Pager } from '../../app/Pager';
import { formatDateTime, formatNumber } from '../../lib/format';
import { useLiveEvents } from '../../live/useLiveEvents';
import { usePagedConnection } from '../../live/usePagedConnection';
import { useThrottled } from '../../app/useThrottled';
import { BrandFilter } from '../operations/BrandFilter';
import { AlertStateBadge, AlertTitle, AlertWhen } from './AlertEntry';
import { ALERT_KIND_LABELS, AlertChangedSubscription, AlertListQuery, AlertSummaryQuery, MarkAlertsReadMutation, applyAlertEvent, isUnread, maxSequence, type AlertEvent } from './alerts';
import './alerts.css';

const PAGE_SIZE = 25;
const STATES: { value: AlertStatusFilter; label: string }[] = [
  { value: 'OPEN', label: 'Open' },
  { value: 'RESOLVED', label: 'Resolved' },
  { value: 'ALL', label: 'All' },
];

export function AlertsPage() {
  const [status, setStatus] = useState<AlertStatusFilter>('OPEN');
  const [brandIds, setBrandIds] = useState<string[]>([]);
  const scope = brandIds.length ? brandIds : null;
  const list = usePagedConnection({ query: AlertListQuery, variables: { status, brandIds: scope, first: PAGE_SIZE }, pick: (d) => d.alerts });
  const [summary, refetchSummary] = useQuery({ query: AlertSummaryQuery, variables: { brandIds: scope }, requestPolicy: 'cache-and-network' });
  const [marking, markRead] = useMutation(MarkAlertsReadMutation);
  const [rows, setRows] = useState<AlertRowFragment[]>([]);
  useEffect(() => setRows(list.rows), [list.rows]);
  const [flashes, setFlashes] = useState<ReadonlySet<string>>(new Set());

  const refreshSummary = useThrottled(() => refetchSummary({ requestPolicy: 'network-only' }), 1_000);
  useLiveEvents(AlertChangedSubscription, { brandIds: scope }, (data) => {
    const event = data.alertChanged as AlertEvent;
    setRows((current) => applyAlertEvent(current, event, status));
    setFlashes((f) => new Set(f).add(event.alert.id));
    refreshSummary();
  });

  async function markAllRead() {
    const upTo = maxSequence(summary.data?.alertSummary.latestSequence, ...rows.map((r) => r.sequence));
    await markRead({ upToSequence: upTo });
  }

  const s = summary.data?.alertSummary;
  return (
    <section>
      <div className="page-header">
        <div>
          <h1>Alerts</h1>
          <p className="muted" data-testid="alerts-summary">
            {s ? `${formatNumber(s.open)} open, ${formatNumber(s.unread)} unread` : 'Problems Packr found, live.'}
          </p>
        </div>
        <div className="inline-form">
          <button type="button" className="btn" onClick={markAllRead} disabled={!s || s.unread === 0 || marking.fetching}>
            {marking.fetching ? 'Marking…' : 'Mark all read'}
          </button>
        </div>
      </div>
      <div className="toolbar">
        <div className="segmented" role="group" aria-label="Show alerts">
          {STATES.map((st) => (
            <button key={st.value} type="button" aria-pressed={status === st.value} onClick={() => setStatus(st.value)}>
              {st.label}
            </button>
          ))}
        </div>
        <BrandFilter selected={brandIds} onChange={setBrandIds} />
      </div>
      {marking.error && (
        <p className="banner banner-bad" role="alert">
          {errorMessage(marking.error)}
        </p>
      )}
      {list.error && !list.loaded && <ErrorState error={list.error} retry={list.refresh} />}
      {!list.loaded && !list.error && <Loading label="Loading alerts…" />}
      {list.loaded && rows.length === 0 && (
        <Empty title={status === 'OPEN' ? 'No open alerts' : status === 'RESOLVED' ? 'No resolved alerts' : 'No alerts'}>New alerts appear here as soon as Packr opens them.</Empty>
      )}
      {rows.length > 0 && (
        <div className="table-wrap">
          <table className="table" aria-label="Alerts" data-testid="alerts-table">
            <thead>
              <tr>
                <th scope="col">Alert</th>
                <th scope="col">State</th>
                <th scope="col">Kind</th>
                <th scope="col">Brand</th>
                <th scope="col">When</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((row) => {
                const a = isUnread(row, s?.readSequence) === row.unread ? row : { ...row, unread: false };
                return (
                <tr key={`${a.id}:${a.sequence}`} className={`${a.unread ? 'unread-row' : ''}${flashes.has(a.id) ? ' flash' : ''}`} data-testid="alert-row" data-kind={a.kind} data-state={a.resolvedAt ? 'resolved' : 'open'}>
                  <th scope="row" className="row-head">
                    <AlertTitle alert={a} />
                    {a.unread && <span className="alert-new" style={{ marginLeft: 8 }}>New</span>}
                    <div className="muted small alert-detail">{a.detail}</div>
                  </th>
                  <td>
                    <AlertStateBadge alert={a} />
                  </td>
                  <td className="nowrap">{ALERT_KIND_LABELS[a.kind]}</td>
                  <td>{a.brand?.name ?? 'Your 3PL'}</td>
                  <td className="nowrap">
                    <AlertWhen alert={a} />
                    <div className="muted small">{a.resolvedAt ? `Opened ${formatDateTime(a.openedAt)}` : `Updated ${formatDateTime(a.updatedAt)}`}</div>
                  </td>
                </tr>
                );
              })}
            </tbody>
          </table>
          <Pager shown={rows.length} noun="alert" hasNext={list.hasNext} fetching={list.fetching} onLoadMore={list.loadMore} />
        </div>
      )}
    </section>
  );
}

// The caller's alerts, live: the summary (open and unread counts) and a list of recent alerts, both
// kept current by alertChanged without a reload. The subscription carries no resume cursor, so after
// the socket comes back (the live store says connected again) both are read afresh from the server.
import { useEffect, useRef, useState, useSyncExternalStore } from 'react';
import { useMutation, useQuery } from 'urql';
import type { AlertRowFragment } from '../../gql/graphql';
import type { LiveStatusStore } from '../../live/connection-state';
import { useLiveEvents } from '../../live/useLiveEvents';
import { useThrottled } from '../../app/useThrottled';
import { AlertChangedSubscription, AlertListQuery, AlertSummaryQuery, MarkAlertsReadMutation, applyAlertEvent, isUnread, maxSequence, type AlertEvent } from './alerts';

const RECENT = 15;

export function useAlertFeed(live: LiveStatusStore, onOpened: (event: AlertEvent) => void) {
  const [summary, refetchSummary] = useQuery({ query: AlertSummaryQuery, variables: { brandIds: null }, requestPolicy: 'cache-and-network' });
  const [list, refetchList] = useQuery({ query: AlertListQuery, variables: { status: 'ALL', brandIds: null, first: RECENT }, requestPolicy: 'cache-and-network' });
  const [marking, markRead] = useMutation(MarkAlertsReadMutation);
  const [rows, setRows] = useState<AlertRowFragment[]>([]);
  useEffect(() => setRows(list.data?.alerts.edges.map((e) => e.node) ?? []), [list.data]);

  // A burst of events (a sync opening several alerts) costs one summary read, not one each.
  const refreshSummary = useThrottled(() => refetchSummary({ requestPolicy: 'network-only' }), 1_000);
  useLiveEvents(AlertChangedSubscription, { brandIds: null }, (data) => {
    const event = data.alertChanged as AlertEvent;
    setRows((current) => applyAlertEvent(current, event, 'ALL').slice(0, RECENT));
    if (event.change === 'OPENED') onOpened(event);
    refreshSummary();
  });

  // Read afresh after a reconnect (not on the first connect: the queries just ran).
  const status = useSyncExternalStore(live.subscribe, live.get);
  const phase = useRef<'never' | 'up' | 'lost'>('never');
  useEffect(() => {
    if (status === 'connected') {
      if (phase.current === 'lost') {
        refetchSummary({ requestPolicy: 'network-only' });
        refetchList({ requestPolicy: 'network-only' });
      }
      phase.current = 'up';
    } else if (phase.current === 'up') phase.current = 'lost';
  }, [status, refetchSummary, refetchList]);

  async function markAllRead() {
    // Up to what is on screen: an alert arriving after this click stays unread.
    const upTo = maxSequence(summary.data?.alertSummary.latestSequence, ...rows.map((r) => r.sequence));
    const result = await markRead({ upToSequence: upTo });
    // The answer is the new summary: its readSequence clears the rows' unread marks (isUnread).
    return result;
  }

  return {
    summary: summary.data?.alertSummary ?? null,
    summaryError: summary.error,
    rows: rows.map((r) => (isUnread(r, summary.data?.alertSummary.readSequence) === r.unread ? r : { ...r, unread: false })),
    loaded: !!list.data,
    listError: list.error,
    markAllRead,
    marking: marking.fetching,
    markError: marking.error,
  };
}

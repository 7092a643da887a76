import { useSyncExternalStore } from 'react';
import type { LiveStatus, LiveStatusStore } from '../live/connection-state';

const LABELS: Record<LiveStatus, string> = {
  connecting: 'Connecting…',
  connected: 'Live',
  reconnecting: 'Reconnecting…',
  offline: 'Offline',
};

export function LiveIndicator({ store }: { store: LiveStatusStore }) {
  const status = useSyncExternalStore(store.subscribe, store.get);
  return (
    <span className={`live live-${status}`} data-testid="live-indicator" data-status={status} title="Live updates over WebSocket">
      <span className="live-dot" aria-hidden="true" />
      {LABELS[status]}
    </span>
  );
}

/** A quiet banner while live updates are paused, so nobody trusts a frozen table. */
export function LiveBanner({ store }: { store: LiveStatusStore }) {
  const status = useSyncExternalStore(store.subscribe, store.get);
  if (status === 'reconnecting') return <p className="banner banner-warn live-banner">Live updates paused: reconnecting. Changes made meanwhile will be replayed.</p>;
  if (status === 'offline') return <p className="banner banner-bad live-banner">Live updates are offline. Reload the page to try again.</p>;
  return null;
}

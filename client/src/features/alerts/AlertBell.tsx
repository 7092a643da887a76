// The bell in the top bar: how many alerts are unread (badge and accessible name), live. It opens a
// panel of recent alerts (open ones first) with "Mark all read" and a link to every alert. The
// panel is a non-modal dialog: focus moves into it and cycles inside, Escape or a click elsewhere
// closes it, and focus goes back to the bell. New alerts are announced politely (a live region).
import { useEffect, useId, useRef, useState } from 'react';
import type { LiveStatusStore } from '../../live/connection-state';
import { Link } from '../../app/router';
import { useFocusTrap } from '../../app/useFocusTrap';
import { Empty, ErrorState, Loading, errorMessage } from '../../app/ui';
import { formatNumber } from '../../lib/format';
import { AlertEntry } from './AlertEntry';
import { openFirst, type AlertEvent } from './alerts';
import { useAlertFeed } from './useAlertFeed';
import './alerts.css';

export function AlertBell({ live }: { live: LiveStatusStore }) {
  const [open, setOpen] = useState(false);
  const [announcement, setAnnouncement] = useState('');
  const button = useRef<HTMLButtonElement>(null);
  const panelId = useId();
  const feed = useAlertFeed(live, (event: AlertEvent) => setAnnouncement(`New alert${event.alert.brand ? ` for ${event.alert.brand.name}` : ''}: ${event.alert.title}`));
  const unread = feed.summary?.unread ?? 0;
  const name = feed.summary ? `Alerts, ${unread === 0 ? 'none' : formatNumber(unread)} unread` : 'Alerts';

  return (
    <div className="alert-bell">
      <button
        ref={button}
        type="button"
        className="btn btn-ghost bell-button"
        aria-label={name}
        aria-expanded={open}
        aria-controls={open ? panelId : undefined}
        aria-haspopup="dialog"
        onClick={() => setOpen((o) => !o)}
        data-testid="alert-bell"
        data-unread={unread}
      >
        <BellIcon />
        {unread > 0 && (
          <span className="bell-badge" aria-hidden="true">
            {unread > 99 ? '99+' : unread}
          </span>
        )}
      </button>
      {/* A polite live region without role="status": the page's own status lines stay the only ones. */}
      <span className="sr-only" aria-live="polite" aria-atomic="true" data-testid="alert-announcer">
        {announcement}
      </span>
      {open && <AlertPanel id={panelId} feed={feed} onClose={() => setOpen(false)} bell={button} />}
    </div>
  );
}

function AlertPanel({ id, feed, onClose, bell }: { id: string; feed: ReturnType<typeof useAlertFeed>; onClose(): void; bell: React.RefObject<HTMLButtonElement | null> }) {
  const panel = useRef<HTMLDivElement>(null);
  const headingId = useId();
  useFocusTrap(panel);

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.key === 'Escape') {
        e.stopPropagation();
        onClose();
      }
    };
    // A press outside the panel (and outside the bell, which toggles by itself) closes it.
    const onPointer = (e: PointerEvent) => {
      const target = e.target as Node;
      if (!panel.current?.contains(target) && !bell.current?.contains(target)) onClose();
    };
    document.addEventListener('keydown', onKey);
    document.addEventListener('pointerdown', onPointer);
    return () => {
      document.removeEventListener('keydown', onKey);
      document.removeEventListener('pointerdown', onPointer);
    };
  }, [onClose, bell]);

  const summary = feed.summary;
  const rows = openFirst(feed.rows);
  const canMark = !!summary && summary.unread > 0 && !feed.marking;
  return (
    <div
      ref={panel}
      id={id}
      className="alert-panel"
      role="dialog"
      aria-labelledby={headingId}
      tabIndex={-1}
      data-testid="alert-panel"
      // Following a link inside (an alert, "All alerts") leaves the panel behind.
      onClick={(e) => {
        if ((e.target as HTMLElement).closest('a')) onClose();
      }}
    >
      <div className="alert-panel-head">
        <div>
          <h2 id={headingId}>Alerts</h2>
          <p className="muted small" data-testid="alert-panel-counts">
            {summary ? `${formatNumber(summary.open)} open · ${formatNumber(summary.unread)} unread` : '…'}
          </p>
        </div>
        <button type="button" className="btn btn-small" onClick={async () => {
            await feed.markAllRead();
            // The button is disabled now (nothing unread): keep focus in the panel, not on the page.
            panel.current?.focus();
          }} disabled={!canMark} data-autofocus={canMark || undefined}>
          {feed.marking ? 'Marking…' : 'Mark all read'}
        </button>
      </div>
      {feed.markError && (
        <p className="banner banner-bad" role="alert">
          {errorMessage(feed.markError)}
        </p>
      )}
      <div className="alert-panel-body">
        {feed.listError && !feed.loaded && <ErrorState error={feed.listError} />}
        {!feed.loaded && !feed.listError && <Loading label="Loading alerts…" />}
        {feed.loaded && rows.length === 0 && <Empty title="No alerts">Packr tells you here when something needs you.</Empty>}
        {rows.length > 0 && (
          <ul className="alert-list" aria-label="Recent alerts">
            {rows.map((a) => (
              <AlertEntry key={a.id} alert={a} />
            ))}
          </ul>
        )}
      </div>
      <div className="alert-panel-foot">
        <Link to="/alerts">All alerts</Link>
        <Link to="/settings/alerts">Alert rules</Link>
      </div>
    </div>
  );
}

function BellIcon() {
  return (
    <svg width="20" height="20" viewBox="0 0 24 24" aria-hidden="true" focusable="false">
      <path d="M12 22a2.5 2.5 0 0 0 2.45-2h-4.9A2.5 2.5 0 0 0 12 22Zm7-6V11a7 7 0 0 0-5.5-6.84V3.5a1.5 1.5 0 0 0-3 0v.66A7 7 0 0 0 5 11v5l-2 2v1h18v-1l-2-2Z" fill="currentColor" />
    </svg>
  );
}

// One alert as the bell's panel and the /alerts page show it: state (open or resolved, in words,
// not only colour), unread mark, title (a link to where it is dealt with), brand, detail and when.
import type { AlertRowFragment } from '../../gql/graphql';
import { Badge } from '../../app/ui';
import { Link } from '../../app/router';
import { formatAge, formatDateTime } from '../../lib/format';
import { ALERT_KIND_LABELS, alertTarget } from './alerts';

/** "Opened 4 min ago" or "Resolved 2 min ago", with the exact time as a tooltip. */
export function AlertWhen({ alert }: { alert: AlertRowFragment }) {
  const at = alert.resolvedAt ?? alert.openedAt;
  return (
    <time dateTime={at} title={formatDateTime(at)}>
      {alert.resolvedAt ? 'Resolved' : 'Opened'} {formatAge(at)}
    </time>
  );
}

export function AlertStateBadge({ alert }: { alert: AlertRowFragment }) {
  return alert.resolvedAt ? <Badge tone="ok">Resolved</Badge> : <Badge tone="bad">Open</Badge>;
}

export function AlertTitle({ alert }: { alert: AlertRowFragment }) {
  const to = alertTarget(alert);
  return to ? (
    <Link to={to} className="alert-title">
      {alert.title}
    </Link>
  ) : (
    <span className="alert-title">{alert.title}</span>
  );
}

/** The panel's entry: a compact card per alert. */
export function AlertEntry({ alert }: { alert: AlertRowFragment }) {
  return (
    <li className={`alert-entry${alert.resolvedAt ? ' alert-resolved' : ' alert-open'}`} data-testid="alert-entry" data-kind={alert.kind} data-state={alert.resolvedAt ? 'resolved' : 'open'} data-unread={alert.unread}>
      <div className="alert-entry-head">
        <AlertStateBadge alert={alert} />
        {alert.unread && <span className="alert-new">New</span>}
        <span className="muted small">{alert.brand?.name ?? 'Your 3PL'}</span>
        <span className="muted small alert-when">
          <AlertWhen alert={alert} />
        </span>
      </div>
      <AlertTitle alert={alert} />
      <p className="small alert-detail">{alert.detail}</p>
      <span className="sr-only">Kind: {ALERT_KIND_LABELS[alert.kind]}.</span>
    </li>
  );
}

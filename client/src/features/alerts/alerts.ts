// The alerts' data shared by the bell, the /alerts page and Settings → Alerts: the row shape, the
// queries, the live event, what each kind is called, where an alert leads, and how one live event
// changes a list on screen (pure, so it is unit-tested without a socket).
import { graphql } from '../../gql';
import type { AlertKind, AlertRowFragment, AlertStatusFilter, AlertThresholdUnit } from '../../gql/graphql';
import { brandPath } from '../../app/router';

export const AlertRow = graphql(`
  fragment AlertRow on Alert {
    id
    kind
    title
    detail
    value
    threshold
    openedAt
    updatedAt
    resolvedAt
    sequence
    unread
    brand {
      id
      name
    }
  }
`);

export const AlertSummaryQuery = graphql(`
  query AlertSummary($brandIds: [ID!]) {
    alertSummary(brandIds: $brandIds) {
      open
      unread
      latestSequence
      readSequence
    }
  }
`);

export const AlertListQuery = graphql(`
  query AlertList($status: AlertStatusFilter, $brandIds: [ID!], $first: Int, $after: String) {
    alerts(status: $status, brandIds: $brandIds, first: $first, after: $after) {
      edges {
        node {
          ...AlertRow
        }
      }
      pageInfo {
        hasNextPage
        endCursor
      }
    }
  }
`);

export const MarkAlertsReadMutation = graphql(`
  mutation MarkAlertsRead($upToSequence: String) {
    markAlertsRead(upToSequence: $upToSequence) {
      open
      unread
      latestSequence
      readSequence
    }
  }
`);

export const AlertChangedSubscription = graphql(`
  subscription AlertChanged($brandIds: [ID!]) {
    alertChanged(brandIds: $brandIds) {
      change
      sequence
      alert {
        ...AlertRow
      }
    }
  }
`);

export const ALERT_KINDS: readonly AlertKind[] = [
  'CONNECTION_ERROR', 'STALE_DATA', 'SYNC_STALLED', 'WEBHOOK_FAILURES', 'LOW_STOCK', 'STOCK_OUT', 'LATE_ORDERS', 'ORDER_EXCEPTIONS', 'OVERDUE_INBOUND', 'RETURNS_NOT_RESTOCKED', 'WEBHOOKS_SILENT', 'ENDPOINT_DISABLED',
];

export const ALERT_KIND_LABELS: Record<AlertKind, string> = {
  CONNECTION_ERROR: 'Connection error',
  STALE_DATA: 'Stale data',
  SYNC_STALLED: 'Sync stalled',
  WEBHOOK_FAILURES: 'Webhook failures',
  LOW_STOCK: 'Low stock',
  STOCK_OUT: 'Stock-out',
  LATE_ORDERS: 'Late orders',
  ORDER_EXCEPTIONS: 'Order exceptions',
  OVERDUE_INBOUND: 'Overdue inbound',
  RETURNS_NOT_RESTOCKED: 'Returns to restock',
  WEBHOOKS_SILENT: 'Webhooks silent',
  ENDPOINT_DISABLED: 'Webhook endpoint disabled',
};

const UNIT_LABELS: Record<AlertThresholdUnit, string> = { MINUTES: 'minutes', COUNT: 'count', PERCENT: '%' };

/** What a kind's threshold counts, in words: "SKUs", "orders", "minutes", "%". */
export function thresholdUnitLabel(kind: AlertKind, unit: AlertThresholdUnit): string {
  if (unit !== 'COUNT') return UNIT_LABELS[unit];
  if (kind === 'LOW_STOCK' || kind === 'STOCK_OUT') return 'SKUs';
  if (kind === 'LATE_ORDERS' || kind === 'ORDER_EXCEPTIONS') return 'orders';
  if (kind === 'OVERDUE_INBOUND') return 'shipments';
  if (kind === 'RETURNS_NOT_RESTOCKED') return 'returns';
  return UNIT_LABELS[unit];
}

/**
 * Where an alert is dealt with: the brand's integration tab for connection and sync problems, its
 * inventory for stock, its orders for late and held orders, its inbound shipments or returns,
 * Settings → Webhooks for a disabled endpoint.
 * Null when there is nowhere sensible to go (a brand alert whose brand is not readable).
 */
export function alertTarget(alert: Pick<AlertRowFragment, 'kind' | 'brand'>): string | null {
  if (alert.kind === 'ENDPOINT_DISABLED') return '/settings/webhooks';
  if (!alert.brand) return null;
  switch (alert.kind) {
    case 'LOW_STOCK':
    case 'STOCK_OUT':
      return brandPath(alert.brand.id, 'inventory');
    case 'LATE_ORDERS':
    case 'ORDER_EXCEPTIONS':
      return brandPath(alert.brand.id, 'orders');
    case 'OVERDUE_INBOUND':
      return brandPath(alert.brand.id, 'inbound');
    case 'RETURNS_NOT_RESTOCKED':
      return brandPath(alert.brand.id, 'returns');
    default:
      return brandPath(alert.brand.id, 'integration');
  }
}

export type AlertEvent = { change: 'OPENED' | 'UPDATED' | 'RESOLVED'; sequence: string; alert: AlertRowFragment };

/** Whether an alert belongs in a list showing `status` (the brand scope is the subscription's). */
export function matchesStatus(alert: Pick<AlertRowFragment, 'resolvedAt'>, status: AlertStatusFilter): boolean {
  if (status === 'OPEN') return !alert.resolvedAt;
  if (status === 'RESOLVED') return !!alert.resolvedAt;
  return true;
}

/**
 * The rows after one live event, for a list ordered newest change first: the alert just changed, so
 * it goes to the top when it still belongs (it leaves an Open list once resolved). An event older
 * than the row on screen (a replay) changes nothing.
 */
export function applyAlertEvent(rows: readonly AlertRowFragment[], event: AlertEvent, status: AlertStatusFilter): AlertRowFragment[] {
  const current = rows.find((r) => r.id === event.alert.id);
  if (current && BigInt(current.sequence) >= BigInt(event.alert.sequence)) return rows as AlertRowFragment[];
  const without = current ? rows.filter((r) => r !== current) : (rows as AlertRowFragment[]);
  return matchesStatus(event.alert, status) ? [event.alert, ...without] : without;
}

/** Open alerts first (newest change first within each group): what the bell's panel shows. */
export function openFirst(rows: readonly AlertRowFragment[]): AlertRowFragment[] {
  const open = rows.filter((r) => !r.resolvedAt);
  const resolved = rows.filter((r) => r.resolvedAt);
  return [...open, ...resolved];
}

/** The highest of decimal sequence strings (bigints past 2^53), or null for none. */
export function maxSequence(...sequences: (string | null | undefined)[]): string | null {
  let max: bigint | null = null;
  for (const s of sequences) {
    if (s == null || !/^\d+$/.test(s)) continue;
    const v = BigInt(s);
    if (max === null || v > max) max = v;
  }
  return max === null ? null : max.toString();
}

/**
 * Whether to show an alert as unread: the server said so when the row was read, and no mark-read
 * since (the summary's readSequence, from this screen or another) has covered its sequence.
 */
export function isUnread(alert: Pick<AlertRowFragment, 'unread' | 'sequence'>, readSequence: string | null | undefined): boolean {
  if (!alert.unread) return false;
  return readSequence == null || !/^\d+$/.test(readSequence) || BigInt(alert.sequence) > BigInt(readSequence);
}

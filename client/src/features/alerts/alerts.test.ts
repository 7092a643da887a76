import { describe, expect, it } from 'vitest';
import type { AlertKind, AlertRowFragment } from '../../gql/graphql';
import { alertTarget, applyAlertEvent, isUnread, maxSequence, openFirst } from './alerts';

const alert = (id: string, sequence: string, resolved = false, kind: AlertKind = 'LOW_STOCK'): AlertRowFragment => ({
  id,
  kind,
  title: `Alert ${id}`,
  detail: 'why',
  value: 3,
  threshold: 1,
  openedAt: '2026-12-01T00:00:00.000Z',
  updatedAt: '2026-12-01T00:00:00.000Z',
  resolvedAt: resolved ? '2026-12-02T00:00:00.000Z' : null,
  sequence,
  unread: true,
  brand: { id: 'b1', name: 'Brand 1' },
});
const rows = [alert('b', '20'), alert('a', '10', true)];

describe('applyAlertEvent (a live alert list, newest change first)', () => {
  it('puts an opened alert on top', () => {
    expect(applyAlertEvent(rows, { change: 'OPENED', sequence: '30', alert: alert('c', '30') }, 'ALL').map((r) => r.id)).toEqual(['c', 'b', 'a']);
  });

  it('moves a changed alert to the top without showing it twice', () => {
    const next = applyAlertEvent(rows, { change: 'UPDATED', sequence: '31', alert: { ...alert('a', '31', true), detail: 'new' } }, 'ALL');
    expect(next.map((r) => r.id)).toEqual(['a', 'b']);
    expect(next[0].detail).toBe('new');
  });

  it('takes a resolved alert off an Open list, and keeps an opened one off a Resolved list', () => {
    expect(applyAlertEvent(rows, { change: 'RESOLVED', sequence: '32', alert: alert('b', '32', true) }, 'OPEN').map((r) => r.id)).toEqual(['a']);
    expect(applyAlertEvent(rows, { change: 'OPENED', sequence: '33', alert: alert('d', '33') }, 'RESOLVED')).toEqual(rows);
  });

  it('ignores an event older than the row on screen (a replay), comparing sequences as bigints', () => {
    const big = [alert('x', '9007199254740993')];
    expect(applyAlertEvent(big, { change: 'UPDATED', sequence: '9007199254740992', alert: alert('x', '9007199254740992', true) }, 'ALL')).toBe(big);
  });
});

describe('alert helpers', () => {
  it('leads each kind where it is dealt with', () => {
    expect(alertTarget(alert('a', '1', false, 'LOW_STOCK'))).toBe('/brands/b1/inventory');
    expect(alertTarget(alert('a', '1', false, 'STOCK_OUT'))).toBe('/brands/b1/inventory');
    expect(alertTarget(alert('a', '1', false, 'LATE_ORDERS'))).toBe('/brands/b1/orders');
    expect(alertTarget(alert('a', '1', false, 'CONNECTION_ERROR'))).toBe('/brands/b1/integration');
    expect(alertTarget(alert('a', '1', false, 'SYNC_STALLED'))).toBe('/brands/b1/integration');
    expect(alertTarget({ kind: 'ENDPOINT_DISABLED', brand: null })).toBe('/settings/webhooks');
    expect(alertTarget({ kind: 'STALE_DATA', brand: null })).toBeNull();
  });

  it('shows open alerts first, each group in list order', () => {
    expect(openFirst([alert('r1', '5', true), alert('o1', '4'), alert('r2', '3', true), alert('o2', '2')]).map((r) => r.id)).toEqual(['o1', 'o2', 'r1', 'r2']);
  });

  it('clears unread marks a read sequence covers, never sets one', () => {
    expect(isUnread(alert('a', '10'), '9')).toBe(true);
    expect(isUnread(alert('a', '10'), '10')).toBe(false);
    expect(isUnread({ unread: false, sequence: '10' }, '0')).toBe(false);
    expect(isUnread(alert('a', '10'), undefined)).toBe(true);
  });

  it('finds the highest sequence past 2^53', () => {
    expect(maxSequence('9007199254740993', '9007199254740992', null, 'x')).toBe('9007199254740993');
    expect(maxSequence(undefined)).toBeNull();
  });
});

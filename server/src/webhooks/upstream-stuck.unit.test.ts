// Trackstar's connection.sync-job-stuck / connection.schedule-stuck: routed to their own handler
// (kept and shown in the health report), and read leniently (their payload is not in the SPEC).
import { describe, expect, it } from 'vitest';
import { stuckReport } from '../services/health-report.js';
import { routeEvent } from './event-routing.js';

const row = (data: unknown) => ({ id: 'e1', eventType: 'connection.sync-job-stuck', sentAt: new Date('2026-12-06T05:00:00Z'), receivedAt: new Date('2026-12-06T05:00:02Z'), payload: { data } });

describe('upstream stuck reports', () => {
  it.each(['connection.sync-job-stuck', 'connection.schedule-stuck'])('routes %s to the stuck handler', (type) => {
    expect(routeEvent(type)).toEqual({ kind: 'upstream-stuck' });
  });

  it('names the resource and message when the payload carries them, in any of the usual spellings', () => {
    expect(stuckReport(row({ resource: 'inventory', error_message: ' job running for 3 h ' }))).toEqual({
      eventId: 'e1', eventType: 'connection.sync-job-stuck', reportedAt: new Date('2026-12-06T05:00:00Z'), resource: 'INVENTORY', message: 'job running for 3 h',
    });
    expect(stuckReport(row({ function_name: 'get_orders', message: 'stuck' }))).toMatchObject({ resource: 'ORDERS', message: 'stuck' });
    expect(stuckReport(row({ endpoint: 'inbound-shipments', reason: 'queue' }))).toMatchObject({ resource: 'INBOUND_SHIPMENTS', message: 'queue' });
  });

  it('reads a payload without them, or of any shape, as nulls', () => {
    for (const data of [{}, null, 'text', [1, 2], { resource: 42, message: '' }]) {
      expect(stuckReport(row(data))).toMatchObject({ resource: null, message: null });
    }
    expect(stuckReport({ ...row({}), sentAt: null }).reportedAt).toEqual(new Date('2026-12-06T05:00:02Z'));
  });
});

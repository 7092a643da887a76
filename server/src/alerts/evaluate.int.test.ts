// Each alert rule opens one incident for a brand while its condition holds (however often it is
// evaluated), revises it without firing again, and resolves it when the condition ends, the rule is
// turned off or the brand archived; opening and resolving store outbound events in the same
// transaction. Rules resolve brand override -> 3PL -> default. 3PL-level alerts open and resolve
// through threepl-alerts.ts.
import { randomUUID } from 'node:crypto';
import { afterAll, describe, expect, it } from 'vitest';
import { db } from '../db.js';
import { makeTenant } from '../../test/fixtures.js';
import { seedOrder } from '../../test/support/seed.js';
import { closeAttentionPublisher } from '../attention/attention-log.js';
import { refreshBrandAttention } from '../attention/refresh.js';
import { enqueueAttentionRefresh } from '../jobs/attention-queue.js';
import { startAttentionWorker } from '../jobs/attention.worker.js';
import { closeProducerQueues } from '../jobs/queues.js';
import { alertHub } from './alert-hub.js';
import { closeAlertPublisher, type AlertNotice } from './alert-log.js';
import { evaluateBrandAlerts, formatAge } from './evaluate.js';
import { pruneResolvedAlerts } from './retention.js';
import { brandAlertRules, saveRule } from './rule-settings.js';
import { openThreePLAlert, resolveThreePLAlert } from './threepl-alerts.js';

afterAll(async () => {
  await alertHub.close();
  await closeAlertPublisher();
  await closeAttentionPublisher();
  await closeProducerQueues();
});

const hours = (h: number) => new Date(Date.now() + h * 3_600_000);

/** What the worker does per brand: the attention refresh, then the alerts. */
async function evaluate(brandId: string) {
  await refreshBrandAttention(brandId);
  return (await evaluateBrandAlerts(brandId))!;
}

const changes = (r: { notices: AlertNotice[] }) => r.notices.map((n) => n.change);

async function item(brandId: string, fulfillable: number) {
  const tag = randomUUID().slice(0, 8);
  const now = new Date();
  return db.inventoryItem.create({
    data: {
      brandId, externalId: `inv_${tag}`, sku: `SKU-${tag}`, name: `Item ${tag}`, awaiting: 0, onHand: fulfillable, committed: 0, unfulfillable: 0,
      fulfillable, sellable: fulfillable, rawData: {}, createdAtRemote: now, updatedAtRemote: now,
    },
  });
}

async function lateOrder(brandId: string, hoursAgo: number) {
  const o = await seedOrder(brandId, { status: 'OPEN' });
  await db.order.update({ where: { id: o.id }, data: { requiredShipDate: hours(-hoursAgo) } });
  return o;
}

async function webhooks(brandId: string, failed: number, processed: number) {
  const rows = [...Array(failed).fill('FAILED'), ...Array(processed).fill('PROCESSED')].map((status) => ({
    brandId, eventType: 'order.updated', signatureValid: true, status, deliveryId: `msg_${randomUUID()}`,
  }));
  await db.trackstarWebhookEvent.createMany({ data: rows });
}

/** An endpoint that wants every event, so outbound_enqueue stores alert events. */
async function endpoint(threePLId: string) {
  return db.webhookEndpoint.create({ data: { threePLId, url: 'https://receiver.example.test/hook', eventTypes: [], brandIds: [], secretCiphertext: 'x' } });
}

const alertsOf = (brandId: string) => db.alert.findMany({ where: { brandId }, orderBy: { sequence: 'asc' } });
const eventsOf = (threePLId: string) => db.outboundEvent.findMany({ where: { threePLId }, orderBy: { createdAt: 'asc' } });

describe('brand alert rules', () => {
  it('LATE_ORDERS: opens once at the threshold, revises as more are late without re-firing, resolves below it; outbound events for open and resolve', async () => {
    const t = await makeTenant('Late');
    await endpoint(t.threePLId);
    const orders = [];
    for (let i = 0; i < 9; i++) orders.push(await lateOrder(t.brandA.id, 3));
    await lateOrder(t.brandA.id, -5); // due in 5 h: on the board as due soon, not late
    expect(changes(await evaluate(t.brandA.id))).toEqual([]);

    orders.push(await lateOrder(t.brandA.id, 1));
    expect(changes(await evaluate(t.brandA.id))).toEqual(['OPENED']);
    expect(changes(await evaluate(t.brandA.id))).toEqual([]); // evaluated again: still one incident
    let [alert] = await alertsOf(t.brandA.id);
    expect(alert).toMatchObject({ kind: 'LATE_ORDERS', title: 'Late Brand A: 10 orders late (threshold 10)', value: 10, threshold: 10, resolvedAt: null });

    orders.push(await lateOrder(t.brandA.id, 2));
    expect(changes(await evaluate(t.brandA.id))).toEqual(['UPDATED']);
    const revised = await alertsOf(t.brandA.id);
    expect(revised).toHaveLength(1);
    expect(revised[0]).toMatchObject({ id: alert.id, title: 'Late Brand A: 11 orders late (threshold 10)', value: 11, openedAt: alert.openedAt });
    expect(revised[0].sequence).toBeGreaterThan(alert.sequence);
    // A revised number is not a new notification: the bell's unread mark compares notifiedSequence.
    expect(revised[0].notifiedSequence).toBe(alert.sequence);

    for (const o of orders.slice(0, 2)) await db.order.update({ where: { id: o.id }, data: { status: 'FULFILLED' } });
    expect(changes(await evaluate(t.brandA.id))).toEqual(['RESOLVED']);
    [alert] = await alertsOf(t.brandA.id);
    expect(alert.resolvedAt).not.toBeNull();
    expect(alert.notifiedSequence).toBe(alert.sequence);

    const events = await eventsOf(t.threePLId);
    expect(events.map((e) => e.type)).toEqual(['alert.opened', 'alert.resolved']);
    const payload = events[0].payload as any;
    expect(payload).toMatchObject({
      type: 'alert.opened',
      data: { alert: { id: alert.id, kind: 'LATE_ORDERS', brandId: t.brandA.id, brandName: 'Late Brand A', title: 'Late Brand A: 10 orders late (threshold 10)', value: 10, threshold: 10, resolvedAt: null } },
    });
    expect(Date.parse(payload.timestamp)).not.toBeNaN();
    expect(payload.data.alert.openedAt).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
    expect((events[1].payload as any).data.alert.resolvedAt).toMatch(/Z$/);
    const seq = await db.threePL.findUniqueOrThrow({ where: { id: t.threePLId }, select: { alertSeq: true } });
    expect(seq.alertSeq).toBe(3n);
  });

  it('ORDER_EXCEPTIONS, OVERDUE_INBOUND and RETURNS_NOT_RESTOCKED count the board\'s items of their kind; open once, resolve when dealt with', async () => {
    const t = await makeTenant('Floor');
    const now = new Date();
    const held = await seedOrder(t.brandA.id, { status: 'OPEN' });
    await db.order.update({ where: { id: held.id }, data: { status: 'EXCEPTION', rawStatus: 'Exception - address invalid' } });
    const inbound = await db.inboundShipment.create({
      data: { brandId: t.brandA.id, externalId: `inb_${randomUUID().slice(0, 6)}`, status: 'IN_TRANSIT', expectedArrivalDate: hours(-30), rawData: {}, createdAtRemote: now, updatedAtRemote: now, lineItems: [], receipts: [] },
    });
    const line = (restocked: number) => [
      { inventory_item_id: 'i1', sku: 'S', expected_quantity: 2, received_quantity: 2, restocked_quantity: restocked, returned_date: new Date(Date.now() - 5 * 86_400_000).toISOString() },
    ];
    const waiting = await db.return.create({
      data: { brandId: t.brandA.id, externalId: `ret_${randomUUID().slice(0, 6)}`, status: 'RECEIVED', lineItems: line(0), rawData: {}, createdAtRemote: now, updatedAtRemote: now, shipments: [] },
    });

    expect((await evaluate(t.brandA.id)).notices.length).toBeGreaterThanOrEqual(3);
    expect(changes(await evaluate(t.brandA.id))).toEqual([]);
    const open = (await alertsOf(t.brandA.id)).filter((a) => !a.resolvedAt);
    expect(open.find((a) => a.kind === 'ORDER_EXCEPTIONS')).toMatchObject({ title: 'Floor Brand A: 1 order in exception or on hold', value: 1, threshold: 1 });
    expect(open.find((a) => a.kind === 'OVERDUE_INBOUND')).toMatchObject({ title: 'Floor Brand A: 1 inbound shipment overdue', value: 1 });
    expect(open.find((a) => a.kind === 'RETURNS_NOT_RESTOCKED')).toMatchObject({ title: 'Floor Brand A: 1 return waiting to be restocked', value: 1 });

    await db.order.update({ where: { id: held.id }, data: { status: 'PROCESSING', rawStatus: 'processing' } });
    await db.inboundShipment.update({ where: { id: inbound.id }, data: { status: 'RECEIVED' } });
    await db.return.update({ where: { id: waiting.id }, data: { lineItems: line(2) } });
    const resolved = (await evaluate(t.brandA.id)).notices.filter((n) => n.change === 'RESOLVED').map((n) => n.alertId);
    for (const kind of ['ORDER_EXCEPTIONS', 'OVERDUE_INBOUND', 'RETURNS_NOT_RESTOCKED']) expect(resolved).toContain(open.find((a) => a.kind === kind)!.id);
  });

  it('LOW_STOCK and STOCK_OUT: count the active items (the board’s low-stock threshold), open once, resolve when restocked', async () => {
    const t = await makeTenant('Stock');
    const low = await item(t.brandA.id, 3); // under the default low-stock threshold of 10
    const out = await item(t.brandA.id, 0);
    const inactive = await item(t.brandA.id, 0);
    await db.inventoryItem.update({ where: { id: inactive.id }, data: { active: false } });
    expect(changes(await evaluate(t.brandA.id)).sort()).toEqual(['OPENED', 'OPENED']);
    expect(changes(await evaluate(t.brandA.id))).toEqual([]);
    const alerts = await alertsOf(t.brandA.id);
    expect(alerts.map((a) => [a.kind, a.title, a.value])).toEqual(
      expect.arrayContaining([
        ['LOW_STOCK', 'Stock Brand A: 2 SKUs low on stock', 2],
        ['STOCK_OUT', 'Stock Brand A: 1 SKU out of stock', 1],
      ]),
    );
    await db.inventoryItem.update({ where: { id: out.id }, data: { fulfillable: 100 } });
    expect((await evaluate(t.brandA.id)).notices.map((n) => n.change).sort()).toEqual(['RESOLVED', 'UPDATED']);
    await db.inventoryItem.update({ where: { id: low.id }, data: { fulfillable: 100 } });
    expect(changes(await evaluate(t.brandA.id))).toEqual(['RESOLVED']);
    expect(await db.alert.count({ where: { brandId: t.brandA.id, resolvedAt: null } })).toBe(0);
  });

  it('CONNECTION_ERROR, STALE_DATA and SYNC_STALLED follow the integration and its sync resources', async () => {
    const t = await makeTenant('Conn');
    const integration = await db.brandIntegration.create({ data: { brandId: t.brandA.id, status: 'ACTIVE', connectedAt: hours(-48) } });
    const orders = await db.syncState.create({ data: { integrationId: integration.id, resource: 'ORDERS', status: 'IDLE', confirmedAt: new Date() } });
    const inventory = await db.syncState.create({ data: { integrationId: integration.id, resource: 'INVENTORY', status: 'IDLE', confirmedAt: new Date() } });
    expect(changes(await evaluate(t.brandA.id))).toEqual([]);

    await db.syncState.update({ where: { id: inventory.id }, data: { confirmedAt: hours(-3.2) } });
    expect(changes(await evaluate(t.brandA.id))).toEqual(['OPENED']);
    expect(await alertsOf(t.brandA.id)).toMatchObject([{ kind: 'STALE_DATA', title: 'Conn Brand A: inventory data 3 h old', value: 180, threshold: 120 }]);
    expect(changes(await evaluate(t.brandA.id))).toEqual([]); // minutes pass; the hour does not

    await db.brandIntegration.update({ where: { id: integration.id }, data: { status: 'ERROR', lastError: 'Trackstar: token expired' } });
    await db.syncState.update({ where: { id: orders.id }, data: { status: 'FAILED', lastFailedAt: new Date() } });
    expect(changes(await evaluate(t.brandA.id))).toEqual(['OPENED', 'OPENED']);
    const open = await db.alert.findMany({ where: { brandId: t.brandA.id, resolvedAt: null }, orderBy: { kind: 'asc' } });
    expect(open.map((a) => [a.kind, a.title, a.detail])).toEqual([
      ['CONNECTION_ERROR', 'Conn Brand A: connection error', 'Trackstar: token expired'],
      ['STALE_DATA', 'Conn Brand A: inventory data 3 h old', 'No inventory data confirmed from Trackstar for 3 h (threshold 120 min).'],
      ['SYNC_STALLED', 'Conn Brand A: sync failed (orders)', 'Sync failed: orders.'],
    ]);

    await db.brandIntegration.update({ where: { id: integration.id }, data: { status: 'ACTIVE', lastError: null } });
    await db.syncState.update({ where: { id: orders.id }, data: { status: 'SUCCEEDED' } });
    await db.syncState.update({ where: { id: inventory.id }, data: { confirmedAt: new Date() } });
    expect(changes(await evaluate(t.brandA.id))).toEqual(['RESOLVED', 'RESOLVED', 'RESOLVED']);

    // A stall (QUEUED, stalled after its last success) opens SYNC_STALLED again: a new incident.
    await db.syncState.update({ where: { id: orders.id }, data: { status: 'QUEUED', lastStalledAt: new Date(), lastSucceededAt: hours(-1) } });
    expect(changes(await evaluate(t.brandA.id))).toEqual(['OPENED']);
    expect(await db.alert.count({ where: { brandId: t.brandA.id, kind: 'SYNC_STALLED' } })).toBe(2);
    expect(await db.alert.findFirst({ where: { brandId: t.brandA.id, resolvedAt: null } })).toMatchObject({ title: 'Conn Brand A: sync stalled (orders)' });
  });

  it('WEBHOOK_FAILURES: the failed share of the last hour, only with at least 5 deliveries', async () => {
    const t = await makeTenant('Hooks');
    await webhooks(t.brandA.id, 3, 0); // 100% but only 3 deliveries
    expect(changes(await evaluate(t.brandA.id))).toEqual([]);
    await webhooks(t.brandA.id, 0, 12); // 3 of 15 = 20%
    expect(changes(await evaluate(t.brandA.id))).toEqual(['OPENED']);
    expect(await alertsOf(t.brandA.id)).toMatchObject([{ kind: 'WEBHOOK_FAILURES', title: 'Hooks Brand A: 20% of webhooks failed (threshold 20%)', value: 20, detail: '3 of 15 Trackstar webhook deliveries in the last hour failed.' }]);
    // Deliveries older than an hour do not count.
    await db.trackstarWebhookEvent.updateMany({ where: { brandId: t.brandA.id, status: 'FAILED' }, data: { receivedAt: hours(-2) } });
    expect(changes(await evaluate(t.brandA.id))).toEqual(['RESOLVED']);
  });
});

describe('webhooks gone silent', () => {
  it('WEBHOOKS_SILENT: sync found changes in a window with no webhook at all, on a connection older than the window; a webhook resolves it', async () => {
    const t = await makeTenant('Silent');
    const audit = (at: Date) =>
      db.auditLog.create({ data: { threePLId: t.threePLId, brandId: t.brandA.id, at, source: 'SYNC', recordType: 'ORDER', event: 'sync page', changes: { status: ['OPEN', 'SHIPPED'] } } });
    const integration = await db.brandIntegration.create({ data: { brandId: t.brandA.id, status: 'ACTIVE', connectedAt: hours(-2) } });
    await db.syncState.create({ data: { integrationId: integration.id, resource: 'ORDERS', status: 'IDLE', confirmedAt: new Date() } });
    await audit(hours(-1));
    // Connected 2 h ago: younger than the 6 h window, its backfill does not count.
    await evaluate(t.brandA.id);
    expect((await alertsOf(t.brandA.id)).map((a) => a.kind)).not.toContain('WEBHOOKS_SILENT');

    await db.brandIntegration.update({ where: { id: integration.id }, data: { connectedAt: hours(-48) } });
    await db.trackstarWebhookEvent.create({ data: { brandId: t.brandA.id, eventType: 'order.updated', signatureValid: true, status: 'PROCESSED', deliveryId: `msg_${randomUUID()}`, receivedAt: hours(-9) } });
    expect(changes(await evaluate(t.brandA.id))).toEqual(['OPENED']);
    const [alert] = (await alertsOf(t.brandA.id)).filter((a) => a.kind === 'WEBHOOKS_SILENT');
    expect(alert).toMatchObject({ title: 'Silent Brand A: no webhooks for 6 h', threshold: 360 });
    expect(alert.detail).toMatch(/^No Trackstar webhook arrived in 6 h \(the last on \d{4}-\d\d-\d\d \d\d:\d\d UTC\), yet sync found changes/);
    expect(changes(await evaluate(t.brandA.id))).toEqual([]);

    // No sync changes in the window either: nothing to say (a quiet WMS is not a broken webhook).
    // A 30-minute window for this brand leaves the sync change of an hour ago outside it.
    await saveRule(t.threePLId, { kind: 'WEBHOOKS_SILENT', brandId: t.brandA.id, threshold: 30 });
    expect(changes(await evaluate(t.brandA.id))).toEqual(['RESOLVED']);
    await audit(hours(-0.1));
    expect(changes(await evaluate(t.brandA.id))).toEqual(['OPENED']);
    expect((await alertsOf(t.brandA.id)).filter((a) => a.kind === 'WEBHOOKS_SILENT' && !a.resolvedAt)).toMatchObject([{ title: 'Silent Brand A: no webhooks for 30 min' }]);
    // A webhook arrives: resolved.
    await db.trackstarWebhookEvent.create({ data: { brandId: t.brandA.id, eventType: 'order.updated', signatureValid: true, status: 'PROCESSED', deliveryId: `msg_${randomUUID()}` } });
    expect(changes(await evaluate(t.brandA.id))).toEqual(['RESOLVED']);
  });
});

describe('rule settings', () => {
  it('defaults are on; a brand override beats the 3PL rule, which beats the default; inherit restores', async () => {
    const t = await makeTenant('Rules');
    const rule = async (brandId: string) => (await brandAlertRules(brandId)).find((r) => r.kind === 'LATE_ORDERS')!;
    expect(await rule(t.brandA.id)).toMatchObject({ enabled: true, threshold: 10, overridden: false });
    await saveRule(t.threePLId, { kind: 'LATE_ORDERS', brandId: null, threshold: 3 });
    await saveRule(t.threePLId, { kind: 'LATE_ORDERS', brandId: t.brandA.id, threshold: 2 });
    expect(await rule(t.brandA.id)).toMatchObject({ threshold: 2, overridden: true });
    expect(await rule(t.brandB.id)).toMatchObject({ threshold: 3, overridden: false });

    for (const b of [t.brandA.id, t.brandB.id]) for (let i = 0; i < 2; i++) await lateOrder(b, 4);
    expect(changes(await evaluate(t.brandA.id))).toEqual(['OPENED']); // 2 >= 2
    expect(changes(await evaluate(t.brandB.id))).toEqual([]); // 2 < 3

    await saveRule(t.threePLId, { kind: 'LATE_ORDERS', brandId: t.brandA.id, inherit: true });
    expect(await rule(t.brandA.id)).toMatchObject({ threshold: 3, overridden: false });
    expect(changes(await evaluate(t.brandA.id))).toEqual(['RESOLVED']);
  });

  it('a disabled rule resolves its open alert and never opens; thresholds are checked per kind', async () => {
    const t = await makeTenant('Off');
    await item(t.brandA.id, 0);
    expect(changes(await evaluate(t.brandA.id)).length).toBe(2); // LOW_STOCK and STOCK_OUT
    await saveRule(t.threePLId, { kind: 'STOCK_OUT', brandId: null, enabled: false });
    expect(changes(await evaluate(t.brandA.id))).toEqual(['RESOLVED']);
    await item(t.brandA.id, 0);
    await evaluate(t.brandA.id);
    expect(await db.alert.count({ where: { brandId: t.brandA.id, kind: 'STOCK_OUT', resolvedAt: null } })).toBe(0);
    // The brand turns it back on for itself.
    await saveRule(t.threePLId, { kind: 'STOCK_OUT', brandId: t.brandA.id, enabled: true });
    expect((await evaluate(t.brandA.id)).notices.map((n) => n.change)).toEqual(['OPENED']);

    await expect(saveRule(t.threePLId, { kind: 'STALE_DATA', brandId: null, threshold: 2 })).rejects.toMatchObject({ code: 'BAD_USER_INPUT', fields: [{ field: 'threshold' }] });
    await expect(saveRule(t.threePLId, { kind: 'WEBHOOK_FAILURES', brandId: null, threshold: 101 })).rejects.toMatchObject({ code: 'BAD_USER_INPUT' });
    await expect(saveRule(t.threePLId, { kind: 'CONNECTION_ERROR', brandId: null, threshold: 5 })).rejects.toMatchObject({ code: 'BAD_USER_INPUT' });
    await expect(saveRule(t.threePLId, { kind: 'LATE_ORDERS', brandId: null, threshold: 1.5 })).rejects.toMatchObject({ code: 'BAD_USER_INPUT' });
    await expect(saveRule(t.threePLId, { kind: 'LATE_ORDERS', brandId: null, inherit: true })).rejects.toMatchObject({ code: 'BAD_USER_INPUT', fields: [{ field: 'inherit' }] });
  });

  it('archiving a brand resolves its open alerts', async () => {
    const t = await makeTenant('Arch');
    await item(t.brandA.id, 0);
    expect(changes(await evaluate(t.brandA.id))).toEqual(['OPENED', 'OPENED']);
    await db.brand.update({ where: { id: t.brandA.id }, data: { archivedAt: new Date() } });
    expect(changes(await evaluate(t.brandA.id))).toEqual(['RESOLVED', 'RESOLVED']);
    expect(changes(await evaluate(t.brandA.id))).toEqual([]);
  });

  it('the retention prune deletes alerts resolved long ago, never open ones', async () => {
    const t = await makeTenant('Prune');
    const base = { threePLId: t.threePLId, brandId: t.brandA.id, title: 't', detail: 'd', sequence: 1n };
    const old = new Date(Date.now() - 100 * 86_400_000);
    const [resolvedOld, resolvedNew, openOld] = await Promise.all([
      db.alert.create({ data: { ...base, kind: 'LATE_ORDERS', openedAt: old, resolvedAt: old } }),
      db.alert.create({ data: { ...base, kind: 'STOCK_OUT', openedAt: old, resolvedAt: new Date() } }),
      db.alert.create({ data: { ...base, kind: 'LOW_STOCK', openedAt: old } }),
    ]);
    expect(await pruneResolvedAlerts(90)).toBeGreaterThanOrEqual(1);
    const left = await db.alert.findMany({ where: { id: { in: [resolvedOld.id, resolvedNew.id, openOld.id] } }, select: { id: true } });
    expect(left.map((a) => a.id).sort()).toEqual([resolvedNew.id, openOld.id].sort());
  });

  it('an unknown brand evaluates to nothing', async () => {
    expect(await evaluateBrandAlerts(randomUUID())).toBeNull();
  });

  it('ages read in minutes, then hours, then days', () => {
    expect(formatAge(45)).toEqual({ minutes: 45, text: '45 min' });
    expect(formatAge(191)).toEqual({ minutes: 180, text: '3 h' });
    expect(formatAge(3 * 1440 + 70)).toEqual({ minutes: 3 * 1440, text: '3 d' });
  });
});

describe('in the worker', () => {
  it("the attention worker's job evaluates the brand's alerts after its refresh", async () => {
    const t = await makeTenant('Worker');
    await item(t.brandA.id, 0);
    const worker = startAttentionWorker({ sweepEveryMs: 3_600_000 });
    try {
      await enqueueAttentionRefresh([t.brandA.id]);
      const until = Date.now() + 15_000;
      while ((await db.alert.count({ where: { brandId: t.brandA.id, kind: 'STOCK_OUT', resolvedAt: null } })) === 0) {
        if (Date.now() > until) throw new Error('no alert after the queued refresh');
        await new Promise((r) => setTimeout(r, 100));
      }
    } finally {
      await worker.close();
    }
  });
});

describe('3PL-level alerts', () => {
  it('ENDPOINT_DISABLED opens once per subject, resolves, and is announced on the 3PL channel', async () => {
    const t = await makeTenant('Ep');
    await endpoint(t.threePLId);
    const heard: AlertNotice[] = [];
    const sub = alertHub.subscribe(t.threePLId, (m) => m.type === 'notices' && heard.push(...m.notices));
    await sub.ready;
    const subject = randomUUID();
    const input = { threePLId: t.threePLId, kind: 'ENDPOINT_DISABLED' as const, subject, title: 'Webhook endpoint disabled', detail: 'https://x.test failed for 3 days' };
    await openThreePLAlert(input);
    await openThreePLAlert(input);
    await openThreePLAlert({ ...input, subject: randomUUID() }); // another endpoint: its own incident
    const open = await db.alert.findMany({ where: { threePLId: t.threePLId, resolvedAt: null }, orderBy: { sequence: 'asc' } });
    expect(open.map((a) => [a.kind, a.brandId, a.subject])).toEqual([['ENDPOINT_DISABLED', null, subject], ['ENDPOINT_DISABLED', null, open[1].subject]]);

    await resolveThreePLAlert({ threePLId: t.threePLId, kind: 'ENDPOINT_DISABLED', subject });
    await resolveThreePLAlert({ threePLId: t.threePLId, kind: 'ENDPOINT_DISABLED', subject }); // nothing open: nothing
    expect(await db.alert.count({ where: { threePLId: t.threePLId, resolvedAt: null } })).toBe(1);
    const events = await eventsOf(t.threePLId);
    expect(events.map((e) => e.type)).toEqual(['alert.opened', 'alert.opened', 'alert.resolved']);
    expect((events[0].payload as any).data.alert).toMatchObject({ kind: 'ENDPOINT_DISABLED', brandId: null, brandName: null, title: 'Webhook endpoint disabled' });

    for (let i = 0; i < 100 && heard.length < 3; i++) await new Promise((r) => setTimeout(r, 20));
    expect(heard.map((n) => [n.change, n.brandId, n.sequence])).toEqual([['OPENED', null, '1'], ['OPENED', null, '2'], ['RESOLVED', null, '3']]);
    sub.off();

    // Turned off for the 3PL: no new incident.
    await saveRule(t.threePLId, { kind: 'ENDPOINT_DISABLED', brandId: null, enabled: false });
    await openThreePLAlert({ ...input, subject: randomUUID() });
    expect(await db.alert.count({ where: { threePLId: t.threePLId } })).toBe(2);
  });
});

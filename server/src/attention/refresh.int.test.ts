// Each attention rule opens an item for a record it holds for and resolves it when the record
// changes; a refresh with nothing changed writes and announces nothing; thresholds resolve per SKU,
// then brand, then 3PL.
import { randomUUID } from 'node:crypto';
import { afterAll, describe, expect, it } from 'vitest';
import { db } from '../db.js';
import { makeTenant } from '../../test/fixtures.js';
import { seedOrder } from '../../test/support/seed.js';
import { closeAttentionPublisher } from './attention-log.js';
import { refreshBrandAttention } from './refresh.js';
import { updateAttentionSettings } from './settings.js';
import { appendChanges, closeChangePublisher } from '../changes/change-log.js';
import { runWriteTransaction } from '../changes/write-transaction.js';
import { startAttentionWorker } from '../jobs/attention.worker.js';
import { closeProducerQueues } from '../jobs/queues.js';

afterAll(async () => {
  await closeAttentionPublisher();
  await closeChangePublisher();
  await closeProducerQueues();
});

const hours = (h: number) => new Date(Date.now() + h * 3_600_000);

async function open(brandId: string) {
  return db.attentionItem.findMany({ where: { brandId }, orderBy: [{ kind: 'asc' }, { recordId: 'asc' }] });
}

function changesOf(result: Awaited<ReturnType<typeof refreshBrandAttention>>) {
  return (result?.notices ?? []).map((n) => `${n.change} ${n.kind}`).sort();
}

async function item(brandId: string, fulfillable: number, lowStockThreshold: number | null = null) {
  const tag = randomUUID().slice(0, 8);
  const now = new Date();
  return db.inventoryItem.create({
    data: {
      brandId, externalId: `inv_${tag}`, sku: `SKU-${tag}`, name: `Item ${tag}`, awaiting: 0, onHand: fulfillable, committed: 0, unfulfillable: 0,
      fulfillable, sellable: fulfillable, rawData: {}, createdAtRemote: now, updatedAtRemote: now, lowStockThreshold,
    },
  });
}

describe('attention rules', () => {
  it('LATE_ORDER: opens for a passed or due-soon ship date, resolves when the order ships', async () => {
    const t = await makeTenant('Late');
    const late = await seedOrder(t.brandA.id, { status: 'PICKED' });
    await db.order.update({ where: { id: late.id }, data: { requiredShipDate: hours(-3) } });
    const soon = await seedOrder(t.brandA.id, { status: 'OPEN' });
    await db.order.update({ where: { id: soon.id }, data: { requiredShipDate: hours(5) } });
    const later = await seedOrder(t.brandA.id, { status: 'OPEN' });
    await db.order.update({ where: { id: later.id }, data: { requiredShipDate: hours(48) } });

    expect(changesOf(await refreshBrandAttention(t.brandA.id))).toEqual(['OPENED LATE_ORDER', 'OPENED LATE_ORDER']);
    const items = await open(t.brandA.id);
    expect(items.map((i) => i.orderId).sort()).toEqual([late.id, soon.id].sort());
    const lateItem = items.find((i) => i.orderId === late.id)!;
    expect(lateItem).toMatchObject({ recordType: 'Order', recordId: late.id, reason: 'Required ship date passed {ago}', rawStatus: 'PICKED' });
    expect(items.find((i) => i.orderId === soon.id)!.reason).toBe('Required ship date {in}');

    await db.order.update({ where: { id: late.id }, data: { status: 'FULFILLED' } });
    expect(changesOf(await refreshBrandAttention(t.brandA.id))).toEqual(['RESOLVED LATE_ORDER']);
    expect((await open(t.brandA.id)).map((i) => i.orderId)).toEqual([soon.id]);
  });

  it('a second refresh with nothing changed emits nothing and writes nothing', async () => {
    const t = await makeTenant('Idem');
    const o = await seedOrder(t.brandA.id, { status: 'EXCEPTION' });
    await item(t.brandA.id, 1);
    const first = await refreshBrandAttention(t.brandA.id);
    expect(first!.notices).toHaveLength(2);
    const before = await open(t.brandA.id);
    expect((await refreshBrandAttention(t.brandA.id))!.notices).toEqual([]);
    expect(await open(t.brandA.id)).toEqual(before);
    const seq = await db.threePL.findUniqueOrThrow({ where: { id: t.threePLId }, select: { attentionSeq: true } });
    expect(seq.attentionSeq).toBe(2n);
    expect(o.id).toBe(before.find((i) => i.kind === 'ORDER_EXCEPTION')!.recordId);
  });

  it('ORDER_EXCEPTION: exception, backordered and on hold with the raw status; resolves when the status moves on', async () => {
    const t = await makeTenant('Exc');
    const exception = await seedOrder(t.brandA.id, { status: 'EXCEPTION' });
    await db.order.update({ where: { id: exception.id }, data: { rawStatus: 'address_invalid' } });
    const backordered = await seedOrder(t.brandA.id, { status: 'BACKORDERED' });
    const held = await seedOrder(t.brandA.id, { status: 'OTHER' });
    await db.order.update({ where: { id: held.id }, data: { rawStatus: 'on_hold' } });
    await seedOrder(t.brandA.id, { status: 'OTHER' }); // OTHER without a hold: nothing

    await refreshBrandAttention(t.brandA.id);
    const items = await open(t.brandA.id);
    expect(items.map((i) => [i.orderId, i.rawStatus, i.reason]).sort()).toEqual(
      [
        [exception.id, 'address_invalid', 'In exception (WMS status "address_invalid") since {ago}'],
        [backordered.id, 'BACKORDERED', 'Backordered since {ago}'],
        [held.id, 'on_hold', 'On hold (WMS status "on_hold") since {ago}'],
      ].sort(),
    );
    // Since: the order's last change in the WMS (no status change seen by Packr).
    expect(items.find((i) => i.orderId === exception.id)!.since).toEqual(exception.updatedAtRemote);

    await db.order.update({ where: { id: exception.id }, data: { status: 'PROCESSING', rawStatus: 'processing' } });
    expect(changesOf(await refreshBrandAttention(t.brandA.id))).toEqual(['RESOLVED ORDER_EXCEPTION']);
  });

  it('OVERDUE_INBOUND: past its expected arrival and not received; resolves when received', async () => {
    const t = await makeTenant('Inb');
    const now = new Date();
    const base = { brandId: t.brandA.id, rawData: {}, createdAtRemote: now, updatedAtRemote: now, lineItems: [], receipts: [] };
    const overdue = await db.inboundShipment.create({ data: { ...base, externalId: 'inb_1', status: 'IN_TRANSIT', expectedArrivalDate: hours(-30) } });
    await db.inboundShipment.create({ data: { ...base, externalId: 'inb_2', status: 'IN_TRANSIT', expectedArrivalDate: hours(30) } });
    await db.inboundShipment.create({ data: { ...base, externalId: 'inb_3', status: 'RECEIVED', expectedArrivalDate: hours(-30) } });

    expect(changesOf(await refreshBrandAttention(t.brandA.id))).toEqual(['OPENED OVERDUE_INBOUND']);
    const [open1] = await open(t.brandA.id);
    expect(open1).toMatchObject({ inboundShipmentId: overdue.id, since: overdue.expectedArrivalDate, rawStatus: 'IN_TRANSIT' });

    await db.inboundShipment.update({ where: { id: overdue.id }, data: { status: 'RECEIVED' } });
    expect(changesOf(await refreshBrandAttention(t.brandA.id))).toEqual(['RESOLVED OVERDUE_INBOUND']);
  });

  it('RETURN_NOT_RESTOCKED: received more than returnRestockDays ago with units not restocked; resolves when restocked', async () => {
    const t = await makeTenant('Ret');
    const now = new Date();
    const base = { brandId: t.brandA.id, rawData: {}, createdAtRemote: now, updatedAtRemote: now, shipments: [] };
    const line = (restocked: number | null, daysAgo: number) => [
      { inventory_item_id: 'i1', sku: 'S', expected_quantity: 2, received_quantity: 2, restocked_quantity: restocked, returned_date: new Date(Date.now() - daysAgo * 86_400_000).toISOString() },
    ];
    const waiting = await db.return.create({ data: { ...base, externalId: 'ret_1', status: 'RECEIVED', lineItems: line(0, 5) } });
    await db.return.create({ data: { ...base, externalId: 'ret_2', status: 'RECEIVED', lineItems: line(0, 1) } }); // not yet N days
    await db.return.create({ data: { ...base, externalId: 'ret_3', status: 'RECEIVED', lineItems: line(2, 5) } }); // restocked
    await db.return.create({ data: { ...base, externalId: 'ret_4', status: 'RECEIVED', lineItems: line(null, 5) } }); // WMS does not report restocking

    expect(changesOf(await refreshBrandAttention(t.brandA.id))).toEqual(['OPENED RETURN_NOT_RESTOCKED']);
    expect((await open(t.brandA.id))[0]).toMatchObject({ returnId: waiting.id, reason: 'Received {ago}, not restocked' });

    await db.return.update({ where: { id: waiting.id }, data: { lineItems: line(2, 5) } });
    expect(changesOf(await refreshBrandAttention(t.brandA.id))).toEqual(['RESOLVED RETURN_NOT_RESTOCKED']);
  });

  it('LOW_STOCK: the SKU override wins over the brand, which wins over the 3PL; raising stock resolves it', async () => {
    const t = await makeTenant('Low');
    const low = await item(t.brandA.id, 4); // 4 <= 10 (built-in default)
    const mid = await item(t.brandA.id, 15);
    const own = await item(t.brandA.id, 40, 50); // its own threshold
    const none = await item(t.brandA.id, 4, 2); // its own, lower threshold: not low
    await refreshBrandAttention(t.brandA.id);
    expect((await open(t.brandA.id)).map((i) => i.inventoryItemId).sort()).toEqual([low.id, own.id].sort());
    expect((await open(t.brandA.id)).find((i) => i.inventoryItemId === own.id)!.reason).toBe('Fulfillable 40 ≤ threshold 50');

    await updateAttentionSettings(t.threePLId, null, { lowStockThreshold: 20 }); // the 3PL: mid becomes low
    await refreshBrandAttention(t.brandA.id);
    expect((await open(t.brandA.id)).map((i) => i.inventoryItemId).sort()).toEqual([low.id, mid.id, own.id].sort());

    await updateAttentionSettings(t.threePLId, t.brandA.id, { lowStockThreshold: 3 }); // the brand (refreshes itself)
    expect((await open(t.brandA.id)).map((i) => i.inventoryItemId)).toEqual([own.id]);
    expect(none.id).not.toBe(own.id);

    await db.inventoryItem.update({ where: { id: own.id }, data: { fulfillable: 60 } });
    expect(changesOf(await refreshBrandAttention(t.brandA.id))).toEqual(['RESOLVED LOW_STOCK']);

    await updateAttentionSettings(t.threePLId, t.brandA.id, { lowStockThreshold: null }); // inherit the 3PL's 20 again
    expect((await open(t.brandA.id)).map((i) => i.inventoryItemId).sort()).toEqual([low.id, mid.id].sort());
  });

  it('LOW_STOCK: an update of the quantity is UPDATED, and since stays when it opened', async () => {
    const t = await makeTenant('LowUpd');
    const it1 = await item(t.brandA.id, 5);
    await refreshBrandAttention(t.brandA.id);
    const [before] = await open(t.brandA.id);
    await db.inventoryItem.update({ where: { id: it1.id }, data: { fulfillable: 3 } });
    expect(changesOf(await refreshBrandAttention(t.brandA.id))).toEqual(['UPDATED LOW_STOCK']);
    const [after] = await open(t.brandA.id);
    expect(after).toMatchObject({ id: before.id, reason: 'Fulfillable 3 ≤ threshold 10', since: before.since, detectedAt: before.detectedAt });
  });

  it('CONNECTION: an integration in error, a failed or stale resource; resolves when healthy again', async () => {
    const t = await makeTenant('Conn');
    const integration = await db.brandIntegration.create({ data: { brandId: t.brandA.id, status: 'ACTIVE', connectedAt: hours(-48) } });
    const orders = await db.syncState.create({ data: { integrationId: integration.id, resource: 'ORDERS', status: 'IDLE', confirmedAt: new Date() } });
    expect((await refreshBrandAttention(t.brandA.id))!.notices).toEqual([]);

    await db.syncState.update({ where: { id: orders.id }, data: { confirmedAt: hours(-5) } });
    await refreshBrandAttention(t.brandA.id);
    const [stale] = await open(t.brandA.id);
    expect(stale).toMatchObject({ kind: 'CONNECTION', integrationId: integration.id, rawStatus: 'ACTIVE', reason: 'No data confirmed for 120 min: orders' });

    await db.brandIntegration.update({ where: { id: integration.id }, data: { status: 'ERROR', lastError: 'Trackstar: token expired' } });
    expect(changesOf(await refreshBrandAttention(t.brandA.id))).toEqual(['UPDATED CONNECTION']);
    expect((await open(t.brandA.id))[0].reason).toBe('Connection error: Trackstar: token expired');

    await db.brandIntegration.update({ where: { id: integration.id }, data: { status: 'ACTIVE', lastError: null } });
    await db.syncState.update({ where: { id: orders.id }, data: { status: 'FAILED', lastFailedAt: new Date(), confirmedAt: new Date() } });
    await refreshBrandAttention(t.brandA.id);
    expect((await open(t.brandA.id))[0].reason).toBe('Sync failed: orders');

    await db.syncState.update({ where: { id: orders.id }, data: { status: 'SUCCEEDED' } });
    expect(changesOf(await refreshBrandAttention(t.brandA.id))).toEqual(['RESOLVED CONNECTION']);
  });

  it('a stalled run (re-queued by the stall detector, not yet succeeded) is a CONNECTION item', async () => {
    const t = await makeTenant('Stall');
    const integration = await db.brandIntegration.create({ data: { brandId: t.brandA.id, status: 'ACTIVE', connectedAt: new Date() } });
    await db.syncState.create({ data: { integrationId: integration.id, resource: 'INVENTORY', status: 'QUEUED', confirmedAt: new Date(), lastStalledAt: new Date(), lastSucceededAt: hours(-1) } });
    await refreshBrandAttention(t.brandA.id);
    expect((await open(t.brandA.id))[0].reason).toBe('Sync stalled: inventory');
  });

  it('attention_count follows OPENED and RESOLVED per brand and kind, writes nothing when nothing changed, and catches up with a cascade', async () => {
    const t = await makeTenant('Counts');
    const counts = async (brandId: string) =>
      Object.fromEntries((await db.attentionCount.findMany({ where: { brandId }, orderBy: { kind: 'asc' } })).map((c) => [c.kind, c.count]));
    const grouped = async (brandId: string) =>
      Object.fromEntries((await db.attentionItem.groupBy({ by: ['kind'], where: { brandId }, _count: { _all: true } })).map((g) => [g.kind, g._count._all]));

    const first = await seedOrder(t.brandA.id, { status: 'EXCEPTION' });
    const low = await item(t.brandA.id, 2);
    await seedOrder(t.brandB.id, { status: 'BACKORDERED' });
    await refreshBrandAttention(t.brandA.id);
    expect(await counts(t.brandA.id)).toEqual({ ORDER_EXCEPTION: 1, LOW_STOCK: 1 });
    expect(await counts(t.brandB.id)).toEqual({}); // not refreshed yet: its items are not open either
    await refreshBrandAttention(t.brandB.id);
    expect(await counts(t.brandB.id)).toEqual({ ORDER_EXCEPTION: 1 });
    expect((await db.attentionCount.findMany({ where: { brandId: { in: [t.brandA.id, t.brandB.id] } } })).every((c) => c.threePLId === t.threePLId)).toBe(true);

    // OPENED in A: A's count only.
    await seedOrder(t.brandA.id, { status: 'BACKORDERED' });
    expect(changesOf(await refreshBrandAttention(t.brandA.id))).toEqual(['OPENED ORDER_EXCEPTION']);
    expect(await counts(t.brandA.id)).toEqual({ ORDER_EXCEPTION: 2, LOW_STOCK: 1 });
    expect(await counts(t.brandB.id)).toEqual({ ORDER_EXCEPTION: 1 });

    // Nothing changed: the rows are not rewritten (same row versions).
    const versions = () => db.$queryRaw<{ kind: string; xmin: string }[]>`SELECT kind::text AS kind, xmin::text AS xmin FROM attention_count WHERE "brandId" = ${t.brandA.id}::uuid ORDER BY kind`;
    const before = await versions();
    expect((await refreshBrandAttention(t.brandA.id))!.notices).toEqual([]);
    expect(await versions()).toEqual(before);

    // RESOLVED: the last of a kind removes its row.
    await db.inventoryItem.update({ where: { id: low.id }, data: { fulfillable: 500 } });
    expect(changesOf(await refreshBrandAttention(t.brandA.id))).toEqual(['RESOLVED LOW_STOCK']);
    expect(await counts(t.brandA.id)).toEqual({ ORDER_EXCEPTION: 2 });

    // A hard-deleted record takes its item with it (FK cascade, no refresh): the next refresh recounts.
    await db.order.delete({ where: { id: first.id } });
    expect(await counts(t.brandA.id)).toEqual({ ORDER_EXCEPTION: 2 });
    await refreshBrandAttention(t.brandA.id);
    expect(await counts(t.brandA.id)).toEqual({ ORDER_EXCEPTION: 1 });
    expect(await counts(t.brandA.id)).toEqual(await grouped(t.brandA.id));

    // Archiving resolves every item of the brand: no rows left.
    await db.brand.update({ where: { id: t.brandB.id }, data: { archivedAt: new Date() } });
    await refreshBrandAttention(t.brandB.id);
    expect(await counts(t.brandB.id)).toEqual({});
  });

  it('an unknown brand is nothing to do', async () => {
    expect(await refreshBrandAttention(randomUUID())).toBeNull();
  });

  it("a brand's change notice gets it refreshed by the worker (debounced), with no call from the writer", async () => {
    const t = await makeTenant('Trigger');
    const worker = startAttentionWorker({ sweepEveryMs: 3_600_000 });
    try {
      await new Promise((r) => setTimeout(r, 300)); // the listener's PSUBSCRIBE
      const o = await seedOrder(t.brandA.id, { status: 'EXCEPTION' });
      // What every sync page, webhook event or disconnect does: a change in the change log, published after commit.
      await runWriteTransaction(async (tx) => ({ value: null, notices: await appendChanges(tx, t.brandA.id, [{ kind: 'ORDER', entityId: o.id, source: 'SYNC' }]) }));
      const until = Date.now() + 15_000;
      while ((await db.attentionItem.count({ where: { orderId: o.id } })) === 0) {
        if (Date.now() > until) throw new Error('no refresh after the change notice');
        await new Promise((r) => setTimeout(r, 100));
      }
      expect(await db.attentionItem.findFirst({ where: { orderId: o.id }, select: { kind: true } })).toEqual({ kind: 'ORDER_EXCEPTION' });
    } finally {
      await worker.close();
    }
  });
});

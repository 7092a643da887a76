// Group processing: one job applies the PENDING events of its integration that are ready, in
// arrival order, exactly once, keeping every intermediate inventory state in the history; a bad
// companion never takes the others down with it.
import { randomUUID } from 'node:crypto';
import { afterAll, describe, expect, it } from 'vitest';
import { db } from '../db.js';
import { makeTenant } from '../../test/fixtures.js';
import { closeChangePublisher } from '../changes/change-log.js';
import { processWebhookEvent } from './process-event.js';
import { storeDelivery } from './store.js';
import { connectBrand, envelope, inventoryRecord } from '../../test/support/webhooks.js';

afterAll(async () => {
  await closeChangePublisher();
});

async function stored(connectionId: string, data: Record<string, unknown>, eventType = 'inventory.updated') {
  const body = JSON.stringify(envelope(eventType, connectionId, data));
  const s = await storeDelivery({ deliveryId: `msg_${randomUUID()}`, eventType, connectionId, payload: body, sentAt: new Date() });
  return s.eventId!;
}

const at = (second: number) => `2026-04-01T00:00:${String(second).padStart(2, '0')}Z`;

describe('webhook events processed as a group', () => {
  it('applies every ready event of the integration in one go, each exactly once, history intact', async () => {
    const t = await makeTenant('Group');
    const { connectionId } = await connectBrand(t.brandA.id);
    const first = await stored(connectionId!, inventoryRecord('inv_g1', 1, at(1)));
    await stored(connectionId!, inventoryRecord('inv_g1', 2, at(2)));
    await stored(connectionId!, inventoryRecord('inv_g2', 5, at(3)));
    await stored(connectionId!, inventoryRecord('inv_g1', 3, at(4)));
    const later = await stored(connectionId!, inventoryRecord('inv_g1', 0, at(0))); // older than what arrived before it

    expect(await processWebhookEvent(first)).toBe('PROCESSED');
    const events = await db.trackstarWebhookEvent.findMany({ where: { brandId: t.brandA.id } });
    expect(events).toHaveLength(5);
    expect(events.every((e) => e.status === 'PROCESSED' && e.attempts === 1)).toBe(true);
    // Their own jobs find nothing left to do.
    expect(await processWebhookEvent(later)).toBe('SKIPPED');

    const g1 = await db.inventoryItem.findFirstOrThrow({ where: { brandId: t.brandA.id, externalId: 'inv_g1' } });
    expect(g1.onHand).toBe(3); // newest state wins; the older straggler changed nothing
    expect((await db.inventoryItem.findFirstOrThrow({ where: { brandId: t.brandA.id, externalId: 'inv_g2' } })).onHand).toBe(5);
    const history = await db.inventorySnapshot.findMany({ where: { inventoryItemId: g1.id }, orderBy: { recordedAt: 'asc' } });
    expect(history.map((h) => h.onHand)).toEqual([1, 2, 3]);
    const changes = await db.changeLog.findMany({ where: { brandId: t.brandA.id, kind: 'INVENTORY' }, orderBy: { sequence: 'asc' } });
    expect(changes).toHaveLength(4);
  });

  it('a companion with an invalid record does not fail the event: each is decided on its own', async () => {
    const t = await makeTenant('GroupBad');
    const { connectionId } = await connectBrand(t.brandA.id);
    const good = await stored(connectionId!, inventoryRecord('inv_ok', 4, at(1)));
    const bad = await stored(connectionId!, { id: 'inv_bad', onhand: 'lots' });
    const other = await stored(connectionId!, inventoryRecord('inv_ok2', 6, at(2)));

    expect(await processWebhookEvent(good)).toBe('PROCESSED');
    expect(await db.trackstarWebhookEvent.findUniqueOrThrow({ where: { id: bad } })).toMatchObject({ status: 'PENDING' });
    expect(await db.trackstarWebhookEvent.findUniqueOrThrow({ where: { id: other } })).toMatchObject({ status: 'PENDING' });
    await expect(processWebhookEvent(bad)).rejects.toThrow(/invalid INVENTORY record/);
    expect(await processWebhookEvent(other)).toBe('PROCESSED');
    expect((await db.inventoryItem.findMany({ where: { brandId: t.brandA.id } })).map((i) => i.externalId).sort()).toEqual(['inv_ok', 'inv_ok2']);
  });
});

import { encodeGlobalID } from '@pothos/plugin-relay';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { db } from '../../db.js';
import { buildApp } from '../../http/app.js';
import { pool } from '../../pg.js';
import { applyRecords } from '../../sync/apply.js';
import { makeTenant } from '../../../test/fixtures.js';
import { connectBrand, inventoryRecord } from '../../../test/support/webhooks.js';
import { appendChanges, closeChangePublisher, publishChanges } from '../../changes/change-log.js';
import { changeHub } from '../../changes/change-hub.js';
import { openChangeStream } from './change-stream.js';
import { record, wsClient } from '../../../test/support/subscription-recorder.js';

const INVENTORY = `subscription($brandId: ID!, $afterSequence: String) {
  inventoryChanged(brandId: $brandId, afterSequence: $afterSequence) { sequence source previous { onHand } item { externalId onHand } }
}`;
const INTEGRATION = `subscription($brandId: ID!, $afterSequence: String) {
  integrationStatusChanged(brandId: $brandId, afterSequence: $afterSequence) { sequence source previous { status } integration { status } }
}`;

const app = buildApp();
let url: string;
beforeAll(async () => {
  ({ url } = await app.start(0, '127.0.0.1'));
});
afterAll(async () => {
  await app.stop();
  await changeHub.close();
  await closeChangePublisher();
});

let clock = Date.parse('2026-03-01T00:00:00Z');
const nextDate = () => new Date((clock += 1000)).toISOString().replace(/\.\d{3}Z$/, 'Z');

async function setup(label: string) {
  const t = await makeTenant(label);
  const integration = await connectBrand(t.brandA.id);
  const brandGid = encodeGlobalID('Brand', t.brandA.id);
  const apply = (id: string, onhand: number) =>
    applyRecords({ brandId: t.brandA.id, integrationId: integration.id, resource: 'INVENTORY', records: [inventoryRecord(id, onhand, nextDate())], source: 'SYNC' });
  return { t, integration, brandGid, apply };
}

describe('live subscriptions', () => {
  it('delivers a committed change with the fresh record, and nothing of other kinds', async () => {
    const { t, brandGid, apply } = await setup('Live');
    // afterSequence '0' on a fresh brand: the first change cannot race the subscription set-up.
    const sub = record(url, t.keys.owner, INVENTORY, { brandId: brandGid, afterSequence: '0' });
    const integ = record(url, t.keys.owner, INTEGRATION, { brandId: brandGid, afterSequence: '0' });
    await apply('inv_live', 5);
    await sub.waitFor(1);
    await apply('inv_live', 8); // the stream is established: this one arrives live
    const events = await sub.waitFor(2);
    expect(events[0]).toMatchObject({ source: 'SYNC', previous: null, item: { externalId: 'inv_live' } });
    expect(events[1]).toMatchObject({ previous: { onHand: 5 }, item: { onHand: 8 } });
    expect(BigInt(events[1].sequence)).toBe(BigInt(events[0].sequence) + 1n);
    expect(integ.events).toHaveLength(0);
    await sub.dispose();
    await integ.dispose();
  });

  it('resumes with afterSequence: exactly the missed events of its kind, then live', async () => {
    const { t, integration, brandGid, apply } = await setup('Resume');
    const first = record(url, t.keys.owner, INVENTORY, { brandId: brandGid, afterSequence: '0' });
    await apply('inv_a', 1);
    const [seen] = await first.waitFor(1);
    await first.dispose();

    await apply('inv_a', 2);
    // An integration change in between: same brand sequence, other kind, must not be replayed here.
    const tx = await pool.connect();
    await tx.query('BEGIN');
    const notices = await appendChanges(tx, t.brandA.id, [{ kind: 'INTEGRATION_STATUS', entityId: integration.id, source: 'MANUAL', previous: { status: 'PENDING' } }]);
    await tx.query('COMMIT');
    tx.release();
    await publishChanges(notices);
    await apply('inv_b', 3);

    const resumed = record(url, t.keys.owner, INVENTORY, { brandId: brandGid, afterSequence: seen.sequence });
    const replayed = await resumed.waitFor(2);
    expect(replayed.map((e) => e.item.onHand)).toEqual([2, 3]);
    await apply('inv_b', 4);
    const all = await resumed.waitFor(3);
    expect(all.map((e) => e.item.externalId + ':' + e.item.onHand)).toEqual(['inv_a:2', 'inv_b:3', 'inv_b:4']);
    const sequences = all.map((e) => BigInt(e.sequence));
    expect(new Set(sequences).size).toBe(3);
    expect([...sequences].sort((a, b) => (a < b ? -1 : 1))).toEqual(sequences);
    await new Promise((r) => setTimeout(r, 200));
    expect(resumed.events).toHaveLength(3); // no duplicates arrive late
    await resumed.dispose();
  });

  it('fills a gap when a notice was lost (Redis pub/sub is at-most-once)', async () => {
    const { t, integration, brandGid } = await setup('Gap');
    const sub = record(url, t.keys.owner, INTEGRATION, { brandId: brandGid, afterSequence: '0' });
    const change = async (statuses: string[], publish: (n: Awaited<ReturnType<typeof appendChanges>>) => typeof n) => {
      const tx = await pool.connect();
      await tx.query('BEGIN');
      const notices = await appendChanges(tx, t.brandA.id, statuses.map((status) => ({ kind: 'INTEGRATION_STATUS' as const, entityId: integration.id, source: 'WEBHOOK' as const, previous: { status } })));
      await tx.query('COMMIT');
      tx.release();
      await publishChanges(publish(notices));
    };
    await change(['PENDING'], (n) => n);
    await sub.waitFor(1); // established: what follows is live
    await change(['ERROR', 'ACTIVE'], (n) => [n[1]]); // the first notice is "lost"
    const events = await sub.waitFor(3);
    expect(events.map((e) => e.previous.status)).toEqual(['PENDING', 'ERROR', 'ACTIVE']);
    expect(events[0].integration.status).toBe('ACTIVE');
    await sub.dispose();
  });

  it('answers RESUME_TOO_OLD when the missed changes were pruned', async () => {
    const { t, brandGid, apply } = await setup('Old');
    await apply('inv_old', 1);
    await apply('inv_old', 2);
    await db.changeLog.deleteMany({ where: { brandId: t.brandA.id, sequence: 1n } });
    const sub = record(url, t.keys.owner, INVENTORY, { brandId: brandGid, afterSequence: '0' });
    await sub.ended();
    expect(JSON.stringify(sub.errors)).toContain('RESUME_TOO_OLD');
    const fine = record(url, t.keys.owner, INVENTORY, { brandId: brandGid, afterSequence: '1' });
    expect((await fine.waitFor(1))[0].item.onHand).toBe(2);
    await sub.dispose();
    await fine.dispose();
  });

  it('refuses another tenant\'s brand exactly like an unknown one', async () => {
    const { brandGid } = await setup('Mine');
    const other = await makeTenant('Theirs');
    const foreign = record(url, other.keys.owner, INVENTORY, { brandId: brandGid });
    const unknown = record(url, other.keys.owner, INVENTORY, { brandId: encodeGlobalID('Brand', '00000000-0000-4000-8000-000000000000') });
    const garbage = record(url, other.keys.owner, INVENTORY, { brandId: 'not-an-id' });
    await Promise.all([foreign.ended(), unknown.ended(), garbage.ended()]);
    const message = (r: { errors: unknown[] }) => JSON.stringify(r.errors);
    expect(message(foreign)).toContain('Brand not found');
    expect(message(foreign)).toEqual(message(unknown));
    expect(message(garbage)).toEqual(message(unknown));
    // A brand viewer of brand A cannot watch brand B of the same 3PL either.
    const t = await makeTenant('Viewer');
    const b = record(url, t.keys.viewer, INVENTORY, { brandId: encodeGlobalID('Brand', t.brandB.id) });
    await b.ended();
    expect(message(b)).toContain('Brand not found');
    for (const r of [foreign, unknown, garbage, b]) await r.dispose();
  });

  it('ends an open stream when its key is revoked', async () => {
    const { t, brandGid, apply } = await setup('Revoke');
    const sub = record(url, t.keys.viewer, INVENTORY, { brandId: brandGid, afterSequence: '0' });
    await apply('inv_r', 1);
    await sub.waitFor(1);
    await db.apiKey.update({ where: { id: t.viewerKeyId }, data: { revokedAt: new Date() } });
    await new Promise((r) => setTimeout(r, 1_200)); // past the one-second key cache
    await apply('inv_r', 2);
    await sub.ended();
    expect(JSON.stringify(sub.errors)).toContain('UNAUTHENTICATED');
    expect(sub.events).toHaveLength(1);
    await sub.dispose();
  });

  it('closes an unauthenticated WebSocket with 4401', async () => {
    const { client, closed } = wsClient(url, null);
    expect(await closed).toBe(4401);
    await client.dispose();
    const bad = wsClient(url, 'pk_AAAAAAAA_BBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBB');
    expect(await bad.closed).toBe(4401);
    await bad.client.dispose();
  });

  it('drops a slow consumer with close code 4008 instead of buffering without bound', async () => {
    const { t, apply } = await setup('Slow');
    const closes: [number, string][] = [];
    const socket = { OPEN: 1, readyState: 1, bufferedAmount: 64 * 1024 * 1024, close: (code: number, reason: string) => closes.push([code, reason]) };
    const stream = await openChangeStream({ brandIds: [t.brandA.id], kind: 'INVENTORY', afterSequence: null, socket: socket as never, authorize: async () => {} });
    await apply('inv_slow', 1);
    await expect(stream.next()).rejects.toThrow(/too slow/);
    expect(closes).toEqual([[4008, 'Slow consumer']]);
  });
});

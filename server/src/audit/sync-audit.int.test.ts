// The audit trail of synced records, on the real write paths: a sync run against the sandbox over
// HTTP, webhooks through the receiver and the worker, and applyRecords for the edge cases. Every
// entry must say exactly which mapped fields changed, from what to what; an unchanged record (a
// replay, an overlapping updated_date[gte] window) must leave no entry.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeTenant, type TenantFixture } from '../../test/fixtures.js';
import { attachConnection, retireSync, startTestSandbox } from '../../test/support/sync-harness.js';
import { inventoryRecord as syncInventoryRecord, orderRecord } from '../../test/support/sync-records.js';
import { startWebhookServices } from '../../test/support/webhook-services.js';
import { connectBrand, envelope, inventoryRecord, serveWebhookReceiver, signDelivery, waitForEvent } from '../../test/support/webhooks.js';
import { closeChangePublisher } from '../changes/change-log.js';
import { db } from '../db.js';
import { closeSyncQueue } from '../jobs/queues.js';
import { pool } from '../pg.js';
import { applyRecords } from '../sync/apply.js';
import { markAbsentRecordsDeleted } from '../sync/deletions.js';
import { runSync } from '../sync/runner.js';
import { closeTrackstar, TrackstarClient } from '../trackstar/client.js';
import { pruneAuditLog } from './retention.js';

let sb: Awaited<ReturnType<typeof startTestSandbox>>;
let client: TrackstarClient;
let receiver: Awaited<ReturnType<typeof serveWebhookReceiver>>;
let services: ReturnType<typeof startWebhookServices>;

beforeAll(async () => {
  sb = await startTestSandbox({ orders: 200, products: 40 });
  client = new TrackstarClient({ baseUrl: sb.url, apiKey: sb.sandbox.apiKey });
  services = startWebhookServices({ sweepEveryMs: 60_000 });
  receiver = await serveWebhookReceiver();
});

afterAll(async () => {
  await receiver.close();
  await services.close();
  await retireSync();
  await closeSyncQueue();
  await sb?.stop();
  await closeTrackstar();
  await closeChangePublisher();
});

const entriesOf = (brandId: string, where: object = {}) => db.auditLog.findMany({ where: { brandId, ...where }, orderBy: { id: 'asc' } });

/** The mapped fields an inventory entry covers, as stored (numerics as JSON numbers). */
const INVENTORY_FIELDS = ['warehouseCustomerId', 'sku', 'name', 'unitCost', 'active', 'awaiting', 'onHand', 'committed', 'unfulfillable', 'fulfillable', 'sellable'] as const;
type ItemRow = Awaited<ReturnType<typeof db.inventoryItem.findFirstOrThrow>>;
const mapped = (row: ItemRow) =>
  Object.fromEntries(INVENTORY_FIELDS.map((f) => [f, f === 'unitCost' ? (row.unitCost === null ? null : Number(row.unitCost)) : row[f]]));

/** What an entry must say about a row that went from `before` (null: created) to `after`. */
function expectedChanges(before: Record<string, unknown> | null, after: Record<string, unknown>) {
  const changes: Record<string, [unknown, unknown]> = {};
  for (const f of INVENTORY_FIELDS) {
    const b = before ? before[f] : null;
    if (JSON.stringify(b) !== JSON.stringify(after[f])) changes[f] = [b, after[f]];
  }
  return changes;
}

describe('audit trail: sync runs', () => {
  let t: TenantFixture;
  let integrationId: string;

  beforeAll(async () => {
    t = await makeTenant('AuditSync');
    const ex = sb.sandbox.connect('sandbox');
    integrationId = (await attachConnection(t.brandA.id, ex, ['INVENTORY'])).id;
  });

  it('a first sync logs one SYNC entry per created record, every mapped field [null, value]', async () => {
    const outcome = await runSync({ integrationId, resource: 'INVENTORY', client });
    expect(outcome.status).toBe('completed');
    const items = await db.inventoryItem.findMany({ where: { brandId: t.brandA.id } });
    expect(items.length).toBeGreaterThan(10);
    const entries = await entriesOf(t.brandA.id);
    expect(entries).toHaveLength(items.length);
    const byRecord = new Map(entries.map((e) => [e.recordId, e]));
    for (const item of items) {
      const entry = byRecord.get(item.id)!;
      expect(entry).toMatchObject({ threePLId: t.threePLId, source: 'SYNC', event: 'sync page', recordType: 'INVENTORY_ITEM', externalId: item.externalId, actorUserId: null, actorApiKeyId: null });
      expect(entry.changes).toEqual(expectedChanges(null, mapped(item)));
    }
  });

  it('a sync that re-lists unchanged records (overlapping window) logs nothing; real changes log their before and after', async () => {
    const before = new Map((await db.inventoryItem.findMany({ where: { brandId: t.brandA.id } })).map((r) => [r.id, mapped(r)]));
    const logged = (await entriesOf(t.brandA.id)).length;
    // Nothing changed upstream: the incremental run re-reads its overlap window and writes no entry.
    await runSync({ integrationId, resource: 'INVENTORY', client });
    expect(await entriesOf(t.brandA.id)).toHaveLength(logged);

    // The sandbox's warehouse moves stock (and discontinues SKUs) now and then.
    await sb.admin('POST', '/sandbox/activity/tick', { steps: 60 });
    await runSync({ integrationId, resource: 'INVENTORY', client });
    const after = await db.inventoryItem.findMany({ where: { brandId: t.brandA.id } });
    const changed = after.filter((r) => Object.keys(expectedChanges(before.get(r.id) ?? null, mapped(r))).length > 0);
    expect(changed.length).toBeGreaterThan(0);
    const fresh = (await entriesOf(t.brandA.id)).slice(logged);
    // Exactly one entry per record whose mapped fields changed, saying exactly what changed.
    expect(fresh.map((e) => e.recordId).sort()).toEqual(changed.map((r) => r.id).sort());
    for (const entry of fresh) {
      const row = after.find((r) => r.id === entry.recordId)!;
      expect(entry).toMatchObject({ source: 'SYNC', event: 'sync page' });
      expect(entry.changes).toEqual(expectedChanges(before.get(row.id) ?? null, mapped(row)));
    }

    // The next run's window overlaps the last one and lists those changed records again: no entry.
    const total = (await entriesOf(t.brandA.id)).length;
    await runSync({ integrationId, resource: 'INVENTORY', client });
    expect(await entriesOf(t.brandA.id)).toHaveLength(total);
  }, 60_000);
});

describe('audit trail: webhooks', () => {
  it('an inventory.updated webhook logs one WEBHOOK entry with the quantities before and after', async () => {
    const t = await makeTenant('AuditHook');
    const { connectionId } = await connectBrand(t.brandA.id);
    const created = signDelivery(envelope('inventory.created', connectionId!, inventoryRecord('inv_audit', 120, '2026-03-01T14:00:00Z')));
    await receiver.post(created);
    expect(await waitForEvent(created.id)).toMatchObject({ status: 'PROCESSED' });
    const updated = signDelivery(envelope('inventory.updated', connectionId!, inventoryRecord('inv_audit', 96, '2026-03-01T14:02:11Z')));
    await receiver.post(updated);
    expect(await waitForEvent(updated.id)).toMatchObject({ status: 'PROCESSED' });
    // The same delivery content again under a new id (a duplicate send): nothing changes, nothing logged.
    const duplicate = signDelivery(envelope('inventory.updated', connectionId!, inventoryRecord('inv_audit', 96, '2026-03-01T14:02:11Z')));
    await receiver.post(duplicate);
    await waitForEvent(duplicate.id);

    const item = await db.inventoryItem.findFirstOrThrow({ where: { brandId: t.brandA.id, externalId: 'inv_audit' } });
    const entries = await entriesOf(t.brandA.id);
    expect(entries).toHaveLength(2);
    expect(entries[0]).toMatchObject({ source: 'WEBHOOK', event: 'inventory.created', recordId: item.id, externalId: 'inv_audit' });
    expect(entries[0].changes).toMatchObject({ onHand: [null, 120], sku: [null, 'SKU-inv_audit'] });
    expect(entries[1]).toMatchObject({ source: 'WEBHOOK', event: 'inventory.updated', recordType: 'INVENTORY_ITEM', recordId: item.id, actorUserId: null });
    expect(entries[1].changes).toEqual({ onHand: [120, 96], fulfillable: [120, 96], sellable: [120, 96] });
  });
});

describe('audit trail: applyRecords edge cases', () => {
  let t: TenantFixture;
  let integrationId: string;
  const apply = (resource: 'ORDERS' | 'INVENTORY', records: unknown[]) => applyRecords({ brandId: t.brandA.id, integrationId, resource, records, source: 'SYNC' });

  beforeAll(async () => {
    t = await makeTenant('AuditEdge');
    integrationId = (await db.brandIntegration.create({ data: { brandId: t.brandA.id, status: 'ACTIVE' } })).id;
  });

  it('orders: a created order logs its mapped fields (never rawData); a status change logs just that', async () => {
    await apply('ORDERS', [orderRecord('o-audit', '2026-02-01T10:00:00Z')]);
    const order = await db.order.findFirstOrThrow({ where: { brandId: t.brandA.id, externalId: 'o-audit' } });
    const [created] = await entriesOf(t.brandA.id, { recordId: order.id });
    expect(created).toMatchObject({ source: 'SYNC', recordType: 'ORDER', externalId: 'o-audit' });
    expect(created.changes).toMatchObject({
      status: [null, 'OPEN'], orderNumber: [null, '#o-audit'], totalPrice: [null, 42.5], tags: [null, ['vip', 'rush:yes']],
      shipTo: [null, expect.objectContaining({ city: 'Austin' })],
    });
    expect(Object.keys(created.changes as object)).not.toContain('rawData');
    expect(Object.keys(created.changes as object)).not.toContain('updatedAtRemote');

    await apply('ORDERS', [orderRecord('o-audit', '2026-02-01T11:00:00Z', { status: 'cancelled', raw_status: 'Cancelled' })]);
    const entries = await entriesOf(t.brandA.id, { recordId: order.id });
    expect(entries).toHaveLength(2);
    expect(entries[1].changes).toEqual({ status: ['OPEN', 'CANCELLED'], rawStatus: ['Open', 'Cancelled'] });
  });

  it('a replay, an older copy, or a newer updated_date with the same mapped fields logs nothing', async () => {
    const record = syncInventoryRecord('i-edge', '2026-02-01T10:00:00Z', 50);
    await apply('INVENTORY', [record]);
    const item = await db.inventoryItem.findFirstOrThrow({ where: { brandId: t.brandA.id, externalId: 'i-edge' } });
    expect(await entriesOf(t.brandA.id, { recordId: item.id })).toHaveLength(1);

    expect(await apply('INVENTORY', [record])).toMatchObject({ applied: 0, unchanged: 1 });
    expect(await apply('INVENTORY', [syncInventoryRecord('i-edge', '2026-02-01T09:00:00Z', 7)])).toMatchObject({ applied: 0, stale: 1 });
    // Newer, and a field Packr does not map changed: the row is written, no mapped field moved.
    const touched = await apply('INVENTORY', [syncInventoryRecord('i-edge', '2026-02-01T12:00:00Z', 50, { external_system_url: 'https://wms.example/i-edge' })]);
    expect(touched).toMatchObject({ applied: 1, invalid: [] });
    expect(await entriesOf(t.brandA.id, { recordId: item.id })).toHaveLength(1);
  });

  it('a JSON field that only changed its key order is the same value: no entry', async () => {
    const first = orderRecord('o-keys', '2026-02-01T10:00:00Z');
    await apply('ORDERS', [first]);
    const order = await db.order.findFirstOrThrow({ where: { brandId: t.brandA.id, externalId: 'o-keys' } });
    const reversed = Object.fromEntries(Object.entries(first.ship_to_address).reverse());
    expect(await apply('ORDERS', [orderRecord('o-keys', '2026-02-01T11:00:00Z', { ship_to_address: reversed })])).toMatchObject({ applied: 1, invalid: [] });
    expect(await entriesOf(t.brandA.id, { recordId: order.id })).toHaveLength(1);
  });

  it('a page that fails rolls its entries back with its rows', async () => {
    const before = (await entriesOf(t.brandA.id)).length;
    const tx = await pool.connect();
    try {
      await tx.query('BEGIN');
      const { applyRecordsIn } = await import('../sync/apply.js');
      await applyRecordsIn(tx, { brandId: t.brandA.id, integrationId, resource: 'INVENTORY', records: [syncInventoryRecord('i-rolled-back', '2026-02-01T10:00:00Z', 5)], source: 'SYNC' });
      await tx.query('ROLLBACK');
    } finally {
      tx.release();
    }
    expect(await entriesOf(t.brandA.id)).toHaveLength(before);
  });
});

describe('audit trail: deletion reconcile', () => {
  it('a record missing from a complete listing, found again, and revived by a write: RECONCILE and SYNC entries', async () => {
    const t = await makeTenant('AuditGone');
    const brandId = t.brandA.id;
    const integrationId = (await db.brandIntegration.create({ data: { brandId, status: 'ACTIVE' } })).id;
    const apply = (records: unknown[]) => applyRecords({ brandId, integrationId, resource: 'INVENTORY', records, source: 'SYNC' });
    await apply([syncInventoryRecord('i-stays', '2026-02-01T10:00:00Z', 5), syncInventoryRecord('i-goes', '2026-02-01T10:00:00Z', 9)]);
    const gone = await db.inventoryItem.findFirstOrThrow({ where: { brandId, externalId: 'i-goes' } });
    const reconcile = async (seen: string[]) => {
      const tx = await pool.connect();
      try {
        await tx.query('BEGIN');
        // After the rows were written, as a listing that started later.
        const listingStartedAt = new Date(Date.now() + 1_000);
        await markAbsentRecordsDeleted(tx, { brandId, resource: 'INVENTORY', scope: { updatedFrom: null, filters: {} }, seen, listingStartedAt });
        await tx.query('COMMIT');
        return listingStartedAt.toISOString();
      } finally {
        tx.release();
      }
    };
    const deletedAt = await reconcile(['i-stays']);
    await reconcile(['i-stays', 'i-goes']);
    const deletedAgainAt = await reconcile(['i-stays']);
    await apply([syncInventoryRecord('i-goes', '2026-02-02T10:00:00Z', 4)]);

    const entries = (await entriesOf(brandId, { recordId: gone.id })).map((e) => ({ source: e.source, event: e.event, changes: e.changes }));
    expect(entries.slice(1)).toEqual([
      { source: 'RECONCILE', event: 'missing from a complete listing', changes: { deletedAt: [null, deletedAt] } },
      { source: 'RECONCILE', event: 'found again in a complete listing', changes: { deletedAt: [deletedAt, null] } },
      { source: 'RECONCILE', event: 'missing from a complete listing', changes: { deletedAt: [null, deletedAgainAt] } },
      { source: 'SYNC', event: 'sync page', changes: { deletedAt: [deletedAgainAt, null], onHand: [9, 4], fulfillable: [8, 3], sellable: [8, 3] } },
    ]);
    // The record that stayed has its creation only.
    const stays = await db.inventoryItem.findFirstOrThrow({ where: { brandId, externalId: 'i-stays' } });
    expect(await entriesOf(brandId, { recordId: stays.id })).toHaveLength(1);
  });
});

describe('audit trail: append-only and retention', () => {
  it('UPDATE and DELETE are refused; the retention prune deletes only entries past the window', async () => {
    const t = await makeTenant('AuditKeep');
    const insert = (daysAgo: number) =>
      pool.query(
        `INSERT INTO audit_log ("threePLId", "brandId", at, source, "recordType", event)
         VALUES ($1, $2, timezone('UTC', now()) - make_interval(days => $3), 'SYNC', 'ORDER', 'retention test') RETURNING id`,
        [t.threePLId, t.brandA.id, daysAgo],
      );
    const old = (await insert(120)).rows[0].id;
    const edge = (await insert(80)).rows[0].id;
    const recent = (await insert(0)).rows[0].id;

    await expect(pool.query(`UPDATE audit_log SET event = 'rewritten' WHERE id = $1`, [recent])).rejects.toThrow(/append-only/);
    await expect(pool.query('DELETE FROM audit_log WHERE id = $1', [recent])).rejects.toThrow(/append-only/);

    expect(await pruneAuditLog(90, 2)).toBeGreaterThanOrEqual(1);
    const left = (await entriesOf(t.brandA.id)).map((e) => e.id);
    expect(left).toEqual([edge, recent].map(BigInt));
    expect(left).not.toContain(BigInt(old));
    // A shorter window (AUDIT_RETENTION_DAYS=30) takes the 80-day-old one too.
    await pruneAuditLog(30);
    expect((await entriesOf(t.brandA.id)).map((e) => e.id)).toEqual([BigInt(recent)]);
  });
});

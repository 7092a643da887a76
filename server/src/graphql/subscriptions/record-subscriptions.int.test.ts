// productChanged, shipmentChanged, returnChanged and inboundShipmentChanged over a real WebSocket,
// fed by real writes (sync pages through applyRecords, Svix-signed webhooks through the worker,
// the deletion reconcile), and the multi-brand form every record subscription shares.
import { encodeGlobalID } from '@pothos/plugin-relay';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { db } from '../../db.js';
import { buildApp } from '../../http/app.js';
import { applyRecords } from '../../sync/apply.js';
import { markAbsentRecordsDeleted } from '../../sync/deletions.js';
import { runWriteTransaction } from '../../changes/write-transaction.js';
import { closeChangePublisher } from '../../changes/change-log.js';
import { changeHub } from '../../changes/change-hub.js';
import type { SyncResource } from '../../generated/prisma/enums.js';
import { makeTenant } from '../../../test/fixtures.js';
import { inboundShipmentRecord, inventoryRecord, orderRecord, productRecord, returnRecord } from '../../../test/support/sync-records.js';
import { connectBrand, envelope, serveWebhookReceiver, signDelivery, waitForEvent } from '../../../test/support/webhooks.js';
import { startWebhookServices } from '../../../test/support/webhook-services.js';
import { record, type Recorded } from '../../../test/support/subscription-recorder.js';

const sub = (field: string, record: string, args = '$brandId: ID, $brandIds: [ID!], $afterSequence: String', extra = 'previous { status }') =>
  `subscription(${args}) { ${field}(brandId: $brandId, brandIds: $brandIds, afterSequence: $afterSequence) {
    sequence source brand { id name } ${extra} ${record}
  } }`;
const PRODUCTS = sub('productChanged', 'product { id externalId name deletedAt }', undefined, 'deleted restored');
const SHIPMENTS = sub('shipmentChanged', 'shipment { id externalId status trackingNumbers order { externalId } packages { externalId trackingNumber } }');
const RETURNS = sub('returnChanged', 'return { id externalId status }', undefined, 'previous { status } deleted restored');
const INBOUND = sub('inboundShipmentChanged', 'inboundShipment { id externalId status }', undefined, 'previous { status } deleted restored');
const INVENTORY = sub('inventoryChanged', 'item { externalId }', undefined, '');

const app = buildApp();
let url: string;
let receiver: Awaited<ReturnType<typeof serveWebhookReceiver>>;
let services: ReturnType<typeof startWebhookServices>;
beforeAll(async () => {
  ({ url } = await app.start(0, '127.0.0.1'));
  services = startWebhookServices({ sweepEveryMs: 60_000 });
  receiver = await serveWebhookReceiver();
});
afterAll(async () => {
  await receiver.close();
  await app.stop();
  await services.close();
  await changeHub.close();
  await closeChangePublisher();
});

let clock = Date.parse('2026-04-01T00:00:00Z');
const nextDate = () => new Date((clock += 1000)).toISOString().replace(/\.\d{3}Z$/, 'Z');
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function brand(label: string) {
  const t = await makeTenant(label);
  const [a, b] = await Promise.all([connectBrand(t.brandA.id), connectBrand(t.brandB.id)]);
  const gidA = encodeGlobalID('Brand', t.brandA.id);
  const gidB = encodeGlobalID('Brand', t.brandB.id);
  const apply = (resource: SyncResource, records: unknown[], which: 'A' | 'B' = 'A') =>
    applyRecords({ brandId: which === 'A' ? t.brandA.id : t.brandB.id, integrationId: (which === 'A' ? a : b).id, resource, records, source: 'SYNC' });
  const webhook = async (eventType: string, data: Record<string, unknown>) => {
    const d = signDelivery(envelope(eventType, a.connectionId!, data));
    expect((await receiver.post(d)).status).toBe(202);
    expect(await waitForEvent(d.id)).toMatchObject({ status: 'PROCESSED' });
  };
  return { t, gidA, gidB, apply, webhook };
}

/**
 * Without afterSequence a stream starts at the brand's head when it is set up, so a test must
 * know it is live before writing. Writes a throw-away record until its event arrives; later
 * assertions ignore records named `warm*`.
 */
async function untilLive(rec: Recorded, brandGid: string, write: (n: number) => Promise<unknown>) {
  for (let n = 0; n < 50; n++) {
    await write(n);
    for (let i = 0; i < 15; i++) {
      if (rec.errors.length > 0) throw new Error(JSON.stringify(rec.errors));
      if (rec.events.some((e) => e.brand.id === brandGid)) return;
      await sleep(20);
    }
  }
  throw new Error('the subscription never went live');
}
const real = (events: any[], field: string) => events.filter((e) => !String(e[field]?.externalId ?? '').startsWith('warm'));
const codeOf = (r: Recorded) => JSON.stringify(r.errors);

describe('new record subscriptions: sync writes', () => {
  it('products, returns and inbound shipments: an event per row written, with the previous status; none for a replay', async () => {
    const { t, gidA, apply } = await brand('Records');
    const products = record(url, t.keys.owner, PRODUCTS, { brandId: gidA, afterSequence: '0' });
    const returns = record(url, t.keys.viewer, RETURNS, { brandId: gidA, afterSequence: '0' });
    const inbound = record(url, t.keys.operator, INBOUND, { brandId: gidA, afterSequence: '0' });

    const p1 = productRecord('p1', nextDate());
    await apply('PRODUCTS', [p1]);
    await apply('RETURNS', [returnRecord('r1', nextDate(), 'open')]);
    await apply('INBOUND_SHIPMENTS', [inboundShipmentRecord('asn1', nextDate(), 'open')]);
    await Promise.all([products.waitFor(1), returns.waitFor(1), inbound.waitFor(1)]);
    // Live from here: an update with a newer date, and an exact replay (nothing written, no event).
    await apply('PRODUCTS', [p1]);
    await apply('PRODUCTS', [productRecord('p1', nextDate(), { name: 'Renamed' })]);
    await apply('RETURNS', [returnRecord('r1', nextDate(), 'received')]);
    await apply('INBOUND_SHIPMENTS', [inboundShipmentRecord('asn1', nextDate(), 'received')]);

    const [p, r, i] = await Promise.all([products.waitFor(2), returns.waitFor(2), inbound.waitFor(2)]);
    expect(p[0]).toMatchObject({ source: 'SYNC', deleted: false, restored: false, brand: { id: gidA }, product: { externalId: 'p1', deletedAt: null } });
    expect(p[1].product.name).toBe('Renamed');
    // Each event carries the record as read when it was delivered (the first before the update).
    expect(r.map((e) => [e.previous?.status ?? null, e.return.status])).toEqual([[null, 'OPEN'], ['OPEN', 'RECEIVED']]);
    expect(i.map((e) => [e.previous?.status ?? null, e.inboundShipment.status])).toEqual([[null, 'OPEN'], ['OPEN', 'RECEIVED']]);
    expect(await db.changeLog.count({ where: { brandId: t.brandA.id, kind: 'PRODUCT' } })).toBe(2);
    await sleep(200);
    expect(products.events).toHaveLength(2);
    for (const s of [products, returns, inbound]) await s.dispose();
  });

  it('shipments: an event per new or changed shipment (none for unchanged ones), ids stable across order writes', async () => {
    const { t, gidA, apply } = await brand('Shipments');
    const shipments = record(url, t.keys.owner, SHIPMENTS, { brandId: gidA, afterSequence: '0' });
    const base = orderRecord('o1', nextDate());
    const ship = (id: string, status: string, tracking: string) => ({ ...base.shipments[0], shipment_id: id, status, raw_status: status,
      packages: [{ ...base.shipments[0].packages[0], package_id: `pk-${id}`, tracking_number: tracking }] });
    await apply('ORDERS', [{ ...base, shipments: [ship('s1', 'open', 'T1'), ship('s2', 'open', 'T2')] }]);
    const first = await shipments.waitFor(2);
    expect(first.map((e) => [e.shipment.externalId, e.previous, e.shipment.order.externalId]).sort()).toEqual([['s1', null, 'o1'], ['s2', null, 'o1']]);
    const idOf = (ext: string) => first.find((e) => e.shipment.externalId === ext)!.shipment.id;

    // The order changes; only s1 changes with it. s2 is rewritten identically: no event for it.
    await apply('ORDERS', [{ ...base, updated_date: nextDate(), status: 'partially_fulfilled', shipments: [ship('s1', 'shipped', 'T1-NEW'), ship('s2', 'open', 'T2')] }]);
    const events = await shipments.waitFor(3);
    expect(events[2]).toMatchObject({
      source: 'SYNC', previous: { status: 'OPEN' },
      shipment: { id: idOf('s1'), externalId: 's1', status: 'SHIPPED', trackingNumbers: ['T1-NEW'], packages: [{ externalId: 'pk-s1', trackingNumber: 'T1-NEW' }] },
    });
    // Same ids as before, packages re-pointed at them.
    const rows = await db.shipment.findMany({ where: { brandId: t.brandA.id }, include: { packages: true }, orderBy: { externalId: 'asc' } });
    expect(rows.map((s) => [encodeGlobalID('Shipment', s.id), s.packages.map((pk) => pk.externalId)])).toEqual([[idOf('s1'), ['pk-s1']], [idOf('s2'), ['pk-s2']]]);
    // A new shipment next to unchanged ones: one event.
    await apply('ORDERS', [{ ...base, updated_date: nextDate(), shipments: [ship('s1', 'shipped', 'T1-NEW'), ship('s2', 'open', 'T2'), ship('s3', 'open', 'T3')] }]);
    const all = await shipments.waitFor(4);
    expect(all[3]).toMatchObject({ previous: null, shipment: { externalId: 's3' } });
    await sleep(200);
    expect(shipments.events).toHaveLength(4);
    expect(await db.changeLog.count({ where: { brandId: t.brandA.id, kind: 'ORDER' } })).toBe(3);
    await shipments.dispose();
  });

  it('resumes with afterSequence: the missed events of its kind only, then live', async () => {
    const { t, gidA, apply } = await brand('Resume');
    const first = record(url, t.keys.owner, SHIPMENTS, { brandId: gidA, afterSequence: '0' });
    await apply('ORDERS', [orderRecord('o1', nextDate())]);
    const [seen] = await first.waitFor(1);
    await first.dispose();

    await apply('ORDERS', [orderRecord('o2', nextDate())]); // ORDER + SHIPMENT
    await apply('PRODUCTS', [productRecord('p1', nextDate())]); // another kind, same brand sequence
    await apply('ORDERS', [orderRecord('o3', nextDate())]);
    const resumed = record(url, t.keys.owner, SHIPMENTS, { brandId: gidA, afterSequence: seen.sequence });
    expect((await resumed.waitFor(2)).map((e) => e.shipment.externalId)).toEqual(['s-o2', 's-o3']);
    await apply('ORDERS', [orderRecord('o4', nextDate())]);
    const all = await resumed.waitFor(3);
    expect(all.map((e) => e.shipment.externalId)).toEqual(['s-o2', 's-o3', 's-o4']);
    await sleep(200);
    expect(resumed.events).toHaveLength(3);
    await resumed.dispose();
  });

  it('the deletion reconcile: deleted and restored events for products, returns and inbound shipments', async () => {
    const { t, gidA, apply } = await brand('Reconcile');
    const subs = {
      PRODUCTS: record(url, t.keys.owner, PRODUCTS, { brandId: gidA, afterSequence: '0' }),
      RETURNS: record(url, t.keys.owner, RETURNS, { brandId: gidA, afterSequence: '0' }),
      INBOUND_SHIPMENTS: record(url, t.keys.owner, INBOUND, { brandId: gidA, afterSequence: '0' }),
    };
    await apply('PRODUCTS', [productRecord('gone', nextDate())]);
    await apply('RETURNS', [returnRecord('gone', nextDate(), 'open')]);
    await apply('INBOUND_SHIPMENTS', [inboundShipmentRecord('gone', nextDate(), 'open')]);
    const reconcile = (resource: SyncResource, seen: string[]) =>
      runWriteTransaction(async (tx) => {
        const changes = await markAbsentRecordsDeleted(tx, { brandId: t.brandA.id, resource, scope: { updatedFrom: null, filters: {} }, seen, listingStartedAt: new Date(Date.now() + 60_000) });
        return { value: changes, notices: changes.notices };
      });
    for (const resource of Object.keys(subs) as (keyof typeof subs)[]) {
      expect((await reconcile(resource, [])).deleted).toHaveLength(1);
      expect((await reconcile(resource, ['gone'])).restored).toHaveLength(1);
    }
    const field = { PRODUCTS: 'product', RETURNS: 'return', INBOUND_SHIPMENTS: 'inboundShipment' } as const;
    for (const [resource, rec] of Object.entries(subs) as [keyof typeof subs, Recorded][]) {
      const events = await rec.waitFor(3);
      expect(events.map((e) => [e.source, e.deleted, e.restored, e[field[resource]].externalId])).toEqual([
        ['SYNC', false, false, 'gone'], ['RECONCILE', true, false, 'gone'], ['RECONCILE', false, true, 'gone'],
      ]);
      if (resource !== 'PRODUCTS') expect(events[1].previous).toBeNull(); // a deletion carries no status
      await rec.dispose();
    }
  });
});

describe('new record subscriptions: webhook writes', () => {
  it('product, return, inbound-shipment and order webhooks reach their subscriptions', async () => {
    const { t, gidA, webhook } = await brand('Hooks');
    const subs = [PRODUCTS, SHIPMENTS, RETURNS, INBOUND].map((q) => record(url, t.keys.owner, q, { brandId: gidA, afterSequence: '0' }));
    await webhook('product.updated', productRecord('wp', nextDate()));
    await webhook('order.shipment.created', orderRecord('wo', nextDate()));
    await webhook('return.created', returnRecord('wr', nextDate(), 'open'));
    await webhook('inbound-shipment.updated', inboundShipmentRecord('wi', nextDate(), 'open'));
    const [p, s, r, i] = await Promise.all(subs.map((x) => x.waitFor(1)));
    expect(p[0]).toMatchObject({ source: 'WEBHOOK', product: { externalId: 'wp' } });
    expect(s[0]).toMatchObject({ source: 'WEBHOOK', shipment: { externalId: 's-wo', order: { externalId: 'wo' } } });
    expect(r[0]).toMatchObject({ source: 'WEBHOOK', return: { externalId: 'wr', status: 'OPEN' } });
    expect(i[0]).toMatchObject({ source: 'WEBHOOK', inboundShipment: { externalId: 'wi', status: 'OPEN' } });
    for (const x of subs) await x.dispose();
  });
});

describe('several brands on one subscription', () => {
  it('brandIds: events of both brands, each naming its brand', async () => {
    const { t, gidA, gidB, apply } = await brand('Multi');
    const both = record(url, t.keys.owner, PRODUCTS, { brandIds: [gidA, gidB] });
    await untilLive(both, gidA, (n) => apply('PRODUCTS', [productRecord(`warmA${n}`, nextDate())], 'A'));
    await untilLive(both, gidB, (n) => apply('PRODUCTS', [productRecord(`warmB${n}`, nextDate())], 'B'));
    await apply('PRODUCTS', [productRecord('pb', nextDate())], 'B');
    await apply('PRODUCTS', [productRecord('pa', nextDate())], 'A');
    const until = Date.now() + 10_000;
    while (real(both.events, 'product').length < 2 && Date.now() < until) await sleep(20);
    const events = real(both.events, 'product');
    expect(events.map((e) => [e.brand.id, e.product.externalId]).sort()).toEqual([[gidA, 'pa'], [gidB, 'pb']].sort());
    expect(events.find((e) => e.brand.id === gidB).brand.name).toBe(t.brandB.name);
    await both.dispose();
  });

  it('neither brandId nor brandIds: every brand the key may read, and nothing of brands it may not', async () => {
    const { t, gidA, gidB, apply } = await brand('Implicit');
    const owner = record(url, t.keys.owner, INVENTORY, {});
    const viewerInv = record(url, t.keys.viewer, INVENTORY, {});
    const inv = (id: string, which: 'A' | 'B') => apply('INVENTORY', [inventoryRecord(id, nextDate(), 3)], which);
    await untilLive(owner, gidA, (n) => inv(`warmA${n}`, 'A'));
    await untilLive(owner, gidB, (n) => inv(`warmB${n}`, 'B'));
    await untilLive(viewerInv, gidA, (n) => inv(`warmV${n}`, 'A'));
    await inv('ib', 'B');
    await inv('ia', 'A');
    const until = Date.now() + 10_000;
    while ((real(owner.events, 'item').length < 2 || real(viewerInv.events, 'item').length < 1) && Date.now() < until) await sleep(20);
    expect(real(owner.events, 'item').map((e) => e.item.externalId).sort()).toEqual(['ia', 'ib']);
    await sleep(200);
    expect(real(viewerInv.events, 'item').map((e) => e.item.externalId)).toEqual(['ia']);
    expect(viewerInv.events.every((e) => e.brand.id === gidA)).toBe(true);
    await owner.dispose();
    await viewerInv.dispose();
  });

  it('a brand viewer cannot name another brand, alone or in a list (NOT_FOUND)', async () => {
    const { t, gidA, gidB } = await brand('Scope');
    const other = await makeTenant('Scope other');
    const attempts = [
      record(url, t.keys.viewer, SHIPMENTS, { brandId: gidB }),
      record(url, t.keys.viewer, SHIPMENTS, { brandIds: [gidA, gidB] }),
      record(url, other.keys.owner, RETURNS, { brandIds: [gidA] }),
      record(url, other.keys.owner, PRODUCTS, { brandIds: [encodeGlobalID('Brand', other.brandA.id), 'not-an-id'] }),
    ];
    for (const a of attempts) {
      await a.ended();
      expect(codeOf(a)).toContain('NOT_FOUND');
      expect(a.events).toHaveLength(0);
      await a.dispose();
    }
  });

  it('refuses bad combinations with BAD_USER_INPUT', async () => {
    const { t, gidA, gidB } = await brand('Args');
    const tooMany = Array.from({ length: 201 }, (_, i) => encodeGlobalID('Brand', `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`));
    const attempts = [
      record(url, t.keys.owner, INBOUND, { brandId: gidA, brandIds: [gidA] }),
      record(url, t.keys.owner, INBOUND, { brandIds: [gidA, gidB], afterSequence: '0' }),
      record(url, t.keys.owner, INBOUND, { afterSequence: '0' }),
      record(url, t.keys.owner, INBOUND, { brandIds: [] }),
      record(url, t.keys.owner, INBOUND, { brandIds: tooMany }),
    ];
    for (const a of attempts) {
      await a.ended();
      expect(codeOf(a)).toContain('BAD_USER_INPUT');
      await a.dispose();
    }
    // One brand in the list may resume like brandId.
    const one = record(url, t.keys.owner, INBOUND, { brandIds: [gidA], afterSequence: '0' });
    await sleep(300);
    expect(one.errors).toHaveLength(0);
    await one.dispose();
  });

  it('ends a multi-brand stream when its key is revoked', async () => {
    const { t, gidA, apply } = await brand('Revoke');
    const s = record(url, t.keys.viewer, RETURNS, {});
    await untilLive(s, gidA, (n) => apply('RETURNS', [returnRecord(`warm${n}`, nextDate(), 'open')]));
    await db.apiKey.update({ where: { id: t.viewerKeyId }, data: { revokedAt: new Date() } });
    await sleep(1_200); // past the one-second key cache
    await apply('RETURNS', [returnRecord('after', nextDate(), 'open')]);
    await s.ended();
    expect(codeOf(s)).toContain('UNAUTHENTICATED');
    expect(real(s.events, 'return')).toHaveLength(0);
    await s.dispose();
  });
});

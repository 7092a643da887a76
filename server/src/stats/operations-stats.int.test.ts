// operationsStats against hand-computed expectations: the aggregates are called with a fixed
// "now" over rows seeded around it (so every boundary is exact), then the GraphQL field is
// checked for scoping with rows seeded around the real clock.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { db } from '../db.js';
import type { OrderStatus, ShipmentStatus } from '../generated/prisma/enums.js';
import { buildApp } from '../http/app.js';
import { gql, makeTenant, type TenantFixture } from '../../test/fixtures.js';
import { encodeGlobalId as gid } from '../../test/support/ids.js';
import { leadTime } from './lead-time.js';
import { ordersPerDay } from './orders-per-day.js';
import { resolveBrands, statsWindow, type BrandSet, type StatsScope } from './scope.js';
import { stockOutsPerDay } from './stock-outs.js';
import { syncRecordsPerHour } from './sync-records.js';

const at = (iso: string) => new Date(`${iso}Z`);

type OrderSeed = {
  created: string;
  status?: OrderStatus;
  required?: string;
  updated?: string;
  deleted?: boolean;
  shipments?: { shipped: string; status?: ShipmentStatus }[];
};

async function order(brandId: string, o: OrderSeed) {
  const externalId = `ord_${randomUUID()}`;
  return db.order.create({
    data: {
      brandId,
      externalId,
      orderNumber: externalId.slice(0, 12),
      referenceId: externalId,
      status: o.status ?? 'OPEN',
      rawData: {},
      requiredShipDate: o.required ? at(o.required) : null,
      createdAtRemote: at(o.created),
      updatedAtRemote: at(o.updated ?? o.created),
      deletedAt: o.deleted ? at(o.created) : null,
      shipments: {
        create: (o.shipments ?? []).map((s, i) => ({
          brandId,
          externalId: `shp_${i}`,
          status: s.status ?? 'SHIPPED',
          shippedDate: at(s.shipped),
          trackingNumbers: [],
          lineItems: [],
          updatedAtRemote: at(s.shipped),
        })),
      },
    },
  });
}

/** An item with its history: [recordedAt, fulfillable] per snapshot; its current state is the last one. */
async function item(brandId: string, history: [string, number][], options: { deleted?: boolean } = {}) {
  const q = (f: number) => ({ awaiting: 0, onHand: Math.max(f, 0), committed: 0, unfulfillable: 0, fulfillable: f, sellable: f });
  const last = history[history.length - 1]![1];
  return db.inventoryItem.create({
    data: {
      brandId,
      externalId: `inv_${randomUUID()}`,
      name: 'item',
      ...q(last),
      rawData: {},
      createdAtRemote: at(history[0]![0]),
      updatedAtRemote: at(history[history.length - 1]![0]),
      deletedAt: options.deleted ? at(history[0]![0]) : null,
      snapshots: { create: history.map(([when, f]) => ({ brandId, ...q(f), updatedAtRemote: at(when), recordedAt: at(when) })) },
    },
  });
}

async function syncRun(integrationId: string, started: string, records: number) {
  await db.syncRun.create({
    data: { integrationId, resource: 'ORDERS', reason: 'schedule', startedAt: at(started), finishedAt: at(started), outcome: 'COMPLETED', records },
  });
}

describe('operations aggregates (fixed clock)', () => {
  // Window: 5 days, 2026-03-11 .. 2026-03-15 (today, until 12:00).
  const window = statsWindow(5, at('2026-03-15T12:00:00'));
  let t: TenantFixture;
  let scope: BrandSet;

  beforeAll(async () => {
    t = await makeTenant('Stats');
    const A = t.brandA.id;
    scope = await resolveBrands({ threePLId: t.threePLId, visibleBrandIds: null, brandIds: [A] });
    // Orders of brand A (o1..o10), each commented with what it counts as.
    await order(A, { created: '2026-03-11T10:00', status: 'FULFILLED', required: '2026-03-12T23:00', shipments: [{ shipped: '2026-03-12T10:00' }] }); // o1: created 11, shipped 12 (24 h), on time
    await order(A, { created: '2026-03-12T08:00', status: 'FULFILLED', required: '2026-03-13T12:00', shipments: [{ shipped: '2026-03-14T08:00' }, { shipped: '2026-03-15T09:00' }] }); // o2: created 12, shipped 14 (48 h), late on 13
    await order(A, { created: '2026-03-13T00:00', required: '2026-03-14T00:00' }); // o3: created 13, never shipped: late on 14
    await order(A, { created: '2026-03-13T06:00', status: 'FULFILLED', updated: '2026-03-14T18:00', required: '2026-03-15T00:00' }); // o4: created 13, shipped 14 by its status (no lead time), on time
    await order(A, { created: '2026-03-10T12:00', status: 'FULFILLED', shipments: [{ shipped: '2026-03-11T00:00' }] }); // o5: created before the window, shipped 11 (12 h)
    await order(A, { created: '2026-03-14T09:00', status: 'CANCELLED', required: '2026-03-14T10:00' }); // o6: created 14, cancelled: never late
    await order(A, { created: '2026-03-15T01:00', required: '2026-03-15T18:00' }); // o7: created 15, due later today: not late yet
    await order(A, { created: '2026-03-08T00:00', status: 'FULFILLED', shipments: [{ shipped: '2026-03-10T00:00' }, { shipped: '2026-03-12T00:00' }] }); // o8: first shipment before the window
    await order(A, { created: '2026-03-12T05:00', deleted: true, required: '2026-03-12T06:00' }); // o9: deleted in the WMS: nowhere
    await order(A, { created: '2026-03-13T02:00', shipments: [{ shipped: '2026-03-13T04:00', status: 'CANCELLED' }] }); // o10: created 13, its only shipment cancelled
    await order(t.brandB.id, { created: '2026-03-13T02:00' }); // brand B: outside the requested brands

    await item(A, [['2026-03-01T00:00', 0]]); // i1: out since before the window: every day
    await item(A, [['2026-03-01T00:00', 5], ['2026-03-12T10:00', 0], ['2026-03-13T15:00', 3]]); // i2: out at the end of 12 only
    await item(A, [['2026-03-01T00:00', 0], ['2026-03-13T09:00', 2]]); // i3: out at the end of 11 and 12
    await item(A, [['2026-03-14T08:00', 0]]); // i4: new on 14, out: 14 and today
    await item(A, [['2026-03-01T00:00', 4], ['2026-03-15T08:00', 0]]); // i5: out only today
    await item(A, [['2026-03-01T00:00', 0]], { deleted: true }); // i6: deleted: never counted
    await item(A, [['2026-03-01T00:00', 1], ['2026-03-11T00:00', -2]]); // i7: out from the window's first instant on
    await item(A, [['2026-03-01T00:00', 0], ['2026-03-12T03:00', 0], ['2026-03-12T05:00', 6]]); // i8: out at the end of 11 only
    await item(t.brandB.id, [['2026-03-01T00:00', 0]]); // brand B

    const integration = await db.brandIntegration.create({ data: { brandId: A, status: 'ACTIVE', connectionId: `conn_${randomUUID()}` } });
    await syncRun(integration.id, '2026-03-14T10:05:00', 100);
    await syncRun(integration.id, '2026-03-14T10:40:00', 50);
    await syncRun(integration.id, '2026-03-14T11:00:00', 0); // an hour that read nothing: no row
    await syncRun(integration.id, '2026-03-10T23:59:59', 999); // before the window
  });

  it('counts orders created, shipped and late per day', async () => {
    const A = t.brandA.id;
    expect(await ordersPerDay(scope, window)).toEqual([
      { day: '2026-03-11', brandId: A, created: 1, shipped: 1, late: 0 },
      { day: '2026-03-12', brandId: A, created: 1, shipped: 1, late: 0 },
      { day: '2026-03-13', brandId: A, created: 3, shipped: 0, late: 1 },
      { day: '2026-03-14', brandId: A, created: 1, shipped: 2, late: 1 },
      { day: '2026-03-15', brandId: A, created: 1, shipped: 0, late: 0 },
    ]);
  });

  it('computes lead time percentiles over first shipments, overall and per day', async () => {
    // Samples 12, 24, 48 h: p50 = 24; p90 = 24 + 0.8 × 24; p99 = 24 + 0.98 × 24.
    expect(await leadTime(scope, window)).toEqual({
      samples: 3,
      p50Hours: 24,
      p90Hours: 43.2,
      p99Hours: 47.52,
      perDay: [
        { day: '2026-03-11', samples: 1, p50Hours: 12, p90Hours: 12 },
        { day: '2026-03-12', samples: 1, p50Hours: 24, p90Hours: 24 },
        { day: '2026-03-14', samples: 1, p50Hours: 48, p90Hours: 48 },
      ],
    });
  });

  it('lead time without samples has null percentiles', async () => {
    expect(await leadTime(scope, statsWindow(1, at('2026-04-01T12:00:00')))).toEqual({ samples: 0, p50Hours: null, p90Hours: null, p99Hours: null, perDay: [] });
  });

  it('counts items out of stock at the end of each past day and now', async () => {
    const A = t.brandA.id;
    expect(await stockOutsPerDay(scope, window)).toEqual([
      { day: '2026-03-11', brandId: A, skus: 4 }, // i1 i3 i7 i8
      { day: '2026-03-12', brandId: A, skus: 4 }, // i1 i2 i3 i7
      { day: '2026-03-13', brandId: A, skus: 2 }, // i1 i7
      { day: '2026-03-14', brandId: A, skus: 3 }, // i1 i4 i7
      { day: '2026-03-15', brandId: A, skus: 4 }, // now: i1 i4 i5 i7
    ]);
  });

  it('sums synced records per hour, leaving out hours without records', async () => {
    const A = t.brandA.id;
    expect(await syncRecordsPerHour(scope, window)).toEqual([
      { hour: '2026-03-14T10:00:00.000Z', brandId: A, records: 150 },
    ]);
  });

  it('is limited to the 3PL and to the brands the caller may read', async () => {
    const B = t.brandB.id;
    const both = await resolveBrands({ threePLId: t.threePLId, visibleBrandIds: null, brandIds: null });
    expect([...both.ids].sort()).toEqual([t.brandA.id, B].sort());
    expect((await ordersPerDay(both, window)).filter((r) => r.brandId === B)).toEqual([{ day: '2026-03-13', brandId: B, created: 1, shipped: 0, late: 0 }]);
    // A brand viewer of A asking for B, and another 3PL asking for A, get nothing.
    const viewerOfA: StatsScope = { threePLId: t.threePLId, visibleBrandIds: [t.brandA.id], brandIds: [B] };
    const otherTenant: StatsScope = { threePLId: randomUUID(), visibleBrandIds: null, brandIds: [t.brandA.id] };
    expect((await resolveBrands({ ...viewerOfA, brandIds: null })).ids).toEqual([t.brandA.id]);
    for (const s of [await resolveBrands(viewerOfA), await resolveBrands(otherTenant)]) {
      expect(s.ids).toEqual([]);
      expect(await ordersPerDay(s, window)).toEqual([]);
      expect((await leadTime(s, window)).samples).toBe(0);
      expect(await stockOutsPerDay(s, window)).toEqual([]);
      expect(await syncRecordsPerHour(s, window)).toEqual([]);
    }
  });
});

describe('Query.operationsStats', () => {
  const app = buildApp();
  afterAll(() => app.stop());
  let t: TenantFixture;
  let other: TenantFixture;
  const yesterday = new Date(Math.floor(Date.now() / 86_400_000) * 86_400_000 - 12 * 3_600_000);
  const yesterdayDay = yesterday.toISOString().slice(0, 10);
  const iso = (d: Date) => d.toISOString().slice(0, 19);

  const QUERY = `query ($brandIds: [ID!], $days: Int) {
    operationsStats(brandIds: $brandIds, days: $days) {
      ordersPerDay { day brand { id name } created shipped late }
      leadTime { samples p50Hours p90Hours p99Hours perDay { day p50Hours p90Hours samples } }
      stockOutsPerDay { day brand { name } skus }
      syncRecordsPerHour { hour brand { name } records }
    }
  }`;

  beforeAll(async () => {
    t = await makeTenant('Live stats');
    other = await makeTenant('Other stats');
    await order(t.brandA.id, { created: iso(new Date(yesterday.getTime() - 6 * 3_600_000)), status: 'FULFILLED', shipments: [{ shipped: iso(yesterday) }] });
    await order(t.brandB.id, { created: iso(yesterday) });
    await order(other.brandA.id, { created: iso(yesterday) });
  });

  const names = (res: { body: { data?: any } }) => res.body.data.operationsStats.ordersPerDay.map((r: any) => `${r.day} ${r.brand.name} ${r.created}/${r.shipped}/${r.late}`).sort();

  it('gives a 3PL member every brand of the 3PL and nothing of another', async () => {
    const res = await gql(app.yoga, QUERY, {}, t.keys.operator);
    expect(res.body.errors).toBeUndefined();
    expect(names(res)).toEqual([`${yesterdayDay} Live stats Brand A 1/1/0`, `${yesterdayDay} Live stats Brand B 1/0/0`].sort());
    expect(res.body.data.operationsStats.leadTime).toEqual({ samples: 1, p50Hours: 6, p90Hours: 6, p99Hours: 6, perDay: [{ day: yesterdayDay, p50Hours: 6, p90Hours: 6, samples: 1 }] });
    const only = await gql(app.yoga, QUERY, { brandIds: [gid('Brand', t.brandB.id)] }, t.keys.owner);
    expect(names(only)).toEqual([`${yesterdayDay} Live stats Brand B 1/0/0`]);
  });

  it('gives a brand viewer only its brand, even when it asks for another', async () => {
    const res = await gql(app.yoga, QUERY, {}, t.keys.viewer);
    expect(names(res)).toEqual([`${yesterdayDay} Live stats Brand A 1/1/0`]);
    const asked = await gql(app.yoga, QUERY, { brandIds: [gid('Brand', t.brandB.id)] }, t.keys.viewer);
    expect(asked.body.data.operationsStats).toEqual({ ordersPerDay: [], leadTime: { samples: 0, p50Hours: null, p90Hours: null, p99Hours: null, perDay: [] }, stockOutsPerDay: [], syncRecordsPerHour: [] });
  });

  it("shows another tenant none of the 3PL's brands", async () => {
    const res = await gql(app.yoga, QUERY, { brandIds: [gid('Brand', t.brandA.id), gid('Brand', t.brandB.id)] }, other.keys.owner);
    expect(res.body.data.operationsStats.ordersPerDay).toEqual([]);
    const own = await gql(app.yoga, QUERY, {}, other.keys.owner);
    expect(names(own)).toEqual([`${yesterdayDay} Other stats Brand A 1/0/0`]);
  });

  it('refuses bad arguments with BAD_USER_INPUT', async () => {
    const tooMany = Array.from({ length: 201 }, () => gid('Brand', randomUUID()));
    for (const variables of [{ days: 0 }, { days: 91 }, { brandIds: tooMany }, { brandIds: ['not-an-id'] }, { brandIds: [gid('Order', randomUUID())] }]) {
      const res = await gql(app.yoga, QUERY, variables, t.keys.owner);
      expect(res.status, JSON.stringify(variables)).toBeLessThan(500);
      expect(res.body.errors?.[0]?.extensions?.code, JSON.stringify(variables)).toBe('BAD_USER_INPUT');
    }
    const max = await gql(app.yoga, QUERY, { days: 90, brandIds: tooMany.slice(0, 200) }, t.keys.owner);
    expect(max.body.errors).toBeUndefined();
  });

  it('needs an API key', async () => {
    const res = await gql(app.yoga, '{ operationsStats { ordersPerDay { day } } }', {}, null);
    expect(res.status).toBe(401);
  });
});

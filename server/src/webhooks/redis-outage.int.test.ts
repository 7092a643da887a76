// Redis stops while webhooks arrive: every delivery is still stored and acknowledged, and once
// Redis is back the worker's sweeper enqueues them; all are processed, none lost. A private
// redis-server is used so the machine's shared Redis is never touched.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { db } from '../db.js';
import { makeTenant } from '../../test/fixtures.js';
import { WEBHOOK_PATH } from '../http/webhooks/trackstar.js';
import { freePort, startApi, startRedis, startWorkerProcess, type Child } from '../../test/support/child-services.js';
import { connectBrand, envelope, inventoryRecord, signDelivery, TEST_WEBHOOK_SECRET, waitForEvent } from '../../test/support/webhooks.js';

let redisPort: number;
let redis: Child;
let api: Child;
let worker: Child;
let env: Record<string, string>;

beforeAll(async () => {
  redisPort = await freePort();
  redis = await startRedis(redisPort);
  env = { REDIS_URL: `redis://127.0.0.1:${redisPort}`, WEBHOOK_TRACKSTAR_SECRET: TEST_WEBHOOK_SECRET };
  [api, worker] = await Promise.all([startApi(env), startWorkerProcess(env)]);
}, 60_000);

afterAll(async () => {
  await Promise.all([api?.stop(), worker?.stop()]);
  await redis?.stop();
});

describe('dependency outages', () => {
  it('stores and acknowledges while Redis is down, then processes everything once it is back', async () => {
    const t = await makeTenant('Outage');
    const { connectionId } = await connectBrand(t.brandA.id);
    const send = async (n: number, onhand: number) => {
      const d = signDelivery(envelope('inventory.updated', connectionId!, inventoryRecord(`inv_out_${n}`, onhand, '2026-05-01T00:00:00Z')));
      const res = await fetch(`${api.url}${WEBHOOK_PATH}`, { method: 'POST', headers: d.headers, body: d.body });
      return { id: d.id, status: res.status };
    };

    const before = await send(0, 1);
    expect(before.status).toBe(202);
    expect(await waitForEvent(before.id)).toMatchObject({ status: 'PROCESSED' });

    await redis.stop();
    const during = [];
    for (let i = 1; i <= 10; i++) during.push(await send(i, i * 10));
    expect(during.map((d) => d.status)).toEqual(Array(10).fill(202));
    const stored = await db.trackstarWebhookEvent.findMany({ where: { deliveryId: { in: during.map((d) => d.id) } } });
    expect(stored).toHaveLength(10);
    expect(stored.every((e) => e.status === 'PENDING')).toBe(true);

    redis = await startRedis(redisPort);
    for (const d of during) expect(await waitForEvent(d.id, 40_000)).toMatchObject({ status: 'PROCESSED' });
    const items = await db.inventoryItem.findMany({ where: { brandId: t.brandA.id }, orderBy: { onHand: 'asc' } });
    expect(items.map((i) => i.onHand)).toEqual([1, 10, 20, 30, 40, 50, 60, 70, 80, 90, 100]);
    expect(await db.changeLog.count({ where: { brandId: t.brandA.id, kind: 'INVENTORY' } })).toBe(11);
  }, 90_000);

  it('answers 503 (so Svix retries) when PostgreSQL is unreachable', async () => {
    const noDb = await startApi({ ...env, DATABASE_URL: 'postgresql://postgres@127.0.0.1:1/packr_nowhere' });
    try {
      const d = signDelivery(envelope('inventory.updated', '00000000-0000-4000-8000-000000000001', { id: 'x' }));
      const res = await fetch(`${noDb.url}${WEBHOOK_PATH}`, { method: 'POST', headers: d.headers, body: d.body });
      expect(res.status).toBe(503);
      expect(await res.json()).toEqual({ error: { code: 'UNAVAILABLE', message: expect.any(String) } });
    } finally {
      await noDb.stop();
    }
  }, 60_000);
});

// Two API processes and one worker: a webhook received by API #1 is processed by the worker and
// reaches a subscriber connected to API #2 (Redis pub/sub fan-out); a subscriber that disconnects
// and resumes with afterSequence receives exactly what it missed.
import { encodeGlobalID } from '@pothos/plugin-relay';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeTenant } from '../../../test/fixtures.js';
import { WEBHOOK_PATH } from '../../http/webhooks/trackstar.js';
import { startApi, type Child } from '../../../test/support/child-services.js';
import { startWebhookServices } from '../../../test/support/webhook-services.js';
import { connectBrand, envelope, inventoryRecord, signDelivery, TEST_WEBHOOK_SECRET, waitForEvent } from '../../../test/support/webhooks.js';
import { record } from '../../../test/support/subscription-recorder.js';

const INVENTORY = `subscription($brandId: ID!, $afterSequence: String) {
  inventoryChanged(brandId: $brandId, afterSequence: $afterSequence) { sequence source item { externalId onHand } }
}`;

let api1: Child;
let api2: Child;
let worker: ReturnType<typeof startWebhookServices>;

beforeAll(async () => {
  const env = { WEBHOOK_TRACKSTAR_SECRET: TEST_WEBHOOK_SECRET };
  [api1, api2] = await Promise.all([startApi(env), startApi(env)]);
  worker = startWebhookServices();
}, 60_000);

afterAll(async () => {
  await Promise.all([api1?.stop(), api2?.stop()]);
  await worker?.close();
});

describe('two API processes, one worker', () => {
  it('fans a webhook out across instances and resumes a subscriber exactly', async () => {
    const t = await makeTenant('Multi');
    const { connectionId } = await connectBrand(t.brandA.id);
    const brandId = encodeGlobalID('Brand', t.brandA.id);
    let n = 0;
    const deliver = async (onhand: number) => {
      n += 1;
      const d = signDelivery(envelope('inventory.updated', connectionId!, inventoryRecord(`inv_m${n}`, onhand, '2026-06-01T00:00:00Z')));
      const res = await fetch(`${api1.url}${WEBHOOK_PATH}`, { method: 'POST', headers: d.headers, body: d.body });
      expect(res.status).toBe(202);
      await waitForEvent(d.id);
    };

    // A fresh brand's history starts at 0: subscribing after 0 cannot race the first change.
    const onApi2 = record(api2.url!, t.keys.owner, INVENTORY, { brandId, afterSequence: '0' });
    await deliver(1);
    await onApi2.waitFor(1);
    // Now certainly live on API #2: this change travels worker -> Redis -> API #2 -> client.
    await deliver(2);
    const [, second] = await onApi2.waitFor(2);
    expect(second).toMatchObject({ source: 'WEBHOOK', item: { externalId: 'inv_m2', onHand: 2 } });
    await onApi2.dispose();

    await deliver(3);
    await deliver(4);
    const resumed = record(api1.url!, t.keys.owner, INVENTORY, { brandId, afterSequence: second.sequence });
    const missed = await resumed.waitFor(2);
    expect(missed.map((e) => e.item.onHand)).toEqual([3, 4]);
    await deliver(5);
    const all = await resumed.waitFor(3);
    await new Promise((r) => setTimeout(r, 300));
    expect(resumed.events.map((e) => e.item.onHand)).toEqual([3, 4, 5]);
    expect(all.map((e) => BigInt(e.sequence))).toEqual([1n, 2n, 3n].map((k) => BigInt(second.sequence) + k));
    await resumed.dispose();
  }, 60_000);
});

// Execute once, send many: subscribers with the same document, variables (except afterSequence)
// and viewer scope share one execution per change; a different scope gets its own, so
// field-level auth (manager-only rawData) still holds per subscriber.
import { encodeGlobalID } from '@pothos/plugin-relay';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../http/app.js';
import { applyRecords } from '../../sync/apply.js';
import { makeTenant } from '../../../test/fixtures.js';
import { connectBrand, inventoryRecord } from '../../../test/support/webhooks.js';
import { closeChangePublisher } from '../../changes/change-log.js';
import { changeHub } from '../../changes/change-hub.js';
import { sharedExecutionStats } from './shared-execution.js';
import { record } from '../../../test/support/subscription-recorder.js';

const WITH_RAW = `subscription($brandId: ID!, $afterSequence: String) {
  inventoryChanged(brandId: $brandId, afterSequence: $afterSequence) { sequence item { externalId onHand rawData } }
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

describe('shared subscription execution', () => {
  it('executes a change once for equal subscribers, separately per viewer scope', async () => {
    const t = await makeTenant('Shared');
    const integration = await connectBrand(t.brandA.id);
    const brandId = encodeGlobalID('Brand', t.brandA.id);
    const apply = (onhand: number, at: string) =>
      applyRecords({ brandId: t.brandA.id, integrationId: integration.id, resource: 'INVENTORY', records: [inventoryRecord('inv_shared', onhand, at)], source: 'SYNC' });

    const errorsOf = async (sub: ReturnType<typeof record>, n: number) => {
      const until = Date.now() + 10_000;
      while (sub.errors.length < n && Date.now() < until) await new Promise((r) => setTimeout(r, 20));
      return sub.errors;
    };
    const first = record(url, t.keys.owner, WITH_RAW, { brandId, afterSequence: '0' });
    const operator = record(url, t.keys.operator, WITH_RAW, { brandId, afterSequence: '0' });
    await apply(3, '2026-04-01T00:00:00Z');
    const [seen] = await first.waitFor(1);
    await errorsOf(operator, 1);

    // A different afterSequence: the resume cursor must not split the shared execution.
    const second = record(url, t.keys.owner, WITH_RAW, { brandId, afterSequence: seen.sequence });
    const before = { ...sharedExecutionStats };
    await apply(4, '2026-04-01T00:00:01Z');
    const [a, [b]] = await Promise.all([first.waitFor(2), second.waitFor(1)]);
    expect(a[1]).toEqual(b);
    expect(b.item).toMatchObject({ externalId: 'inv_shared', onHand: 4, rawData: expect.anything() });

    // The operator is no manager: rawData is refused to it, never copied from the owners' result.
    const refusals = await errorsOf(operator, 2);
    expect(refusals).toHaveLength(2);
    expect(operator.events).toHaveLength(0);
    expect(sharedExecutionStats.executed - before.executed).toBe(2); // the owners' scope + the operator's
    expect(sharedExecutionStats.shared - before.shared).toBe(1); // the second owner
    await Promise.all([first, second, operator].map((s) => s.dispose()));
  });
});

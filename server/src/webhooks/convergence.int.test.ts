// The sandbox's activity reaches Packr as webhooks that are dropped, duplicated, reordered and
// delayed (sandbox faults); webhooks keep Packr close, and the next scheduled/triggered sync closes
// whatever the lost ones left open: Packr ends equal to the sandbox's truth.
import { encodeGlobalID } from '@pothos/plugin-relay';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { gql, makeTenant } from '../../test/fixtures.js';
import { db } from '../db.js';
import { buildApp, type App } from '../http/app.js';
import { trackstarWebhookRoute, WEBHOOK_PATH } from '../http/webhooks/trackstar.js';
import { enqueueSync } from '../jobs/queues.js';
import { closeChangePublisher } from '../changes/change-log.js';
import { SYNC_RESOURCES } from '../sync/resources.js';
import { compareWithTruth, fetchTruth } from '../../test/support/sync-compare.js';
import { startTestSandbox, syncsSettled, waitFor } from '../../test/support/sync-harness.js';
import { startWorkers, type RunningWorkers } from '../worker.js';
import { TEST_WEBHOOK_SECRET } from '../../test/support/webhooks.js';

const DAY = 24 * 3600_000;
const LINK = `mutation($brandId: ID!) { createTrackstarLinkToken(brandId: $brandId) { linkToken } }`;
const CONNECT = `mutation($brandId: ID!, $code: String!) { connectTrackstar(brandId: $brandId, authCode: $code) { connectionId } }`;

let app: App;
let sb: Awaited<ReturnType<typeof startTestSandbox>>;
let workers: RunningWorkers;

beforeAll(async () => {
  app = buildApp({ nodeRoutes: [trackstarWebhookRoute({ secrets: [TEST_WEBHOOK_SECRET] })] });
  const { url } = await app.start(0, '127.0.0.1');
  sb = await startTestSandbox({
    orders: 200,
    products: 40,
    webhookUrl: `${url}${WEBHOOK_PATH}`,
    webhookSecret: TEST_WEBHOOK_SECRET,
    webhookRetryScheduleMs: [200, 500, 1_000],
  });
  workers = await startWorkers({ sync: { busyRetryMs: 200, lockDurationMs: 5_000 } });
}, 60_000);

afterAll(async () => {
  await workers?.close();
  await sb?.stop();
  await app?.stop();
  await closeChangePublisher();
});

describe('webhooks under faults plus a sync converge to the truth', () => {
  it('ends equal to the sandbox after dropped, duplicated, reordered and delayed webhooks', async () => {
    const t = await makeTenant('Converge');
    const brandId = encodeGlobalID('Brand', t.brandA.id);
    const token = await gql(app.yoga, LINK, { brandId }, t.keys.owner);
    const code = await sb.authorize(token.body.data.createTrackstarLinkToken.linkToken);
    const since = new Date();
    const connected = await gql(app.yoga, CONNECT, { brandId, code }, t.keys.owner);
    expect(connected.body.errors).toBeUndefined();
    const connectionId: string = connected.body.data.connectTrackstar.connectionId;
    const integration = await db.brandIntegration.findUniqueOrThrow({ where: { brandId: t.brandA.id } });
    await syncsSettled(integration.id, since);
    await sb.sandbox.webhooksIdle();

    sb.sandbox.setFaults({ connection_id: connectionId, webhook_drop_rate: 0.2, webhook_duplicate_rate: 0.3, webhook_reorder: true, webhook_delay_ms: 300 });
    sb.sandbox.tick(60, connectionId);
    await sb.sandbox.webhooksIdle();
    await waitFor('webhook inbox drained', async () => (await db.trackstarWebhookEvent.count({ where: { brandId: t.brandA.id, status: 'PENDING' } })) === 0, 30_000);

    const deliveries = sb.sandbox.deliveries.filter((d) => d.connectionId === connectionId);
    expect(deliveries.some((d) => d.state === 'dropped')).toBe(true);
    const delivered = new Set(deliveries.filter((d) => d.state === 'delivered').map((d) => d.msgId));
    // (Events sent before connectTrackstar stored the connection are kept as IGNORED, brandless.)
    const stored = await db.trackstarWebhookEvent.findMany({ where: { deliveryId: { in: [...delivered] } } });
    expect(stored).toHaveLength(delivered.size); // duplicates stored once
    expect(stored.every((e) => e.status === 'PROCESSED' || e.status === 'IGNORED')).toBe(true);
    expect(await db.changeLog.count({ where: { brandId: t.brandA.id, source: 'WEBHOOK' } })).toBeGreaterThan(0);

    // The sync fills in what the dropped webhooks never said.
    const again = new Date();
    for (const resource of SYNC_RESOURCES) await enqueueSync({ integrationId: integration.id, resource, reason: 'manual' });
    await syncsSettled(integration.id, again);
    await sb.sandbox.webhooksIdle();
    await waitFor('webhook inbox drained', async () => (await db.trackstarWebhookEvent.count({ where: { brandId: t.brandA.id, status: 'PENDING' } })) === 0, 30_000);

    const orders = await db.syncState.findFirstOrThrow({ where: { integrationId: integration.id, resource: 'ORDERS' } });
    const windowStart = new Date(orders.backfillCompletedAt!.getTime() - 30 * DAY);
    const truth = await fetchTruth(sb.url, sb.sandbox.apiKey, connectionId);
    expect(await compareWithTruth(t.brandA.id, truth, { windowStart })).toEqual([]);
  }, 120_000);
});

// The faulted convergence harness with deletions: the sandbox's activity runs while records are
// hard-deleted in the WMS and some deletes are undone, webhooks are dropped, duplicated, reordered
// and delayed, and complete listings are interrupted by upstream failures and resumed. After a
// last full sync Packr equals the sandbox's truth: every record the WMS lacks is marked deleted,
// none it holds is, and a complete listing of unchanged data writes nothing.
import { encodeGlobalID } from '@pothos/plugin-relay';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { gql, makeTenant } from '../../test/fixtures.js';
import { compareWithTruth, fetchTruth } from '../../test/support/sync-compare.js';
import { retireSync, startTestSandbox, syncsSettled, waitFor } from '../../test/support/sync-harness.js';
import { TEST_WEBHOOK_SECRET } from '../../test/support/webhooks.js';
import { closeChangePublisher } from '../changes/change-log.js';
import { db } from '../db.js';
import type { SyncResource } from '../generated/prisma/enums.js';
import { buildApp, type App } from '../http/app.js';
import { trackstarWebhookRoute, WEBHOOK_PATH } from '../http/webhooks/trackstar.js';
import { closeSyncQueue, enqueueSync } from '../jobs/queues.js';
import { Random } from '../../../sandbox/src/random.js';
import { TrackstarClient } from '../trackstar/client.js';
import { startWorkers, type RunningWorkers } from '../worker.js';
import { SYNC_RESOURCES } from './resources.js';

const DAY = 24 * 3600_000;
const LINK = `mutation($brandId: ID!) { createTrackstarLinkToken(brandId: $brandId) { linkToken } }`;
const CONNECT = `mutation($brandId: ID!, $code: String!) { connectTrackstar(brandId: $brandId, authCode: $code) { connectionId } }`;
const TRIGGER = `mutation($brandId: ID!) { triggerSync(brandId: $brandId, full: true) { resource completeListingRequested } }`;

/** Sandbox path names of the deletable resources and their keys in `state`. */
const DELETABLE = [
  ['orders', 'orders'], ['products', 'products'], ['inventory', 'inventory'], ['returns', 'returns'],
  ['inbound-shipments', 'inbound_shipments'], ['shipping-methods', 'shipping_methods'], ['warehouse-locations', 'locations'],
] as const;

let app: App;
let sb: Awaited<ReturnType<typeof startTestSandbox>>;
let workers: RunningWorkers;
/** Set to make the next orders listing of the sync worker meet an upstream that is down for the whole of its retries. */
let breakNextOrdersListing: { connectionId: string; errorRate: number } | null = null;

beforeAll(async () => {
  app = buildApp({ nodeRoutes: [trackstarWebhookRoute({ secrets: [TEST_WEBHOOK_SECRET] })] });
  const { url } = await app.start(0, '127.0.0.1');
  sb = await startTestSandbox({
    orders: 300, products: 40, webhookUrl: `${url}${WEBHOOK_PATH}`, webhookSecret: TEST_WEBHOOK_SECRET, webhookRetryScheduleMs: [200, 500, 1_000],
  });
  const syncClient = new TrackstarClient({ baseUrl: sb.url, apiKey: sb.sandbox.apiKey, backoffBaseMs: 20, backoffMaxMs: 100 });
  const list = syncClient.listPage.bind(syncClient);
  syncClient.listPage = async (...args) => {
    const down = breakNextOrdersListing;
    if (!down || args[1] !== '/wms/orders') return list(...args);
    breakNextOrdersListing = null;
    sb.sandbox.setFaults({ connection_id: down.connectionId, error_rate: 1 });
    try {
      return await list(...args);
    } finally {
      sb.sandbox.setFaults({ connection_id: down.connectionId, error_rate: down.errorRate });
    }
  };
  workers = await startWorkers({ sync: { client: syncClient, busyRetryMs: 200, lockDurationMs: 5_000 } });
}, 60_000);

afterAll(async () => {
  await workers?.close();
  await retireSync();
  await closeSyncQueue();
  await sb?.stop();
  await app?.stop();
  await closeChangePublisher();
});

describe('deletions and reappearances under faults converge to the truth', () => {
  it('ends with exactly the records the WMS lacks marked deleted', async () => {
    const t = await makeTenant('DeleteConverge');
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

    const rng = new Random(20261206);
    const deleted: { resource: string; id: string }[] = [];
    const drained = () => waitFor('webhook inbox drained', async () => (await db.trackstarWebhookEvent.count({ where: { brandId: t.brandA.id, status: 'PENDING' } })) === 0, 60_000);
    /** Until every sync state of `resources` has reconciled in a listing that started after `at`. */
    const reconciledSince = (at: Date, resources: readonly SyncResource[]) =>
      waitFor('complete listings to reconcile', async () => {
        const states = await db.syncState.findMany({ where: { integrationId: integration.id, resource: { in: [...resources] } } });
        return states.every((s) => s.reconciledAt && s.reconciledAt.getTime() >= at.getTime() - 1_000 && s.runStartedAt === null && s.reconcileRequestedAt === null);
      }, 90_000);
    /** Asks for complete listings of these resources through the queue and waits for them to reconcile. */
    const completeListings = async (resources: readonly SyncResource[]) => {
      const at = new Date();
      await db.syncState.updateMany({ where: { integrationId: integration.id, resource: { in: [...resources] } }, data: { reconcileRequestedAt: new Date(at.getTime() - 1_000) } });
      for (const resource of resources) await enqueueSync({ integrationId: integration.id, resource, reason: 'reconcile' });
      await reconciledSince(at, resources);
    };

    for (let round = 0; round < 3; round++) {
      sb.sandbox.setFaults({ connection_id: connectionId, webhook_drop_rate: 0.2, webhook_duplicate_rate: 0.3, webhook_reorder: true, webhook_delay_ms: 300, error_rate: 0.1 });
      sb.sandbox.tick(30, connectionId);
      const truth = await fetchTruth(sb.url, sb.sandbox.apiKey, connectionId);
      // Delete a few records of every kind; undo some earlier deletes.
      for (const [resource, key] of DELETABLE) {
        for (let i = 0; i < 2; i++) {
          const list = truth[key] as { id: string }[];
          const victim = list[Math.floor(rng.next() * list.length)];
          if (deleted.some((d) => d.id === victim.id)) continue;
          expect((await sb.admin('DELETE', `/sandbox/connections/${connectionId}/records/${resource}/${encodeURIComponent(victim.id)}`)).status).toBe(200);
          deleted.push({ resource, id: victim.id });
        }
      }
      for (const back of deleted.filter(() => rng.next() < 0.25)) {
        expect((await sb.admin('POST', `/sandbox/connections/${connectionId}/records/${back.resource}/${encodeURIComponent(back.id)}/restore`)).status).toBe(200);
        deleted.splice(deleted.indexOf(back), 1);
      }
      sb.sandbox.tick(30, connectionId);
      // The orders listing is interrupted: the upstream fails every retry of its first request, the
      // job fails and is retried, resuming (and not reconciling); a fresh complete listing follows.
      breakNextOrdersListing = { connectionId, errorRate: 0.1 };
      await completeListings(round === 0 ? ['ORDERS'] : SYNC_RESOURCES);
      await sb.sandbox.webhooksIdle();
      await drained();
    }
    const runs = await db.syncRun.findMany({ where: { integrationId: integration.id, resource: 'ORDERS' } });
    expect(runs.some((r) => r.outcome === 'FAILED')).toBe(true);
    expect(runs.some((r) => r.resumed && r.outcome === 'COMPLETED')).toBe(true);
    expect(await db.order.count({ where: { brandId: t.brandA.id, deletedAt: { not: null } } })).toBeGreaterThan(0);

    // Faults off, a last full sync as a user asks for it.
    sb.sandbox.setFaults({ connection_id: connectionId, reset: true });
    await sb.sandbox.webhooksIdle();
    await drained();
    const last = new Date();
    const asked = await gql(app.yoga, TRIGGER, { brandId }, t.keys.operator);
    expect(asked.body.errors).toBeUndefined();
    await reconciledSince(last, SYNC_RESOURCES);
    await sb.sandbox.webhooksIdle();
    await drained();

    const orders = await db.syncState.findFirstOrThrow({ where: { integrationId: integration.id, resource: 'ORDERS' } });
    const windowStart = new Date(orders.backfillCompletedAt!.getTime() - 30 * DAY);
    const truth = await fetchTruth(sb.url, sb.sandbox.apiKey, connectionId);
    expect(await compareWithTruth(t.brandA.id, truth, { windowStart })).toEqual([]);
    // Exactly the deleted records Packr held (some were created and deleted between two listings,
    // their webhooks dropped: Packr never had them) are marked, and nothing else.
    const models = {
      orders: db.order, products: db.product, inventory: db.inventoryItem, returns: db.return,
      'inbound-shipments': db.inboundShipment, 'shipping-methods': db.shippingMethod, 'warehouse-locations': db.warehouseLocation,
    } as unknown as Record<string, typeof db.order>;
    const windowed = new Set(['orders', 'returns', 'inbound-shipments']);
    const marked = new Set<string>();
    const expected = new Set<string>();
    for (const [resource, model] of Object.entries(models)) {
      const rows = await model.findMany({ where: { brandId: t.brandA.id }, select: { externalId: true, deletedAt: true, updatedAtRemote: true } });
      for (const row of rows) {
        if (row.deletedAt) marked.add(`${resource}:${row.externalId}`);
        const reconciled = !windowed.has(resource) || row.updatedAtRemote.getTime() >= windowStart.getTime() + 60_000;
        if (reconciled && deleted.some((d) => d.resource === resource && d.id === row.externalId)) expected.add(`${resource}:${row.externalId}`);
      }
    }
    expect(expected.size).toBeGreaterThan(deleted.length / 2);
    expect([...marked].sort()).toEqual([...expected].sort());

    // A complete listing of data that did not change writes nothing and tells nobody anything.
    const sequence = (await db.brand.findUniqueOrThrow({ where: { id: t.brandA.id } })).changeSeq;
    await completeListings(SYNC_RESOURCES);
    const after = await db.changeLog.findMany({ where: { brandId: t.brandA.id, sequence: { gt: sequence } } });
    expect(after.filter((c) => c.kind !== 'SYNC_STATUS')).toEqual([]);
  }, 240_000);
});

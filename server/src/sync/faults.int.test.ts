// Upstream trouble from the sandbox's fault switches: 500s, hung requests, 429 storms, malformed
// records and 501s. The sync completes, bad records are reported, nothing else is lost.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeTenant, type TenantFixture } from '../../test/fixtures.js';
import { db } from '../db.js';
import { closeSyncQueue } from '../jobs/queues.js';
import { closeChangePublisher } from '../changes/change-log.js';
import { TrackstarClient, closeTrackstar } from '../trackstar/client.js';
import { runSync, type RunOutcome } from './runner.js';
import { compareWithTruth, fetchTruth } from '../../test/support/sync-compare.js';
import { attachConnection, startTestSandbox, retireSync } from '../../test/support/sync-harness.js';
import type { SyncResource } from '../generated/prisma/enums.js';

let sb: Awaited<ReturnType<typeof startTestSandbox>>;
let tenant: TenantFixture;
let client: TrackstarClient;

/** What BullMQ's retries do: run again (resuming) until the run completes. */
async function syncUntilDone(integrationId: string, resource: SyncResource, attempts = 10): Promise<{ outcome: RunOutcome; failures: number }> {
  let failures = 0;
  for (let i = 0; i < attempts; i++) {
    try {
      return { outcome: await runSync({ integrationId, resource, client }), failures };
    } catch {
      failures++;
    }
  }
  throw new Error(`sync of ${resource} did not complete in ${attempts} attempts`);
}

beforeAll(async () => {
  sb = await startTestSandbox({ orders: 8000, products: 40 });
  // Short backoffs keep the test quick; production defaults are longer.
  client = new TrackstarClient({ baseUrl: sb.url, apiKey: sb.sandbox.apiKey, backoffBaseMs: 20, backoffMaxMs: 200, timeoutMs: 800, maxAttempts: 4 });
  tenant = await makeTenant('Faults');
});

afterAll(async () => {
  await retireSync();
  await closeSyncQueue();
  await sb?.stop();
  await closeTrackstar();
  await closeChangePublisher();
});

describe('sync under upstream faults', () => {
  it('completes through 500s, timeouts, a 429 storm and malformed records, losing only the bad records', async () => {
    const ex = sb.sandbox.connect('sandbox');
    const integration = await attachConnection(tenant.brandA.id, ex, ['ORDERS'], { backfillDays: 120 });
    await sb.admin('POST', '/sandbox/faults', {
      // Random faults throughout, plus a script so that every kind surely occurs (random draws alone
      // missed the 500s in about one run in twenty).
      connection_id: ex.connection_id, error_rate: 0.3, timeout_rate: 0.3, timeout_ms: 1500, malformed_rate: 0.01, rate_limit_storm: 0.3,
      next_failures: ['429', '500', 'timeout', '500'],
    });
    const { outcome } = await syncUntilDone(integration.id, 'ORDERS');
    expect(outcome.status).toBe('completed');

    const seen = sb.requests.filter((r) => r.path === '/wms/orders');
    expect(seen.some((r) => r.status === 429)).toBe(true);
    expect(seen.some((r) => r.status === 500)).toBe(true);
    expect(seen.some((r) => r.status === 'timeout')).toBe(true);

    const state = await db.syncState.findFirstOrThrow({ where: { integrationId: integration.id, resource: 'ORDERS' } });
    expect(state.status).toBe('SUCCEEDED');
    expect(state.recordsSkipped).toBeGreaterThan(0);
    expect(state.lastError).toMatch(/invalid record\(s\) skipped/);

    const truth = await fetchTruth(sb.url, sb.sandbox.apiKey, ex.connection_id);
    const problems = await compareWithTruth(tenant.brandA.id, truth, { skip: ['warehouses', 'locations', 'shipping_methods', 'products', 'inventory', 'returns', 'inbound_shipments'] });
    // Only whole records that arrived malformed may be missing; every stored one equals the truth.
    expect(problems.filter((p) => !/^orders \S+: missing$/.test(p))).toEqual([]);
    expect(problems.length).toBeLessThanOrEqual(state.recordsSkipped);
    expect(await db.order.count({ where: { brandId: tenant.brandA.id } })).toBe(truth.orders.length - problems.length);
  }, 120_000);

  it('marks a resource the integration does not implement (501) as unsupported instead of failing again and again', async () => {
    const ex = sb.sandbox.connect('shipbob-sim');
    expect(ex.available_actions).not.toContain('get_returns');
    // Pretend Trackstar listed the function anyway: the upstream answers 501.
    const integration = await attachConnection(tenant.brandB.id, { ...ex, available_actions: [...ex.available_actions, 'get_returns'] }, ['RETURNS', 'SHIPPING_METHODS']);
    const outcome = await runSync({ integrationId: integration.id, resource: 'RETURNS', client });
    expect(outcome.status).toBe('unsupported');
    const state = await db.syncState.findFirstOrThrow({ where: { integrationId: integration.id, resource: 'RETURNS' } });
    expect(state).toMatchObject({ status: 'PAUSED', runStartedAt: null });
    expect(state.lastError).toMatch(/Not supported by shipbob-sim: Trackstar 501/);
    // The other resources carry on.
    expect((await runSync({ integrationId: integration.id, resource: 'SHIPPING_METHODS', client })).status).toBe('completed');
  });

  it('a failing resource is FAILED with its error and resumes where it stopped', async () => {
    const tenant2 = await makeTenant('Faults2');
    const ex = sb.sandbox.connect('sandbox');
    // 40 days of the sandbox's 90: three pages, enough for two good ones and a failure.
    const integration = await attachConnection(tenant2.brandA.id, ex, ['ORDERS'], { backfillDays: 40 });
    let pagesServed = 0;
    const failing = new TrackstarClient({ baseUrl: sb.url, apiKey: sb.sandbox.apiKey, backoffBaseMs: 5, backoffMaxMs: 10, maxAttempts: 2 });
    const original = failing.listPage.bind(failing);
    // After two good pages the upstream goes down hard.
    failing.listPage = async (...args) => {
      if (++pagesServed > 2) await sb.admin('POST', '/sandbox/faults', { connection_id: ex.connection_id, error_rate: 1 });
      return original(...args);
    };
    await expect(runSync({ integrationId: integration.id, resource: 'ORDERS', client: failing })).rejects.toThrow(/Trackstar 500/);
    const failed = await db.syncState.findFirstOrThrow({ where: { integrationId: integration.id } });
    expect(failed).toMatchObject({ status: 'FAILED', pagesFetched: 2 });
    expect(failed.lastError).toMatch(/Trackstar 500/);
    expect(failed.pageToken).not.toBeNull();

    await sb.admin('POST', '/sandbox/faults', { connection_id: ex.connection_id, reset: true });
    const since = Date.now();
    const resumed = await runSync({ integrationId: integration.id, resource: 'ORDERS', client });
    expect(resumed.status).toBe('completed');
    expect(resumed.pages).toBeGreaterThanOrEqual(1);
    // It went on from the stored page token, not from the first page.
    expect(sb.requests.filter((r) => r.path === '/wms/orders' && r.at >= since).every((r) => r.query.has('page_token'))).toBe(true);
    const done = await db.syncState.findFirstOrThrow({ where: { integrationId: integration.id } });
    expect(done).toMatchObject({ status: 'SUCCEEDED', lastError: null, recordsSkipped: 0, pagesFetched: 2 + resumed.pages });
    expect(done.recordsSynced).toBeGreaterThan(2000);
  }, 60_000);
});

// A worker process SIGKILLed in the middle of a large backfill, then started again: the result
// equals the truth, no row is written twice, and no page committed before the kill is fetched again.
import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { makeTenant } from '../../test/fixtures.js';
import { db } from '../db.js';
import { closeSyncQueue } from '../jobs/queues.js';
import { closeChangePublisher } from '../changes/change-log.js';
import { closeTrackstar } from '../trackstar/client.js';
import { compareWithTruth, fetchTruth } from '../../test/support/sync-compare.js';
import { attachConnection, pagesServed, startTestSandbox, waitFor, retireSync } from '../../test/support/sync-harness.js';

const ORDERS = 20_000;
const script = fileURLToPath(new URL('../../test/support/worker-process.ts', import.meta.url));
let sb: Awaited<ReturnType<typeof startTestSandbox>>;
const children: ChildProcess[] = [];

type LogLine = { msg?: string; page?: string; resource?: string };

function startWorker(): { child: ChildProcess; lines: LogLine[]; exited: Promise<void> } {
  const child = spawn(process.execPath, ['--import', 'tsx', script], {
    env: { ...process.env, TRACKSTAR_BASE_URL: sb.url, TRACKSTAR_API_KEY: sb.sandbox.apiKey, LOG_LEVEL: 'debug', SYNC_TEST_READS_PER_SECOND: '6' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.push(child);
  const lines: LogLine[] = [];
  let buffer = '';
  child.stdout!.on('data', (chunk: Buffer) => {
    buffer += chunk.toString();
    const parts = buffer.split('\n');
    buffer = parts.pop()!;
    for (const p of parts) {
      try {
        lines.push(JSON.parse(p));
      } catch {
        // not a log line
      }
    }
  });
  child.stderr!.resume();
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  return { child, lines, exited };
}

beforeAll(async () => {
  sb = await startTestSandbox({ orders: ORDERS, products: 30, rateLimit: false });
});

afterAll(async () => {
  for (const c of children) if (c.exitCode === null) c.kill('SIGKILL');
  await retireSync();
  await closeSyncQueue();
  await sb?.stop();
  await closeTrackstar();
  await closeChangePublisher();
});

it('resumes a killed backfill at the next page without writing anything twice', async () => {
  const tenant = await makeTenant('Kill');
  const ex = sb.sandbox.connect('sandbox');
  const integration = await attachConnection(tenant.brandA.id, ex, ['ORDERS'], { backfillDays: 120 });
  const state = () => db.syncState.findFirstOrThrow({ where: { integrationId: integration.id } });

  const first = startWorker();
  await waitFor('a few committed pages', async () => (await state()).pagesFetched >= 4, 90_000);
  first.child.kill('SIGKILL');
  await first.exited;
  const atKill = await state();
  expect(atKill.runStartedAt).not.toBeNull();
  expect(atKill.pagesFetched).toBeLessThan(ORDERS / 1000);

  const second = startWorker();
  const done = await waitFor('the backfill to finish', async () => {
    const s = await state();
    return s.status === 'SUCCEEDED' && s.runStartedAt === null ? s : null;
  }, 120_000);
  second.child.kill('SIGTERM');
  await second.exited;

  expect(done).toMatchObject({ pagesFetched: ORDERS / 1000, recordsSynced: ORDERS, recordsSkipped: 0 });
  const truth = await fetchTruth(sb.url, sb.sandbox.apiKey, ex.connection_id);
  const others = ['warehouses', 'locations', 'shipping_methods', 'products', 'inventory', 'returns', 'inbound_shipments'];
  expect(await compareWithTruth(tenant.brandA.id, truth, { skip: others })).toEqual([]);

  // Zero duplicates: children are exactly the truth's, not twice.
  const brandId = tenant.brandA.id;
  expect(await db.order.count({ where: { brandId } })).toBe(ORDERS);
  expect(await db.orderLineItem.count({ where: { brandId } })).toBe(truth.orders.reduce((n, o) => n + o.line_items.length, 0));
  expect(await db.shipment.count({ where: { brandId } })).toBe(truth.orders.reduce((n, o) => n + o.shipments.length, 0));
  // Each order inserted exactly once: one ORDER change per order.
  expect(await db.changeLog.count({ where: { brandId, kind: 'ORDER' } })).toBe(ORDERS);

  // The sandbox's request log: pages in the order first served, and how often each was served.
  const served = pagesServed(sb.requests, '/wms/orders');
  const sequence = [...served.keys()];
  expect(sequence).toHaveLength(ORDERS / 1000);
  // Pages committed before the kill were never fetched again; at most the two in flight were
  // (the page being written and the next one, prefetched meanwhile).
  for (const page of sequence.slice(0, atKill.pagesFetched)) expect(served.get(page)).toBe(1);
  expect([...served.values()].filter((n) => n > 1).length).toBeLessThanOrEqual(2);
  // The workers' own logs agree, and no page was committed twice across both processes.
  const committedBefore = new Set(first.lines.filter((l) => l.msg === 'sync page committed').map((l) => l.page!));
  const fetchedAfter = second.lines.filter((l) => l.msg === 'sync page fetched').map((l) => l.page!);
  expect(fetchedAfter.filter((p) => committedBefore.has(p))).toEqual([]);
  const allCommitted = [...first.lines, ...second.lines].filter((l) => l.msg === 'sync page committed').map((l) => l.page!);
  expect(new Set(allCommitted).size).toBe(allCommitted.length);
}, 240_000);

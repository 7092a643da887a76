// npm run bench:writes — 1,000 stock adjustments through adjustInventoryBatch (GraphQL over HTTP to
// the real API process, two calls of 500 rows) against the sandbox in its own process with
// Trackstar's write limit on, next to the limit's floor in the same run: 1,000 / the write limit
// the sandbox announces (x-ratelimit-limit), and the same 1,000 adjustments sent straight to the
// sandbox by a client that paces itself at exactly that limit. Every row carries its own
// idempotency key; afterwards the sandbox's stock is checked against the sum of the adjustments
// (a row carried out twice shows up as extra units) and Packr's copy against the sandbox's.
// Goal: within 1.2x of the floor, zero duplicates.
// Own database (packr_bench_writes), Redis DB 14. Env: BENCH_ROWS=1000 BENCH_BATCH=500
import { randomUUID } from 'node:crypto';
import { freshDatabase } from './support/realtime-env.js';

const ROWS = Number(process.env.BENCH_ROWS ?? 1000);
const BATCH = Number(process.env.BENCH_BATCH ?? 500);

const databaseUrl = await freshDatabase('packr_bench_writes');
process.env.DATABASE_URL = databaseUrl;
process.env.REDIS_URL = process.env.PACKR_BENCH_REDIS ?? 'redis://127.0.0.1:6379/14';
process.env.LOG_LEVEL = 'silent';
process.env.PACKR_ENCRYPTION_KEY ??= '0f1e2d3c4b5a69788796a5b4c3d2e1f00f1e2d3c4b5a69788796a5b4c3d2e1f0';
process.env.TRACKSTAR_BASE_URL = '';
process.env.TRACKSTAR_API_KEY = '';

// Imported after the environment is set: env.ts reads it once.
const { encodeGlobalID } = await import('@pothos/plugin-relay');
const { db } = await import('../server/src/db.js');
const { pool } = await import('../server/src/pg.js');
const { tokenBox } = await import('../server/src/crypto/token-box.js');
const { createTenant } = await import('../server/src/services/tenants.js');
const { runSync } = await import('../server/src/sync/runner.js');
const { TrackstarClient, closeTrackstar } = await import('../server/src/trackstar/client.js');
const { closeChangePublisher } = await import('../server/src/changes/change-log.js');
const { freePort, startApi, startNodeService } = await import('../server/test/support/child-services.js');

type Rec = Record<string, any>;
let api: Awaited<ReturnType<typeof startApi>> | undefined;
const line = (label: string, value: string) => console.log(`  ${label.padEnd(58)} ${value}`);
const seconds = (ms: number) => `${(ms / 1000).toFixed(2)} s`;

console.log(`\nWrites benchmark on packr_bench_writes (${new Date().toISOString()})`);

// The sandbox runs as its own process, as Trackstar is a remote service; its write limit is on
// (SANDBOX_RATE_LIMIT's default: 10 reads and 50 writes per second per access token).
const sandboxKey = 'bench-sandbox-key';
const sandbox = await startNodeService('sandbox/src/main.ts', {
  SANDBOX_PORT: String(await freePort()), SANDBOX_API_KEY: sandboxKey, SANDBOX_ORDERS: '50', SANDBOX_PRODUCTS: '300',
  SANDBOX_SEED: 'bench-writes', SANDBOX_ACTIVITY: 'off', SANDBOX_WEBHOOK_URL: 'off', SANDBOX_LOG: 'off',
}, /listening on (http:\/\/\S+)/, 120_000);
// A failed run must not leave the child processes behind.
process.on('exit', () => {
  sandbox.process.kill();
  api?.process.kill();
});
const sandboxUrl = sandbox.url!;
const sandboxCall = async (method: string, path: string, token?: string, body?: unknown) => {
  const res = await fetch(`${sandboxUrl}${path}`, {
    method,
    headers: { 'x-trackstar-api-key': sandboxKey, ...(token ? { 'x-trackstar-access-token': token } : {}), ...(body ? { 'content-type': 'application/json' } : {}) },
    body: body ? JSON.stringify(body) : undefined,
  });
  return { status: res.status, headers: res.headers, json: (await res.json().catch(() => null)) as Rec };
};
/** A Link install without the browser: one connection (own access token, own budget) per use. */
async function newConnection(): Promise<Rec> {
  const { json: link } = await sandboxCall('POST', '/link/token');
  const authorized = await fetch(`${sandboxUrl}/sandbox/link/authorize`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ link_token: link.link_token, integration_name: 'sandbox' }) });
  const { auth_code } = (await authorized.json()) as Rec;
  return (await sandboxCall('POST', '/link/exchange', undefined, { auth_code })).json;
}
const stateOf = async (connectionId: string) => (await sandboxCall('GET', `/sandbox/connections/${connectionId}/state`)).json;

// ---------------------------------------------------------------- Packr: a brand on its own connection
const tenant = await createTenant({ name: 'Bench 3PL', email: 'bench-writes@example.test' });
const brand = await db.brand.create({ data: { name: 'Bench writes', threePLId: tenant.threePLId } });
const ex = await newConnection();
const integration = await db.brandIntegration.create({
  data: {
    brandId: brand.id, status: 'ACTIVE', accessToken: tokenBox().seal(ex.access_token), connectionId: ex.connection_id,
    integrationName: ex.integration_name, availableActions: ex.available_actions,
  },
});
const client = new TrackstarClient({ baseUrl: sandboxUrl, apiKey: sandboxKey });
for (const resource of ['WAREHOUSES', 'INVENTORY'] as const) {
  await db.syncState.create({ data: { integrationId: integration.id, resource } });
  await runSync({ integrationId: integration.id, resource, client });
}
const items = await db.inventoryItem.findMany({ where: { brandId: brand.id }, orderBy: { externalId: 'asc' }, select: { id: true, externalId: true } });
const warehouse = await db.warehouse.findFirstOrThrow({ where: { brandId: brand.id }, orderBy: { externalId: 'asc' } });
line('sandbox (own process) and Packr ready', `${items.length} inventory items synced, ${ex.available_actions.includes('adjust_inventory') ? 'adjust_inventory offered' : 'adjust_inventory MISSING'}`);

// The real API process, pointed at the sandbox.
api = await startApi({
  DATABASE_URL: databaseUrl, REDIS_URL: process.env.REDIS_URL!, LOG_LEVEL: 'info', NODE_ENV: 'production',
  TRACKSTAR_BASE_URL: sandboxUrl, TRACKSTAR_API_KEY: sandboxKey, WEBHOOK_TRACKSTAR_SECRET: '',
});
const apiUrl = api.url!;
let upstream429 = 0;
api.process.stdout!.on('data', (chunk: Buffer) => {
  upstream429 += (chunk.toString().match(/trackstar rate limited/g) ?? []).length;
});

// ---------------------------------------------------------------- the rows
// Items in turn, so one item's adjustments are spread through the run; quantities 1..3.
const runTag = randomUUID().slice(0, 8);
const rows = Array.from({ length: ROWS }, (_, i) => ({
  inventoryItemId: encodeGlobalID('InventoryItem', items[i % items.length].id),
  externalId: items[i % items.length].externalId,
  quantity: 1 + (i % 3),
}));
const expectedDelta = (subset: typeof rows) => {
  const delta = new Map<string, number>();
  for (const r of subset) delta.set(r.externalId, (delta.get(r.externalId) ?? 0) + r.quantity);
  return delta;
};
/** Units the sandbox gained beyond the expected, item by item; duplicated rows show up here. */
function surplus(before: Rec, after: Rec, expected: Map<string, number>) {
  const was = new Map<string, number>(before.inventory.map((i: Rec) => [i.id, i.onhand]));
  let extra = 0;
  let missing = 0;
  for (const item of after.inventory as Rec[]) {
    const diff = item.onhand - (was.get(item.id) ?? 0) - (expected.get(item.id) ?? 0);
    if (diff > 0) extra += diff;
    if (diff < 0) missing -= diff;
  }
  return { extra, missing };
}

// ---------------------------------------------------------------- (1) the floor, measured
// The same adjustments sent straight to the sandbox on a connection of their own, one every
// 1000 / limit ms: exactly at the limit, never above it (so no 429 costs a retry).
console.log(`\n(1) The floor: ${ROWS} adjustments straight to the sandbox, paced at its write limit`);
const floorConn = await newConnection();
const floorState = await stateOf(floorConn.connection_id);
const floorWarehouse = floorState.warehouses[0].id;
const floorItems = (floorState.inventory as Rec[]).map((i) => i.id);
const probe = await sandboxCall('PUT', `/wms/inventory/${floorItems[0]}/adjust`, floorConn.access_token, { quantity: 1, adjustment_type: 'increase', warehouse_id: floorWarehouse });
const limit = Number(probe.headers.get('x-ratelimit-limit'));
if (!(limit > 0)) throw new Error(`the sandbox announced no write limit (status ${probe.status})`);
const floorMs = (ROWS / limit) * 1000;
await new Promise((r) => setTimeout(r, 1_500)); // the probe's token back
const floorBefore = await stateOf(floorConn.connection_id);
let floor429 = 0;
let t = performance.now();
await Promise.all(rows.map(async (r, i) => {
  await new Promise((resolve) => setTimeout(resolve, (i * 1000) / limit));
  const body = { quantity: r.quantity, adjustment_type: 'increase', warehouse_id: floorWarehouse };
  for (;;) {
    const res = await sandboxCall('PUT', `/wms/inventory/${floorItems[i % floorItems.length]}/adjust`, floorConn.access_token, body);
    if (res.status === 200) return;
    if (res.status !== 429) throw new Error(`floor client: ${res.status} ${JSON.stringify(res.json)}`);
    floor429++;
    await new Promise((resolve) => setTimeout(resolve, 1000 / limit));
  }
}));
const measuredFloorMs = performance.now() - t;
const floorExpected = new Map<string, number>();
rows.forEach((r, i) => floorExpected.set(floorItems[i % floorItems.length], (floorExpected.get(floorItems[i % floorItems.length]) ?? 0) + r.quantity));
const floorCheck = surplus(floorBefore, await stateOf(floorConn.connection_id), floorExpected);
line(`write limit announced by the sandbox (x-ratelimit-limit)`, `${limit}/s`);
line(`floor: ${ROWS} writes / ${limit} per second`, seconds(floorMs));
line('paced client straight to the sandbox (measured)', `${seconds(measuredFloorMs)}  (${floor429} x 429, ${floorCheck.extra + floorCheck.missing} units off)`);

// ---------------------------------------------------------------- (2) through Packr
console.log(`\n(2) Packr: ${ROWS} adjustments through adjustInventoryBatch, ${Math.ceil(ROWS / BATCH)} calls of up to ${BATCH} rows`);
const before = await stateOf(ex.connection_id);
const MUTATION = `mutation ($inputs: [AdjustInventoryInput!]!) { adjustInventoryBatch(inputs: $inputs) {
  succeeded failed userErrors { message } results { index replayed userErrors { code message } } } }`;
async function batchCall(slice: typeof rows, offset: number) {
  const inputs = slice.map((r, i) => ({
    inventoryItemId: r.inventoryItemId, warehouseId: encodeGlobalID('Warehouse', warehouse.id), quantity: r.quantity,
    adjustmentType: 'INCREASE', reason: 'bench', idempotencyKey: `bench-${runTag}-${offset + i}`,
  }));
  const res = await fetch(`${apiUrl}/graphql`, {
    method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${tenant.apiKey}` },
    body: JSON.stringify({ query: MUTATION, variables: { inputs } }),
  });
  const body = (await res.json()) as Rec;
  if (body.errors) throw new Error(`adjustInventoryBatch: ${JSON.stringify(body.errors)}`);
  return body.data.adjustInventoryBatch as Rec;
}
t = performance.now();
const answers: Rec[] = [];
for (let offset = 0; offset < ROWS; offset += BATCH) answers.push(await batchCall(rows.slice(offset, offset + BATCH), offset));
const packrMs = performance.now() - t;
const succeeded = answers.reduce((n, a) => n + a.succeeded, 0);
const failed = answers.flatMap((a) => a.results.filter((r: Rec) => r.userErrors.length > 0));
const after = await stateOf(ex.connection_id);
const check = surplus(before, after, expectedDelta(rows));
const local = new Map((await db.inventoryItem.findMany({ where: { brandId: brand.id }, select: { externalId: true, onHand: true } })).map((i) => [i.externalId, i.onHand]));
const mismatched = (after.inventory as Rec[]).filter((i) => local.get(i.id) !== i.onhand).length;
line('rows written', `${succeeded} of ${ROWS}${failed.length ? `; failed: ${JSON.stringify(failed.slice(0, 3))}` : ''}`);
line('elapsed', `${seconds(packrMs)}  (${Math.round((ROWS / packrMs) * 1000)} writes/s, ${upstream429} x 429 from the sandbox)`);
line(`vs the floor (${ROWS} / ${limit} per second)`, `${(packrMs / floorMs).toFixed(2)}x  (goal <= 1.2x)`);
line('vs the paced client (measured floor)', `${(packrMs / measuredFloorMs).toFixed(2)}x`);
line('duplicates (units beyond the sum of the rows, sandbox state)', `${check.extra}  (missing units: ${check.missing}; goal 0)`);
line("Packr's copy vs the sandbox (items whose onHand differs)", `${mismatched} of ${after.inventory.length}`);

// ---------------------------------------------------------------- (3) resuming
// The same calls again with the same keys: every row is reported from the write log, none is sent.
t = performance.now();
const again: Rec[] = [];
for (let offset = 0; offset < ROWS; offset += BATCH) again.push(await batchCall(rows.slice(offset, offset + BATCH), offset));
const replayed = again.reduce((n, a) => n + a.results.filter((r: Rec) => r.replayed && r.userErrors.length === 0).length, 0);
const afterAgain = surplus(after, await stateOf(ex.connection_id), new Map());
console.log('\n(3) The same calls again, same keys (resume)');
line('rows answered as already written (replayed)', `${replayed} of ${ROWS} in ${seconds(performance.now() - t)}; units added upstream: ${afterAgain.extra}`);

await api.stop();
api = undefined;
await sandbox.stop();
await closeTrackstar();
await closeChangePublisher();
await pool.end();
await db.$disconnect();
console.log('');

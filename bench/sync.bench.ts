// npm run bench:sync — the sync engine's two throughput figures, on a dedicated database:
//  (1) the bulk upsert path: pages of 1000 orders (line items, shipments, packages) into a database
//      already holding 50k orders, next to a plain COPY of the same rows into scratch tables;
//  (2) an end-to-end backfill of 50k orders from the sandbox over real HTTP, next to the rate-limit floor.
// Goals: upsert >= 10k orders/s and within 4x of COPY; backfill within 1.2x of pages / 10 per second.
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { from as copyFrom } from 'pg-copy-streams';
import { freshDatabase } from './support/fresh-database.js';

const PG = process.env.PACKR_BENCH_PG ?? 'postgresql://postgres@127.0.0.1:5432';
const DATABASE = process.env.PACKR_BENCH_DATABASE ?? 'packr_bench_sync';
const PRELOAD = Number(process.env.BENCH_PRELOAD ?? 50_000);
const MEASURED_PAGES = Number(process.env.BENCH_PAGES ?? 10);
const BACKFILL = Number(process.env.BENCH_BACKFILL ?? 50_000);

// env.ts reads process.env once, at import: configure before importing anything of Packr's.
process.env.DATABASE_URL = `${PG}/${DATABASE}`;
process.env.REDIS_URL = process.env.PACKR_BENCH_REDIS ?? 'redis://127.0.0.1:6379/14';
process.env.PACKR_ENCRYPTION_KEY ??= '0f1e2d3c4b5a69788796a5b4c3d2e1f00f1e2d3c4b5a69788796a5b4c3d2e1f0';
process.env.LOG_LEVEL ??= 'warn';
process.env.TRACKSTAR_BASE_URL = '';
process.env.TRACKSTAR_API_KEY = '';

const rate = (n: number, ms: number) => Math.round((n / ms) * 1000);
const line = (label: string, value: string) => console.log(`  ${label.padEnd(52)} ${value}`);

await freshDatabase(PG, DATABASE);
const { createSandbox } = await import('../sandbox/src/server.js');
const { db } = await import('../server/src/db.js');
const { pool } = await import('../server/src/pg.js');
const { createTenant } = await import('../server/src/services/tenants.js');
const { applyRecords } = await import('../server/src/sync/apply.js');
const { validateRecords } = await import('../server/src/sync/validate.js');
const { writeOrders } = await import('../server/src/sync/upsert/orders.js');
const { mapOrder, mapOrderChildren } = await import('../server/src/sync/map/orders.js');
const { runSync } = await import('../server/src/sync/runner.js');
const { TrackstarClient, closeTrackstar } = await import('../server/src/trackstar/client.js');
const { tokenBox } = await import('../server/src/crypto/token-box.js');
const { DEFAULT_UPSTREAM_SHARE } = await import('../server/src/trackstar/rate-limiter.js');
const { RATE_LIMITS } = await import('../trackstar-contract/contract.js');
const { closeChangePublisher } = await import('../server/src/changes/change-log.js');
type Order = import('../trackstar-contract/contract.js').Order;

const tenant = await createTenant({ name: 'Bench 3PL', email: 'bench@example.test' });
const brand = await db.brand.create({ data: { name: 'Bench brand', threePLId: tenant.threePLId } });

// ---------------------------------------------------------------- (1) upsert path vs COPY
console.log(`\nSync benchmark on ${DATABASE} (${new Date().toISOString()})`);
console.log(`\n(1) Bulk upsert: pages of 1000 orders with line items, shipments and packages`);
const measured = MEASURED_PAGES * 1000;
let t = performance.now();
const generator = createSandbox({ orders: PRELOAD + measured, products: 300, log: false, rateLimit: false, seed: 'bench-upsert' });
const conn = generator.connect('sandbox');
const all = generator.connection(conn.connection_id).data.orders.all() as unknown as Record<string, unknown>[];
line('generated records (sandbox)', `${all.length} in ${Math.round(performance.now() - t)} ms`);
const pages = (records: Record<string, unknown>[]) => Array.from({ length: Math.ceil(records.length / 1000) }, (_, i) => records.slice(i * 1000, i * 1000 + 1000));
const apply = (records: unknown[]) => applyRecords({ brandId: brand.id, integrationId: 'bench', resource: 'ORDERS', records, source: 'SYNC' });

t = performance.now();
for (const page of pages(all.slice(0, PRELOAD))) await apply(page);
line(`preload ${PRELOAD} orders (applyRecords)`, `${rate(PRELOAD, performance.now() - t)} orders/s`);
// A live database has planner statistics for its tables (autovacuum); a freshly loaded one may not yet.
await pool.query('ANALYZE "order", order_line_item, shipment, package');

const fresh = all.slice(PRELOAD);
const stats = { children: 0 };
for (const o of fresh as unknown as Order[]) stats.children += o.line_items.length + o.shipments.length + o.shipments.reduce((n, s) => n + s.packages.length, 0);

// New orders: validation + mapping + SQL + change log, one transaction per page (what a sync page does).
t = performance.now();
for (const page of pages(fresh)) await apply(page);
const insertMs = performance.now() - t;
line(`insert ${measured} new orders, applyRecords`, `${rate(measured, insertMs)} orders/s  (${Math.round(insertMs / MEASURED_PAGES)} ms/page, ${stats.children} child rows)`);

// The same orders again, each one newer (status and updated_date changed): update + replace children.
const newer = fresh.map((o) => ({ ...o, status: o.status === 'cancelled' ? 'open' : 'cancelled', updated_date: new Date(Date.parse(o.updated_date as string) + 3_600_000).toISOString().replace('.000Z', 'Z') }));
t = performance.now();
for (const page of pages(newer)) await apply(page);
const updateMs = performance.now() - t;
line(`update ${measured} existing orders, applyRecords`, `${rate(measured, updateMs)} orders/s  (${Math.round(updateMs / MEASURED_PAGES)} ms/page)`);

t = performance.now();
for (const page of pages(newer)) await apply(page);
line(`replay ${measured} unchanged orders, applyRecords`, `${rate(measured, performance.now() - t)} orders/s`);

// The SQL path alone (validation done beforehand), newer copies again.
const newest = newer.map((o) => ({ ...o, updated_date: new Date(Date.parse(o.updated_date as string) + 3_600_000).toISOString().replace('.000Z', 'Z') }));
const validated = pages(newest).map((p) => validateRecords<Order>('ORDERS', p).valid);
t = performance.now();
for (const page of validated) {
  const tx = await pool.connect();
  await tx.query('BEGIN');
  await tx.query('SELECT 1 FROM brand WHERE id = $1 FOR NO KEY UPDATE', [brand.id]);
  await writeOrders(tx, brand.id, page, 'SYNC');
  await tx.query('COMMIT');
  tx.release();
}
const sqlMs = performance.now() - t;
line(`update ${measured} orders, map + SQL only (no validation)`, `${rate(measured, sqlMs)} orders/s`);

// COPY of the same rows (orders + line items + shipments + packages) into scratch tables: the
// physical floor. The COPY text is built before the clock starts (mapping and encoding are not
// what this measures), each table's page goes as one chunk, and the scratch tables have no
// indexes or foreign keys. Only the COPY statements and the commit are timed.
const scratch = await pool.connect();
for (const table of ['order', 'order_line_item', 'shipment', 'package']) {
  await scratch.query(`DROP TABLE IF EXISTS "bench_copy_${table}"`);
  await scratch.query(`CREATE TABLE "bench_copy_${table}" (LIKE "${table}" INCLUDING DEFAULTS)`);
}
const csv = (v: unknown): string => {
  if (v === null || v === undefined) return '';
  const s = Array.isArray(v) && v.every((x) => typeof x === 'string') ? `{${v.map((x) => `"${String(x).replace(/["\\]/g, '\\$&')}"`).join(',')}}` : typeof v === 'object' ? JSON.stringify(v) : String(v);
  return `"${s.replace(/"/g, '""')}"`;
};
type CopyBatch = { table: string; sql: string; text: string };
const copyBatch = (table: string, rows: Record<string, unknown>[]): CopyBatch[] => {
  if (rows.length === 0) return [];
  const columns = Object.keys(rows[0]);
  const text = rows.map((r) => columns.map((c) => csv(r[c])).join(',')).join('\n') + '\n';
  return [{ table, text, sql: `COPY "bench_copy_${table}" (${columns.map((c) => `"${c}"`).join(', ')}) FROM STDIN WITH (FORMAT csv)` }];
};
const copyPages = validated.map((page) => {
  const orders: Record<string, unknown>[] = [];
  const lines: Record<string, unknown>[] = [];
  const shipments: Record<string, unknown>[] = [];
  const packages: Record<string, unknown>[] = [];
  for (const { record, raw } of page) {
    const id = crypto.randomUUID();
    orders.push({ id, brandId: brand.id, ...mapOrder(record, raw) });
    const children = mapOrderChildren(record, raw);
    for (const l of children.lineItems) lines.push({ brandId: brand.id, orderId: id, ...l });
    for (const s of children.shipments) shipments.push({ brandId: brand.id, orderId: id, ...s });
    for (const p of children.packages) packages.push({ brandId: brand.id, ...p });
  }
  return [...copyBatch('order', orders), ...copyBatch('order_line_item', lines), ...copyBatch('shipment', shipments), ...copyBatch('package', packages)];
});
t = performance.now();
for (const batches of copyPages) {
  await scratch.query('BEGIN');
  for (const b of batches) await pipeline(Readable.from([b.text]), scratch.query(copyFrom(b.sql)));
  await scratch.query('COMMIT');
}
const copyMs = performance.now() - t;
scratch.release();
line(`COPY the same ${measured} orders + children (scratch tables)`, `${rate(measured, copyMs)} orders/s`);
line('applyRecords insert vs COPY', `${(insertMs / copyMs).toFixed(2)}x slower  (goal <= 4x, >= 10000 orders/s)`);
line('map + SQL update vs COPY', `${(sqlMs / copyMs).toFixed(2)}x slower`);

// ---------------------------------------------------------------- (2) end-to-end backfill
// The sandbox runs as its own process, as Trackstar is a remote service: in this process its JSON
// encoding of every page would compete with the runner's own work for one event loop.
console.log(`\n(2) Backfill of ${BACKFILL} orders from the sandbox over HTTP (Trackstar's 10 GET/s limit on)`);
t = performance.now();
const { freePort, startNodeService } = await import('../server/test/support/child-services.js');
const sandboxApiKey = 'bench-sandbox-key';
const sandboxProcess = await startNodeService('sandbox/src/main.ts', {
  SANDBOX_PORT: String(await freePort()), SANDBOX_API_KEY: sandboxApiKey, SANDBOX_ORDERS: String(BACKFILL), SANDBOX_PRODUCTS: '100',
  SANDBOX_SEED: 'bench-backfill', SANDBOX_ACTIVITY: 'off', SANDBOX_WEBHOOK_URL: 'off', SANDBOX_LOG: 'off',
}, /listening on (http:\/\/\S+)/, 120_000);
const url = sandboxProcess.url!;
const generated = await fetch(`${url}/sandbox/generate-sandbox/wms`, { method: 'POST', headers: { 'x-trackstar-api-key': sandboxApiKey } });
const ex = (await generated.json()) as { access_token: string; connection_id: string; integration_name: string; available_actions: string[] };
line('sandbox ready (own process)', `${Math.round(performance.now() - t)} ms`);
const brand2 = await db.brand.create({ data: { name: 'Bench backfill', threePLId: tenant.threePLId } });
const integration = await db.brandIntegration.create({
  data: {
    brandId: brand2.id, status: 'ACTIVE', accessToken: tokenBox().seal(ex.access_token), connectionId: ex.connection_id,
    integrationName: ex.integration_name, availableActions: ex.available_actions, config: { backfillDays: 120 },
  },
});
await db.syncState.create({ data: { integrationId: integration.id, resource: 'ORDERS' } });
const client = new TrackstarClient({ baseUrl: url, apiKey: sandboxApiKey });
t = performance.now();
const outcome = await runSync({ integrationId: integration.id, resource: 'ORDERS', client });
const backfillMs = performance.now() - t;
const floorMs = (outcome.pages / 10) * 1000;
const ownRate = RATE_LIMITS.read * DEFAULT_UPSTREAM_SHARE;
const ownFloorMs = (outcome.pages / ownRate) * 1000;
line('backfill', `${outcome.records} orders, ${outcome.pages} pages in ${(backfillMs / 1000).toFixed(2)} s (${rate(outcome.records, backfillMs)} orders/s)`);
line('rate-limit floor (pages / 10 per second)', `${(floorMs / 1000).toFixed(2)} s -> backfill is ${(backfillMs / floorMs).toFixed(2)}x  (goal <= 1.2x)`);
line(`Packr's own limit (${ownRate} GET/s = ${DEFAULT_UPSTREAM_SHARE * 100}% of 10)`, `${(ownFloorMs / 1000).toFixed(2)} s -> backfill is ${(backfillMs / ownFloorMs).toFixed(2)}x`);

await sandboxProcess.stop();
await closeTrackstar();
await closeChangePublisher();
await pool.end();
await db.$disconnect();
console.log('');

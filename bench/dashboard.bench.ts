// npm run bench:dashboard — the dashboard's two budgets, measured in Debian's Chromium:
//   1. production bundle: gzip size of all JS in client/dist/assets (goal < 250 kB);
//   2. navigation → first inventory rows painted for a 1,000-SKU brand (goal < 1 s),
// each next to a blank Vite page built and measured in the same run as the floor.
// Uses its own database (packr_bench_dashboard) and Redis DB 14; seeds rows with SQL directly.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import type { BrowserContext } from 'playwright-core';
import { launchBrowser } from '../client/e2e/support/browser.js';

const RUNS = Number(process.env.BENCH_RUNS ?? 15);
const SKUS = 1_000;
const PG = process.env.PACKR_BENCH_PG ?? 'postgresql://postgres@127.0.0.1:5432';
const DATABASE = 'packr_bench_dashboard';

process.env.DATABASE_URL = `${PG}/${DATABASE}`;
process.env.REDIS_URL = process.env.PACKR_BENCH_REDIS ?? 'redis://127.0.0.1:6379/14';
process.env.LOG_LEVEL = 'silent';
process.env.NODE_ENV = 'production';

const stats = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const q = (p: number) => s[Math.min(s.length - 1, Math.floor(p * s.length))];
  return { median: q(0.5), p95: q(0.95), min: s[0], max: s[s.length - 1] };
};
const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} kB`;
const ms = (x: number) => `${x.toFixed(0)} ms`;

function gzipJs(dir: string): { files: number; raw: number; gzip: number } {
  let raw = 0;
  let gzip = 0;
  const files = readdirSync(dir).filter((f) => f.endsWith('.js'));
  for (const f of files) {
    const buf = readFileSync(join(dir, f));
    raw += buf.length;
    gzip += gzipSync(buf, { level: 9 }).length;
  }
  return { files: files.length, raw, gzip };
}

/** A blank page built by Vite (one module that paints one element): the floor for both numbers. */
async function buildBlankPage(): Promise<string> {
  const { build } = await import('vite');
  const root = mkdtempSync(join(tmpdir(), 'packr-blank-'));
  writeFileSync(join(root, 'index.html'), '<!doctype html><html><body><div id="app"></div><script type="module" src="/main.js"></script></body></html>');
  writeFileSync(join(root, 'main.js'), "const el = document.createElement('p'); el.dataset.testid = 'inventory-row'; el.textContent = 'blank'; document.getElementById('app').append(el);");
  await build({ root, logLevel: 'silent', configFile: false, build: { outDir: join(root, 'dist'), emptyOutDir: true } });
  return join(root, 'dist');
}

function serveStatic(dir: string): Promise<{ url: string; close(): void }> {
  const server = createServer((req, res) => {
    const path = req.url === '/' ? '/index.html' : (req.url ?? '/').split('?')[0];
    try {
      const body = readFileSync(join(dir, path));
      res.writeHead(200, { 'content-type': path.endsWith('.js') ? 'text/javascript' : 'text/html' }).end(body);
    } catch {
      res.writeHead(404).end();
    }
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve({ url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, close: () => server.close() })));
}

// Runs in the page before any script: the first frame after the first inventory row exists.
const PAINT_PROBE = `(() => {
  const done = (t) => { window.__firstRowsPainted = t; };
  const check = () => {
    if (window.__firstRowsPainted !== undefined) return true;
    if (document.querySelector('[data-testid="inventory-row"]')) {
      requestAnimationFrame(() => setTimeout(() => done(performance.now()), 0));
      return true;
    }
    return false;
  };
  new MutationObserver((_, obs) => { if (check()) obs.disconnect(); }).observe(document, { childList: true, subtree: true });
})();`;

async function timeToRows(context: BrowserContext, url: string): Promise<number> {
  const page = await context.newPage();
  await page.goto(url);
  await page.waitForFunction(() => (window as unknown as { __firstRowsPainted?: number }).__firstRowsPainted !== undefined, null, { timeout: 15_000 });
  const t = await page.evaluate(() => (window as unknown as { __firstRowsPainted: number }).__firstRowsPainted);
  await page.close();
  return t;
}

async function seed(): Promise<{ apiKey: string; brandId: string }> {
  const { ensureDatabase, migrate } = await import('../server/scripts/db/migrator.js');
  const pg = (await import('pg')).default;
  const admin = new pg.Client({ connectionString: `${PG}/postgres` });
  await admin.connect();
  await admin.query(`DROP DATABASE IF EXISTS "${DATABASE}" WITH (FORCE)`);
  await admin.end();
  await ensureDatabase(process.env.DATABASE_URL!);
  await migrate(process.env.DATABASE_URL!, 'prisma/migrations');

  const { createTenant } = await import('../server/src/services/tenants.js');
  const { pool } = await import('../server/src/pg.js');
  const tenant = await createTenant({ name: 'Bench 3PL', email: 'bench@example.test' });
  const { rows } = await pool.query<{ id: string }>('INSERT INTO brand ("threePLId", name) VALUES ($1, $2) RETURNING id', [tenant.threePLId, 'Bench Brand']);
  const brandUuid = rows[0].id;
  await pool.query(
    `INSERT INTO inventory_item ("brandId", "externalId", sku, name, awaiting, "onHand", committed, unfulfillable, fulfillable, sellable, "rawData", "createdAtRemote", "updatedAtRemote")
     SELECT $1, 'inv_' || g, 'SKU-' || lpad(g::text, 5, '0'), 'Bench item ' || g, g % 7, 100 + g % 900, g % 5, g % 3, 100 + g % 900 - g % 5 - g % 3, 100 + g % 900 - g % 5,
            '{}'::jsonb, now() - interval '30 days', now() - (g || ' minutes')::interval
     FROM generate_series(1, $2::int) AS g`,
    [brandUuid, SKUS],
  );
  return { apiKey: tenant.apiKey, brandId: brandUuid };
}

async function main() {
  console.log('building the dashboard (production)…');
  execFileSync('npm', ['run', '--silent', 'build:client'], { stdio: 'inherit', env: { ...process.env, NODE_ENV: 'production' } });
  const app = gzipJs('client/dist/assets');
  const blankDir = await buildBlankPage();
  const blank = gzipJs(join(blankDir, 'assets'));

  const { apiKey } = await seed();
  const { buildApp } = await import('../server/src/http/app.js');
  const { httpRoutes } = await import('../server/src/http/routes.js');
  const api = buildApp(httpRoutes());
  const { url } = await api.start(0, '127.0.0.1');
  const res = await fetch(`${url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${apiKey}` },
    body: JSON.stringify({ query: '{ brands { id } }' }),
  });
  const brandId = ((await res.json()) as { data: { brands: { id: string }[] } }).data.brands[0].id;
  const blankServer = await serveStatic(blankDir);

  const session = await launchBrowser();
  const dashboardTimes: number[] = [];
  const blankTimes: number[] = [];
  try {
    const context = session.context;
    await context.addInitScript(({ key, probe }) => {
      sessionStorage.setItem('packr.apiKey', key);
      // eslint-disable-next-line no-new-func
      new Function(probe)();
    }, { key: apiKey, probe: PAINT_PROBE });
    const target = `${url}/brands/${encodeURIComponent(brandId)}/inventory`;
    // One warm-up each (Chromium start-up, first TCP connections), then alternate the two pages.
    await timeToRows(context, target);
    await timeToRows(context, blankServer.url);
    for (let i = 0; i < RUNS; i++) {
      dashboardTimes.push(await timeToRows(context, target));
      blankTimes.push(await timeToRows(context, blankServer.url));
    }
  } finally {
    await session.close();
    blankServer.close();
    await api.stop();
    rmSync(join(blankDir, '..'), { recursive: true, force: true });
    const { db } = await import('../server/src/db.js');
    const { pool } = await import('../server/src/pg.js');
    await db.$disconnect();
    await pool.end();
  }

  const d = stats(dashboardTimes);
  const b = stats(blankTimes);
  const lines = [
    `dashboard bench (${RUNS} runs each, ${SKUS} SKUs, first page of 50 rows, Chromium ${'headless'})`,
    `bundle JS gzip:   dashboard ${kb(app.gzip)} in ${app.files} file(s) (raw ${kb(app.raw)})   blank Vite page ${kb(blank.gzip)}   goal < 250 kB: ${app.gzip < 250 * 1024 ? 'PASS' : 'FAIL'}`,
    `first rows painted (navigation start → first frame with rows):`,
    `  dashboard  median ${ms(d.median)}  p95 ${ms(d.p95)}  min ${ms(d.min)}  max ${ms(d.max)}   goal < 1 s: ${d.p95 < 1000 ? 'PASS' : 'FAIL'}`,
    `  blank page median ${ms(b.median)}  p95 ${ms(b.p95)}  min ${ms(b.min)}  max ${ms(b.max)}`,
  ];
  console.log(lines.join('\n'));
  mkdirSync('bench/results', { recursive: true });
  writeFileSync('bench/results/dashboard.json', JSON.stringify({ at: new Date().toISOString(), runs: RUNS, skus: SKUS, bundle: { app, blank }, firstRowsMs: { dashboard: d, blank: b } }, null, 2));
  process.exit(0);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});

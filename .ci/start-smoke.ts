// CI's proof of the README's first command: runs `npm start` in this (fresh) clone on free ports
// and a throwaway database, waits for the banner, queries the API with the admin key it printed,
// opens the dashboard (signing in with that key) and GraphiQL in Chromium with every non-loopback
// request blocked, then stops everything. Exit code 0 only when every step passed.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { chromium } from 'playwright-core';

const PG = 'postgresql://postgres@127.0.0.1:5432';
const database = `packr_ci_start_${process.pid}`;
const scratch = mkdtempSync(join(tmpdir(), 'packr-start-'));

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
    server.on('error', reject);
  });
}

async function step<T>(name: string, run: () => Promise<T>): Promise<T> {
  const started = Date.now();
  const result = await run();
  console.log(`[start-smoke] ok  ${name} (${((Date.now() - started) / 1000).toFixed(1)} s)`);
  return result;
}

const [port, sandboxPort] = [await freePort(), await freePort()];
const apiUrl = `http://127.0.0.1:${port}`;
let output = '';
const child = spawn('npm', ['start'], {
  detached: true, // its own process group, so one signal stops npm, start.ts and its children
  stdio: ['ignore', 'pipe', 'pipe'],
  env: {
    ...process.env,
    CI: 'true',
    PORT: String(port),
    SANDBOX_PORT: String(sandboxPort),
    DATABASE_URL: `${PG}/${database}`,
    REDIS_URL: 'redis://127.0.0.1:6379/12',
    PACKR_ENV_FILE: join(scratch, '.env'),
    SANDBOX_ORDERS: '300',
    LOG_FORMAT: 'json',
  },
});
child.stdout.on('data', (chunk) => (output += chunk));
child.stderr.on('data', (chunk) => (output += chunk));
const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));

async function stopAll(): Promise<void> {
  if (child.exitCode === null) {
    process.kill(-child.pid!, 'SIGTERM');
    const timer = setTimeout(() => process.kill(-child.pid!, 'SIGKILL'), 20_000);
    await exited;
    clearTimeout(timer);
  }
  const admin = new pg.Client({ connectionString: `${PG}/postgres` });
  await admin.connect();
  await admin.query(`DROP DATABASE IF EXISTS "${database}" WITH (FORCE)`);
  await admin.end();
  rmSync(scratch, { recursive: true, force: true });
}

async function waitForBanner(timeoutMs: number): Promise<string> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const key = /Admin API key \(shown once, keep it\): (\S+)/.exec(output)?.[1];
    if (key) return key;
    if (child.exitCode !== null) throw new Error(`npm start exited with ${child.exitCode} before its banner`);
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error('no banner with an admin key within the time limit');
}

async function graphql(key: string, query: string) {
  const res = await fetch(`${apiUrl}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${key}` },
    body: JSON.stringify({ query }),
  });
  const body = (await res.json()) as { data?: any; errors?: unknown[] };
  if (res.status !== 200 || body.errors) throw new Error(`GraphQL answered ${res.status}: ${JSON.stringify(body)}`);
  return body.data;
}

let failed = false;
try {
  const key = await step('npm start printed its banner with an admin key', () => waitForBanner(300_000));
  if (!output.includes(`GraphiQL    ${apiUrl}/graphql`)) throw new Error('the banner does not name the GraphiQL URL');
  await step('the API answers with that key', async () => {
    const data = await graphql(key, '{ viewer { role } brands { name } }');
    if (data.viewer.role !== 'OWNER' || data.brands.length !== 3) throw new Error(`unexpected answer ${JSON.stringify(data)}`);
  });

  const profile = mkdtempSync(join(scratch, 'chromium-'));
  const browser = await chromium.launchPersistentContext(profile, {
    executablePath: process.env.PACKR_CHROMIUM ?? '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  const offline: string[] = [];
  await browser.route('**/*', (route) => {
    const host = new URL(route.request().url()).hostname;
    if (host === '127.0.0.1' || host === 'localhost') return route.continue();
    offline.push(route.request().url());
    return route.abort();
  });
  try {
    const page = browser.pages()[0] ?? (await browser.newPage());
    await step('the dashboard signs in with the key, opens on Operations and lists the demo brands', async () => {
      await page.goto(`${apiUrl}/`);
      await page.getByLabel('API key').fill(key);
      await page.getByRole('button', { name: 'Sign in' }).click();
      await page.getByRole('heading', { name: 'Operations', exact: true }).waitFor({ timeout: 30_000 });
      await page.getByRole('link', { name: 'Brands', exact: true }).click();
      await page.getByRole('heading', { name: 'Brands', exact: true }).waitFor({ timeout: 30_000 });
      await page.getByRole('link', { name: 'Northwind Apparel' }).waitFor({ timeout: 30_000 });
    });
    await step('GraphiQL renders its editor and docs button', async () => {
      await page.goto(`${apiUrl}/graphql`, { waitUntil: 'domcontentloaded' });
      await page.locator('.graphiql-container').first().waitFor({ timeout: 30_000 });
      await page.getByRole('button', { name: 'Show Documentation Explorer' }).waitFor({ timeout: 30_000 });
    });
    if (offline.length) throw new Error(`the pages asked for non-loopback resources: ${offline.slice(0, 5).join(', ')}`);
  } finally {
    await browser.close();
  }
} catch (error) {
  failed = true;
  console.log(`[start-smoke] FAILED: ${(error as Error).message}`);
  console.log('[start-smoke] last output of npm start:\n' + output.split('\n').slice(-60).join('\n'));
} finally {
  await stopAll().catch((error) => console.log(`[start-smoke] cleanup: ${(error as Error).message}`));
}
console.log(`[start-smoke] ${failed ? 'failed' : 'passed'}`);
process.exit(failed ? 1 : 0);

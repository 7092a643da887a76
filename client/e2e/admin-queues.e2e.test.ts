// The queue board and the sync performance chart in a real browser against the real stack
// (sandbox + API + workers): an OWNER opens the board from the dashboard's "Queues" link and it
// renders under its Content-Security-Policy without reaching off the machine; signing out closes
// it; an OPERATOR has no link and the board refuses a browser without a session with a page that
// points to the dashboard. The Integration tab charts the backfill's runs, and axe finds no
// accessibility violation in the chart's card.
import { axeViolations } from './support/axe.js';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { ensureClientBuilt } from '../build.js';
import { launchBrowser, screenshot, type BrowserSession } from './support/browser.js';
import { startStack, type Stack } from './support/stack.js';

let stack: Stack;
let session: BrowserSession;
let tenant: Awaited<ReturnType<typeof import('../../server/test/fixtures.js').makeTenant>>;
let operators: string[] = [];

const leftLoopback: string[] = [];
const problems: string[] = [];
const LOOPBACK = new Set(['127.0.0.1', 'localhost', '[::1]']);

beforeAll(async () => {
  ensureClientBuilt();
  // A seed of its own: the sandbox derives connection ids from it, and they are unique in Packr's database.
  stack = await startStack({ sandbox: { seed: 13 }, app: { admin: { operatorTenants: () => operators } } });
  const { makeTenant } = await import('../../server/test/fixtures.js');
  tenant = await makeTenant('Board');
  operators = [tenant.threePLId];
  session = await launchBrowser();
  await session.context.route('**/*', (route) => {
    const url = new URL(route.request().url());
    if (url.protocol === 'data:' || url.protocol === 'blob:' || LOOPBACK.has(url.hostname)) return route.continue();
    leftLoopback.push(url.href);
    return route.abort('internetdisconnected');
  });
  await session.context.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (e) => console.error(`Refused to load (CSP ${e.violatedDirective}): ${e.blockedURI}`));
  });
  session.context.on('page', (page) => {
    page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
    page.on('console', (message) => {
      if (/Content Security Policy|Refused to/i.test(message.text())) problems.push(`console: ${message.text()}`);
    });
  });
  await connectBrandA();
}, 240_000);

afterEach(async (ctx) => {
  if (ctx.task.result?.state === 'fail') for (const [i, page] of session.context.pages().entries()) await screenshot(page, `admin-queues-failed-${i}`);
});

afterAll(async () => {
  await session?.close();
  await stack?.stop();
});

/** Connects brand A to the sandbox through Packr's REST API (what the Link modal does), which starts its backfill. */
async function connectBrandA() {
  const api = `${stack.apiUrl}/api/brands/${tenant.brandA.id}/integrations/trackstar`;
  const headers = { authorization: `Bearer ${tenant.keys.owner}`, 'content-type': 'application/json' };
  const { linkToken } = (await (await fetch(`${api}/link-token`, { method: 'POST', headers })).json()) as { linkToken: string };
  const authorized = await fetch(`${stack.sandbox.url}/sandbox/link/authorize`, {
    method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ link_token: linkToken, integration_name: 'sandbox' }),
  });
  const { auth_code } = (await authorized.json()) as { auth_code: string };
  const exchanged = await fetch(`${api}/exchange`, { method: 'POST', headers, body: JSON.stringify({ authCode: auth_code }) });
  expect(exchanged.status).toBe(200);
}

async function signIn(page: Page, key: string) {
  await page.goto(`${stack.apiUrl}/brands`);
  await page.getByLabel('API key').fill(key);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('heading', { name: 'Brands' }).waitFor();
}

describe('queue board (browser)', () => {
  it("an OWNER opens the board from the dashboard's Queues link; it renders and lists Packr's queues", async () => {
    const { page } = session;
    await signIn(page, tenant.keys.owner);
    const [board] = await Promise.all([session.context.waitForEvent('page'), page.getByRole('link', { name: 'Queues ↗' }).click()]);
    await board.waitForURL(/\/admin\/queues\/$/, { timeout: 15_000 });
    await board.getByText('Packr queues').first().waitFor({ timeout: 15_000 });
    for (const name of ['sync', 'webhooks']) await board.getByRole('link', { name: new RegExp(`^${name}`, 'i') }).first().waitFor({ timeout: 15_000 });
    await screenshot(board, 'admin-queues-01-board');

    await board.getByRole('link', { name: /^sync/i }).first().click();
    await board.waitForURL(/\/admin\/queues\/queue\/sync/);
    await board.getByText('sync-resource').first().waitFor({ timeout: 15_000 });
    // The viewport only: the job list is long.
    await board.screenshot({ path: 'test-artifacts/screenshots/admin-queues-02-sync-queue.png' });

    // The board's Google Fonts stylesheet is refused by its CSP (it renders in system fonts);
    // nothing else is refused and no request left the machine.
    const refused = problems.filter((p) => !/fonts\.googleapis\.com/.test(p));
    expect(refused).toEqual([]);
    expect(leftLoopback).toEqual([]);

    // The board's own "Sign out" (in its header menu) ends the session and returns to the dashboard.
    await board.locator('ul[class^="actions"] > li').last().getByRole('button').click();
    await board.getByText('Sign out').click();
    await board.waitForURL(`${stack.apiUrl}/`);
    const again = await board.goto(`${stack.apiUrl}/admin/queues/`);
    expect(again?.status()).toBe(401);
    await board.getByRole('link', { name: 'Packr dashboard' }).waitFor();
    await screenshot(board, 'admin-queues-03-signed-out');
    await board.close();
  });

  it('an OPERATOR has no Queues link, and the board turns the browser away with a pointer to the dashboard', async () => {
    const { page } = session;
    await page.getByRole('button', { name: 'Sign out' }).click();
    await signIn(page, tenant.keys.operator);
    await page.getByRole('link', { name: 'GraphiQL ↗' }).waitFor();
    expect(await page.getByRole('link', { name: 'Queues ↗' }).count()).toBe(0);
    const res = await page.goto(`${stack.apiUrl}/admin/queues/`);
    expect(res?.status()).toBe(401);
    expect(await page.getByRole('heading', { name: 'Queue board' }).textContent()).toBe('Queue board');
  });

  it("an OWNER of a tenant that does not operate the deployment is told why, naming the setting", async () => {
    const { page } = session;
    await page.goto(`${stack.apiUrl}/`);
    await page.getByRole('button', { name: 'Sign out' }).click();
    await signIn(page, tenant.keys.owner);
    operators = [];
    try {
      await page.getByRole('link', { name: 'Queues ↗' }).click();
      const alert = page.getByRole('alert').filter({ hasText: 'Could not open the queue board' });
      await alert.waitFor({ timeout: 5_000 });
      expect(await alert.textContent()).toContain('ADMIN_QUEUE_TENANTS');
      // The tab opened for the board was closed again.
      await expect.poll(() => session.context.pages().length).toBe(1);
      await screenshot(page, 'admin-queues-06-refused-toast');
      await alert.getByRole('button', { name: 'Dismiss' }).click();
      expect(await alert.count()).toBe(0);
    } finally {
      operators = [tenant.threePLId];
    }
  });
});

describe('sync performance chart (browser)', () => {
  it('charts the backfill on the Integration tab, with a summary table, and passes axe', async () => {
    const { db } = await import('../../server/src/db.js');
    const integration = await db.brandIntegration.findUniqueOrThrow({ where: { brandId: tenant.brandA.id } });
    await expect.poll(() => db.syncRun.count({ where: { integrationId: integration.id, outcome: 'COMPLETED' } }), { timeout: 60_000 }).toBeGreaterThanOrEqual(6);
    const resources = (await db.syncRun.findMany({ where: { integrationId: integration.id }, distinct: ['resource'], select: { resource: true } })).length;

    const { page } = session;
    await page.goto(`${stack.apiUrl}/`);
    await page.getByRole('button', { name: 'Sign out' }).click();
    await signIn(page, tenant.keys.owner);
    await page.getByRole('link', { name: 'Board Brand A' }).click();
    await page.getByRole('link', { name: 'Integration' }).click();
    const chart = page.getByTestId('sync-run-chart');
    await chart.getByRole('heading', { name: 'Sync performance' }).waitFor({ timeout: 15_000 });
    await expect.poll(() => chart.getByTestId('sync-run-summary-row').count(), { timeout: 15_000 }).toBe(resources);
    expect(await chart.locator('.recharts-scatter-symbol').count()).toBeGreaterThan(0);
    await chart.scrollIntoViewIfNeeded();
    await chart.screenshot({ path: 'test-artifacts/screenshots/admin-queues-04-sync-chart.png' });

    expect(await axeViolations(page, '[data-testid="sync-run-chart"]')).toEqual([]);

    // The table of every attempt opens from the keyboard.
    await chart.getByText('Every attempt as a table').focus();
    await page.keyboard.press('Enter');
    await expect.poll(() => chart.getByRole('table', { name: 'Sync attempts' }).locator('tbody tr').count()).toBeGreaterThanOrEqual(6);
    await screenshot(page, 'admin-queues-05-integration-tab');
  });
});

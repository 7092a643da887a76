// Every screen of the dashboard under axe-core (WCAG 2.1 A and AA) in a real browser against the
// real stack: sign-in, the operations room (board, cross-brand lists, thresholds), the brands list,
// each brand tab, the order drawer with its history, the inventory detail, every write dialog and
// the integration settings. None may have a serious or
// critical finding. Then the keyboard alone: table rows open with Enter and Space, the drawer keeps
// focus inside and closes on Escape back to its row, the write forms are operable without a mouse.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { ensureClientBuilt } from '../build.js';
import { axeViolations } from './support/axe.js';
import { launchBrowser, screenshot, type BrowserSession } from './support/browser.js';
import { startStack, type Stack } from './support/stack.js';

let stack: Stack;
let session: BrowserSession;
let tenant: Awaited<ReturnType<typeof import('../../server/test/fixtures.js').makeTenant>>;

/** Serious and critical findings on the whole page (the dialogs are part of it when open). */
const axeFindings = (page: Page) => axeViolations(page, 'body', ['serious', 'critical']);

/** Connects a brand through Packr's REST API and the sandbox's Link authorization (what the Link modal does). */
async function connect(brandId: string, integrationName: string): Promise<void> {
  const api = `${stack.apiUrl}/api/brands/${brandId}/integrations/trackstar`;
  const headers = { authorization: `Bearer ${tenant.keys.owner}`, 'content-type': 'application/json' };
  const { linkToken } = (await (await fetch(`${api}/link-token`, { method: 'POST', headers })).json()) as { linkToken: string };
  const authorized = await fetch(`${stack.sandbox.url}/sandbox/link/authorize`, {
    method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ link_token: linkToken, integration_name: integrationName }),
  });
  const { auth_code } = (await authorized.json()) as { auth_code: string };
  const exchanged = await fetch(`${api}/exchange`, { method: 'POST', headers, body: JSON.stringify({ authCode: auth_code }) });
  if (exchanged.status !== 200) throw new Error(`exchange answered ${exchanged.status}: ${await exchanged.text()}`);
}

/** Products, inventory, orders, returns and inbound shipments synced (expect.poll is for tests, not hooks). */
async function waitForBackfill(brandId: string) {
  const { db } = await import('../../server/src/db.js');
  const deadline = Date.now() + 90_000;
  for (;;) {
    const counts = [
      await db.inventoryItem.count({ where: { brandId } }),
      await db.order.count({ where: { brandId } }),
      await db.return.count({ where: { brandId } }),
      await db.inboundShipment.count({ where: { brandId } }),
    ];
    if (counts[0] >= 30 && counts[1] >= 10 && counts[2] >= 1 && counts[3] >= 1) return;
    if (Date.now() > deadline) throw new Error(`backfill of brand ${brandId} not done after 90 s (inventory, orders, returns, inbound: ${counts.join(', ')})`);
    await new Promise((r) => setTimeout(r, 500));
  }
}

beforeAll(async () => {
  ensureClientBuilt();
  // A seed of its own: the sandbox derives connection ids from it, and they are unique in Packr's database.
  stack = await startStack({ sandbox: { seed: 43 } });
  const { makeTenant } = await import('../../server/test/fixtures.js');
  tenant = await makeTenant('A11y');
  await connect(tenant.brandA.id, 'sandbox');
  await waitForBackfill(tenant.brandA.id);
  session = await launchBrowser();
}, 240_000);

afterEach(async (ctx) => {
  if (ctx.task.result?.state === 'fail') await screenshot(session.page, `a11y-failed-${ctx.task.name.slice(0, 40).replace(/\W+/g, '-')}`);
});

afterAll(async () => {
  await session?.close();
  await stack?.stop();
});

async function signIn(page: Page, key: string) {
  await page.goto(`${stack.apiUrl}/`);
  await page.getByLabel('API key').or(page.getByRole('button', { name: 'Sign out' })).first().waitFor();
  if (!(await page.getByLabel('API key').isVisible())) await page.getByRole('button', { name: 'Sign out' }).click();
  await page.getByLabel('API key').fill(key);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('navigation', { name: 'Main' }).waitFor();
}

/** A brand page's address: the dashboard's routes carry the Relay global id (base64 of `Brand:<uuid>`). */
const brandUrl = (tab: string, brandId = tenant.brandA.id) => `${stack.apiUrl}/brands/${encodeURIComponent(Buffer.from(`Brand:${brandId}`).toString('base64'))}/${tab}`;

/** The name of the focused element: its accessible label, or its text. */
const focused = (page: Page) =>
  page.evaluate(() => {
    const el = document.activeElement as HTMLInputElement | null;
    return el ? el.getAttribute('aria-label') || el.labels?.[0]?.textContent?.trim() || el.textContent?.trim() || el.tagName : null;
  });

describe('accessibility: axe on every screen (browser)', () => {
  it('sign-in screen, empty and refused', async () => {
    const { page } = session;
    await page.goto(`${stack.apiUrl}/`);
    await page.getByLabel('API key').waitFor();
    expect(await axeFindings(page)).toEqual([]);
    await page.getByLabel('API key').fill('pk_AAAAAAAA_BBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBB');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('alert').waitFor();
    expect(await axeFindings(page)).toEqual([]);
  });

  it('brands list', async () => {
    const { page } = session;
    await signIn(page, tenant.keys.owner);
    await page.goto(`${stack.apiUrl}/brands`);
    await page.getByRole('link', { name: 'A11y Brand A' }).waitFor();
    await page.getByTestId('live-indicator').and(page.locator('[data-status="connected"]')).waitFor({ timeout: 10_000 });
    expect(await axeFindings(page)).toEqual([]);
  });

  it('inventory tab, its detail (warehouses, history chart, audit trail) and its write dialogs', async () => {
    const { page } = session;
    await page.goto(brandUrl('inventory'));
    await page.getByTestId('inventory-row').first().waitFor({ timeout: 15_000 });
    expect(await axeFindings(page)).toEqual([]);

    await page.getByTestId('inventory-row').first().getByRole('button', { name: /Details for/ }).click();
    await page.getByRole('heading', { name: 'By warehouse' }).waitFor();
    await page.getByRole('img', { name: /snapshots/ }).waitFor({ timeout: 10_000 });
    expect(await axeFindings(page)).toEqual([]);

    await page.getByTestId('adjust-stock').first().click();
    await page.getByTestId('adjust-stock-dialog').waitFor();
    expect(await axeFindings(page)).toEqual([]);
    await page.keyboard.press('Escape');
    await page.getByTestId('adjust-stock-dialog').waitFor({ state: 'detached' });

    await page.getByRole('button', { name: 'Import adjustments (CSV)' }).click();
    await page.getByRole('dialog').waitFor();
    expect(await axeFindings(page)).toEqual([]);
    await page.keyboard.press('Escape');
    await page.getByRole('dialog').waitFor({ state: 'detached' });
  });

  it('orders tab, the order drawer with its history, and the order dialogs', async () => {
    const { page } = session;
    await page.goto(brandUrl('orders'));
    await page.getByTestId('order-row').first().waitFor({ timeout: 15_000 });
    expect(await axeFindings(page)).toEqual([]);

    await page.getByRole('button', { name: 'New order' }).click();
    await page.getByTestId('new-order-dialog').waitFor();
    expect(await axeFindings(page)).toEqual([]);
    await page.keyboard.press('Escape');
    await page.getByTestId('new-order-dialog').waitFor({ state: 'detached' });

    await page.getByRole('button', { name: 'Import orders (CSV)' }).click();
    await page.getByRole('dialog').waitFor();
    expect(await axeFindings(page)).toEqual([]);
    await page.keyboard.press('Escape');
    await page.getByRole('dialog').waitFor({ state: 'detached' });

    const open = page.locator('[data-testid="order-row"]:not([data-status="CANCELLED"]):not([data-status="FULFILLED"])').first();
    await open.click();
    await page.getByRole('heading', { name: 'Line items' }).waitFor();
    await page.getByRole('heading', { name: 'History' }).waitFor({ timeout: 10_000 });
    expect(await axeFindings(page)).toEqual([]);
    const cancel = page.getByRole('button', { name: 'Cancel order…' });
    if (await cancel.count()) {
      await cancel.click();
      await page.getByTestId('cancel-order-dialog').waitFor();
      expect(await axeFindings(page)).toEqual([]);
      await page.keyboard.press('Escape');
      await page.getByTestId('cancel-order-dialog').waitFor({ state: 'detached' });
    }
    await page.keyboard.press('Escape');
    await page.getByRole('heading', { name: 'Line items' }).waitFor({ state: 'detached' });
  });

  it('returns and inbound tabs with their dialogs', async () => {
    const { page } = session;
    for (const [tab, button] of [['returns', 'New return'], ['inbound', 'New inbound shipment']] as const) {
      await page.goto(brandUrl(tab));
      await page.locator('tbody tr').first().waitFor({ timeout: 15_000 });
      expect(await axeFindings(page), tab).toEqual([]);
      await page.getByRole('button', { name: button }).click();
      await page.getByRole('dialog').waitFor();
      expect(await axeFindings(page), `${tab} dialog`).toEqual([]);
      await page.keyboard.press('Escape');
      await page.getByRole('dialog').waitFor({ state: 'detached' });
    }
  });

  it('integration tab with its health, sync runs, settings and disconnect confirmation', async () => {
    const { page } = session;
    await page.goto(brandUrl('integration'));
    await page.locator('[data-testid="sync-row"]').first().waitFor({ timeout: 15_000 });
    expect(await axeFindings(page)).toEqual([]);
    await page.getByRole('button', { name: 'Disconnect…' }).click();
    await page.getByRole('dialog').waitFor();
    expect(await axeFindings(page)).toEqual([]);
    await page.keyboard.press('Escape');
    await expect.poll(() => page.getByRole('dialog').count()).toBe(0);
  });

  it('the operations room: attention board with charts, cross-brand orders and inventory, thresholds', async () => {
    const { page } = session;
    await page.goto(`${stack.apiUrl}/`);
    await page.getByRole('heading', { name: 'Operations', level: 1 }).waitFor();
    await page.getByTestId('operations-charts').waitFor({ timeout: 15_000 });
    await page.locator('[data-testid="attention-row"], .state-empty').first().waitFor({ timeout: 15_000 });
    expect(await axeFindings(page)).toEqual([]);
    for (const [path, ready] of [['/orders', '[data-testid="order-row"]'], ['/inventory', '[data-testid="inventory-row"]']] as const) {
      await page.goto(`${stack.apiUrl}${path}`);
      await page.locator(ready).first().waitFor({ timeout: 15_000 });
      expect(await axeFindings(page), path).toEqual([]);
    }
    await page.goto(`${stack.apiUrl}/settings/attention`);
    await page.getByLabel('Late order window (hours)').waitFor({ timeout: 15_000 });
    expect(await axeFindings(page)).toEqual([]);
  });

  it('an unconnected brand and the page-not-found screen', async () => {
    const { page } = session;
    await page.goto(brandUrl('integration', tenant.brandB.id));
    await page.getByRole('button', { name: 'Connect WMS via Trackstar' }).waitFor({ timeout: 15_000 });
    expect(await axeFindings(page)).toEqual([]);
    await page.goto(brandUrl('orders', tenant.brandB.id));
    await page.locator('.state').first().waitFor({ timeout: 15_000 });
    expect(await axeFindings(page)).toEqual([]);
    await page.goto(`${stack.apiUrl}/no/such/page`);
    await page.getByText('Page not found').waitFor();
    expect(await axeFindings(page)).toEqual([]);
  });

  it('a brand viewer sees the same screens without write actions, and they pass too', async () => {
    const { page } = session;
    await signIn(page, tenant.keys.viewer);
    await page.goto(brandUrl('inventory'));
    await page.getByTestId('inventory-row').first().waitFor({ timeout: 15_000 });
    expect(await axeFindings(page)).toEqual([]);
    await page.goto(brandUrl('integration'));
    await page.locator('[data-testid="sync-row"]').first().waitFor({ timeout: 15_000 });
    expect(await axeFindings(page)).toEqual([]);
  });
});

describe('accessibility: the keyboard alone (browser)', () => {
  beforeAll(() => signIn(session.page, tenant.keys.owner));

  it('reaches an order row with Tab, opens it with Enter, keeps focus in the drawer, and Escape returns to the row', async () => {
    const { page } = session;
    await page.goto(brandUrl('orders'));
    const firstRow = page.getByTestId('order-row').first();
    await firstRow.waitFor({ timeout: 15_000 });
    const orderNumber = (await firstRow.getAttribute('data-order'))!;

    // Tab from the top of the page until the first row is focused (a bounded walk, no mouse).
    await page.locator('body').focus();
    let reached = false;
    for (let i = 0; i < 60 && !reached; i++) {
      await page.keyboard.press('Tab');
      reached = await page.evaluate((n) => document.activeElement?.closest('[data-testid="order-row"]')?.getAttribute('data-order') === n, orderNumber);
    }
    expect(reached).toBe(true);

    await page.keyboard.press('Enter');
    const drawer = page.getByRole('dialog', { name: `Order ${orderNumber}` });
    await drawer.waitFor();
    // Focus moved into the drawer, and Tab (forwards and backwards) never leaves it.
    expect(await drawer.evaluate((d) => d.contains(document.activeElement))).toBe(true);
    for (let i = 0; i < 25; i++) {
      await page.keyboard.press('Tab');
      expect(await drawer.evaluate((d) => d.contains(document.activeElement))).toBe(true);
    }
    for (let i = 0; i < 5; i++) {
      await page.keyboard.press('Shift+Tab');
      expect(await drawer.evaluate((d) => d.contains(document.activeElement))).toBe(true);
    }
    await page.keyboard.press('Escape');
    await drawer.waitFor({ state: 'detached' });
    expect(await page.evaluate(() => document.activeElement?.closest('[data-testid="order-row"]')?.getAttribute('data-order'))).toBe(orderNumber);

    // Space opens it as well.
    await page.keyboard.press(' ');
    await drawer.waitFor();
    await page.keyboard.press('Escape');
    await drawer.waitFor({ state: 'detached' });
  });

  it('opens an inventory detail from the keyboard and shows where focus is', async () => {
    const { page } = session;
    await page.goto(brandUrl('inventory'));
    const details = page.getByTestId('inventory-row').first().getByRole('button', { name: /Details for/ });
    await details.waitFor({ timeout: 15_000 });
    // Focus it the way a keyboard does (a programmatic focus after mouse use shows no ring, by design).
    await details.focus();
    await page.keyboard.press('Shift+Tab');
    await page.keyboard.press('Tab');
    expect(await focused(page)).toMatch(/^Details for /);
    // A visible focus indicator: an outline (or box-shadow ring) on the focused control.
    const ring = await details.evaluate((el) => {
      const s = getComputedStyle(el);
      return (s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) > 0) || s.boxShadow !== 'none';
    });
    expect(ring).toBe(true);
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { name: 'By warehouse' }).waitFor();
    expect(await details.getAttribute('aria-expanded')).toBe('true');
    await page.keyboard.press('Space');
    expect(await details.getAttribute('aria-expanded')).toBe('false');
  });

  it('fills the stock adjustment form with the keyboard only and closes it with Escape back to its button', async () => {
    const { page } = session;
    const adjust = page.getByTestId('adjust-stock').first();
    await adjust.focus();
    await page.keyboard.press('Enter');
    const dialog = page.getByTestId('adjust-stock-dialog');
    await dialog.waitFor();
    // Focus starts in the form, and Tab reaches every control in turn up to the submit button
    // without leaving the dialog (past its last control the browser's own UI may take focus).
    const names: string[] = [];
    for (let i = 0; i < 15 && !/^(Add|Remove) units$/.test(names[names.length - 1] ?? ''); i++) {
      if (i > 0) await page.keyboard.press('Tab');
      expect(await dialog.evaluate((d) => d.contains(document.activeElement))).toBe(true);
      names.push((await focused(page)) ?? '');
    }
    expect(names[0]).toMatch(/^Units/);
    expect(names.some((n) => /^Reason/.test(n))).toBe(true);
    expect(names[names.length - 1]).toMatch(/^(Add|Remove) units$/);
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'detached' });
    expect(await focused(page)).toMatch(/^Adjust stock of /);
  });
});

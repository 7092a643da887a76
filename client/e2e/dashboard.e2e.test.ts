// The dashboard in a real browser against the real stack (sandbox + API + workers, in-process).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { ensureClientBuilt } from '../build.js';
import { launchBrowser, screenshot, type BrowserSession } from './support/browser.js';
import { startStack, type Stack } from './support/stack.js';

let stack: Stack;
let session: BrowserSession;
let tenant: Awaited<ReturnType<typeof import('../../server/test/fixtures.js').makeTenant>>;

beforeAll(async () => {
  ensureClientBuilt();
  stack = await startStack();
  const { makeTenant } = await import('../../server/test/fixtures.js');
  tenant = await makeTenant('E2E');
  session = await launchBrowser();
}, 180_000);

afterAll(async () => {
  await session?.close();
  await stack?.stop();
});

async function signIn(page: Page, key: string) {
  await page.goto(`${stack.apiUrl}/brands`);
  await page.getByLabel('API key').fill(key);
  await page.getByRole('button', { name: 'Sign in' }).click();
}

/** PUT /wms/inventory/{id}/adjust on the sandbox for brand A's connection, as a WMS user would. */
const adjustInSandbox = (sku: string, quantity: number) => stack.adjustStock(tenant.brandA.id, sku, quantity);

describe('dashboard (browser)', () => {
  it('refuses a wrong key with a clear message', async () => {
    const { page } = session;
    await signIn(page, 'pk_AAAAAAAA_BBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBB');
    await expect.poll(() => page.getByRole('alert').textContent(), { timeout: 5_000 }).toBe('That API key is not valid');
    await screenshot(page, '01-sign-in-refused');
    expect(await page.evaluate(() => sessionStorage.getItem('packr.apiKey'))).toBeNull();
  });

  it('signs in and lists the brands of the 3PL with their integration status', async () => {
    const { page } = session;
    await signIn(page, tenant.keys.owner);
    await page.getByRole('heading', { name: 'Brands' }).waitFor();
    const rows = page.getByTestId('brand-row');
    await expect.poll(() => rows.count()).toBe(2);
    expect(await rows.first().textContent()).toContain('E2E Brand A');
    expect(await page.getByTestId('live-indicator').getAttribute('data-status')).toMatch(/connected|connecting/);
    await page.getByTestId('live-indicator').and(page.locator('[data-status="connected"]')).waitFor({ timeout: 5_000 });
    await screenshot(page, '02-brands');
  });

  it('connects a brand through the sandbox Link modal and watches the backfill fill the inventory table', async () => {
    const { page } = session;
    await page.getByRole('link', { name: 'E2E Brand A' }).click();
    await page.getByRole('link', { name: 'Integration' }).click();
    await page.getByRole('button', { name: 'Connect WMS via Trackstar' }).click();
    // The sandbox's Link modal (same contract as Trackstar's main.js).
    const modal = page.getByRole('dialog', { name: 'Connect your WMS' });
    await modal.waitFor();
    await screenshot(page, '03-link-modal');
    await modal.getByRole('button', { name: 'Connect sandbox' }).click();
    await modal.waitFor({ state: 'detached', timeout: 15_000 });
    await page.getByRole('button', { name: 'Disconnect…' }).waitFor({ timeout: 15_000 });
    await page.getByRole('link', { name: 'Inventory' }).click();
    // No reload, no navigation: the table fills from live events as the backfill lands.
    await expect.poll(() => page.getByTestId('inventory-row').count(), { timeout: 30_000 }).toBeGreaterThan(5);
    await screenshot(page, '04-inventory');
  });

  it('shows a sandbox inventory adjustment in the row without a reload', async () => {
    const { page } = session;
    await page.evaluate(() => ((window as unknown as { __sameDocument: boolean }).__sameDocument = true));
    const firstRow = page.getByTestId('inventory-row').first();
    const sku = (await firstRow.getAttribute('data-sku'))!;
    const before = Number(((await firstRow.locator('[data-col="onHand"]').textContent()) ?? '').replace(/,/g, ''));

    await adjustInSandbox(sku, 5);

    const row = page.locator(`[data-testid="inventory-row"][data-sku="${sku}"]`);
    await expect.poll(async () => Number(((await row.locator('[data-col="onHand"]').textContent()) ?? '').replace(/,/g, '')), { timeout: 2_000, interval: 50 }).toBe(before + 5);
    expect(await row.getAttribute('data-flash')).toBe('true');
    await screenshot(page, '05-inventory-live-update');
    expect(await page.evaluate(() => (window as unknown as { __sameDocument?: boolean }).__sameDocument)).toBe(true);
  });

  it('shows reconnecting when the socket drops, then replays the change it missed', async () => {
    const { page } = session;
    const row = page.getByTestId('inventory-row').nth(1);
    const sku = (await row.getAttribute('data-sku'))!;
    const onHand = async () => Number(((await row.locator('[data-col="onHand"]').textContent()) ?? '').replace(/,/g, ''));
    const before = await onHand();
    const { db } = await import('../../server/src/db.js');
    const changesBefore = await db.changeLog.count({ where: { brandId: tenant.brandA.id, kind: 'INVENTORY' } });

    const restore = stack.cutWebSockets();
    const indicator = page.getByTestId('live-indicator');
    await expect.poll(() => indicator.getAttribute('data-status'), { timeout: 5_000 }).toBe('reconnecting');
    await screenshot(page, '06-reconnecting');

    await adjustInSandbox(sku, 3);
    // The change is committed (and its notice published) while this browser is offline.
    await expect.poll(() => db.changeLog.count({ where: { brandId: tenant.brandA.id, kind: 'INVENTORY' } }), { timeout: 10_000 }).toBeGreaterThan(changesBefore);
    expect(await onHand()).toBe(before);

    restore();
    await expect.poll(() => indicator.getAttribute('data-status'), { timeout: 15_000 }).toBe('connected');
    // Resubscribed with afterSequence: the missed change is replayed into the row.
    await expect.poll(onHand, { timeout: 5_000 }).toBe(before + 3);
  });

  it('opens the per-warehouse breakdown and history of a SKU', async () => {
    const { page } = session;
    await page.getByTestId('inventory-row').first().getByRole('button', { name: /Details for/ }).click();
    await page.getByRole('heading', { name: 'By warehouse' }).waitFor();
    await page.getByRole('img', { name: /snapshots/ }).waitFor({ timeout: 5_000 });
    await screenshot(page, '07-inventory-expanded');
  });

  it('triggers a sync from the integration screen and sees it finish', async () => {
    const { page } = session;
    await page.getByRole('link', { name: 'Integration' }).click();
    const inventoryRow = page.locator('[data-testid="sync-row"][data-resource="INVENTORY"]');
    await inventoryRow.waitFor({ timeout: 15_000 });
    const { db } = await import('../../server/src/db.js');
    const before = await db.syncState.findFirstOrThrow({ where: { integration: { brandId: tenant.brandA.id }, resource: 'INVENTORY' } });
    await inventoryRow.getByRole('button', { name: 'Sync now' }).click();
    await expect
      .poll(async () => (await db.syncState.findFirstOrThrow({ where: { id: before.id } })).lastSucceededAt?.getTime() ?? 0, { timeout: 20_000 })
      .toBeGreaterThan(before.lastSucceededAt?.getTime() ?? 0);
    await expect.poll(() => inventoryRow.getAttribute('data-status'), { timeout: 10_000 }).toBe('SUCCEEDED');
    // Records: the total Packr holds, with the last run's count secondary (it may be 0 when quiet).
    const recordsCell = async () => {
      const stored = await db.inventoryItem.count({ where: { brandId: tenant.brandA.id } });
      const synced = (await db.syncState.findFirstOrThrow({ where: { id: before.id } })).recordsSynced;
      const shown = await inventoryRow.locator('[data-col="records"]').textContent();
      return shown === `${stored.toLocaleString('en-US')} (+${synced.toLocaleString('en-US')} last run)` ? 'matches' : shown;
    };
    await expect.poll(recordsCell, { timeout: 10_000 }).toBe('matches');
    await screenshot(page, '08-integration');
  });

  it('lists orders with a drawer of line items and shipments', async () => {
    const { page } = session;
    await page.getByRole('link', { name: 'Orders' }).click();
    await expect.poll(() => page.getByTestId('order-row').count(), { timeout: 20_000 }).toBeGreaterThan(0);
    await screenshot(page, '09-orders');
    await page.getByTestId('order-row').first().click();
    await page.getByRole('heading', { name: 'Line items' }).waitFor();
    await screenshot(page, '10-order-drawer');
    await page.keyboard.press('Escape');
  });

  it('shows an order cancelled in the WMS as cancelled, live', async () => {
    const { page } = session;
    const row = page.locator('[data-testid="order-row"]:not([data-status="CANCELLED"]):not([data-status="FULFILLED"])').first();
    const orderNumber = (await row.getAttribute('data-order'))!;
    const { db } = await import('../../server/src/db.js');
    const integration = await db.brandIntegration.findUniqueOrThrow({ where: { brandId: tenant.brandA.id } });
    const connection = stack.sandbox.connection(integration.connectionId!);
    const order = connection.data.orders.all().find((o) => o.order_number === orderNumber)!;
    const res = await fetch(`${stack.sandbox.url}/wms/orders/${order.id}/cancel`, {
      method: 'PUT',
      headers: { 'content-type': 'application/json', 'x-trackstar-api-key': stack.sandbox.apiKey, 'x-trackstar-access-token': connection.accessToken },
      body: '{}',
    });
    expect(res.status, await res.clone().text()).toBe(200);
    const same = page.locator(`[data-testid="order-row"][data-order="${orderNumber}"]`);
    await expect.poll(() => same.getAttribute('data-status'), { timeout: 10_000 }).toBe('CANCELLED');
    expect(await same.getByText('Cancelled').count()).toBe(1);
  });

  it('shows returns and inbound shipments in the same style', async () => {
    const { page } = session;
    await page.getByRole('link', { name: 'Returns' }).click();
    await page.locator('table, .state-empty').first().waitFor({ timeout: 10_000 });
    await screenshot(page, '11-returns');
    await page.getByRole('link', { name: 'Inbound' }).click();
    await page.getByRole('columnheader', { name: 'Purchase order' }).waitFor({ timeout: 10_000 });
    expect(await page.locator('tbody tr').count()).toBeGreaterThan(0);
    await screenshot(page, '12-inbound');
  });

  it('works on a tablet-width screen', async () => {
    const { page } = session;
    await page.setViewportSize({ width: 800, height: 1000 });
    await page.getByRole('link', { name: 'Inventory' }).click();
    await page.getByTestId('inventory-row').first().waitFor();
    await screenshot(page, '13-inventory-tablet');
    await page.goto(`${stack.apiUrl}/brands`);
    await page.getByTestId('brand-row').first().waitFor();
    await screenshot(page, '14-brands-tablet');
    await page.setViewportSize({ width: 1280, height: 860 });
  });

  it('signs out by itself when the key is revoked, and says why', async () => {
    const { page } = session;
    const { db } = await import('../../server/src/db.js');
    const { hashApiKey } = await import('../../server/src/auth/api-keys.js');
    await db.apiKey.update({ where: { hash: hashApiKey(tenant.keys.owner) }, data: { revokedAt: new Date() } });
    // Revoked outside the API (as another process would): the API's viewer cache may honour the key
    // for up to VIEWER_TTL_MS (1 s, server/src/auth/viewer.ts) before refusing it. A live event may
    // sign the page out before the reload (the server re-checks the key per event); the notice
    // survives the reload either way.
    await page.waitForTimeout(1_500);
    await page.reload();
    await page.getByLabel('API key').waitFor({ timeout: 10_000 });
    expect(await page.getByText('Your API key is no longer valid').count()).toBe(1);
    expect(await page.evaluate(() => sessionStorage.getItem('packr.apiKey'))).toBeNull();
    await screenshot(page, '15-signed-out');
  });
});


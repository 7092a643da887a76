// Records deleted in the WMS leave the dashboard live, in a real browser against the real stack:
// an order and a SKU are hard-deleted in the sandbox (no webhook says so); a full sync asked over
// REST finds them gone, and their rows leave the open Orders and Inventory tables at once, with a
// polite status line saying why. The Integration tab says which freshness clock it shows.
import { axeViolations } from './support/axe.js';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { ensureClientBuilt } from '../build.js';
import { launchBrowser, screenshot, type BrowserSession } from './support/browser.js';
import { startStack, type Stack } from './support/stack.js';

let stack: Stack;
let session: BrowserSession;
let tenant: Awaited<ReturnType<typeof import('../../server/test/fixtures.js').makeTenant>>;
let integrationId = '';
let connectionId = '';

beforeAll(async () => {
  ensureClientBuilt();
  // A seed of its own: the sandbox derives connection ids from it, and they are unique in Packr's database.
  stack = await startStack({ sandbox: { seed: 37 } });
  const { makeTenant } = await import('../../server/test/fixtures.js');
  tenant = await makeTenant('Deleted');
  session = await launchBrowser({ height: 1000 });
}, 240_000);

afterEach(async (ctx) => {
  if (ctx.task.result?.state === 'fail') await screenshot(session.page, `deletions-failed-${ctx.task.name.slice(0, 30).replace(/\W+/g, '-')}`);
});

afterAll(async () => {
  await session?.close();
  if (integrationId) {
    const { retireSync } = await import('../../server/test/support/sync-harness.js');
    await retireSync([integrationId]);
  }
  await stack?.stop();
});

async function signIn(page: Page, key: string) {
  await page.goto(`${stack.apiUrl}/brands`);
  await page.getByLabel('API key').fill(key);
  await page.getByRole('button', { name: 'Sign in' }).click();
}

/** A hard delete in the WMS, then the full sync an operator asks for over REST. */
async function deleteAndFullSync(resource: 'orders' | 'inventory', id: string) {
  const res = await fetch(`${stack.sandbox.url}/sandbox/connections/${connectionId}/records/${resource}/${encodeURIComponent(id)}`, {
    method: 'DELETE', headers: { 'x-trackstar-api-key': stack.sandbox.apiKey },
  });
  expect(res.status).toBe(200);
  const { encodeGlobalID } = await import('@pothos/plugin-relay');
  const sync = await fetch(`${stack.apiUrl}/api/brands/${encodeURIComponent(encodeGlobalID('Brand', tenant.brandA.id))}/integrations/trackstar/sync`, {
    method: 'POST',
    headers: { authorization: `Bearer ${tenant.keys.operator}`, 'content-type': 'application/json' },
    body: JSON.stringify({ functionsToSync: [resource === 'orders' ? 'get_orders' : 'get_inventory'], full: true }),
  });
  expect(sync.status).toBe(202);
}

describe('records deleted in the WMS (browser)', () => {
  it('an order leaves the open Orders table live, with a status line saying why', async () => {
    const { page } = session;
    await signIn(page, tenant.keys.owner);
    await page.getByRole('link', { name: 'Deleted Brand A' }).click();
    await page.getByRole('link', { name: 'Integration' }).click();
    await page.getByRole('button', { name: 'Connect WMS via Trackstar' }).click();
    const modal = page.getByRole('dialog', { name: 'Connect your WMS' });
    await modal.getByRole('button', { name: 'Connect sandbox' }).click();
    await modal.waitFor({ state: 'detached', timeout: 15_000 });
    const { db } = await import('../../server/src/db.js');
    const integration = await db.brandIntegration.findUniqueOrThrow({ where: { brandId: tenant.brandA.id } });
    integrationId = integration.id;
    connectionId = integration.connectionId!;
    await expect.poll(async () => (await db.syncState.findMany({ where: { integrationId } })).every((s) => s.backfillCompletedAt !== null), { timeout: 60_000 }).toBe(true);

    await page.getByRole('link', { name: 'Orders' }).click();
    const rows = page.getByTestId('order-row');
    await rows.first().waitFor({ timeout: 15_000 });
    const orderNumber = (await rows.nth(2).getAttribute('data-order'))!;
    const order = await db.order.findFirstOrThrow({ where: { brandId: tenant.brandA.id, orderNumber } });
    const before = await rows.count();

    await deleteAndFullSync('orders', order.externalId);
    await page.locator(`[data-testid="order-row"][data-order="${orderNumber}"]`).waitFor({ state: 'detached', timeout: 30_000 });
    expect(await rows.count()).toBe(before - 1);
    await expect.poll(() => page.getByTestId('removed-notice').textContent()).toBe(`Order ${orderNumber} was deleted in the WMS and left the list.`);
    expect((await db.order.findFirstOrThrow({ where: { id: order.id } })).deletedAt).not.toBeNull();
    await screenshot(page, 'deletions-orders');
    expect(await axeViolations(page, '.tab-panel')).toEqual([]);
  }, 120_000);

  it('a SKU leaves the open Inventory table live', async () => {
    const { page } = session;
    await page.getByRole('link', { name: 'Inventory' }).click();
    const rows = page.getByTestId('inventory-row');
    await rows.first().waitFor({ timeout: 15_000 });
    const sku = (await rows.nth(1).getAttribute('data-sku'))!;
    const { db } = await import('../../server/src/db.js');
    const item = await db.inventoryItem.findFirstOrThrow({ where: { brandId: tenant.brandA.id, sku } });

    await deleteAndFullSync('inventory', item.externalId);
    await page.locator(`[data-testid="inventory-row"][data-sku="${sku}"]`).waitFor({ state: 'detached', timeout: 30_000 });
    await expect.poll(() => page.getByTestId('removed-notice').textContent()).toBe(`SKU ${sku} was deleted in the WMS and left the list.`);
    expect(await axeViolations(page, '.tab-panel')).toEqual([]);
  }, 60_000);

  it('the Integration tab says which clock it shows and what the last check deleted', async () => {
    const { page } = session;
    await page.getByRole('link', { name: 'Integration' }).click();
    const orders = page.locator('[data-testid="sync-row"][data-resource="ORDERS"]');
    await orders.waitFor({ timeout: 15_000 });
    expect(await page.getByRole('columnheader', { name: 'Confirmed' }).count()).toBe(1);
    await expect.poll(() => orders.locator('[data-col="confirmed"]').textContent(), { timeout: 15_000 }).toMatch(/\((sync|webhook)\)$/);
    expect(await orders.locator('[data-col="records"]').textContent()).toMatch(/1 deleted in the WMS/);
    const header = await page.getByTestId('confirmed').allTextContents();
    expect(header.join(' ')).toMatch(/orders confirmed .+ \((sync|webhook)\)/);
    await screenshot(page, 'deletions-integration');
    expect(await axeViolations(page, 'table[aria-label="Sync state per resource"]')).toEqual([]);
  }, 60_000);
});

// The audit trail in the dashboard (real browser, real stack): an inventory item's detail row and
// the order drawer show the record's changes newest first, and a stock move in the sandbox (its
// webhook) appears in the open timeline without a reload, with before and after. axe finds no
// WCAG 2.1 AA violation in the timelines.
import { axeViolations } from './support/axe.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { encodeGlobalID } from '@pothos/plugin-relay';
import { ensureClientBuilt } from '../build.js';
import { launchBrowser, screenshot, type BrowserSession } from './support/browser.js';
import { startStack, type Stack } from './support/stack.js';

let stack: Stack;
let session: BrowserSession;
let tenant: Awaited<ReturnType<typeof import('../../server/test/fixtures.js').makeTenant>>;

beforeAll(async () => {
  ensureClientBuilt();
  // A seed of its own: the sandbox derives connection ids from it, and they are unique in Packr's database.
  stack = await startStack({ sandbox: { seed: 41 } });
  const { makeTenant, gql } = await import('../../server/test/fixtures.js');
  const { db } = await import('../../server/src/db.js');
  tenant = await makeTenant('AuditE2E');
  // Connected through the API (the Link flow has its own browser test); the workers backfill it.
  const brand = encodeGlobalID('Brand', tenant.brandA.id);
  const link = await gql(stack.apiUrl, 'mutation ($b: ID!) { createTrackstarLinkToken(brandId: $b) { linkToken } }', { b: brand }, tenant.keys.owner);
  const authorized = await fetch(`${stack.sandbox.url}/sandbox/link/authorize`, {
    method: 'POST', headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ link_token: link.body.data.createTrackstarLinkToken.linkToken, integration_name: 'sandbox' }),
  });
  const { auth_code: code } = (await authorized.json()) as { auth_code: string };
  const connected = await gql(stack.apiUrl, 'mutation ($b: ID!, $c: String!) { connectTrackstar(brandId: $b, authCode: $c) { id } }', { b: brand, c: code }, tenant.keys.owner);
  if (!connected.body.data?.connectTrackstar) throw new Error(`connect failed: ${JSON.stringify(connected.body.errors ?? connected.body)}`);
  const { waitFor } = await import('../../server/test/support/sync-harness.js');
  await waitFor('orders backfilled', async () => (await db.order.count({ where: { brandId: tenant.brandA.id } })) > 0);
  await waitFor('inventory backfilled', async () => (await db.inventoryItem.count({ where: { brandId: tenant.brandA.id } })) > 0);
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
  await page.getByRole('heading', { name: 'Brands' }).waitFor();
}

async function expectNoAxeViolations(page: Page, selector: string) {
  expect(await axeViolations(page, selector)).toEqual([]);
}

describe('audit history (browser)', () => {
  it('an inventory item shows its changes, and a webhook move appears live with before and after', async () => {
    const { page } = session;
    await signIn(page, tenant.keys.owner);
    await page.getByRole('link', { name: 'AuditE2E Brand A' }).click();
    await page.getByRole('link', { name: 'Inventory' }).click();
    const row = page.getByTestId('inventory-row').first();
    await row.waitFor({ timeout: 30_000 });
    const sku = (await row.getAttribute('data-sku'))!;
    const before = Number(((await row.locator('[data-col="onHand"]').textContent()) ?? '').replace(/,/g, ''));
    await row.getByRole('button', { name: /Details for/ }).click();

    const timeline = page.getByRole('list', { name: 'Changes' });
    await timeline.waitFor({ timeout: 10_000 });
    // The backfill created it: the oldest entry says so.
    await expect.poll(() => timeline.getByTestId('history-entry').last().textContent()).toMatch(/^created .* · sync · /);
    const entriesBefore = await timeline.getByTestId('history-entry').count();

    await stack.adjustStock(tenant.brandA.id, sku, 7);
    // Newest first, without a reload: the webhook's entry tops the list.
    await expect.poll(() => timeline.getByTestId('history-entry').count(), { timeout: 15_000 }).toBe(entriesBefore + 1);
    const newest = (await timeline.getByTestId('history-entry').first().textContent()) ?? '';
    expect(newest).toContain(`on hand ${before} → ${before + 7}`);
    expect(newest).toMatch(/ · webhook inventory\.\S+ · \d\d:\d\d:\d\d$/);
    await screenshot(page, 'audit-01-inventory-changes');
    await expectNoAxeViolations(page, '.timeline');
  }, 60_000);

  it('the order drawer shows the order\'s history', async () => {
    const { page } = session;
    await page.getByRole('link', { name: 'Orders' }).click();
    await expect.poll(() => page.getByTestId('order-row').count(), { timeout: 20_000 }).toBeGreaterThan(0);
    await page.getByTestId('order-row').first().click();
    const drawer = page.getByRole('dialog');
    const history = drawer.getByRole('list', { name: 'History' });
    await history.waitFor({ timeout: 10_000 });
    await expect.poll(() => history.getByTestId('history-entry').count()).toBeGreaterThan(0);
    expect(await history.getByTestId('history-entry').last().textContent()).toMatch(/^created .* · sync · /);
    await screenshot(page, 'audit-02-order-history');
    await expectNoAxeViolations(page, '.drawer .timeline');
  });
});

// The operations room in a real browser against the real stack (sandbox + API + workers): the home
// page shows the attention counts and items of the sandbox data across both brands; a SKU running
// low in the WMS appears on the board live and leaves it when restocked, without a reload; rows
// open the record's drawer with the mouse or the keyboard; the charts have text alternatives; the
// cross-brand orders and inventory lists show and filter by brand; a brand viewer sees only its
// brand; the thresholds editor saves; axe finds no serious or critical problem on any of them.
import { mkdirSync } from 'node:fs';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { ensureClientBuilt } from '../build.js';
import { axeViolations } from './support/axe.js';
import { launchBrowser, screenshot, type BrowserSession } from './support/browser.js';
import { startStack, type Stack } from './support/stack.js';

let stack: Stack;
let session: BrowserSession;
let tenant: Awaited<ReturnType<typeof import('../../server/test/fixtures.js').makeTenant>>;
const connections: Record<string, string> = {};

const SCREENS = '/work/notes/screens';
const axeFindings = (page: Page) => axeViolations(page, 'body', ['serious', 'critical']);
const shot = async (page: Page, name: string) => {
  mkdirSync(SCREENS, { recursive: true });
  await page.screenshot({ path: `${SCREENS}/${name}.png`, fullPage: true });
};

/** Connects a brand through Packr's REST API and the sandbox's Link authorization (what the Link modal does). */
async function connect(brandId: string): Promise<void> {
  const api = `${stack.apiUrl}/api/brands/${brandId}/integrations/trackstar`;
  const headers = { authorization: `Bearer ${tenant.keys.owner}`, 'content-type': 'application/json' };
  const { linkToken } = (await (await fetch(`${api}/link-token`, { method: 'POST', headers })).json()) as { linkToken: string };
  const authorized = await fetch(`${stack.sandbox.url}/sandbox/link/authorize`, {
    method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ link_token: linkToken, integration_name: 'sandbox' }),
  });
  const { auth_code } = (await authorized.json()) as { auth_code: string };
  const exchanged = await fetch(`${api}/exchange`, { method: 'POST', headers, body: JSON.stringify({ authCode: auth_code }) });
  if (exchanged.status !== 200) throw new Error(`exchange answered ${exchanged.status}: ${await exchanged.text()}`);
  const { db } = await import('../../server/src/db.js');
  connections[brandId] = (await db.brandIntegration.findUniqueOrThrow({ where: { brandId } })).connectionId!;
}

/** Inventory and orders synced, and the board computed once (expect.poll is for tests, not hooks). */
async function waitForBackfill(brandId: string) {
  const { db } = await import('../../server/src/db.js');
  const deadline = Date.now() + 120_000;
  for (;;) {
    const counts = [await db.inventoryItem.count({ where: { brandId } }), await db.order.count({ where: { brandId } }), await db.attentionItem.count({ where: { brandId } })];
    if (counts[0] >= 30 && counts[1] >= 10 && counts[2] >= 1) return;
    if (Date.now() > deadline) throw new Error(`backfill of brand ${brandId} not done after 120 s (inventory, orders, attention: ${counts.join(', ')})`);
    await new Promise((r) => setTimeout(r, 500));
  }
}

/** PUT /wms/inventory/{id}/adjust on the sandbox, as a warehouse worker would. */
async function adjust(brandId: string, itemId: string, warehouseId: string, quantity: number, type: 'increase' | 'decrease') {
  const connection = stack.sandbox.connection(connections[brandId]);
  const res = await fetch(`${stack.sandbox.url}/wms/inventory/${itemId}/adjust`, {
    method: 'PUT',
    headers: { 'content-type': 'application/json', 'x-trackstar-api-key': stack.sandbox.apiKey, 'x-trackstar-access-token': connection.accessToken },
    body: JSON.stringify({ quantity, adjustment_type: type, warehouse_id: warehouseId }),
  });
  if (res.status !== 200) throw new Error(`sandbox adjust answered ${res.status}: ${await res.text()}`);
}

beforeAll(async () => {
  ensureClientBuilt();
  // A seed of its own: the sandbox derives connection ids from it, and they are unique in Packr's database.
  stack = await startStack({ sandbox: { seed: 47 } });
  const { makeTenant } = await import('../../server/test/fixtures.js');
  tenant = await makeTenant('Ops');
  await connect(tenant.brandA.id);
  await connect(tenant.brandB.id);
  await waitForBackfill(tenant.brandA.id);
  await waitForBackfill(tenant.brandB.id);
  session = await launchBrowser({ height: 1000 });
}, 300_000);

afterEach(async (ctx) => {
  if (ctx.task.result?.state === 'fail') await screenshot(session.page, `operations-failed-${ctx.task.name.slice(0, 40).replace(/\W+/g, '-')}`);
});

afterAll(async () => {
  await session?.close();
  await stack?.stop();
});

async function signIn(page: Page, key: string, path = '/') {
  await page.goto(`${stack.apiUrl}${path}`);
  await page.getByLabel('API key').or(page.getByRole('button', { name: 'Sign out' })).first().waitFor();
  if (!(await page.getByLabel('API key').isVisible())) {
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.goto(`${stack.apiUrl}${path}`);
  }
  await page.getByLabel('API key').fill(key);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('navigation', { name: 'Main' }).waitFor();
}

/** The board's counts as the API gives them to the same key. */
async function apiCounts(key: string) {
  const res = await fetch(`${stack.apiUrl}/graphql`, {
    method: 'POST',
    headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
    body: JSON.stringify({ query: '{ attentionCounts { total byKind { kind count } byBrand { brand { name } count } } }' }),
  });
  return ((await res.json()) as { data: { attentionCounts: { total: number; byKind: { kind: string; count: number }[]; byBrand: { brand: { name: string }; count: number }[] } } }).data.attentionCounts;
}

const tileCount = (page: Page, kind: string) => page.locator(`[data-testid="attention-counts"] [data-kind="${kind}"]`).getAttribute('data-count').then(Number);

describe('operations room (browser)', () => {
  it('opens on the attention board: counts per kind and brand, the items, the charts, all accessible', async () => {
    const { page } = session;
    await signIn(page, tenant.keys.owner);
    await page.getByRole('heading', { name: 'Operations', level: 1 }).waitFor();
    await page.getByTestId('attention-row').first().waitFor({ timeout: 15_000 });
    const counts = await apiCounts(tenant.keys.owner);
    expect(counts.total).toBeGreaterThan(0);
    for (const { kind, count } of counts.byKind) await expect.poll(() => tileCount(page, kind)).toBe(count);
    // Both brands of the sandbox have items; the per-brand table names them.
    const byBrand = page.getByTestId('attention-by-brand');
    for (const b of counts.byBrand) expect(await byBrand.textContent()).toContain(b.brand.name);
    const shown = await page.getByTestId('attention-row').count();
    expect(shown).toBe(Math.min(50, counts.total));
    // Charts: three labelled images, each described by a sentence and backed by a table.
    const charts = page.getByTestId('operations-charts');
    await charts.waitFor({ timeout: 15_000 });
    expect(await charts.locator('[role="img"][aria-describedby]').count()).toBe(3);
    expect(await charts.getByRole('img', { name: 'Orders per day: shipped and late' }).getAttribute('aria-describedby')).toBeTruthy();
    expect(await charts.locator('table').count()).toBe(3);
    await page.locator('.recharts-surface').first().waitFor();
    await shot(page, 'ops-01-board');
    expect(await axeFindings(page)).toEqual([]);
  });

  it('shows a SKU running low in the WMS on the board live, and takes it off when restocked, without a reload', async () => {
    const { page } = session;
    await page.evaluate(() => ((window as unknown as { __sameDocument: boolean }).__sameDocument = true));
    await page.getByRole('button', { name: /Low stock/ }).click(); // the kind filter
    const { db } = await import('../../server/src/db.js');
    // A SKU of brand A held in one warehouse, well above the low-stock threshold (10), not on the board.
    const data = stack.sandbox.connection(connections[tenant.brandA.id]).data;
    const candidates = data.inventory.all().filter((i) => Object.keys(i.inventory_by_warehouse_id).length === 1 && (Object.values(i.inventory_by_warehouse_id)[0].fulfillable ?? 0) >= 25);
    expect(candidates.length).toBeGreaterThan(0);
    const target = candidates[0];
    const warehouseId = Object.keys(target.inventory_by_warehouse_id)[0];
    const stored = await db.inventoryItem.findFirstOrThrow({ where: { brandId: tenant.brandA.id, sku: target.sku } });
    const row = page.locator('[data-testid="attention-row"]', { hasText: `SKU ${target.sku}` });
    expect(await row.count()).toBe(0);
    const before = await tileCount(page, 'LOW_STOCK');

    await adjust(tenant.brandA.id, target.id, warehouseId, (target.inventory_by_warehouse_id[warehouseId].fulfillable ?? 0) - 2, 'decrease');
    await row.waitFor({ timeout: 20_000 });
    expect(await row.getAttribute('data-kind')).toBe('LOW_STOCK');
    await expect.poll(() => tileCount(page, 'LOW_STOCK'), { timeout: 10_000 }).toBe(before + 1);
    await shot(page, 'ops-02-low-stock-live');

    await adjust(tenant.brandA.id, target.id, warehouseId, 200, 'increase');
    await row.waitFor({ state: 'detached', timeout: 20_000 });
    await expect.poll(() => tileCount(page, 'LOW_STOCK'), { timeout: 10_000 }).toBe(before);
    expect(await page.evaluate(() => (window as unknown as { __sameDocument?: boolean }).__sameDocument)).toBe(true);
    expect((await db.inventoryItem.findUniqueOrThrow({ where: { id: stored.id } })).fulfillable).toBeGreaterThan(10);
    await page.getByRole('button', { name: /Low stock/ }).click();
  });

  it('opens the record of a row: an inventory item with Enter, an order with a click; Escape returns to the row', async () => {
    const { page } = session;
    const lowRow = page.locator('[data-testid="attention-row"][data-kind="LOW_STOCK"]').first();
    await lowRow.waitFor();
    await lowRow.getByRole('button').focus();
    await page.keyboard.press('Enter');
    const drawer = page.getByTestId('inventory-drawer');
    await drawer.waitFor();
    await drawer.getByRole('heading', { name: 'By warehouse' }).waitFor();
    expect(await drawer.evaluate((d) => d.contains(document.activeElement))).toBe(true);
    await shot(page, 'ops-03-inventory-drawer');
    expect(await axeFindings(page)).toEqual([]);
    await page.keyboard.press('Escape');
    await drawer.waitFor({ state: 'detached' });
    expect(await page.evaluate(() => document.activeElement?.closest('[data-testid="attention-row"]')?.getAttribute('data-kind'))).toBe('LOW_STOCK');

    const orderRow = page.locator('[data-testid="attention-row"][data-kind="LATE_ORDER"], [data-testid="attention-row"][data-kind="ORDER_EXCEPTION"]').first();
    if (await orderRow.count()) {
      const label = (await orderRow.getByRole('button').textContent())!;
      await orderRow.click();
      await page.getByRole('dialog', { name: label }).getByRole('heading', { name: 'Line items' }).waitFor();
      await page.keyboard.press('Escape');
      await page.getByRole('dialog', { name: label }).waitFor({ state: 'detached' });
    }
  });

  it('lists orders and inventory of every brand with a brand column, and filters them by brand', async () => {
    const { page } = session;
    await page.getByRole('navigation', { name: 'Operations sections' }).getByRole('link', { name: 'Orders' }).click();
    await page.getByRole('heading', { name: 'Orders', level: 1 }).waitFor();
    await page.getByTestId('order-row').first().waitFor({ timeout: 15_000 });
    const brandsShown = async () => new Set(await page.getByTestId('order-row').evaluateAll((rows) => rows.map((r) => r.children[1]?.textContent ?? '')));
    await expect.poll(async () => (await brandsShown()).size).toBe(2);
    expect(await axeFindings(page)).toEqual([]);
    await shot(page, 'ops-04-all-orders');
    await page.getByTestId('brand-filter').locator('summary').click();
    await page.getByTestId('brand-filter').getByLabel('Ops Brand B').check();
    await expect.poll(async () => [...(await brandsShown())]).toEqual(['Ops Brand B']);
    await page.keyboard.press('Escape');

    await page.getByRole('navigation', { name: 'Operations sections' }).getByRole('link', { name: 'Inventory' }).click();
    await page.getByRole('heading', { name: 'Inventory', level: 1 }).waitFor();
    await page.getByTestId('inventory-row').first().waitFor({ timeout: 15_000 });
    expect(await page.getByRole('columnheader', { name: 'Brand' }).count()).toBe(1);
    expect(await axeFindings(page)).toEqual([]);
    await shot(page, 'ops-05-all-inventory');
  });

  it('edits the attention thresholds (3PL defaults and a brand override) as an owner', async () => {
    const { page } = session;
    // Settings opens on its first section, the thresholds.
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Settings' }).click();
    await page.getByRole('heading', { name: 'Attention thresholds' }).waitFor();
    const late = page.getByLabel('Late order window (hours)');
    await late.waitFor();
    await late.fill('36');
    await page.getByRole('button', { name: 'Save thresholds' }).click();
    await page.getByText('Saved.').waitFor();
    expect(await axeFindings(page)).toEqual([]);
    await page.getByLabel('Settings for').selectOption({ label: 'Ops Brand A' });
    const low = page.getByLabel('Low-stock threshold (units)');
    await expect.poll(() => low.getAttribute('placeholder')).toMatch(/3PL default/);
    await low.fill('5');
    await page.getByRole('button', { name: 'Save thresholds' }).click();
    await page.getByText('Saved.').waitFor();
    await shot(page, 'ops-06-thresholds');
    const { db } = await import('../../server/src/db.js');
    await expect.poll(async () => (await db.brandAttentionSettings.findFirst({ where: { brandId: tenant.brandA.id } }))?.lowStockThreshold ?? null).toBe(5);
  });

  it('shows a brand viewer only the items of its brand', async () => {
    const { page } = session;
    await signIn(page, tenant.keys.viewer);
    await page.getByRole('heading', { name: 'Operations', level: 1 }).waitFor();
    await page.getByTestId('attention-row').first().waitFor({ timeout: 15_000 });
    const brands = await page.getByTestId('attention-row').evaluateAll((rows) => [...new Set(rows.map((r) => r.children[2]?.textContent ?? ''))]);
    expect(brands).toEqual(['Ops Brand A']);
    const counts = await apiCounts(tenant.keys.viewer);
    expect(counts.byBrand.map((b) => b.brand.name)).toEqual(['Ops Brand A']);
    expect(await page.getByTestId('attention-by-brand').textContent()).not.toContain('Ops Brand B');
    await shot(page, 'ops-07-viewer');
    expect(await axeFindings(page)).toEqual([]);
  });
});

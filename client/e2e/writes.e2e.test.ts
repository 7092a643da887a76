// WMS writes from the dashboard in a real browser against the real stack (sandbox + API + workers):
// an OPERATOR creates an order through the form and sees it in the list and in the sandbox, adjusts
// stock from an inventory row and sees the row change live, cancels an order after confirming, and
// meets Packr's and the WMS's refusals next to the fields concerned. A CSV of 1,000 orders imports
// with a result per order and a progress bar reaching 100 %; importing the same file again reports
// every order replayed and creates none. Actions the brand's WMS lacks say why; a brand viewer sees
// none. axe finds no serious or critical problem in the forms and the import screen.
import { axeViolations } from './support/axe.js';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { ensureClientBuilt } from '../build.js';
import { join } from 'node:path';
import { SCREENSHOTS, launchBrowser, screenshot, type BrowserSession } from './support/browser.js';
import { startStack, type Stack } from './support/stack.js';

/** Serious and critical axe findings (WCAG 2.1 A/AA) inside `selector`. */
const axeFindings = (page: Page, selector: string) => axeViolations(page, selector, ['serious', 'critical']);

let stack: Stack;
let session: BrowserSession;
let tenant: Awaited<ReturnType<typeof import('../../server/test/fixtures.js').makeTenant>>;
const pageErrors: string[] = [];

/** Connects a brand through Packr's REST API and the sandbox's Link authorization (what the Link modal does). */
async function connect(brandId: string, integrationName: string): Promise<string> {
  const api = `${stack.apiUrl}/api/brands/${brandId}/integrations/trackstar`;
  const headers = { authorization: `Bearer ${tenant.keys.owner}`, 'content-type': 'application/json' };
  const { linkToken } = (await (await fetch(`${api}/link-token`, { method: 'POST', headers })).json()) as { linkToken: string };
  const authorized = await fetch(`${stack.sandbox.url}/sandbox/link/authorize`, {
    method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ link_token: linkToken, integration_name: integrationName }),
  });
  const { auth_code } = (await authorized.json()) as { auth_code: string };
  const exchanged = await fetch(`${api}/exchange`, { method: 'POST', headers, body: JSON.stringify({ authCode: auth_code }) });
  expect(exchanged.status).toBe(200);
  const { db } = await import('../../server/src/db.js');
  return (await db.brandIntegration.findUniqueOrThrow({ where: { brandId } })).connectionId!;
}

/** Products, inventory and orders synced (expect.poll is for tests, not hooks). */
async function waitForBackfill(brandId: string) {
  const { db } = await import('../../server/src/db.js');
  const deadline = Date.now() + 60_000;
  for (;;) {
    const counts = [await db.product.count({ where: { brandId } }), await db.inventoryItem.count({ where: { brandId } }), await db.order.count({ where: { brandId } })];
    // 40 products and their items; of the 60 orders, those inside the 30-day backfill window.
    if (counts[0] >= 40 && counts[1] >= 30 && counts[2] >= 10) return;
    if (Date.now() > deadline) throw new Error(`backfill of brand ${brandId} not done after 60 s (products, inventory, orders: ${counts.join(', ')})`);
    await new Promise((r) => setTimeout(r, 500));
  }
}

let connectionA: string;
const sandboxA = () => stack.sandbox.connection(connectionA).data;

beforeAll(async () => {
  ensureClientBuilt();
  // A seed of its own: the sandbox derives connection ids from it, and they are unique in Packr's database.
  stack = await startStack({ sandbox: { seed: 29 } });
  const { makeTenant } = await import('../../server/test/fixtures.js');
  tenant = await makeTenant('Writes');
  connectionA = await connect(tenant.brandA.id, 'sandbox');
  // Brand B's WMS offers no stock adjustments (nor returns).
  await connect(tenant.brandB.id, 'shipbob-sim');
  await waitForBackfill(tenant.brandA.id);
  session = await launchBrowser();
  session.page.on('pageerror', (error) => pageErrors.push(error.message));
}, 240_000);

afterEach(async (ctx) => {
  if (ctx.task.result?.state !== 'fail') return;
  await screenshot(session.page, `writes-failed-${ctx.task.name.slice(0, 40).replace(/\W+/g, '-')}`);
  // A dialog left open would block the next test: start it from a fresh page (the session stays).
  await session.page.goto(`${stack.apiUrl}/`);
});

afterAll(async () => {
  await session?.close();
  await stack?.stop();
});

async function signIn(page: Page, key: string) {
  await page.goto(`${stack.apiUrl}/brands`);
  if (!(await page.getByLabel('API key').isVisible().catch(() => false))) {
    await page.getByRole('button', { name: 'Sign out' }).click();
  }
  await page.getByLabel('API key').fill(key);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('heading', { name: 'Brands' }).waitFor();
}

async function openTab(page: Page, brandName: string, tab: string) {
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Brands' }).click();
  await page.getByRole('link', { name: brandName }).click();
  await page.getByRole('link', { name: tab, exact: true }).click();
}

/** The viewport only: a modal dialog is what matters, not the page's full length behind it. */
const shot = (page: Page, name: string) => page.screenshot({ path: join(SCREENSHOTS, `${name}.png`) });

/** The focused element's name (inputs) or text (buttons). */
const focusedName = (page: Page) => page.evaluate(() => (document.activeElement as HTMLInputElement | null)?.name || document.activeElement?.textContent || null);

describe('WMS writes from the dashboard (browser)', () => {
  it('creates an order through the form: refusals next to their fields, then the order in the list and in the WMS', async () => {
    const { page } = session;
    await signIn(page, tenant.keys.operator);
    await openTab(page, 'Writes Brand A', 'Orders');
    await page.getByTestId('order-row').first().waitFor();
    const newOrder = page.getByRole('button', { name: 'New order' });
    await newOrder.click();
    const dialog = page.getByRole('dialog', { name: 'New order' });
    await dialog.waitFor();
    // Focus starts in the form, the page behind is inert.
    expect(await focusedName(page)).toBe('orderNumber');

    // Nothing filled in: the form's own checks, focus on the first field in error.
    await dialog.getByRole('button', { name: 'Create order' }).click();
    await expect.poll(() => dialog.getByLabel('Order number').getAttribute('aria-invalid')).toBe('true');
    expect(await focusedName(page)).toBe('orderNumber');
    expect(await dialog.getByTestId('write-errors').textContent()).toContain('Order number: Required');
    const describedBy = (await dialog.getByLabel('Order number').getAttribute('aria-describedby'))!;
    expect(await page.locator(`[id="${describedBy}"]`).textContent()).toBe('Required');

    const product = sandboxA().products.all().find((p) => p.sku && p.is_kit === false && p.active)!;
    await dialog.getByLabel('Order number').fill('E2E-FORM-1');
    await dialog.getByLabel('Address', { exact: true }).fill('1 Main St');
    await dialog.getByLabel('City').fill('Springfield');
    await dialog.getByLabel('State or region').fill('IL');
    await dialog.getByLabel('Postal code').fill('62701');
    await dialog.getByLabel('SKU').fill('NO-SUCH-SKU');
    await dialog.getByLabel('Quantity').fill('2');
    const key = (await dialog.getByTestId('idempotency-key').textContent())!.replace('Idempotency key ', '');
    expect(key).toMatch(/^packr-ui-[0-9a-f]{32}$/);
    // Packr's refusal (an unknown SKU) lands on the SKU field; nothing reached the WMS.
    await dialog.getByRole('button', { name: 'Create order' }).click();
    await expect.poll(() => dialog.getByLabel('SKU').getAttribute('aria-invalid')).toBe('true');
    expect(await dialog.getByTestId('write-errors').textContent()).toContain('No product with SKU NO-SUCH-SKU in this brand');
    expect(await focusedName(page)).toBe('lineItems.0.sku');
    expect(sandboxA().orders.all().some((o) => o.order_number === 'E2E-FORM-1')).toBe(false);
    expect(await axeFindings(page, '[data-testid="new-order-dialog"]')).toEqual([]);
    await shot(page, 'writes-01-new-order-refused');

    await dialog.getByLabel('SKU').fill(product.sku!);
    await dialog.getByRole('button', { name: 'Create order' }).click();
    const success = dialog.getByTestId('write-success');
    await success.waitFor({ timeout: 15_000 });
    // The refusal said nothing was done and the input changed: the corrected order went under a new key.
    const { pool } = await import('../../server/src/pg.js');
    const { rows: attempts } = await pool.query(`SELECT "idempotencyKey" AS key, outcome FROM wms_write WHERE "brandId" = $1 AND action = 'CREATE_ORDER' ORDER BY id`, [tenant.brandA.id]);
    expect(attempts).toEqual([{ key, outcome: 'REFUSED' }, { key: expect.stringMatching(/^packr-ui-[0-9a-f]{32}$/), outcome: 'SUCCEEDED' }]);
    expect(attempts[1].key).not.toBe(key);
    expect(await success.textContent()).toContain('Order E2E-FORM-1 was created in Sandbox');
    await shot(page, 'writes-02-new-order-created');
    const created = sandboxA().orders.all().filter((o) => o.order_number === 'E2E-FORM-1');
    expect(created).toHaveLength(1);
    expect(created[0].line_items.map((l) => [l.sku, l.quantity])).toEqual([[product.sku, 2]]);

    // In the list without a reload, and the success message opens it.
    await page.locator('[data-testid="order-row"][data-order="E2E-FORM-1"]').waitFor({ timeout: 10_000 });
    await dialog.getByRole('button', { name: 'Open order E2E-FORM-1' }).click();
    await page.getByRole('dialog', { name: 'Order E2E-FORM-1' }).waitFor();
  }, 120_000);

  it('cancels an order from the drawer after confirming; the drawer and the row follow live', async () => {
    const { page } = session;
    const drawer = page.getByRole('dialog', { name: 'Order E2E-FORM-1' });
    const cancel = drawer.getByRole('button', { name: 'Cancel order…' });
    await cancel.click();
    const confirm = page.getByRole('dialog', { name: 'Cancel order E2E-FORM-1?' });
    await confirm.waitFor();
    // The safe choice has focus; Escape closes only the confirmation, not the drawer behind it.
    expect(await focusedName(page)).toBe('Keep order');
    await page.keyboard.press('Escape');
    await confirm.waitFor({ state: 'detached' });
    await drawer.waitFor();
    expect(await cancel.evaluate((el) => el === document.activeElement)).toBe(true);
    expect(sandboxA().orders.all().find((o) => o.order_number === 'E2E-FORM-1')!.status).not.toBe('cancelled');

    await cancel.click();
    expect(await axeFindings(page, '[data-testid="cancel-order-dialog"]')).toEqual([]);
    await shot(page, 'writes-03-cancel-confirm');
    await confirm.getByRole('button', { name: 'Cancel order', exact: true }).click();
    await confirm.getByTestId('write-success').waitFor({ timeout: 15_000 });
    expect(await confirm.getByTestId('write-success').textContent()).toContain('Order E2E-FORM-1 is cancelled in Sandbox');
    expect(sandboxA().orders.all().find((o) => o.order_number === 'E2E-FORM-1')!.status).toBe('cancelled');
    await expect.poll(() => page.locator('[data-testid="order-row"][data-order="E2E-FORM-1"]').getAttribute('data-status'), { timeout: 10_000 }).toBe('CANCELLED');
    await shot(page, 'writes-04-cancelled');
    await confirm.getByRole('button', { name: 'Done' }).click();
    await expect.poll(() => drawer.getByText('Cancelled', { exact: true }).count(), { timeout: 10_000 }).toBeGreaterThan(0);
    expect(await drawer.getByRole('button', { name: 'Cancel order…' }).count()).toBe(0);
    await drawer.getByRole('button', { name: 'Close' }).click();
  }, 60_000);

  it('adjusts stock from an inventory row; the row updates live; the WMS refusing a decrease is shown verbatim', async () => {
    const { page } = session;
    await openTab(page, 'Writes Brand A', 'Inventory');
    const row = page.getByTestId('inventory-row').first();
    await row.waitFor();
    const sku = (await row.getAttribute('data-sku'))!;
    const onHand = async () => Number(((await row.locator('[data-col="onHand"]').textContent()) ?? '').replace(/,/g, ''));
    const before = await onHand();
    const item = sandboxA().inventory.all().find((i) => i.sku === sku)!;
    const onHandInWms = async () => sandboxA().inventory.all().find((i) => i.id === item.id)!.onhand;

    const adjust = row.getByRole('button', { name: `Adjust stock of ${sku}` });
    await adjust.click();
    const dialog = page.getByRole('dialog', { name: `Adjust stock: ${sku}` });
    await dialog.waitFor();
    expect(await focusedName(page)).toBe('quantity');
    const warehouse = dialog.getByLabel('Warehouse');
    if ((await warehouse.inputValue()) === '') await warehouse.selectOption({ index: 1 });
    await dialog.getByLabel('Units', { exact: true }).fill('7');
    await dialog.getByLabel('Reason (optional)').fill('E2E cycle count');
    expect(await axeFindings(page, '[data-testid="adjust-stock-dialog"]')).toEqual([]);
    await shot(page, 'writes-05-adjust-form');
    // The first answer is lost on its way back (Packr and the WMS did the write): the retry goes
    // out under the same key and is answered "already made", not made twice.
    let lost = 0;
    await page.route('**/graphql', async (route) => {
      if (lost > 0 || !route.request().postData()?.includes('AdjustInventoryWrite')) return route.fallback();
      lost++;
      await route.fetch();
      await route.abort('connectionreset');
    });
    await dialog.getByRole('button', { name: 'Add units' }).click();
    await expect.poll(() => dialog.getByTestId('write-errors').textContent(), { timeout: 15_000 }).toContain('No answer from Packr.');
    expect(await dialog.getByTestId('write-errors').textContent()).toContain('Sending again is safe');
    await shot(page, 'writes-05b-answer-lost');
    expect(await onHandInWms()).toBe(item.onhand + 7);
    await dialog.getByRole('button', { name: 'Try again' }).click();
    await dialog.getByTestId('write-success').waitFor({ timeout: 15_000 });
    await page.unroute('**/graphql');
    expect(await dialog.getByTestId('write-success').textContent()).toContain('This adjustment had already been made (the earlier attempt went through); it was not made twice.');
    expect(await dialog.getByTestId('write-success').textContent()).toContain(`On hand is now ${(before + 7).toLocaleString('en-US')}`);
    const { pool } = await import('../../server/src/pg.js');
    const { rows: attempts } = await pool.query(`SELECT "idempotencyKey" AS key, outcome, replayed FROM wms_write WHERE "brandId" = $1 AND action = 'ADJUST_INVENTORY' ORDER BY id`, [tenant.brandA.id]);
    expect(attempts).toEqual([{ key: attempts[0].key, outcome: 'SUCCEEDED', replayed: false }, { key: attempts[0].key, outcome: 'SUCCEEDED', replayed: true }]);
    // The row behind the dialog changed without a reload.
    await expect.poll(onHand, { timeout: 10_000 }).toBe(before + 7);
    expect(await onHandInWms()).toBe(item.onhand + 7);
    await shot(page, 'writes-06-adjusted');
    await dialog.getByRole('button', { name: 'Done' }).click();
    await dialog.waitFor({ state: 'detached' });
    expect(await adjust.evaluate((el) => el === document.activeElement)).toBe(true);

    // More than the warehouse holds: the WMS refuses, in its own words; nothing changes.
    await adjust.click();
    if ((await warehouse.inputValue()) === '') await warehouse.selectOption({ index: 1 });
    await dialog.getByLabel('Remove units').check();
    await dialog.getByLabel('Units', { exact: true }).fill('999999');
    await dialog.getByRole('button', { name: 'Remove units' }).click();
    const errors = dialog.getByTestId('write-errors');
    await errors.waitFor({ timeout: 15_000 });
    expect(await errors.textContent()).toMatch(/The WMS \(sandbox\) refused the write: Cannot decrease .* by 999999: only \d+ fulfillable in/);
    expect(await errors.evaluate((el) => el === document.activeElement)).toBe(true);
    expect(await axeFindings(page, '[data-testid="adjust-stock-dialog"]')).toEqual([]);
    await shot(page, 'writes-07-upstream-refusal');
    expect(await onHand()).toBe(before + 7);
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'detached' });
  }, 90_000);

  it('imports 1,000 orders from a CSV with a result per order; the same file again is all replayed, nothing created twice', async () => {
    const { page } = session;
    await openTab(page, 'Writes Brand A', 'Orders');
    const products = sandboxA().products.all().filter((p) => p.sku && p.active && !p.is_kit);
    const header = 'order_number,sku,quantity,unit_price,full_name,address1,city,state,postal_code,country';
    // 1,000 orders, every fifth with a second line on the next row.
    const lines = [header];
    for (let i = 0; i < 1000; i++) {
      const p = products[i % products.length];
      lines.push(`CSV-${String(i).padStart(4, '0')},${p.sku},${1 + (i % 3)},12.50,Buyer ${i},${i} Market St,Portland,OR,97201,US`);
      if (i % 5 === 0) lines.push(`CSV-${String(i).padStart(4, '0')},${products[(i + 1) % products.length].sku},1,,,,,,,`);
    }
    const file = { name: 'orders-1000.csv', mimeType: 'text/csv', buffer: Buffer.from(lines.join('\n')) };
    const inSandbox = () => sandboxA().orders.all().filter((o) => o.order_number.startsWith('CSV-')).length;

    await page.getByRole('button', { name: 'Import orders (CSV)' }).click();
    const dialog = page.getByRole('dialog', { name: 'Import orders from CSV' });
    await dialog.waitFor();
    await dialog.getByText('Columns of the file').click();
    expect(await axeFindings(page, '[data-testid="import-orders-dialog"]')).toEqual([]);
    await shot(page, 'writes-08-import-start');

    // A broken file first: every problem on its row, nothing sent.
    await dialog.getByLabel('CSV file').setInputFiles({ name: 'bad.csv', mimeType: 'text/csv', buffer: Buffer.from(`${header}\nCSV-X,${products[0].sku},lots,,A,1 St,X,Y,1,US\nCSV-Y,,1,,A,1 St,X,Y,1,US\n`) });
    const problems = dialog.getByTestId('import-problems');
    await problems.waitFor();
    expect(await problems.textContent()).toContain('Row 2, quantity: Must be a whole number from 1 to 1,000,000 (got "lots")');
    expect(await problems.textContent()).toContain("Row 3, sku: Required: the line's product SKU");
    expect(await axeFindings(page, '[data-testid="import-orders-dialog"]')).toEqual([]);
    await shot(page, 'writes-09-import-problems');

    await dialog.getByLabel('CSV file').setInputFiles(file);
    await dialog.getByTestId('import-ready').waitFor();
    expect(await dialog.getByTestId('import-ready').textContent()).toContain('1,200 rows, 1,000 orders ready to send');
    const started = Date.now();
    await dialog.getByTestId('import-start').click();
    const status = dialog.getByTestId('import-status');
    // Part-way: the first chunks answered (each of 100 rows waits on the write limit, longer on a loaded machine).
    await expect.poll(() => status.textContent(), { timeout: 90_000, interval: 250 }).toMatch(/answered \([1-9]\d?%\)/);
    expect(await axeFindings(page, '[data-testid="import-orders-dialog"]')).toEqual([]);
    await shot(page, 'writes-10-import-running');
    await expect.poll(() => status.textContent(), { timeout: 180_000, interval: 1_000 }).toContain('1,000 of 1,000 orders answered (100%)');
    const seconds = (Date.now() - started) / 1000;
    expect(await dialog.getByTestId('count-succeeded').textContent()).toBe('1,000');
    expect(await dialog.getByTestId('count-failed').textContent()).toBe('0');
    expect(await dialog.getByTestId('import-progress').evaluate((el: HTMLProgressElement) => [el.value, el.max])).toEqual([1000, 1000]);
    expect(await dialog.locator('[data-testid="import-result"][data-status="succeeded"]').count()).toBe(1000);
    expect(inSandbox()).toBe(1000);
    expect(sandboxA().orders.all().find((o) => o.order_number === 'CSV-0005')!.line_items).toHaveLength(2);
    await shot(page, 'writes-11-import-done');
    console.log(`1,000 orders imported through the dashboard in ${seconds.toFixed(1)} s`);

    // The same file again (say, after an interruption): every order answered from its key, none created.
    await dialog.getByRole('button', { name: 'Import another file' }).click();
    await dialog.getByLabel('CSV file').setInputFiles(file);
    await dialog.getByTestId('import-start').click();
    await expect.poll(() => status.textContent(), { timeout: 120_000, interval: 1_000 }).toContain('1,000 of 1,000 orders answered (100%)');
    expect(await dialog.getByTestId('count-replayed').textContent()).toBe('1,000');
    expect(await dialog.getByTestId('count-succeeded').textContent()).toBe('0');
    expect(inSandbox()).toBe(1000);
    const { db } = await import('../../server/src/db.js');
    expect(await db.order.count({ where: { brandId: tenant.brandA.id, orderNumber: { startsWith: 'CSV-' } } })).toBe(1000);
    await shot(page, 'writes-12-import-replayed');
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'detached' });
  }, 300_000);

  it('imports stock adjustments with per-row results and an error report for the rows the WMS refused', async () => {
    const { page } = session;
    await openTab(page, 'Writes Brand A', 'Inventory');
    const items = sandboxA().inventory.all().filter((i) => i.sku && i.active && Object.keys(i.inventory_by_warehouse_id).length > 0).slice(0, 3);
    // Each row names a warehouse holding the item: the first by name, the others by WMS id.
    const held = items.map((i) => sandboxA().warehouses.all().find((w) => w.id === Object.keys(i.inventory_by_warehouse_id)[0])!);
    const onhand = (id: string) => sandboxA().inventory.all().find((i) => i.id === id)!.onhand;
    const before = items.map((i) => onhand(i.id));
    const csv = ['sku,warehouse,quantity,reason', `${items[0].sku},${held[0].name},4,Found`, `${items[1].sku},${held[1].id},-999999,Too many`, `${items[2].sku},${held[2].id},2,Returned`].join('\n');

    await page.getByRole('button', { name: 'Import adjustments (CSV)' }).click();
    const dialog = page.getByRole('dialog', { name: 'Import adjustments from CSV' });
    await dialog.getByLabel('CSV file').setInputFiles({ name: 'counts.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) });
    await dialog.getByTestId('import-ready').waitFor({ timeout: 15_000 });
    await dialog.getByTestId('import-start').click();
    await expect.poll(() => dialog.getByTestId('import-status').textContent(), { timeout: 30_000 }).toContain('3 of 3 adjustments answered (100%)');
    expect(await dialog.getByTestId('count-succeeded').textContent()).toBe('2');
    expect(await dialog.getByTestId('count-failed').textContent()).toBe('1');
    const failed = dialog.locator('[data-testid="import-result"][data-status="failed"]');
    expect(await failed.textContent()).toMatch(/The WMS \(sandbox\) refused the write: Cannot decrease/);
    expect([onhand(items[0].id), onhand(items[1].id), onhand(items[2].id)]).toEqual([before[0] + 4, before[1], before[2] + 2]);
    const [download] = await Promise.all([page.waitForEvent('download'), dialog.getByTestId('error-report').click()]);
    const report = await (await download.createReadStream()).toArray();
    const text = Buffer.concat(report).toString('utf8');
    expect(text.replace(/^\uFEFF/, '').split('\r\n')[0]).toBe('sku,warehouse,quantity,reason,idempotency_key,result,error');
    expect(text).toContain(`${items[1].sku},${held[1].id},-999999,Too many,packr-csv-adjust-`);
    expect(await axeFindings(page, '[data-testid="import-adjustments-dialog"]')).toEqual([]);
    await shot(page, 'writes-13-adjustments-imported');
    await page.keyboard.press('Escape');
  }, 90_000);

  it('creates an inbound shipment and a return through their forms; each is listed after', async () => {
    const { page } = session;
    await openTab(page, 'Writes Brand A', 'Inbound');
    await page.getByRole('button', { name: 'New inbound shipment' }).click();
    const inbound = page.getByRole('dialog', { name: 'New inbound shipment' });
    await inbound.waitFor();
    const sku = sandboxA().inventory.all().find((i) => i.sku && i.active)!.sku!;
    await inbound.getByLabel('Purchase order').fill('PO-E2E-1');
    await inbound.getByLabel('Supplier').fill('Acme Supply');
    const warehouse = inbound.getByLabel('Warehouse');
    if ((await warehouse.inputValue()) === '') await warehouse.selectOption({ index: 1 });
    await inbound.getByLabel('Expected arrival').fill('2027-01-15');
    await inbound.getByLabel('Tracking number').fill('1Z-E2E');
    await inbound.getByLabel('SKU').fill(sku);
    await inbound.getByLabel('Units').fill('12');
    expect(await axeFindings(page, '[data-testid="new-inbound-dialog"]')).toEqual([]);
    await shot(page, 'writes-15-new-inbound');
    await inbound.getByRole('button', { name: 'Create inbound shipment' }).click();
    await inbound.getByTestId('write-success').waitFor({ timeout: 15_000 });
    const asn = sandboxA().inbound_shipments.all().find((s) => s.purchase_order_number === 'PO-E2E-1')!;
    expect(asn.line_items.map((l) => [l.sku, l.expected_quantity])).toEqual([[sku, 12]]);
    await inbound.getByRole('button', { name: 'Back to inbound shipments' }).click();
    await page.getByRole('cell', { name: 'PO-E2E-1' }).waitFor({ timeout: 10_000 });

    await openTab(page, 'Writes Brand A', 'Returns');
    await page.getByRole('button', { name: 'New return' }).click();
    const ret = page.getByRole('dialog', { name: 'New return' });
    // A shipped order Packr holds (the backfill loads the last 30 days).
    const { db } = await import('../../server/src/db.js');
    const local = await db.order.findFirstOrThrow({ where: { brandId: tenant.brandA.id, status: 'FULFILLED' }, orderBy: { updatedAtRemote: 'desc' } });
    const order = sandboxA().orders.all().find((o) => o.order_number === local.orderNumber)!;
    await ret.getByLabel('Order number (optional)').fill(order.order_number);
    await ret.getByRole('button', { name: 'Fill lines from the order' }).click();
    await expect.poll(() => ret.getByLabel('SKU').first().inputValue()).toBe(order.line_items[0].sku);
    expect(await axeFindings(page, '[data-testid="new-return-dialog"]')).toEqual([]);
    await shot(page, 'writes-16-new-return');
    await ret.getByRole('button', { name: 'Create return' }).click();
    await ret.getByTestId('write-success').waitFor({ timeout: 15_000 });
    const created = sandboxA().returns.all().filter((r) => r.order_id === order.id);
    expect(created).toHaveLength(1);
    await ret.getByRole('button', { name: 'Back to returns' }).click();
    await page.getByRole('cell', { name: created[0].id }).waitFor({ timeout: 10_000 });
  }, 60_000);

  it("explains actions the brand's WMS lacks, naming it; a brand viewer gets no write actions", async () => {
    const { page } = session;
    await openTab(page, 'Writes Brand B', 'Inventory');
    const importButton = page.getByRole('button', { name: 'Import adjustments (CSV)' });
    await importButton.waitFor();
    await expect.poll(() => importButton.getAttribute('aria-disabled')).toBe('true');
    const note = await page.getByTestId('write-unavailable').textContent();
    expect(note).toBe("Shipbob-sim (this brand's WMS) does not offer stock adjustments through Trackstar (adjust_inventory).");
    // Still reachable by keyboard (so the reason is found), but it opens nothing.
    await importButton.focus();
    await page.keyboard.press('Enter');
    expect(await page.getByRole('dialog').count()).toBe(0);
    expect(await page.getByTestId('adjust-stock').count()).toBe(0);
    await shot(page, 'writes-14-not-offered');

    await signIn(page, tenant.keys.viewer);
    await openTab(page, 'Writes Brand A', 'Orders');
    await page.getByTestId('order-row').first().waitFor();
    expect(await page.getByRole('button', { name: 'New order' }).count()).toBe(0);
    await openTab(page, 'Writes Brand A', 'Inventory');
    await page.getByTestId('inventory-row').first().waitFor();
    expect(await page.getByTestId('adjust-stock').count()).toBe(0);
    expect(pageErrors).toEqual([]);
  }, 60_000);
});

// Alerts and outbound webhooks in a real browser against the real stack (sandbox + API + workers):
// the bell counts unread alerts and opens a keyboard-operable panel; "Mark all read" clears the
// badge; a SKU running low in the WMS opens an alert that reaches the bell live, without a reload.
// '/alerts' filters by state. Settings → Alerts saves thresholds and switches (they survive a
// reload), shows a field's error from the API, and a brand's override goes back to the 3PL's
// setting. Settings → Webhooks registers an endpoint on a receiver started here (its secret shown
// once), sends a test event the receiver verifies with the svix library, and the delivery log
// shows it succeeded with a 200 try. An operator reads the rules without controls; a brand viewer
// sees no Webhooks. axe finds no serious or critical problem on any of these screens.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Webhook } from 'svix';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { ensureClientBuilt } from '../build.js';
import { axeViolations } from './support/axe.js';
import { SCREENSHOTS, launchBrowser, screenshot, type BrowserSession } from './support/browser.js';
import { startStack, type Stack } from './support/stack.js';

let stack: Stack;
let session: BrowserSession;
let tenant: Awaited<ReturnType<typeof import('../../server/test/fixtures.js').makeTenant>>;
let connectionId: string;
/** Brand A's global id, as the API and the dashboard's URLs name it. */
let brandAId: string;

const axeFindings = (page: Page) => axeViolations(page, 'body', ['serious', 'critical']);
const shot = (page: Page, name: string) => screenshot(page, `alerts-${name}`);

/** GraphQL over HTTP with a key, as any API client would. */
async function api<T = any>(key: string, query: string, variables: Record<string, unknown> = {}): Promise<T> {
  const res = await fetch(`${stack.apiUrl}/graphql`, { method: 'POST', headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' }, body: JSON.stringify({ query, variables }) });
  const body = (await res.json()) as { data?: T; errors?: { message: string }[] };
  if (body.errors?.length) throw new Error(`GraphQL error: ${body.errors.map((e) => e.message).join('; ')}`);
  return body.data!;
}

/** Connects brand A through Packr's REST API and the sandbox's Link authorization (what the Link modal does). */
async function connect(brandId: string): Promise<string> {
  const base = `${stack.apiUrl}/api/brands/${brandId}/integrations/trackstar`;
  const headers = { authorization: `Bearer ${tenant.keys.owner}`, 'content-type': 'application/json' };
  const { linkToken } = (await (await fetch(`${base}/link-token`, { method: 'POST', headers })).json()) as { linkToken: string };
  const authorized = await fetch(`${stack.sandbox.url}/sandbox/link/authorize`, {
    method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ link_token: linkToken, integration_name: 'sandbox' }),
  });
  const { auth_code } = (await authorized.json()) as { auth_code: string };
  const exchanged = await fetch(`${base}/exchange`, { method: 'POST', headers, body: JSON.stringify({ authCode: auth_code }) });
  if (exchanged.status !== 200) throw new Error(`exchange answered ${exchanged.status}: ${await exchanged.text()}`);
  const { db } = await import('../../server/src/db.js');
  return (await db.brandIntegration.findUniqueOrThrow({ where: { brandId } })).connectionId!;
}

/** Waits (in a hook: expect.poll is for tests) until `check` gives true, or fails naming `what`. */
async function waitUntil(what: string, check: () => Promise<boolean>, ms = 120_000) {
  const deadline = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`${what}: not after ${ms / 1000} s`);
    await new Promise((r) => setTimeout(r, 500));
  }
}

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

const bellName = (page: Page) => page.getByTestId('alert-bell').getAttribute('aria-label');

/** A receiver for outbound webhooks: verifies each request with the svix library, as a customer would. */
type Received = { verified: boolean; type?: string; body: string };
let receiver: Server;
let receiverUrl: string;
let receiverSecret: string | null = null;
const received: Received[] = [];

beforeAll(async () => {
  ensureClientBuilt();
  // A seed of its own: the sandbox derives connection ids from it, and they are unique in Packr's database.
  stack = await startStack({ sandbox: { seed: 59 } });
  const { makeTenant } = await import('../../server/test/fixtures.js');
  tenant = await makeTenant('Alerts');
  connectionId = await connect(tenant.brandA.id);
  const { db } = await import('../../server/src/db.js');
  const brandId = tenant.brandA.id;
  await waitUntil('backfill of brand A (inventory, orders, attention board)', async () =>
    (await db.inventoryItem.count({ where: { brandId } })) >= 30 && (await db.order.count({ where: { brandId } })) >= 10 && (await db.attentionItem.count({ where: { brandId, kind: 'LATE_ORDER' } })) >= 1);
  // The sandbox's orders for this seed include a few late ones, under the default threshold (10):
  // one late order is enough from now on, so an alert is open when the owner first looks.
  await api(tenant.keys.owner, 'mutation($input: UpdateAlertRuleInput!) { updateAlertRule(input: $input) { threshold } }', { input: { kind: 'LATE_ORDERS', threshold: 1 } });
  brandAId = (await api<{ brands: { id: string; name: string }[] }>(tenant.keys.owner, '{ brands { id name } }')).brands.find((b) => b.name === 'Alerts Brand A')!.id;
  await waitUntil('the LATE_ORDERS alert of brand A', async () => (await db.alert.count({ where: { brandId, kind: 'LATE_ORDERS', resolvedAt: null } })) === 1, 30_000);

  receiver = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      try {
        if (!receiverSecret) throw new Error('no secret yet');
        new Webhook(receiverSecret).verify(body, req.headers as Record<string, string>);
        received.push({ verified: true, type: (JSON.parse(body) as { type?: string }).type, body });
        res.writeHead(200, { 'content-type': 'text/plain' }).end('ok');
      } catch {
        received.push({ verified: false, body });
        res.writeHead(400).end('bad signature');
      }
    });
  });
  await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
  receiverUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hooks/packr`;
  session = await launchBrowser({ height: 1000 });
}, 300_000);

afterEach(async (ctx) => {
  if (ctx.task.result?.state === 'fail') await shot(session.page, `failed-${ctx.task.name.slice(0, 40).replace(/\W+/g, '-')}`);
});

afterAll(async () => {
  await session?.close();
  if (receiver) await new Promise((r) => receiver.close(r));
  await stack?.stop();
});

describe('alerts (browser)', () => {
  it('the bell counts unread alerts, opens a panel by keyboard, marks all read, and shows a new alert live', async () => {
    const { page } = session;
    const { db } = await import('../../server/src/db.js');
    // Brand A's LOW_STOCK rule one SKU above what is low now (an override, for the settings test
    // below): the next SKU running low opens it.
    const low = await db.attentionItem.count({ where: { brandId: tenant.brandA.id, kind: 'LOW_STOCK' } });
    await api(tenant.keys.owner, 'mutation($input: UpdateAlertRuleInput!) { updateAlertRule(input: $input) { threshold overridden } }', {
      input: { kind: 'LOW_STOCK', brandId: brandAId, threshold: low + 1 },
    });
    expect(await db.alert.count({ where: { brandId: tenant.brandA.id, kind: 'LOW_STOCK', resolvedAt: null } })).toBe(0);

    await signIn(page, tenant.keys.owner);
    await page.getByRole('heading', { name: 'Operations', level: 1 }).waitFor();
    const bell = page.getByTestId('alert-bell');
    await expect.poll(() => bellName(page), { timeout: 15_000 }).toMatch(/^Alerts, \d+ unread$/);
    const unread = Number(await bell.getAttribute('data-unread'));
    expect(unread).toBeGreaterThan(0);
    expect(await bell.locator('.bell-badge').textContent()).toBe(String(Math.min(unread, 99)));
    await page.locator('header.topbar').screenshot({ path: `${SCREENSHOTS}/alerts-00-topbar.png` });

    // Keyboard: Enter opens the panel with focus inside; Escape closes it and focus returns to the bell.
    await bell.focus();
    await page.keyboard.press('Enter');
    const panel = page.getByRole('dialog', { name: 'Alerts' });
    await panel.waitFor();
    expect(await bell.getAttribute('aria-expanded')).toBe('true');
    await expect.poll(() => panel.evaluate((p) => p.contains(document.activeElement))).toBe(true);
    await panel.getByTestId('alert-entry').first().waitFor();
    const summary = (await api(tenant.keys.owner, '{ alertSummary { open unread } }')).alertSummary;
    expect(await panel.getByTestId('alert-panel-counts').textContent()).toBe(`${summary.open} open · ${summary.unread} unread`);
    // Open alerts come first, each naming its brand.
    const states = await panel.getByTestId('alert-entry').evaluateAll((els) => els.map((e) => e.getAttribute('data-state')));
    expect(states.indexOf('resolved') === -1 || states.lastIndexOf('open') < states.indexOf('resolved')).toBe(true);
    expect(await panel.getByTestId('alert-entry').first().textContent()).toContain('Alerts Brand A');
    await shot(page, '01-bell-panel');
    expect(await axeFindings(page)).toEqual([]);
    await page.keyboard.press('Escape');
    await panel.waitFor({ state: 'detached' });
    expect(await page.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe('alert-bell');

    // Space opens it too; "Mark all read" clears the badge.
    await page.keyboard.press('Space');
    await panel.waitFor();
    await panel.getByRole('button', { name: 'Mark all read' }).click();
    await expect.poll(() => bellName(page)).toBe('Alerts, none unread');
    expect(await bell.locator('.bell-badge').count()).toBe(0);
    expect(await panel.locator('[data-testid="alert-entry"][data-unread="true"]').count()).toBe(0);
    expect((await api(tenant.keys.owner, '{ alertSummary { unread } }')).alertSummary.unread).toBe(0);
    await page.keyboard.press('Escape');

    // A SKU of brand A, well stocked in one warehouse, runs low in the WMS: the alert opens and the bell shows it, no reload.
    await page.evaluate(() => ((window as unknown as { __sameDocument: boolean }).__sameDocument = true));
    const data = stack.sandbox.connection(connectionId).data;
    const target = data.inventory.all().find((i) => Object.keys(i.inventory_by_warehouse_id).length === 1 && (Object.values(i.inventory_by_warehouse_id)[0].fulfillable ?? 0) >= 25)!;
    expect(target).toBeTruthy();
    const warehouseId = Object.keys(target.inventory_by_warehouse_id)[0];
    const res = await fetch(`${stack.sandbox.url}/wms/inventory/${target.id}/adjust`, {
      method: 'PUT',
      headers: { 'content-type': 'application/json', 'x-trackstar-api-key': stack.sandbox.apiKey, 'x-trackstar-access-token': stack.sandbox.connection(connectionId).accessToken },
      body: JSON.stringify({ quantity: (target.inventory_by_warehouse_id[warehouseId].fulfillable ?? 0) - 2, adjustment_type: 'decrease', warehouse_id: warehouseId }),
    });
    expect(res.status).toBe(200);
    await expect.poll(() => bellName(page), { timeout: 30_000 }).toMatch(/^Alerts, [1-9]\d* unread$/);
    await expect.poll(() => page.getByTestId('alert-announcer').textContent()).toMatch(/^New alert for Alerts Brand A: Alerts Brand A: .*low/i);
    expect(await page.evaluate(() => (window as unknown as { __sameDocument?: boolean }).__sameDocument)).toBe(true);
    await bell.click();
    const fresh = panel.locator('[data-testid="alert-entry"][data-kind="LOW_STOCK"][data-state="open"][data-unread="true"]');
    await fresh.waitFor();
    await shot(page, '02-bell-live-alert');
    // The alert leads to the brand's inventory.
    await fresh.getByRole('link').click();
    await panel.waitFor({ state: 'detached' });
    await expect.poll(() => new URL(page.url()).pathname).toBe(`/brands/${brandAId}/inventory`);
  }, 120_000);

  it('lists every alert on /alerts, filtered by state', async () => {
    const { page } = session;
    await page.getByTestId('alert-bell').click();
    await page.getByRole('dialog', { name: 'Alerts' }).getByRole('link', { name: 'All alerts' }).click();
    await page.getByRole('heading', { name: 'Alerts', level: 1 }).waitFor();
    await page.getByTestId('alert-row').first().waitFor();
    const group = page.getByRole('group', { name: 'Show alerts' });
    expect(await group.getByRole('button', { name: 'Open' }).getAttribute('aria-pressed')).toBe('true');
    const shownStates = () => page.getByTestId('alert-row').evaluateAll((rows) => [...new Set(rows.map((r) => r.getAttribute('data-state')))]);
    expect(await shownStates()).toEqual(['open']);
    const open = (await api(tenant.keys.owner, '{ alerts(status: OPEN, first: 100) { edges { node { id } } } }')).alerts.edges.length;
    expect(await page.getByTestId('alert-row').count()).toBe(Math.min(open, 25));
    await shot(page, '03-alerts-page');
    expect(await axeFindings(page)).toEqual([]);
    await group.getByRole('button', { name: 'All' }).click();
    await expect.poll(async () => (await page.getByTestId('alert-row').count()) >= Math.min(open, 25)).toBe(true);
    // Brand B has no connection, so nothing: the brand filter narrows to it and the list is empty.
    await page.getByTestId('brand-filter').locator('summary').click();
    await page.getByTestId('brand-filter').getByLabel('Alerts Brand B').check();
    await page.getByText('No alerts', { exact: true }).waitFor();
    await page.getByTestId('brand-filter').getByRole('button', { name: 'All brands' }).click();
    await page.getByTestId('alert-row').first().waitFor();
  });

  it('Settings → Alerts: thresholds and switches persist, a field error shows, a brand override returns to the 3PL setting', async () => {
    const { page } = session;
    await openSettings(page, 'Alert rules');
    await page.getByRole('heading', { name: 'Alert rules', level: 1 }).waitFor();
    const late = page.getByLabel('Late orders threshold (orders)');
    await late.waitFor();
    await late.fill('25');
    await page.getByRole('button', { name: 'Save Late orders threshold' }).click();
    await page.getByText('Late orders: threshold saved.').waitFor();
    const syncSwitch = page.getByRole('switch', { name: 'Sync stalled: alert on' });
    expect(await syncSwitch.isChecked()).toBe(true);
    await syncSwitch.click();
    await expect.poll(() => page.locator('[data-testid="alert-rule"][data-kind="SYNC_STALLED"]').getAttribute('data-enabled')).toBe('false');
    // Out of range: the API's message shows next to the field.
    const stale = page.getByLabel('Stale data threshold (minutes)');
    await stale.fill('1');
    await page.getByRole('button', { name: 'Save Stale data threshold' }).click();
    await expect.poll(() => stale.getAttribute('aria-invalid')).toBe('true');
    const describedBy = (await stale.getAttribute('aria-describedby'))!;
    expect(await page.locator(`[id="${describedBy}"]`).textContent()).toMatch(/from 5 to 10080/);
    await shot(page, '04-alert-rules');
    expect(await axeFindings(page)).toEqual([]);

    await page.reload();
    await page.getByLabel('Late orders threshold (orders)').waitFor();
    expect(await page.getByLabel('Late orders threshold (orders)').inputValue()).toBe('25');
    expect(await page.getByRole('switch', { name: 'Sync stalled: alert on' }).isChecked()).toBe(false);
    expect(await page.getByLabel('Stale data threshold (minutes)').inputValue()).toBe('120');

    // Brand A: its LOW_STOCK override (set through the API above) goes back to the 3PL's setting.
    await page.getByLabel('Rules for').selectOption({ label: 'Alerts Brand A' });
    const lowRow = page.locator('[data-testid="alert-rule"][data-kind="LOW_STOCK"]');
    await expect.poll(() => lowRow.getAttribute('data-overridden')).toBe('true');
    expect(await lowRow.textContent()).toContain('Overridden');
    // The brand sees the 3PL's values (late orders 25, sync stalled off) where it does not override.
    expect(await page.getByLabel('Late orders threshold (orders)').inputValue()).toBe('25');
    await page.getByRole('button', { name: 'Use 3PL setting for Low stock' }).click();
    await expect.poll(() => lowRow.getAttribute('data-overridden')).toBe('false');
    expect(await lowRow.textContent()).toContain('Inherited');
    expect(await page.getByLabel('Low stock threshold (SKUs)').inputValue()).toBe('1');
    // And a new override, made here.
    await page.getByLabel('Stale data threshold (minutes)').fill('300');
    await page.getByRole('button', { name: 'Save Stale data threshold' }).click();
    await expect.poll(() => page.locator('[data-testid="alert-rule"][data-kind="STALE_DATA"]').getAttribute('data-overridden')).toBe('true');
    await shot(page, '05-alert-rules-brand');
    expect(await axeFindings(page)).toEqual([]);
  });

  it('Settings → Webhooks: an endpoint with its secret shown once, a test event verified by the receiver, the delivery log', async () => {
    const { page } = session;
    await openSettings(page, 'Webhooks');
    await page.getByRole('heading', { name: 'Webhooks', level: 1 }).waitFor();
    await page.getByText('No endpoints yet').waitFor();
    // A bad URL is refused next to the field.
    await page.getByLabel('Endpoint URL').fill('ftp://example.test/x');
    await page.getByRole('button', { name: 'Add endpoint' }).click();
    await expect.poll(() => page.getByLabel('Endpoint URL').getAttribute('aria-invalid')).toBe('true');

    await page.getByLabel('Endpoint URL').fill(receiverUrl);
    await page.getByLabel('Description (optional)').fill('Test receiver');
    await page.getByRole('group', { name: 'Brands' }).getByLabel('Alerts Brand A').check();
    await page.getByRole('button', { name: 'Add endpoint' }).click();
    const secretField = page.getByLabel(`Signing secret for ${receiverUrl}`);
    await secretField.waitFor();
    receiverSecret = await secretField.inputValue();
    expect(receiverSecret).toMatch(/^whsec_/);
    const card = page.locator(`[data-testid="endpoint-card"][data-url="${receiverUrl}"]`);
    await card.waitFor();
    expect(await card.textContent()).toContain('Alerts Brand A');
    expect(await card.textContent()).toContain('Enabled');
    await shot(page, '06-webhooks-created');
    expect(await axeFindings(page)).toEqual([]);

    // Shown once: after a reload nothing shows it.
    await page.reload();
    await card.waitFor();
    expect(await page.getByTestId('new-endpoint-secret').count()).toBe(0);
    expect(await page.content()).not.toContain(receiverSecret);

    await card.getByRole('button', { name: 'Send test event' }).click();
    await expect.poll(() => page.getByTestId('webhooks-notice').textContent()).toMatch(/Test event sent/);
    await expect.poll(() => received.filter((r) => r.verified && r.type === 'endpoint.test').length, { timeout: 20_000 }).toBe(1);
    expect(received.filter((r) => !r.verified)).toEqual([]);

    await card.getByRole('link', { name: `Delivery log of ${receiverUrl}` }).click();
    await page.getByRole('heading', { name: 'Delivery log', level: 1 }).waitFor();
    const row = page.locator('[data-testid="delivery-row"][data-event-type="endpoint.test"]');
    await row.waitFor();
    await expect.poll(() => row.getAttribute('data-status'), { timeout: 15_000 }).toBe('SUCCEEDED');
    expect(await row.textContent()).toContain('HTTP 200');
    await row.getByRole('button', { name: /^Details of endpoint\.test/ }).click();
    const tries = page.getByTestId('delivery-try');
    await tries.first().waitFor();
    expect(await tries.first().getAttribute('data-status-code')).toBe('200');
    expect(await page.locator('pre.payload').textContent()).toContain('endpoint.test');
    await shot(page, '07-delivery-log');
    expect(await axeFindings(page)).toEqual([]);

    // Replay: sent again, verified again.
    await row.getByRole('button', { name: /^Replay endpoint\.test/ }).click();
    await expect.poll(() => page.getByTestId('log-notice').textContent()).toMatch(/queued again/);
    await expect.poll(() => received.filter((r) => r.verified && r.type === 'endpoint.test').length, { timeout: 20_000 }).toBe(2);
    await page.getByLabel('Status').selectOption('FAILED');
    await page.getByText('No deliveries').waitFor();

    // Back on the endpoints: disable and enable, rotate the secret (confirmed), delete (confirmed).
    await page.getByRole('navigation', { name: 'Settings' }).getByRole('link', { name: 'Webhooks' }).click();
    await card.waitFor();
    await card.getByRole('button', { name: 'Disable' }).click();
    await expect.poll(() => card.getAttribute('data-enabled')).toBe('false');
    expect(await card.textContent()).toContain('Disabled');
    await card.getByRole('button', { name: 'Enable' }).click();
    await expect.poll(() => card.getAttribute('data-enabled')).toBe('true');
    // Edit: a new description and only order status changes, shown on the card once saved.
    await card.getByRole('button', { name: `Edit ${receiverUrl}` }).click();
    const editForm = card.getByRole('form', { name: `Edit ${receiverUrl}` });
    await editForm.getByLabel('Description (optional)').fill('ERP order feed');
    await editForm.getByRole('group', { name: 'Event types' }).getByLabel('order.status_changed').check();
    expect(await axeFindings(page)).toEqual([]);
    await shot(page, '09-endpoint-edit');
    await editForm.getByRole('button', { name: 'Save' }).click();
    await editForm.waitFor({ state: 'detached' });
    await expect.poll(() => card.textContent()).toContain('ERP order feed');
    expect(await card.locator('code.event-type').allTextContents()).toEqual(['order.status_changed']);
    await card.getByRole('button', { name: 'Rotate secret' }).click();
    await card.getByRole('group', { name: `Confirm rotating the secret of ${receiverUrl}` }).getByRole('button', { name: 'Rotate' }).click();
    const rotated = page.getByLabel(`New signing secret for ${receiverUrl}`);
    await rotated.waitFor();
    expect(await rotated.inputValue()).toMatch(/^whsec_/);
    expect(await rotated.inputValue()).not.toBe(receiverSecret);
    await card.getByRole('button', { name: 'Delete' }).click();
    await card.getByRole('group', { name: `Confirm deleting ${receiverUrl}` }).getByRole('button', { name: 'Delete' }).click();
    await card.waitFor({ state: 'detached' });
    await page.getByText('No endpoints yet').waitFor();
  }, 90_000);

  it('an operator reads the rules and webhooks without controls; a brand viewer sees no Webhooks', async () => {
    const { page } = session;
    await signIn(page, tenant.keys.operator, '/settings/alerts');
    await page.getByTestId('rules-read-only').waitFor();
    expect(await page.getByLabel('Late orders threshold (orders)').isDisabled()).toBe(true);
    expect(await page.getByRole('switch', { name: 'Low stock: alert on' }).isDisabled()).toBe(true);
    expect(await axeFindings(page)).toEqual([]);
    await openSettings(page, 'Webhooks');
    await page.getByTestId('webhooks-read-only').waitFor();
    expect(await page.getByRole('button', { name: 'Add endpoint' }).count()).toBe(0);

    await signIn(page, tenant.keys.viewer);
    await page.getByTestId('alert-bell').waitFor();
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Settings' }).click();
    await page.getByRole('navigation', { name: 'Settings' }).waitFor();
    expect(await page.getByRole('link', { name: 'Webhooks' }).count()).toBe(0);
    await openSettings(page, 'Alert rules');
    await page.getByRole('heading', { name: 'Alert rules', level: 1 }).waitFor();
    await page.getByTestId('rules-read-only').waitFor();
    await shot(page, '08-viewer-rules');
  });
});

/** Settings from the top bar, then one of its sections from the settings tabs. */
async function openSettings(page: Page, section: string): Promise<void> {
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Settings' }).click();
  await page.getByRole('navigation', { name: 'Settings' }).getByRole('link', { name: section }).click();
}

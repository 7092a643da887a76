// Connect links and the Link filter in a real browser against the real stack (sandbox + API +
// workers): an OWNER sends a connect link from the Integration tab and copies it; the brand opens
// it in a browser of its own, with no Packr login anywhere, picks its WMS in the sandbox's Link
// modal, and the dashboard (still open, never reloaded) shows the brand connected. The 3PL's Link
// filter decides which WMSs the modal offers. axe finds no accessibility violation in either card.
import { axeViolations } from './support/axe.js';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { ensureClientBuilt } from '../build.js';
import { launchBrowser, screenshot, type BrowserSession } from './support/browser.js';
import { startStack, type Stack } from './support/stack.js';

let stack: Stack;
let session: BrowserSession;
let tenant: Awaited<ReturnType<typeof import('../../server/test/fixtures.js').makeTenant>>;

beforeAll(async () => {
  ensureClientBuilt();
  // A seed of its own: the sandbox derives connection ids from it, and they are unique in Packr's database.
  stack = await startStack({ sandbox: { seed: 17 } });
  const { makeTenant } = await import('../../server/test/fixtures.js');
  tenant = await makeTenant('Links');
  session = await launchBrowser();
  await session.context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: stack.apiUrl });
}, 240_000);

afterEach(async (ctx) => {
  if (ctx.task.result?.state === 'fail') for (const [i, page] of session.context.pages().entries()) await screenshot(page, `connect-links-failed-${i}`);
});

afterAll(async () => {
  await session?.close();
  await stack?.stop();
});

async function openIntegrationTab(page: Page, brandName: string) {
  await page.goto(`${stack.apiUrl}/brands`);
  if (await page.getByLabel('API key').isVisible().catch(() => false)) {
    await page.getByLabel('API key').fill(tenant.keys.owner);
    await page.getByRole('button', { name: 'Sign in' }).click();
  }
  await page.getByRole('link', { name: brandName }).click();
  await page.getByRole('link', { name: 'Integration' }).click();
}

/** The WMS buttons the sandbox Link modal offers, in order. */
async function offered(page: Page): Promise<string[]> {
  const modal = page.getByRole('dialog', { name: 'Connect your WMS' });
  await modal.waitFor();
  const names = await modal.getByRole('button').allTextContents();
  return names.filter((n) => n.startsWith('Connect '));
}

describe('connect links (browser)', () => {
  it('sends a link; the brand connects from it without a Packr login; the dashboard shows the brand connected', async () => {
    const { page } = session;
    await openIntegrationTab(page, 'Links Brand A');
    const panel = page.getByTestId('connect-links');
    await panel.getByLabel('Valid for').selectOption('3');
    await panel.getByRole('button', { name: 'Send connect link' }).click();
    const field = panel.getByLabel('Link for the brand');
    await field.waitFor();
    const url = await field.inputValue();
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/link\/magic\/[0-9a-f]{32}$/);
    // Focus lands on the link; Copy puts it on the clipboard and says so.
    await expect.poll(() => field.evaluate((el) => el === document.activeElement)).toBe(true);
    await panel.getByRole('button', { name: 'Copy link', exact: true }).click();
    await expect.poll(() => panel.getByRole('status').textContent()).toBe('Link copied to the clipboard.');
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(url);
    await expect.poll(() => panel.getByTestId('connect-link-row').getAttribute('data-status')).toBe('ACTIVE');
    expect(await axeViolations(page, '[data-testid="connect-links"]')).toEqual([]);
    await screenshot(page, 'connect-links-01-created');

    // The brand: its own browser, no Packr key, only the link.
    const brand = await launchBrowser({ width: 900, height: 760 });
    try {
      await brand.page.goto(url);
      expect(await brand.page.title()).toBe('Connect your WMS');
      // The default filter (what Packr syncs) leaves out the WMS without returns and locations.
      expect(await offered(brand.page)).toEqual(['Connect sandbox', 'Connect shiphero-sim']);
      await screenshot(brand.page, 'connect-links-02-brand-modal');
      expect(await axeViolations(brand.page, 'body')).toEqual([]);
      await brand.page.getByRole('button', { name: 'Connect shiphero-sim' }).click();
      await expect.poll(() => brand.page.getByRole('status').last().textContent(), { timeout: 15_000 }).toBe('Connected to ShipHero (simulated). You can close this page.');
      await screenshot(brand.page, 'connect-links-03-brand-connected');
    } finally {
      await brand.close();
    }

    // Back in the dashboard, live: the webhook attached the connection to this brand.
    await page.getByRole('button', { name: 'Disconnect…' }).waitFor({ timeout: 20_000 });
    await expect.poll(() => page.getByText('Shiphero-sim', { exact: true }).count()).toBeGreaterThan(0);
    await expect.poll(() => panel.getByTestId('connect-link-row').first().getAttribute('data-status'), { timeout: 10_000 }).toBe('USED');
    // A used link is not offered for copying any more.
    expect(await panel.getByLabel('Link for the brand').count()).toBe(0);
    await screenshot(page, 'connect-links-04-dashboard-connected');
  }, 120_000);

  it("offers in the Link modal only WMSs that implement the 3PL's required functions", async () => {
    const { page } = session;
    await openIntegrationTab(page, 'Links Brand B');
    await page.getByRole('button', { name: 'Connect WMS via Trackstar' }).click();
    expect(await offered(page)).toEqual(['Connect sandbox', 'Connect shiphero-sim']);
    await page.getByRole('dialog', { name: 'Connect your WMS' }).getByRole('button', { name: 'Close' }).click();

    // Require create_return too: only the sandbox WMS implements it.
    const settings = page.getByTestId('integration-filter');
    await settings.getByText('Which WMSs brands may connect').click();
    await expect.poll(() => settings.getByTestId('wms-integration').count(), { timeout: 10_000 }).toBe(3);
    await settings.getByRole('checkbox', { name: 'create_return' }).check();
    await settings.getByRole('button', { name: 'Save requirements' }).click();
    await expect.poll(() => settings.getByRole('status').textContent()).toBe('Saved. New Link sessions and connect links use it.');
    await expect.poll(() => settings.locator('[data-testid="wms-integration"][data-offered="true"]').allTextContents()).toEqual([expect.stringContaining('Sandbox')]);
    expect(await axeViolations(page, '[data-testid="integration-filter"]')).toEqual([]);
    await screenshot(page, 'connect-links-05-filter');

    await page.getByRole('button', { name: 'Connect WMS via Trackstar' }).click();
    expect(await offered(page)).toEqual(['Connect sandbox']);
    await screenshot(page, 'connect-links-06-filtered-modal');
    await page.getByRole('dialog', { name: 'Connect your WMS' }).getByRole('button', { name: 'Close' }).click();

    await settings.getByRole('button', { name: 'Use the default' }).click();
    await expect.poll(() => settings.getByRole('checkbox', { name: 'create_return' }).isChecked()).toBe(false);
  }, 120_000);
});

// Sync settings in a real browser against the real stack (sandbox + API + workers): an OWNER
// changes a resource's schedule in the Integration tab and the BullMQ scheduler in Redis has the
// new interval as soon as the editor says it saved; a refused value is shown next to its input;
// a pause (toggled with the keyboard) removes the scheduler; the health panel shows Trackstar's
// rate-limit budget; an OPERATOR sees no editor. axe finds no accessibility violation in it.
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

beforeAll(async () => {
  ensureClientBuilt();
  // A seed of its own: the sandbox derives connection ids from it, and they are unique in Packr's database.
  stack = await startStack({ sandbox: { seed: 23 } });
  const { makeTenant } = await import('../../server/test/fixtures.js');
  tenant = await makeTenant('Settings');
  session = await launchBrowser({ height: 1100 });
}, 240_000);

afterEach(async (ctx) => {
  if (ctx.task.result?.state === 'fail') await screenshot(session.page, `sync-settings-failed-${ctx.task.name.slice(0, 30).replace(/\W+/g, '-')}`);
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

async function scheduledEvery(resource: string): Promise<number | null> {
  const { syncKey, syncQueue } = await import('../../server/src/jobs/queues.js');
  const scheduler = await syncQueue().getJobScheduler(syncKey(integrationId, resource as never));
  return scheduler ? Number(scheduler.every) : null;
}

describe('sync settings (browser)', () => {
  it('an OWNER connects the brand and sees the editor with today\'s schedules', async () => {
    const { page } = session;
    await signIn(page, tenant.keys.owner);
    await page.getByRole('link', { name: 'Settings Brand A' }).click();
    await page.getByRole('link', { name: 'Integration' }).click();
    await page.getByRole('button', { name: 'Connect WMS via Trackstar' }).click();
    const modal = page.getByRole('dialog', { name: 'Connect your WMS' });
    await modal.getByRole('button', { name: 'Connect sandbox' }).click();
    await modal.waitFor({ state: 'detached', timeout: 15_000 });
    const editor = page.getByRole('form', { name: 'Sync settings' });
    await editor.waitFor({ timeout: 30_000 });
    const { db } = await import('../../server/src/db.js');
    integrationId = (await db.brandIntegration.findUniqueOrThrow({ where: { brandId: tenant.brandA.id } })).id;
    await expect.poll(() => editor.getByTestId('sync-settings-row').count(), { timeout: 15_000 }).toBe(8);
    expect(await editor.getByLabel('Orders schedule').inputValue()).toBe('NEAR_REAL_TIME');
    expect(await editor.getByLabel('Backfill window (days)').inputValue()).toBe('30');
    await expect.poll(() => scheduledEvery('ORDERS'), { timeout: 15_000 }).toBe(300_000);
  });

  it('changes a schedule live: the scheduler in Redis has the new interval when the editor says saved', async () => {
    const { page } = session;
    const editor = page.getByRole('form', { name: 'Sync settings' });
    await editor.getByLabel('Orders schedule').selectOption('CUSTOM');
    const minutes = editor.getByLabel('Orders: minutes between syncs');
    await minutes.fill('2');
    await editor.getByRole('button', { name: 'Save changes' }).click();
    await expect.poll(() => editor.getByRole('status').textContent()).toBe('Saved. The new settings are in effect.');
    expect(await scheduledEvery('ORDERS')).toBe(120_000);
    await expect.poll(() => editor.locator('[data-resource="ORDERS"] [data-col="next-run"]').textContent()).toMatch(/^(in [12] min|due now)$/);
    await screenshot(page, 'sync-settings-01-saved');
    await editor.screenshot({ path: 'test-artifacts/screenshots/sync-settings-01-editor.png' });
  });

  it('shows refused values next to their inputs and changes nothing', async () => {
    const { page } = session;
    const editor = page.getByRole('form', { name: 'Sync settings' });
    // Refused by the server, which answers per field.
    const days = editor.getByLabel('Backfill window (days)');
    await days.fill('5000');
    await editor.getByRole('button', { name: 'Save changes' }).click();
    const daysMessage = page.locator('#backfill-days-error');
    await expect.poll(() => daysMessage.textContent()).toBe('The backfill window must be a whole number of days from 1 to 1098; got 5000');
    expect(await days.getAttribute('aria-invalid')).toBe('true');
    expect(await editor.getByRole('alert').textContent()).toMatch(/One setting needs attention/);
    // Checked in the browser first (the input is in minutes, the API takes seconds).
    const minutes = editor.getByLabel('Orders: minutes between syncs');
    await minutes.fill('20000');
    await days.fill('30');
    await editor.getByRole('button', { name: 'Save changes' }).click();
    const message = page.locator('#sync-ORDERS-minutes-error');
    await expect.poll(() => message.textContent()).toBe('Enter whole minutes from 1 to 10,080 (7 days).');
    expect(await minutes.getAttribute('aria-invalid')).toBe('true');
    expect(await minutes.getAttribute('aria-describedby')).toBe('sync-ORDERS-minutes-error');
    expect(await scheduledEvery('ORDERS')).toBe(120_000);
    const { db } = await import('../../server/src/db.js');
    expect(((await db.brandIntegration.findUniqueOrThrow({ where: { id: integrationId } })).config as { backfillDays: number }).backfillDays).toBe(30);
    await screenshot(page, 'sync-settings-02-refused');
    await editor.screenshot({ path: 'test-artifacts/screenshots/sync-settings-02-editor-refused.png' });
    await editor.getByRole('button', { name: 'Discard' }).click();
    expect(await minutes.inputValue()).toBe('2');
  });

  it('pauses with the keyboard, which removes the scheduler; resuming restores it; filters open as a row', async () => {
    const { page } = session;
    const editor = page.getByRole('form', { name: 'Sync settings' });
    const pause = editor.getByRole('switch', { name: 'Pause Inventory' });
    await pause.focus();
    await page.keyboard.press('Space');
    expect(await pause.isChecked()).toBe(true);
    await editor.getByRole('button', { name: 'Save changes' }).click();
    await expect.poll(() => editor.getByRole('status').textContent()).toBe('Saved. The new settings are in effect.');
    expect(await scheduledEvery('INVENTORY')).toBeNull();
    await expect.poll(() => editor.locator('[data-resource="INVENTORY"] [data-col="next-run"]').textContent()).toBe('Paused');

    // The Orders filters: channels seen in the synced orders, and order types.
    const toggle = editor.getByRole('button', { name: /All records for Orders/ });
    await toggle.click();
    expect(await toggle.getAttribute('aria-expanded')).toBe('true');
    await editor.getByRole('group', { name: 'Order channels (Orders)' }).waitFor();
    expect(await editor.getByRole('group', { name: 'Order channels (Orders)' }).getByRole('checkbox').count()).toBeGreaterThan(1);
    await editor.getByRole('group', { name: 'Order types (Orders)' }).getByRole('checkbox', { name: 'D2C' }).check();
    expect(await axeViolations(page, 'form[aria-labelledby="sync-settings-title"]')).toEqual([]);
    await screenshot(page, 'sync-settings-03-paused-filters');
    await editor.screenshot({ path: 'test-artifacts/screenshots/sync-settings-03-editor-filters.png' });
    await editor.getByRole('button', { name: 'Discard' }).click();

    await pause.focus();
    await page.keyboard.press('Space');
    await editor.getByRole('button', { name: 'Save changes' }).click();
    await expect.poll(() => editor.getByRole('status').textContent()).toBe('Saved. The new settings are in effect.');
    expect(await scheduledEvery('INVENTORY')).toBe(300_000);
  });

  it('shows the rate-limit budget Trackstar reported in the health panel', async () => {
    const { page } = session;
    const panel = page.getByTestId('rate-limit');
    await expect.poll(() => panel.textContent(), { timeout: 15_000 }).toMatch(/Reads: \d+ of 10 requests\/s left · seen/);
    await panel.scrollIntoViewIfNeeded();
    await screenshot(page, 'sync-settings-04-health');
  });

  it('an OPERATOR sees the sync table but no settings editor', async () => {
    const { page } = session;
    await page.evaluate(() => sessionStorage.clear());
    await signIn(page, tenant.keys.operator);
    await page.getByRole('link', { name: 'Settings Brand A' }).click();
    await page.getByRole('link', { name: 'Integration' }).click();
    await page.getByRole('table', { name: 'Sync state per resource' }).waitFor({ timeout: 15_000 });
    expect(await page.getByRole('form', { name: 'Sync settings' }).count()).toBe(0);
  });
});

// The team in a real browser against the real stack: an OWNER invites an operator from Settings →
// Team and copies the one-time link; the invitee opens it in a browser of their own (no key), gives
// their name, sees their first key once and is signed in. The OWNER then removes them, and the
// invitee's open dashboard is signed out at once (its WebSocket closed with 4401), without a reload.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { ensureClientBuilt } from '../build.js';
import { axeViolations } from './support/axe.js';
import { launchBrowser, screenshot, type BrowserSession } from './support/browser.js';
import { startStack, type Stack } from './support/stack.js';

let stack: Stack;
let owner: BrowserSession;
let invitee: BrowserSession;
let tenant: Awaited<ReturnType<typeof import('../../server/test/fixtures.js').makeTenant>>;

beforeAll(async () => {
  ensureClientBuilt();
  // A seed of its own: the sandbox derives connection ids from it, and they are unique in Packr's database.
  stack = await startStack({ sandbox: { seed: 53 } });
  const { makeTenant } = await import('../../server/test/fixtures.js');
  tenant = await makeTenant('Crew');
  owner = await launchBrowser();
  invitee = await launchBrowser();
  await owner.context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: stack.apiUrl });
}, 240_000);

afterEach(async (ctx) => {
  if (ctx.task.result?.state !== 'fail') return;
  await screenshot(owner.page, 'team-failed-owner');
  await screenshot(invitee.page, 'team-failed-invitee');
});

afterAll(async () => {
  await owner?.close();
  await invitee?.close();
  await stack?.stop();
});

describe('team (browser)', () => {
  it('an owner invites; the invitee joins from the link and is signed in; removed, their open dashboard signs out', async () => {
    const page = owner.page;
    await page.goto(`${stack.apiUrl}/settings/team`);
    await page.getByLabel('API key').fill(tenant.keys.owner);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('heading', { name: 'Team', level: 1 }).waitFor();
    await expect.poll(() => page.getByTestId('member-row').count()).toBe(4);

    const address = `new-operator-${Date.now()}@example.test`;
    await page.getByLabel('Email').fill(address);
    await page.getByLabel('Role', { exact: true }).selectOption('OPERATOR');
    await page.getByRole('button', { name: 'Create invitation' }).click();
    const linkField = page.getByLabel(`Invitation link for ${address}`);
    await linkField.waitFor();
    const url = await linkField.inputValue();
    expect(url).toMatch(new RegExp(`^${stack.apiUrl.replace(/[.]/g, '\\.')}/invite/inv_[A-Za-z0-9_-]{40}$`));
    // The link takes the focus; Copy puts it on the clipboard.
    await expect.poll(() => linkField.evaluate((el) => el === document.activeElement)).toBe(true);
    await page.getByTestId('invitation-link').getByRole('button', { name: 'Copy' }).click();
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(url);
    await expect.poll(() => page.locator(`[data-testid="invitation-row"][data-email="${address}"]`).count()).toBe(1);
    expect(await axeViolations(page, 'main')).toEqual([]);

    // The invitee, in a browser of their own with no key.
    const mine = invitee.page;
    await mine.goto(url);
    await mine.getByRole('heading', { name: 'Join your team' }).waitFor();
    await mine.getByLabel('Your name').fill('Grace Hopper');
    await mine.getByRole('button', { name: 'Accept invitation' }).click();
    const keyField = mine.getByLabel('Your API key');
    await keyField.waitFor();
    expect(await keyField.inputValue()).toMatch(/^pk_[A-Za-z0-9]{8}_[A-Za-z0-9]{32}$/);
    expect(await axeViolations(mine, 'main')).toEqual([]);
    await mine.getByRole('button', { name: 'Continue to Packr' }).click();
    await mine.getByRole('button', { name: 'Sign out' }).waitFor();
    expect(new URL(mine.url()).pathname).toBe('/');
    // An operator manages nothing: no Team link.
    expect(await mine.getByRole('link', { name: 'Team' }).count()).toBe(0);
    // The link admits once.
    const reuse = await invitee.context.newPage();
    await reuse.goto(url);
    await reuse.getByLabel('Your name').fill('Someone else');
    await reuse.getByRole('button', { name: 'Accept invitation' }).click();
    await expect.poll(() => reuse.getByRole('alert').textContent()).toMatch(/already been used/);
    await reuse.close();

    // Back with the owner: the new member is listed with their name; remove them.
    await page.reload();
    const row = page.locator(`[data-testid="member-row"][data-email="${address}"]`);
    await row.waitFor();
    expect(await row.textContent()).toContain('Grace Hopper');
    await row.getByRole('button', { name: `Remove Grace Hopper (${address})` }).click();
    await row.getByRole('group', { name: `Confirm removing Grace Hopper (${address})` }).getByRole('button', { name: 'Remove' }).click();
    await expect.poll(() => page.getByRole('status').first().textContent()).toMatch(/was removed/);
    await expect.poll(() => row.count()).toBe(0);

    // The invitee's dashboard, still open and never reloaded, is signed out.
    await mine.getByLabel('API key').waitFor({ timeout: 15_000 });
    expect(await mine.getByText('Your API key is no longer valid. Sign in again.').count()).toBe(1);
  }, 120_000);

  it('an owner creates a read-only key for an admin: listed as theirs and read-only, it reads but cannot write', async () => {
    const page = owner.page;
    await page.goto(`${stack.apiUrl}/settings/api-keys`);
    await page.getByRole('heading', { name: 'API keys', level: 1 }).waitFor();
    // An ADMIN's key: without the scope it could create a brand, so a refusal shows the scope at work.
    const adminOption = (await page.getByLabel('Acts as').locator('option').allTextContents()).find((t) => t.includes('(Admin)'));
    expect(adminOption).toBeTruthy();
    await page.getByLabel('Name').fill('Wallboard');
    await page.getByLabel('Acts as').selectOption({ label: adminOption! });
    await page.getByLabel('Read-only').check();
    await page.getByRole('button', { name: 'Create key' }).click();
    const secret = page.getByTestId('new-api-key').locator('input');
    await secret.waitFor();
    const key = await secret.inputValue();
    const row = page.locator('[data-testid="api-key-row"]', { hasText: 'Wallboard' });
    await row.waitFor();
    expect(await row.textContent()).toContain(adminOption!.replace(' (Admin)', ''));
    expect(await row.textContent()).toContain('Read-only');
    expect(await axeViolations(page, 'main')).toEqual([]);
    await screenshot(page, 'team-api-keys-read-only');

    const ask = async (query: string) =>
      (await fetch(`${stack.apiUrl}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${key}` }, body: JSON.stringify({ query }) })).json();
    expect((await ask('{ viewer { role } }')).data.viewer.role).toBe('ADMIN');
    const write = await ask('mutation { createBrand(input: { name: "Not allowed" }) { id } }');
    expect(write.errors[0]).toMatchObject({ message: expect.stringContaining('read-only'), extensions: { code: 'FORBIDDEN' } });
  }, 120_000);
});

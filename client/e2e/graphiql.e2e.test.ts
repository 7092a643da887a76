// GraphiQL at /graphql in a real browser with the internet unplugged (issue 11): every request
// that would leave loopback is aborted and recorded, and the page must still load, take the API
// key in its header editor, show the docs, run a query over HTTP and a subscription over
// graphql-ws, and see a live inventory change made in the Trackstar sandbox.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { launchBrowser, screenshot, type BrowserSession } from './support/browser.js';
import { startStack, type Stack } from './support/stack.js';

let stack: Stack;
let session: BrowserSession;
let tenant: Awaited<ReturnType<typeof import('../../server/test/fixtures.js').makeTenant>>;

/** Requests that tried to leave the machine (refused), files served on loopback, WebSockets opened, browser complaints. */
const leftLoopback: string[] = [];
const servedLocally: string[] = [];
const webSockets: string[] = [];
const problems: string[] = [];
const LOOPBACK = new Set(['127.0.0.1', 'localhost', '[::1]']);

beforeAll(async () => {
  // A seed of its own: the sandbox derives connection ids from it, and they are unique in Packr's database.
  stack = await startStack({ sandbox: { seed: 11 } });
  const { makeTenant } = await import('../../server/test/fixtures.js');
  tenant = await makeTenant('GraphiQL');
  session = await launchBrowser();
  // The closed network: only loopback answers. data: and blob: URLs never reach the network.
  await session.context.route('**/*', (route) => {
    const url = new URL(route.request().url());
    if (url.protocol === 'data:' || url.protocol === 'blob:') return route.continue();
    if (LOOPBACK.has(url.hostname)) {
      servedLocally.push(url.pathname);
      return route.continue();
    }
    leftLoopback.push(url.href);
    return route.abort('internetdisconnected');
  });
  // WebSockets have their own route: refuse any that would leave loopback, record the rest.
  await session.context.routeWebSocket(
    (url) => !LOOPBACK.has(url.hostname),
    (ws) => {
      leftLoopback.push(ws.url());
      return ws.close({ code: 1011, reason: 'offline' });
    },
  );
  session.page.on('websocket', (ws) => webSockets.push(ws.url()));
  session.page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
  session.page.on('console', (message) => {
    if (/Content Security Policy|Refused to/i.test(message.text())) problems.push(`console: ${message.text()}`);
  });
  await session.context.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (e) => console.error(`Refused to load (CSP ${e.violatedDirective}): ${e.blockedURI}`));
  });
}, 180_000);

afterEach(async (ctx) => {
  if (ctx.task.result?.state === 'fail') await screenshot(session.page, `graphiql-failed-${ctx.task.name.slice(0, 30).replace(/\W+/g, '-')}`);
});

afterAll(async () => {
  await session?.close();
  await stack?.stop();
});

// The Headers section also holds the (hidden) variables editor: take the visible one.
const editor = (page: Page, section: string) => page.locator(`section[aria-label="${section}"] .monaco-editor:visible`).first();

/**
 * The text of a Monaco editor as rendered: its visual lines in order, no-break spaces undone,
 * joined without separators because the result pane soft-wraps long lines (a wrap must not
 * become a newline inside a JSON string; real line breaks are only whitespace in JSON).
 */
function editorText(page: Page, section: string): Promise<string> {
  return editor(page, section).evaluate((root) =>
    [...root.querySelectorAll<HTMLElement>('.view-lines .view-line')]
      .sort((a, b) => parseFloat(a.style.top) - parseFloat(b.style.top))
      .map((line) => line.innerText.replace(/\u00a0/g, ' '))
      .join(''),
  );
}

/** Replaces a Monaco editor's text as a user would: select all, type the new text. */
async function replaceEditorText(page: Page, section: string, text: string) {
  await editor(page, section).click();
  await page.keyboard.press('Control+A');
  await page.keyboard.press('Delete');
  await page.keyboard.insertText(text);
  // Monaco auto-closes the first bracket it sees typed; the closer lands after the cursor.
  await page.keyboard.press('Shift+Control+End');
  await page.keyboard.press('Delete');
  await expect.poll(async () => (await editorText(page, section)).replace(/\s+/g, ''), { timeout: 5_000 }).toBe(text.replace(/\s+/g, ''));
}

/**
 * Runs the operation in the editor once GraphiQL has parsed it: its tab shows the operation's name
 * then. Clicking sooner can send the previous operation's name with the new text, which the API
 * rightly refuses ("Could not determine what operation to execute").
 */
async function execute(page: Page, operationName: string) {
  await expect.poll(() => page.locator('.graphiql-tab').first().textContent(), { timeout: 10_000 }).toContain(operationName);
  await page.getByRole('button', { name: /Execute query/ }).click();
}

/** The result pane parsed as JSON, or null while it holds something else (empty, partial). */
async function result(page: Page): Promise<any> {
  try {
    return JSON.parse(await editorText(page, 'Result Window'));
  } catch {
    return null;
  }
}

/** The result pane's first error message, spaces collapsed (a soft wrap indents its continuation). */
async function firstError(page: Page): Promise<string | null> {
  const message = (await result(page))?.errors?.[0]?.message;
  return typeof message === 'string' ? message.replace(/\s+/g, ' ') : null;
}

async function graphql<T>(query: string, variables: Record<string, unknown>): Promise<T> {
  const { gql } = await import('../../server/test/fixtures.js');
  const { body } = await gql<T>(stack.apiUrl, query, variables, tenant.keys.owner);
  expect(body.errors).toBeUndefined();
  return body.data as T;
}

/** Brand A connected to the sandbox the way the Link modal does it, backfill finished. */
async function connectBrandA() {
  const { brands } = await graphql<{ brands: { id: string; name: string }[] }>('{ brands { id name } }', {});
  const brandA = brands.find((b) => b.name === tenant.brandA.name)!.id;
  const { createTrackstarLinkToken } = await graphql<{ createTrackstarLinkToken: { linkToken: string } }>(
    'mutation ($b: ID!) { createTrackstarLinkToken(brandId: $b) { linkToken } }',
    { b: brandA },
  );
  const authorize = await fetch(`${stack.sandbox.url}/sandbox/link/authorize`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ link_token: createTrackstarLinkToken.linkToken, integration_name: 'sandbox' }),
  });
  const { auth_code } = (await authorize.json()) as { auth_code: string };
  await graphql('mutation ($b: ID!, $c: String!) { connectTrackstar(brandId: $b, authCode: $c) { id } }', { b: brandA, c: auth_code });
  const { db } = await import('../../server/src/db.js');
  await expect
    .poll(async () => {
      const states = await db.syncState.findMany({ where: { integration: { brandId: tenant.brandA.id } } });
      return states.length > 0 && states.every((s) => s.status === 'SUCCEEDED' && s.runStartedAt === null && s.lastSucceededAt !== null);
    }, { timeout: 60_000, interval: 250 })
    .toBe(true);
}

/** PUT /wms/inventory/{id}/adjust on the sandbox, as a WMS user would (webhook -> worker -> change). */
const adjustInSandbox = (sku: string, quantity: number) => stack.adjustStock(tenant.brandA.id, sku, quantity);

describe('GraphiQL offline (browser)', () => {
  it('loads without an API key and without the internet: editor, header editor, docs button', async () => {
    const { page } = session;
    const response = await page.goto(`${stack.apiUrl}/graphql`);
    expect(response?.status()).toBe(200);
    expect(response?.headers()['content-security-policy']).toContain("default-src 'none'");
    await editor(page, 'Operation Editor').waitFor({ timeout: 20_000 });
    expect(await editorText(page, 'Operation Editor')).toContain('query Me {');
    // The Headers tab is open with a template for the key.
    await expect.poll(() => editorText(page, 'Headers').then((text) => text.replace(/\s+/g, ''))).toBe('{"Authorization":"Bearer<yourAPIkey>"}');
    await page.getByRole('button', { name: 'Show Documentation Explorer' }).waitFor();
    expect(await page.title()).toBe('Packr GraphiQL');
    // The schema fetch runs without a key (the template's placeholder is never sent): the API says what is missing.
    await expect.poll(() => firstError(page), { timeout: 10_000 }).toBe('Missing API key: send Authorization: Bearer <key>');
    expect((await result(page)).errors[0].extensions.code).toBe('UNAUTHENTICATED');
    await screenshot(page, 'graphiql-01-offline-loaded');
  });

  it('takes the key from the header editor: the schema loads and the docs explorer shows it', async () => {
    const { page } = session;
    await page.getByRole('button', { name: 'Headers', exact: true }).click();
    await replaceEditorText(page, 'Headers', JSON.stringify({ Authorization: `Bearer ${tenant.keys.owner}` }, null, 2));
    await page.getByRole('button', { name: /Re-fetch GraphQL schema/ }).click();
    await page.getByRole('button', { name: 'Show Documentation Explorer' }).click();
    const docs = page.locator('.graphiql-doc-explorer');
    await docs.getByRole('link', { name: 'Subscription' }).waitFor({ timeout: 10_000 });
    await docs.getByRole('link', { name: 'Subscription' }).click();
    await docs.getByText('inventoryChanged', { exact: true }).first().waitFor({ timeout: 5_000 });
    await screenshot(page, 'graphiql-02-docs-explorer');
  });

  it('runs a query over HTTP with that key', async () => {
    const { page } = session;
    await replaceEditorText(page, 'Operation Editor', 'query Me { viewer { role } brands { name } }');
    await execute(page, 'Me');
    await expect.poll(async () => (await result(page))?.data?.viewer?.role, { timeout: 10_000 }).toBe('OWNER');
    const { data } = await result(page);
    expect(data.brands.map((b: { name: string }) => b.name).sort()).toEqual(['GraphiQL Brand A', 'GraphiQL Brand B']);
    await screenshot(page, 'graphiql-03-query-result');
  });

  it('runs a subscription over graphql-ws with the same key and shows a live sandbox change', async () => {
    const { page } = session;
    await connectBrandA();
    const { db } = await import('../../server/src/db.js');
    const item = await db.inventoryItem.findFirstOrThrow({ where: { brandId: tenant.brandA.id, sku: { not: null } }, orderBy: { sku: 'asc' } });
    // Resume from the last change so far: whenever the socket is up, the change below is delivered.
    const last = await db.changeLog.aggregate({ where: { brandId: tenant.brandA.id }, _max: { sequence: true } });
    const afterSequence = String(last._max.sequence ?? 0n);
    const socketsBefore = webSockets.length;

    await replaceEditorText(
      page,
      'Operation Editor',
      `subscription Live { inventoryChanged(brandId: "${tenant.brandA.id}", afterSequence: "${afterSequence}") { sequence item { sku onHand } } }`,
    );
    await execute(page, 'Live');
    await adjustInSandbox(item.sku!, 7);

    await expect.poll(async () => (await result(page))?.data?.inventoryChanged?.item, { timeout: 20_000, interval: 100 }).toEqual({ sku: item.sku, onHand: item.onHand + 7 });
    expect(BigInt((await result(page)).data.inventoryChanged.sequence)).toBeGreaterThan(BigInt(afterSequence));
    // It went over a WebSocket to the API itself (graphql-ws), not over HTTP.
    const opened = webSockets.slice(socketsBefore).map((url) => new URL(url));
    expect(opened.length).toBeGreaterThan(0);
    for (const url of opened) expect(`${url.host}${url.pathname}`).toBe(`${new URL(stack.apiUrl).host}/graphql`);
    await screenshot(page, 'graphiql-04-subscription-event');
    await page.getByRole('button', { name: /Stop/ }).click();
  });

  it('explains a subscription refused for a missing key instead of failing silently', async () => {
    const { page } = session;
    await page.getByRole('button', { name: 'Headers', exact: true }).click();
    await replaceEditorText(page, 'Headers', '{}');
    await page.getByRole('button', { name: /Execute query/ }).click();
    await expect.poll(() => firstError(page), { timeout: 10_000 }).toBe('WebSocket closed: 4401 Unauthorized. Put {"Authorization": "Bearer <your API key>"} in the Headers tab.');
    await screenshot(page, 'graphiql-05-subscription-without-key');
  });

  it('never tried to leave loopback and broke no Content-Security-Policy rule', () => {
    expect(leftLoopback).toEqual([]);
    expect(webSockets.length).toBeGreaterThan(0);
    for (const url of webSockets) expect(LOOPBACK.has(new URL(url).hostname)).toBe(true);
    expect(problems).toEqual([]);
    // The route saw the page's files, Monaco's three workers included: Packr served them all.
    const files = new Set(servedLocally.filter((path) => path.startsWith('/graphql/graphiql/')).map((path) => path.slice('/graphql/graphiql/'.length).replace(/\.[0-9a-f]{10}\./, '.')));
    expect([...files].sort()).toEqual(['editor.worker.js', 'favicon.ico', 'graphiql.css', 'graphiql.js', 'graphql-ws.js', 'graphql.worker.js', 'json.worker.js', 'packr-graphiql.js']);
  });

  it("enforces offline in the browser: the page's CSP refuses another origin before the network", async () => {
    const { page } = session;
    const reported = problems.length;
    const outcome = await page.evaluate(() => fetch('https://cdn.example/graphiql.js').then(() => 'fetched', () => 'refused'));
    expect(outcome).toBe('refused');
    await expect.poll(() => problems.slice(reported).join('\n'), { timeout: 5_000 }).toMatch(/connect-src.*cdn\.example/);
    // Refused by the CSP, so it never reached the (aborting) network route.
    expect(leftLoopback).toEqual([]);
  });
});

// Link: tokens, authorize, exchange, reinstall, generate-sandbox, and the Link script itself,
// run against a minimal DOM so its buttons can be clicked.
import { runInNewContext } from 'node:vm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ExchangeResponseSchema } from '../../trackstar-contract/contract.js';
import { sleep, startSandbox, webhookReceiver } from './helpers.js';

let env: Awaited<ReturnType<typeof startSandbox>>;
beforeAll(async () => {
  env = await startSandbox();
});
afterAll(() => env.stop());

async function authCode(integration: string, connectionId?: string): Promise<string> {
  const lt = await env.admin.call('POST', '/link/token', { body: connectionId ? { connection_id: connectionId } : {} });
  const res = await env.admin.call('POST', '/sandbox/link/authorize', { key: null, body: { link_token: lt.json.link_token, integration_name: integration } });
  expect(res.status).toBe(200);
  return res.json.auth_code;
}

describe('link endpoints', () => {
  it('each exchanged code is a new connection with its own data; codes are single-use', async () => {
    const code = await authCode('sandbox');
    const a = await env.admin.call('POST', '/link/exchange', { body: { auth_code: code } });
    expect(a.status).toBe(200);
    expect((await env.admin.call('POST', '/link/exchange', { body: { auth_code: code } })).status).toBe(422);
    const b = await env.admin.call('POST', '/link/exchange', { body: { auth_code: await authCode('sandbox') } });
    expect(b.json.connection_id).not.toBe(a.json.connection_id);
    expect(b.json.access_token).not.toBe(a.json.access_token);
    const first = (token: string) => env.admin.call('GET', '/wms/orders?limit=3', { token });
    expect((await first(a.json.access_token)).json.data.map((o: { id: string }) => o.id))
      .not.toEqual((await first(b.json.access_token)).json.data.map((o: { id: string }) => o.id));
  });

  it('refuses bad link tokens, unknown integrations and unknown connections', async () => {
    expect((await env.admin.call('POST', '/sandbox/link/authorize', { key: null, body: { link_token: 'nope', integration_name: 'sandbox' } })).status).toBe(401);
    const lt = await env.admin.call('POST', '/link/token', { body: {} });
    expect((await env.admin.call('POST', '/sandbox/link/authorize', { key: null, body: { link_token: lt.json.link_token, integration_name: 'acme' } })).status).toBe(422);
    expect((await env.admin.call('POST', '/link/token', { body: { connection_id: 'nope' } })).status).toBe(404);
    expect((await env.admin.call('POST', '/link/exchange', { body: {} })).status).toBe(422);
  });

  it('a link token carrying connection_id reinstalls: same id, same token, data kept', async () => {
    const c = await env.connect();
    const order = (await c.api.call('GET', '/wms/orders?limit=1')).json.data[0];
    const ex = await env.admin.call('POST', '/link/exchange', { body: { auth_code: await authCode('shiphero-sim', c.connection_id), customer_id: 'brand-7' } });
    expect(ex.json).toMatchObject({ connection_id: c.connection_id, access_token: c.access_token, integration_name: 'shiphero-sim', customer_id: 'brand-7' });
    expect((await c.api.call('GET', `/wms/orders/${order.id}`)).status).toBe(200);
  });

  it('reinstall after delete restores the connection: same id, new token, data kept, webhooks resume', async () => {
    const hooks = await webhookReceiver();
    const s = await startSandbox({ webhookUrl: hooks.url });
    try {
      const c = await s.connect();
      const order = (await c.api.call('GET', '/wms/orders?limit=1')).json.data[0];
      await c.api.call('PUT', `/wms/orders/${order.id}`, { body: { trackstar_tags: ['kept'] } });
      expect((await c.api.call('DELETE', '/connections')).status).toBe(200);
      expect((await c.api.call('GET', '/wms/orders?limit=1')).status).toBe(401);
      expect((await s.admin.call('GET', `/connections/${c.connection_id}`)).status).toBe(404);

      // Sandbox's choice (Trackstar's docs are silent on reinstall after delete): the id comes back.
      const lt = await s.admin.call('POST', '/link/token', { body: { connection_id: c.connection_id } });
      expect(lt.status).toBe(200);
      const auth = await s.admin.call('POST', '/sandbox/link/authorize', { key: null, body: { link_token: lt.json.link_token, integration_name: 'sandbox' } });
      const ex = await s.admin.call('POST', '/link/exchange', { body: { auth_code: auth.json.auth_code } });
      expect(ex.status).toBe(200);
      expect(ex.json.connection_id).toBe(c.connection_id);
      expect(ex.json.access_token).not.toBe(c.access_token);
      expect((await c.api.call('GET', '/wms/orders?limit=1')).status).toBe(401);
      const api = (method: string, path: string, body?: unknown) => s.admin.call(method, path, { token: ex.json.access_token, body });
      expect((await api('GET', `/wms/orders/${order.id}`)).json.data.trackstar_tags).toEqual(['kept']);
      expect((await s.admin.call('GET', `/connections/${c.connection_id}`)).status).toBe(200);

      // Resource webhooks resume for the restored connection.
      await s.sandbox.webhooksIdle();
      const before = hooks.received.length;
      const put = await api('PUT', `/wms/orders/${order.id}`, { trackstar_tags: ['back'] });
      expect(put.status, put.text).toBe(200);
      await hooks.waitFor((r) => r.slice(before).some((h) => h.json.event_type === 'order.updated' && h.json.connection_id === c.connection_id));
    } finally {
      await s.stop();
      await hooks.close();
    }
  });

  it('generate-sandbox is idempotent: the same connection every time, data reset', async () => {
    const a = ExchangeResponseSchema.parse((await env.admin.call('POST', '/sandbox/generate-sandbox/wms')).json);
    const api = (path: string, init: { method?: string; body?: unknown } = {}) => env.admin.call(init.method ?? 'GET', path, { token: a.access_token, body: init.body });
    const order = (await api('/wms/orders?status=open&limit=1')).json.data[0];
    await api(`/wms/orders/${order.id}/cancel`, { method: 'PUT' });
    expect((await api(`/wms/orders/${order.id}`)).json.data.status).toBe('cancelled');
    const b = ExchangeResponseSchema.parse((await env.admin.call('POST', '/sandbox/generate-sandbox/wms')).json);
    expect(b.connection_id).toBe(a.connection_id);
    expect(b.access_token).toBe(a.access_token);
    expect((await api(`/wms/orders/${order.id}`)).json.data.status).toBe('open');
    expect((await env.admin.call('POST', '/sandbox/generate-sandbox/cart')).status).toBe(422);
  });
});

// ---- a DOM just big enough for the Link script ----
class El {
  attrs: Record<string, string> = {};
  children: El[] = [];
  style = { cssText: '' };
  textContent = '';
  parent: El | null = null;
  listeners: Record<string, (() => void)[]> = {};
  constructor(readonly tag: string) {}
  setAttribute(k: string, v: string) { this.attrs[k] = String(v); }
  getAttribute(k: string) { return this.attrs[k] ?? null; }
  appendChild(c: El) { c.parent = this; this.children.push(c); return c; }
  addEventListener(type: string, fn: () => void) { (this.listeners[type] ??= []).push(fn); }
  remove() { if (this.parent) this.parent.children = this.parent.children.filter((c) => c !== this); this.parent = null; }
  all(): El[] { return this.children.flatMap((c) => [c, ...c.all()]); }
  querySelector(sel: string) { const attr = /^\[([\w-]+)\]$/.exec(sel)?.[1]; return this.all().find((e) => attr && attr in e.attrs) ?? null; }
  click() { (this.listeners.click ?? []).forEach((f) => f()); }
  get text(): string { return this.textContent + this.children.map((c) => c.text).join(''); }
}

function loadLink(script: string) {
  const body = new El('body');
  const window: Record<string, any> = {};
  const document = { createElement: (t: string) => new El(t), body, currentScript: null };
  window.document = document;
  runInNewContext(script, { window, document, fetch, console });
  const buttons = () => body.all().filter((e) => e.tag === 'button');
  const button = (name: string) => buttons().find((b) => b.textContent === name);
  return { window, body, buttons, button };
}

async function until<T>(fn: () => T | undefined | false, ms = 3000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = fn();
    if (v) return v;
    if (Date.now() > end) throw new Error('timed out');
    await sleep(5);
  }
}

describe('the Link script', () => {
  const getLinkToken = async () => (await env.admin.call('POST', '/link/token', { body: {} })).json.link_token as string;

  it('opens a modal of simulated integrations; picking one yields an auth code the backend can exchange', async () => {
    const script = await (await fetch(`${env.url}/link/main.js`)).text();
    const dom = loadLink(script);
    const success: { code: string; name: string; close: () => void }[] = [];
    let closed = 0;
    let loaded = 0;
    const t = dom.window.Trackstar;
    expect(t.state.isLoaded).toBe(false);
    t.init({ getLinkToken, onSuccess: (code: string, name: string, close: () => void) => success.push({ code, name, close }), onClose: () => closed++, onLoad: () => loaded++ });
    expect(t.state.isLoaded).toBe(true);
    expect(loaded).toBe(1);
    t.open({});
    await until(() => dom.buttons().length > 0);
    expect(dom.buttons().map((b) => b.textContent)).toEqual(['Connect sandbox', 'Connect shiphero-sim', 'Connect shipbob-sim', 'Close']);
    dom.button('Connect shipbob-sim')!.click();
    await until(() => success.length);
    expect(success[0].name).toBe('shipbob-sim');
    const ex = await env.admin.call('POST', '/link/exchange', { body: { auth_code: success[0].code } });
    expect(ex.json.integration_name).toBe('shipbob-sim');
    expect(ex.json.available_actions).not.toContain('get_returns');
    success[0].close();
    expect(dom.buttons()).toEqual([]);
    expect(closed).toBe(1);
  });

  it('honours integrationAllowList, integrationsWithEndpoints and buttonId; Close dismisses', async () => {
    const script = await (await fetch(`${env.url}/link/main.js`)).text();
    const dom = loadLink(script);
    let closed = 0;
    dom.window.Trackstar.init({ buttonId: 'Returns', getLinkToken, onSuccess: () => {}, onClose: () => closed++, integrationsWithEndpoints: ['get_returns'], integrationAllowList: ['shipbob-sim', 'shiphero-sim'] });
    const tb = dom.window.TrackstarReturns;
    expect(tb.state.isLoaded).toBe(true);
    tb.open({});
    await until(() => dom.buttons().length > 0);
    expect(dom.buttons().map((b) => b.textContent)).toEqual(['Connect shiphero-sim', 'Close']);
    dom.button('Close')!.click();
    expect(dom.buttons()).toEqual([]);
    expect(closed).toBe(1);
  });
});

// Test helpers: a sandbox on port 0, a small HTTP client, and a webhook receiver on port 0.
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { expect } from 'vitest';
import type { Dataset } from '../src/dataset.js';
import { createSandbox, type SandboxOptions } from '../src/server.js';

export type Res<T = any> = { status: number; headers: Headers; json: T; text: string };

export type Api = {
  url: string;
  call<T = any>(method: string, path: string, o?: { body?: unknown; token?: string | null; key?: string | null; headers?: Record<string, string> }): Promise<Res<T>>;
};

export function client(url: string, apiKey: string, token?: string): Api {
  return {
    url,
    async call(method, path, o = {}) {
      const headers: Record<string, string> = { ...o.headers };
      const key = o.key === undefined ? apiKey : o.key;
      const tok = o.token === undefined ? token : o.token;
      if (key) headers['x-trackstar-api-key'] = key;
      if (tok) headers['x-trackstar-access-token'] = tok;
      if (o.body !== undefined) headers['content-type'] = 'application/json';
      const res = await fetch(url + path, { method, headers, body: o.body === undefined ? undefined : typeof o.body === 'string' ? o.body : JSON.stringify(o.body) });
      const text = await res.text();
      let json: any;
      try {
        json = text ? JSON.parse(text) : undefined;
      } catch {
        json = undefined;
      }
      return { status: res.status, headers: res.headers, json, text };
    },
  };
}

/** Quiet defaults for tests: small data, no limits, instant historical sync. */
export async function startSandbox(o: SandboxOptions = {}) {
  const sandbox = createSandbox({
    log: false, orders: 300, products: 60, rateLimit: false, historicalSyncDelayMs: 20,
    webhookRetryScheduleMs: [50, 100], ...o,
  });
  const { url } = await sandbox.start(0);
  const admin = client(url, sandbox.apiKey);
  return {
    sandbox,
    url,
    admin,
    /** A fresh Link-style connection and a client bound to its token. */
    async connect(integration = 'sandbox', o: { waitForHistoricalSync?: boolean } = {}) {
      const ex = sandbox.connect(integration);
      if (o.waitForHistoricalSync !== false) {
        while (!sandbox.connection(ex.connection_id).historicalSyncDone) await sleep(5);
      }
      return { ...ex, api: client(url, sandbox.apiKey, ex.access_token) };
    },
    stop: () => sandbox.stop(),
  };
}

export type Received = { headers: IncomingHttpHeaders; body: string; json: any; at: number };

/** Collects POSTed webhooks; `respond` picks each answer's status (default 204). */
export async function webhookReceiver(respond: (n: number, r: Received) => number = () => 204) {
  const received: Received[] = [];
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      const r = { headers: req.headers, body, json: JSON.parse(body), at: Date.now() };
      received.push(r);
      res.writeHead(respond(received.length, r)).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hooks`;
  return {
    url,
    received,
    events: () => received.map((r) => r.json),
    async waitFor(pred: (r: Received[]) => boolean, timeoutMs = 5000): Promise<void> {
      const until = Date.now() + timeoutMs;
      while (!pred(received)) {
        if (Date.now() > until) throw new Error(`timed out waiting for webhooks; got ${received.map((r) => r.json.event_type).join(', ')}`);
        await new Promise((r) => setTimeout(r, 10));
      }
    },
    close: () => new Promise<void>((resolve) => { server.closeAllConnections(); server.close(() => resolve()); }),
  };
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Every key a schema's shape declares is present in the record (Trackstar sends all keys). */
export function missingKeys(schema: { shape: Record<string, unknown> }, record: Record<string, unknown>): string[] {
  return Object.keys(schema.shape).filter((k) => !(k in record));
}

export const SECOND_DATE = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/;

/** All string values under keys ending in _date / _at, anywhere in a JSON value. */
export function dateValues(value: unknown, out: string[] = []): string[] {
  if (Array.isArray(value)) value.forEach((v) => dateValues(v, out));
  else if (value && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) {
      if ((k.endsWith('_date') || k === 'created_at' || k === 'last_used' || k.startsWith('last_crawl') || k === 'latest_sync' || k === 'first_seen' || k === 'last_seen') && typeof v === 'string') out.push(v);
      else dateValues(v, out);
    }
  }
  return out;
}

/** Quantity invariants every inventory item keeps, before and after any change. */
export function checkStock(data: Dataset): void {
  for (const item of data.inventory.all()) {
    expect(item.onhand, item.id).toBe(item.committed + item.unfulfillable + item.fulfillable);
    for (const q of ['onhand', 'committed', 'unfulfillable', 'fulfillable', 'awaiting', 'sellable', 'unsellable'] as const) {
      const sum = Object.values(item.inventory_by_warehouse_id).reduce((s, e) => s + (e[q] ?? 0), 0);
      expect(sum, `${item.id} ${q}`).toBe(item[q]);
    }
    for (const [wh, e] of Object.entries(item.inventory_by_warehouse_id)) {
      const locs = item.locations.filter((l) => l.warehouse_id === wh);
      if (locs.length) expect(locs.reduce((s, l) => s + l.quantity, 0), `${item.id} locations`).toBe(e.onhand);
      const lots = item.lots.filter((l) => l.warehouse_id === wh);
      if (lots.length) expect(lots.reduce((s, l) => s + l.onhand, 0), `${item.id} lots`).toBe(e.onhand);
    }
  }
}


// graphql-ws robustness over real sockets: one bad operation never closes the connection, and the
// limits (message size, subscription caps per socket and per key, unsent bytes per socket) hold
// just under and just over their values. Limits are passed to buildApp so nothing depends on the
// environment's defaults.
import { encodeGlobalID } from '@pothos/plugin-relay';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { forgetCachedViewers } from '../auth/viewer.js';
import { db } from '../db.js';
import { closeChangePublisher } from '../changes/change-log.js';
import { changeHub } from '../changes/change-hub.js';
import { applyRecords } from '../sync/apply.js';
import { makeTenant } from '../../test/fixtures.js';
import { connectBrand, inventoryRecord } from '../../test/support/webhooks.js';
import { buildApp, type App } from './app.js';
import type { WsOptions } from './ws.js';
import { connectRaw, type RawWsClient, type WsMessage } from '../../test/support/ws-client.js';

const INVENTORY = `subscription($brandId: ID!, $afterSequence: String) {
  inventoryChanged(brandId: $brandId, afterSequence: $afterSequence) { sequence item { externalId onHand } }
}`;
/** The raw record makes each event a few KB, so a client that stops reading falls behind quickly. */
const INVENTORY_RAW = `subscription($brandId: ID!, $afterSequence: String) {
  inventoryChanged(brandId: $brandId, afterSequence: $afterSequence) { sequence item { externalId rawData } }
}`;

type LogLine = { level: 'info' | 'warn' | 'error'; msg: string; fields: Record<string, unknown> };

/** A log sink for the app under test, so a test can read exactly what the WebSocket layer logged. */
function recordingLog() {
  const lines: LogLine[] = [];
  const at = (level: LogLine['level']) => (msg: string, fields: Record<string, unknown> = {}) => void lines.push({ level, msg, fields });
  return { lines, log: { info: at('info'), warn: at('warn'), error: at('error') } };
}

const apps: App[] = [];
const clients: RawWsClient[] = [];
async function startApp(ws: WsOptions) {
  const app = buildApp({ ws });
  apps.push(app);
  return (await app.start(0, '127.0.0.1')).url;
}
async function connect(url: string, key: string) {
  const client = await connectRaw(url, key);
  clients.push(client);
  return client;
}
afterAll(async () => {
  for (const c of clients) c.socket.terminate();
  for (const app of apps) await app.stop();
  await changeHub.close();
  await closeChangePublisher();
});

let clock = Date.parse('2026-04-01T00:00:00Z');
const nextDate = () => new Date((clock += 1000)).toISOString().replace(/\.\d{3}Z$/, 'Z');

/** A tenant whose brand A is connected; apply(n) commits n new inventory items (each one change). */
async function brandWithChanges(label: string) {
  const t = await makeTenant(label);
  const integration = await connectBrand(t.brandA.id);
  let n = 0;
  const apply = (count = 1, pad?: string) =>
    applyRecords({
      brandId: t.brandA.id,
      integrationId: integration.id,
      resource: 'INVENTORY',
      records: Array.from({ length: count }, () => {
        n++;
        const record = inventoryRecord(`inv_${n}`, n, nextDate());
        return pad ? { ...record, additional_fields: { pad } } : record;
      }),
      source: 'SYNC',
    });
  return { t, brandId: encodeGlobalID('Brand', t.brandA.id), apply, lastId: () => `inv_${n}` };
}

const nextOf = (id: string) => (m: WsMessage) => m.id === id && m.type === 'next';
const replyTo = (id: string) => (m: WsMessage) => m.id === id;

/** Subscribes and waits for the first event (the replay of what is already committed): the stream is live. */
function live(client: RawWsClient, id: string, brandId: string, query = INVENTORY) {
  client.subscribe(id, query, { brandId, afterSequence: '0' });
  return client.waitFor(nextOf(id), `first event of ${id}`);
}

async function eventually<T>(read: () => T | undefined, what: string, timeoutMs = 10_000): Promise<T> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const value = read();
    if (value !== undefined) return value;
    if (Date.now() > until) throw new Error(`no ${what} within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

const STACK_FRAME = /\n\s+at /;

/** How the socket closed, failing the test (instead of hanging it) when it stays open. */
function closeOf(client: RawWsClient, timeoutMs = 10_000) {
  return Promise.race([
    client.closed,
    new Promise<never>((_, reject) => setTimeout(() => reject(new Error(`socket still open after ${timeoutMs} ms`)), timeoutMs).unref()),
  ]);
}

describe('a bad operation on a WebSocket', () => {
  const { lines, log } = recordingLog();
  let url: string;
  beforeAll(async () => {
    url = await startApp({ log });
  });

  it('answers a syntax error with an error for its id only; the socket and its other subscriptions stay', async () => {
    const consoleError = vi.spyOn(console, 'error');
    const { t, brandId, apply } = await brandWithChanges('Syntax');
    await apply();
    const c = await connect(url, t.keys.owner);
    await live(c, 'live', brandId);

    c.subscribe('broken', 'subscription { inventoryChanged(brandId: ');
    const reply = await c.waitFor(replyTo('broken'), 'reply to the broken operation');
    expect(reply.type).toBe('error');
    expect(reply.payload[0].message).toMatch(/^Syntax Error/);

    await apply();
    const after = await c.waitFor((m) => nextOf('live')(m) && m.payload.data.inventoryChanged.item.externalId === 'inv_2', 'an event after the bad operation');
    expect(after.payload.data.inventoryChanged.item.onHand).toBe(2);
    expect(c.isOpen()).toBe(true);

    expect(consoleError).not.toHaveBeenCalled();
    const logged = lines.filter((l) => l.fields.operationId === 'broken');
    expect(logged).toEqual([{ level: 'info', msg: 'websocket operation rejected', fields: expect.objectContaining({ reason: reply.payload[0].message }) }]);
    expect(JSON.stringify(lines)).not.toMatch(STACK_FRAME);
    consoleError.mockRestore();
  });

  it('answers an operation over the token limit with an error for its id only', async () => {
    const consoleError = vi.spyOn(console, 'error');
    const { t, brandId, apply } = await brandWithChanges('Tokens');
    await apply();
    const c = await connect(url, t.keys.owner);
    await live(c, 'live', brandId);

    c.subscribe('huge', `subscription { ${'__typename '.repeat(4001)}}`);
    const reply = await c.waitFor(replyTo('huge'), 'reply to the oversized operation');
    expect(reply.type).toBe('error');
    expect(reply.payload[0].message).toMatch(/token limit/i);

    await apply();
    await c.waitFor((m) => nextOf('live')(m) && m.payload.data.inventoryChanged.item.externalId === 'inv_2', 'an event after the bad operation');
    expect(c.isOpen()).toBe(true);
    expect(consoleError).not.toHaveBeenCalled();
    expect(lines.filter((l) => l.fields.operationId === 'huge')).toHaveLength(1);
    consoleError.mockRestore();
  });

  it('answers a subscribe whose context cannot be built (key revoked since connecting) with UNAUTHENTICATED for its id', async () => {
    const consoleError = vi.spyOn(console, 'error');
    const { t, brandId, apply } = await brandWithChanges('Revoked');
    await apply();
    const c = await connect(url, t.keys.viewer);
    await live(c, 'before', brandId);

    await db.apiKey.update({ where: { id: t.viewerKeyId }, data: { revokedAt: new Date() } });
    forgetCachedViewers();
    c.subscribe('after', INVENTORY, { brandId, afterSequence: '0' });
    const reply = await c.waitFor(replyTo('after'), 'reply to the subscribe after revocation');
    expect(reply).toMatchObject({ type: 'error', payload: [{ extensions: { code: 'UNAUTHENTICATED' } }] });
    await c.roundTrip(); // the socket still answers
    expect(c.isOpen()).toBe(true);
    expect(consoleError).not.toHaveBeenCalled();
    expect(lines.filter((l) => l.fields.operationId === 'after')).toEqual([expect.objectContaining({ level: 'info', fields: expect.objectContaining({ code: 'UNAUTHENTICATED' }) })]);
    consoleError.mockRestore();
  });
});

describe('WebSocket message size limit', () => {
  const LIMIT = 4096;
  const { lines, log } = recordingLog();
  let url: string;
  beforeAll(async () => {
    url = await startApp({ log, maxMessageBytes: LIMIT });
  });

  /** A subscribe message of exactly `bytes` bytes (the query is padded with whitespace). */
  function subscribeFrame(id: string, bytes: number) {
    const message = (query: string) => JSON.stringify({ id, type: 'subscribe', payload: { query } });
    const query = '{ viewer { userId } }';
    const text = message(query + ' '.repeat(bytes - message(query).length));
    expect(Buffer.byteLength(text)).toBe(bytes);
    return text;
  }

  it('runs a message of exactly the limit and closes the socket with 1009 one byte over it', async () => {
    const consoleError = vi.spyOn(console, 'error');
    const t = await makeTenant('Size');
    const c = await connect(url, t.keys.owner);

    c.sendRaw(subscribeFrame('fits', LIMIT));
    const reply = await c.waitFor(replyTo('fits'), 'reply to the message at the limit');
    expect(reply.type).toBe('next');
    expect(reply.payload.data.viewer.userId).toEqual(expect.any(String));

    c.sendRaw(subscribeFrame('over', LIMIT + 1));
    expect((await closeOf(c)).code).toBe(1009);
    const logged = await eventually(() => lines.find((l) => l.fields.code === 'WS_ERR_UNSUPPORTED_MESSAGE_LENGTH'), 'log line');
    expect(logged.level).toBe('warn');
    expect(lines).toHaveLength(1);
    expect(consoleError).not.toHaveBeenCalled();
    consoleError.mockRestore();
  });
});

describe('subscription caps', () => {
  const { lines, log } = recordingLog();
  let url: string;
  beforeAll(async () => {
    url = await startApp({ log, subscriptionsPerSocket: 3, subscriptionsPerKey: 5 });
  });

  it('refuses the subscription over the per-socket cap for its id only; completing one frees a slot', async () => {
    const { t, brandId, apply } = await brandWithChanges('PerSocket');
    await apply();
    const c = await connect(url, t.keys.owner);
    await Promise.all(['s1', 's2', 's3'].map((id) => live(c, id, brandId))); // at the cap: all run

    c.subscribe('s4', INVENTORY, { brandId, afterSequence: '0' });
    const refused = await c.waitFor(replyTo('s4'), 'reply to the subscription over the cap');
    expect(refused).toMatchObject({ type: 'error', payload: [{ message: expect.stringMatching(/connection \(limit 3\)/), extensions: { code: 'TOO_MANY_SUBSCRIPTIONS' } }] });
    expect(lines.filter((l) => l.fields.operationId === 's4')).toEqual([expect.objectContaining({ level: 'warn', fields: expect.objectContaining({ scope: 'socket', limit: 3 }) })]);

    c.complete('s1');
    await live(c, 's5', brandId);
    await apply(); // the ones still running keep delivering
    await c.waitFor((m) => nextOf('s2')(m) && m.payload.data.inventoryChanged.item.externalId === 'inv_2', 'a new event on s2');
    expect(c.isOpen()).toBe(true);
  });

  it('refuses the subscription over the per-key cap across sockets; other keys are not affected; completing one frees a slot', async () => {
    const { t, brandId, apply } = await brandWithChanges('PerKey');
    await apply();
    const a = await connect(url, t.keys.owner);
    const b = await connect(url, t.keys.owner);
    await Promise.all(['a1', 'a2', 'a3'].map((id) => live(a, id, brandId)));
    await Promise.all(['b1', 'b2'].map((id) => live(b, id, brandId))); // five of this key: at the cap

    b.subscribe('b3', INVENTORY, { brandId, afterSequence: '0' });
    const refused = await b.waitFor(replyTo('b3'), 'reply to the subscription over the key cap');
    expect(refused).toMatchObject({ type: 'error', payload: [{ message: expect.stringMatching(/API key \(limit 5/), extensions: { code: 'TOO_MANY_SUBSCRIPTIONS' } }] });

    const other = await connect(url, t.keys.admin);
    await live(other, 'o1', brandId);

    a.complete('a1');
    await a.roundTrip(); // socket a's complete has been taken in
    await live(b, 'b4', brandId);
    expect(a.isOpen() && b.isOpen()).toBe(true);
  });
});

describe('slow consumers', () => {
  const LIMIT = 16 * 1024;
  const { lines, log } = recordingLog();
  let url: string;
  beforeAll(async () => {
    url = await startApp({ log, maxBufferedBytes: LIMIT, subscriptionsPerSocket: 50 });
  });
  const slowLines = () => lines.filter((l) => l.msg.includes('slow websocket consumer'));

  it('closes a client that stops reading with 4008 once its unsent data passes the limit; a reading client of the same stream stays', async () => {
    const PAD = 'x'.repeat(6_000);
    const { t, brandId, apply, lastId } = await brandWithChanges('Slow');
    await apply(1, PAD);
    const slow = await connect(url, t.keys.owner);
    const steady = await connect(url, t.keys.owner);
    const ids = Array.from({ length: 20 }, (_, i) => `s${i}`);
    await Promise.all([...ids.map((id) => live(slow, id, brandId, INVENTORY_RAW)), live(steady, 'steady', brandId, INVENTORY_RAW)]);

    slow.socket.pause(); // stops reading: the OS buffers fill, then the server's send buffer grows
    // Fewer events than change-stream's own queue bound (1000 per subscription), so only the
    // send-buffer bound can close this client.
    let pushed = 1;
    while (slowLines().length === 0 && pushed < 900) {
      await apply(50, PAD);
      pushed += 50;
    }
    const [line] = await eventually(() => (slowLines().length > 0 ? slowLines() : undefined), 'slow consumer log line');
    expect(line.level).toBe('warn');
    expect(line.fields).toMatchObject({ limitBytes: LIMIT, bufferedBytes: expect.any(Number) });
    expect(line.fields.bufferedBytes as number).toBeGreaterThan(LIMIT);
    expect(JSON.stringify(line)).not.toMatch(/inv_|xxxx/); // never the payload

    slow.socket.resume();
    expect(await closeOf(slow)).toEqual({ code: 4008, reason: 'Slow consumer' });
    const last = lastId();
    await steady.waitFor((m) => nextOf('steady')(m) && m.payload.data.inventoryChanged.item.externalId === last, 'the last event on the reading client');
    expect(steady.isOpen()).toBe(true);
    expect(slowLines()).toHaveLength(1);
  });

  it('closes a client that sends pings but never reads the pongs the same way', async () => {
    lines.length = 0;
    const t = await makeTenant('Pings');
    const c = await connect(url, t.keys.owner);
    c.socket.pause();
    const ping = JSON.stringify({ type: 'ping', payload: { pad: 'p'.repeat(8 * 1024) } });
    for (let batch = 0; batch < 60 && slowLines().length === 0; batch++) {
      // Waiting for each batch to reach the OS keeps this client's own buffer small.
      await Promise.all(Array.from({ length: 50 }, () => new Promise<void>((resolve) => c.socket.send(ping, () => resolve()))));
    }
    await eventually(() => (slowLines().length > 0 ? true : undefined), 'slow consumer log line');
    c.socket.resume();
    expect((await closeOf(c)).code).toBe(4008);
  });
});

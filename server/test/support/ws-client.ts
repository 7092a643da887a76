// A raw graphql-transport-ws client for protocol-level tests: it sends exactly the frames a test
// asks for and records every message and the close code, so a test can see what one operation id
// got and whether the socket survived. (subscription-recorder.ts wraps the graphql-ws client instead.)
import WebSocket from 'ws';

export type WsMessage = { type: string; id?: string; payload?: any };

export type RawWsClient = {
  socket: WebSocket;
  messages: WsMessage[];
  /** Resolves with the close code and reason once the socket has closed. */
  closed: Promise<{ code: number; reason: string }>;
  isOpen(): boolean;
  /** Sends one text frame as is (for size tests). */
  sendRaw(text: string): void;
  subscribe(id: string, query: string, variables?: Record<string, unknown>): void;
  complete(id: string): void;
  /**
   * Sends a ping and waits for its pong. The server handles one socket's messages in order, so
   * once the pong is back everything sent before it has been taken in.
   */
  roundTrip(): Promise<void>;
  /** The first message (already received or still to come) that matches. */
  waitFor(match: (m: WsMessage) => boolean, what: string, timeoutMs?: number): Promise<WsMessage>;
};

const wsUrl = (httpUrl: string) => `${httpUrl.replace(/^http/, 'ws')}/graphql`;

export async function connectRaw(httpUrl: string, key: string): Promise<RawWsClient> {
  const socket = new WebSocket(wsUrl(httpUrl), 'graphql-transport-ws');
  const messages: WsMessage[] = [];
  const listeners = new Set<() => void>();
  const closed = new Promise<{ code: number; reason: string }>((resolve) =>
    socket.on('close', (code, reason) => {
      resolve({ code, reason: reason.toString() });
      listeners.forEach((l) => l());
    }),
  );
  socket.on('error', () => {}); // the close event carries what the tests look at
  socket.on('message', (data) => {
    messages.push(JSON.parse(String(data)));
    listeners.forEach((l) => l());
  });
  let pings = 0;

  const client: RawWsClient = {
    socket,
    messages,
    closed,
    isOpen: () => socket.readyState === WebSocket.OPEN,
    sendRaw: (text) => socket.send(text),
    subscribe: (id, query, variables = {}) => socket.send(JSON.stringify({ id, type: 'subscribe', payload: { query, variables } })),
    complete: (id) => socket.send(JSON.stringify({ id, type: 'complete' })),
    async roundTrip() {
      const tag = `rt-${++pings}`;
      socket.send(JSON.stringify({ type: 'ping', payload: { tag } }));
      await client.waitFor((m) => m.type === 'pong' && m.payload?.tag === tag, `pong ${tag}`);
    },
    waitFor(match, what, timeoutMs = 10_000) {
      return new Promise((resolve, reject) => {
        const check = () => {
          const found = messages.find(match);
          if (found) return done(() => resolve(found));
          if (socket.readyState === WebSocket.CLOSED) done(() => reject(new Error(`socket closed while waiting for ${what}`)));
        };
        const timer = setTimeout(() => done(() => reject(new Error(`no ${what} within ${timeoutMs} ms; got ${JSON.stringify(messages).slice(0, 500)}`))), timeoutMs);
        const done = (settle: () => void) => {
          clearTimeout(timer);
          listeners.delete(check);
          settle();
        };
        listeners.add(check);
        check();
      });
    },
  };

  await new Promise<void>((resolve, reject) => {
    socket.once('open', resolve);
    socket.once('error', reject);
  });
  socket.send(JSON.stringify({ type: 'connection_init', payload: { authorization: `Bearer ${key}` } }));
  await client.waitFor((m) => m.type === 'connection_ack', 'connection_ack');
  return client;
}

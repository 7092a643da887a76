// A graphql-ws test client that records what a subscription delivers.
import { createClient, type Client } from 'graphql-ws';
import WebSocket from 'ws';

export type Recorded<T = any> = {
  events: T[];
  errors: unknown[];
  completed: boolean;
  closeCode: number | null;
  /** Resolves when at least n events arrived (rejects on error or after the deadline). */
  waitFor(n: number, timeoutMs?: number): Promise<T[]>;
  /** Resolves when the stream ended with an error or completed. */
  ended(timeoutMs?: number): Promise<void>;
  dispose(): Promise<void>;
};

export function wsClient(httpUrl: string, key: string | null): { client: Client; closed: Promise<number> } {
  let onClose!: (code: number) => void;
  const closed = new Promise<number>((resolve) => (onClose = resolve));
  const client = createClient({
    url: `${httpUrl.replace(/^http/, 'ws')}/graphql`,
    webSocketImpl: WebSocket,
    connectionParams: key ? { authorization: `Bearer ${key}` } : {},
    retryAttempts: 0, // fail right away
    lazy: false,
    on: { closed: (event) => onClose((event as { code: number }).code) },
    onNonLazyError: () => {},
  });
  return { client, closed };
}

export function record<T = any>(httpUrl: string, key: string | null, query: string, variables: Record<string, unknown>): Recorded<T> {
  const { client, closed } = wsClient(httpUrl, key);
  const rec: Recorded<T> = {
    events: [],
    errors: [],
    completed: false,
    closeCode: null,
    async waitFor(n, timeoutMs = 10_000) {
      const until = Date.now() + timeoutMs;
      while (rec.events.length < n) {
        if (rec.errors.length > 0) throw new Error(`subscription failed: ${JSON.stringify(rec.errors)}`);
        if (Date.now() > until) throw new Error(`got ${rec.events.length} of ${n} events: ${JSON.stringify(rec.events)}`);
        await new Promise((r) => setTimeout(r, 20));
      }
      return rec.events;
    },
    async ended(timeoutMs = 10_000) {
      const until = Date.now() + timeoutMs;
      while (rec.errors.length === 0 && !rec.completed && rec.closeCode === null) {
        if (Date.now() > until) throw new Error('subscription did not end');
        await new Promise((r) => setTimeout(r, 20));
      }
    },
    async dispose() {
      await client.dispose();
    },
  };
  void closed.then((code) => (rec.closeCode = code));
  client.subscribe<any>(
    { query, variables },
    {
      next: (result) => {
        if (result.errors) rec.errors.push(result.errors);
        else {
          const root = result.data ? Object.values(result.data)[0] : undefined;
          rec.events.push(root as T);
        }
      },
      error: (error) => rec.errors.push(error),
      complete: () => (rec.completed = true),
    },
  );
  return rec;
}

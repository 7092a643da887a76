// One urql client per signed-in session: HTTP for queries and mutations, graphql-ws for
// subscriptions (resumable, see live/resume.ts). A 401 on either transport signs the user out.
import { Client, cacheExchange, fetchExchange, mapExchange, subscriptionExchange } from 'urql';
import { createClient as createWsClient, type Client as WsClient } from 'graphql-ws/client';
import { createResumeState, resumablePayload, sequenceOf } from './live/resume';
import type { LiveStatusStore } from './live/connection-state';

export const CLOSE_UNAUTHORIZED = 4401;

export type PackrClient = { urql: Client; ws: WsClient; dispose(): void };

function wsUrl(): string {
  const { protocol, host } = window.location;
  return `${protocol === 'https:' ? 'wss' : 'ws'}://${host}/graphql`;
}

const isCloseEvent = (e: unknown): e is { code: number } => typeof e === 'object' && e !== null && 'code' in e;

export function createPackrClient(options: { apiKey: string; live: LiveStatusStore; onUnauthorized: () => void }): PackrClient {
  const { apiKey, live, onUnauthorized } = options;
  const ws = createWsClient({
    url: wsUrl(),
    connectionParams: { authorization: `Bearer ${apiKey}` },
    // Open right away so the indicator tells the truth even before a page subscribes.
    lazy: false,
    keepAlive: 10_000,
    retryAttempts: Infinity,
    // Backoff capped at ~5 s: a dashboard should come back quickly after a deploy.
    retryWait: (retries) => new Promise((r) => setTimeout(r, Math.min(5_000, 500 * 2 ** retries) * (0.75 + Math.random() / 2))),
    shouldRetry: (e) => !(isCloseEvent(e) && e.code === CLOSE_UNAUTHORIZED),
    onNonLazyError: () => live.offline(),
    on: {
      connecting: () => live.connecting(),
      connected: () => live.connected(),
      closed: (event) => {
        if (isCloseEvent(event) && event.code === CLOSE_UNAUTHORIZED) onUnauthorized();
        else live.closed();
      },
    },
  });

  const urql = new Client({
    url: '/graphql',
    fetchOptions: () => ({ headers: { authorization: `Bearer ${apiKey}` } }),
    exchanges: [
      cacheExchange,
      mapExchange({
        onError(error) {
          if (error.response?.status === 401) onUnauthorized();
        },
      }),
      fetchExchange,
      subscriptionExchange({
        forwardSubscription(request) {
          return {
            subscribe(sink) {
              const state = createResumeState(request.variables as Record<string, unknown> | undefined);
              const payload = resumablePayload({ ...request, query: request.query ?? '' }, state);
              const dispose = ws.subscribe(payload, {
                next: (result) => {
                  if (state.accept(sequenceOf(result.data))) sink.next(result as never);
                },
                error: (err) => sink.error(err),
                complete: () => sink.complete(),
              });
              return { unsubscribe: dispose };
            },
          };
        },
      }),
    ],
  });

  return { urql, ws, dispose: () => void ws.dispose() };
}

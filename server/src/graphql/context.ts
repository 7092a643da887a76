import { viewerFromApiKey, type Viewer } from '../auth/viewer.js';

export type Context = {
  viewer: Viewer | null;
  requestId: string;
  /** The raw key, so long-lived subscriptions can re-check it on every event. */
  credential: string | null;
};

/** One factory for HTTP (Fetch request) and graphql-ws (connectionParams). */
export async function createContext(init: {
  request?: Request;
  connectionParams?: Record<string, unknown>;
  requestId?: string;
}): Promise<Context> {
  const fromHttp = init.request?.headers.get('authorization') ?? null;
  const fromWs = init.connectionParams?.authorization;
  const credential = fromHttp ?? (typeof fromWs === 'string' ? fromWs : null);
  return {
    viewer: credential ? await viewerFromApiKey(credential) : null,
    requestId: init.requestId ?? init.request?.headers.get('x-request-id') ?? crypto.randomUUID(),
    credential,
  };
}

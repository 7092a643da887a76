// GraphiQL at the GraphQL endpoint, served entirely by Packr (issue 11: Yoga's default page pulls
// its scripts from a CDN and stays blank offline). app.ts wires the three parts into createYoga:
//   options -> `graphiql`        (what newcomers see first: a query, a headers template)
//   render  -> `renderGraphiQL`  (page.ts: an HTML shell referencing Packr-served files)
//   plugin  -> `plugins`         (serves those files under <endpoint>/graphiql/, adds the CSP)
// The page itself needs no API key (it is HTML); every operation it runs does.
import type { GraphiQLOptions, Plugin } from 'graphql-yoga';
import { graphiqlAssets } from './assets.js';
import { GRAPHIQL_CSP } from './csp.js';
import { renderGraphiqlPage } from './page.js';

// Short lines: the operation editor shows about 50 characters at a laptop's width.
const DEFAULT_QUERY = `# Welcome to the Packr GraphQL API.
#
# 1. In "Headers" below, replace <your API key>
#    with a Packr API key.
# 2. Re-fetch the schema (Shift-Ctrl-R, or the
#    circular arrows, bottom left) for the docs.
# 3. Run with Ctrl-Enter or the play button.
#
# Subscriptions use the same key, over WebSocket:
#   subscription {
#     inventoryChanged(brandId: "<brand id>") {
#       sequence
#       item { sku onHand }
#     }
#   }

query Me {
  viewer {
    userId
    role
  }
  brands {
    id
    name
  }
}
`;

/** Shown in the header editor until the user pastes a key; the page never sends it. */
export const KEY_PLACEHOLDER = '<your API key>';

export const PACKR_GRAPHIQL_OPTIONS: GraphiQLOptions = {
  title: 'Packr GraphiQL',
  defaultQuery: DEFAULT_QUERY,
  // Yoga hands `headers` to GraphiQL as the header editor's initial content.
  headers: JSON.stringify({ Authorization: `Bearer ${KEY_PLACEHOLDER}` }, null, 2),
  isHeadersEditorEnabled: true,
  // Open the Headers tab: the first thing a newcomer has to fill in.
  defaultEditorToolsVisibility: 'headers',
  // Keep API keys out of localStorage unless the user opts in (GraphiQL's settings dialog).
  shouldPersistHeaders: false,
};

/** The part of <endpoint>/… that holds GraphiQL's files (an API path: static.ts keeps out). */
export const graphiqlAssetPrefix = (endpoint: string) => `${endpoint}/graphiql/`;

function useGraphiqlFiles(endpoint: string): Plugin {
  const prefix = graphiqlAssetPrefix(endpoint);
  return {
    async onRequest({ request, url, endResponse, fetchAPI }) {
      if (!url.pathname.startsWith(prefix)) return;
      const notFound = () => endResponse(new fetchAPI.Response('Not found', { status: 404, headers: { 'content-type': 'text/plain' } }));
      if (request.method !== 'GET' && request.method !== 'HEAD') return notFound();
      const asset = (await graphiqlAssets(prefix)).byPath.get(url.pathname);
      if (!asset) return notFound();
      const gzip = /\bgzip\b/i.test(request.headers.get('accept-encoding') ?? '');
      const body = gzip ? await asset.gzipped() : asset.body;
      const headers: Record<string, string> = {
        'content-type': asset.contentType,
        'content-length': String(body.byteLength),
        // Content-hashed names: a new GraphiQL build gets new URLs.
        'cache-control': 'public, max-age=31536000, immutable',
        'x-content-type-options': 'nosniff',
        vary: 'accept-encoding',
      };
      if (gzip) headers['content-encoding'] = 'gzip';
      return endResponse(new fetchAPI.Response(request.method === 'HEAD' ? null : new Uint8Array(body), { status: 200, headers }));
    },
    onResponse({ request, response }) {
      // Yoga's GraphiQL plugin answers GET <endpoint> (Accept: text/html) with the page.
      const { pathname } = new URL(request.url);
      if (pathname !== endpoint && pathname !== `${endpoint}/`) return;
      if (!response.headers.get('content-type')?.startsWith('text/html')) return;
      response.headers.set('content-security-policy', GRAPHIQL_CSP);
      response.headers.set('cache-control', 'no-cache');
      response.headers.set('x-content-type-options', 'nosniff');
      response.headers.set('referrer-policy', 'no-referrer');
    },
  };
}

export function packrGraphiql(endpoint: string) {
  return {
    options: PACKR_GRAPHIQL_OPTIONS,
    render: async (options: GraphiQLOptions) =>
      renderGraphiqlPage(options, endpoint, KEY_PLACEHOLDER, await graphiqlAssets(graphiqlAssetPrefix(endpoint))),
    plugin: useGraphiqlFiles(endpoint),
  };
}

// Every file the GraphiQL page loads, held in memory and served by Packr itself: no CDN, so the
// page works on a machine without internet. Sources:
//   - @graphql-yoga/render-graphiql: GraphiQL 5 + React + Monaco as one UMD script, its CSS (fonts
//     and icons already inlined as data: URLs), the favicon and Monaco's three web workers;
//   - graphql-ws's browser build (subscriptions over WebSocket, the protocol ws.ts speaks);
//   - browser/packr-graphiql.js: Packr's bootstrap and fetcher (see that file).
// The package exports its files as JS strings meant to be inlined into one ~9 MB HTML page per
// request; served as separate files with content-hashed names instead, the browser caches them
// for a year and the page itself stays a few hundred bytes.
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { promisify } from 'node:util';
import { gzip } from 'node:zlib';

const gzipAsync = promisify(gzip);

export type GraphiqlAsset = {
  /** URL path, e.g. /graphql/graphiql/graphiql.1a2b3c4d5e.js */
  path: string;
  contentType: string;
  body: Buffer;
  /** Compressed once, on first use (the GraphiQL script is 5.3 MB, 1.45 MB gzipped). */
  gzipped(): Promise<Buffer>;
};

export type GraphiqlAssets = {
  script: GraphiqlAsset;
  stylesheet: GraphiqlAsset;
  favicon: GraphiqlAsset;
  graphqlWs: GraphiqlAsset;
  bootstrap: GraphiqlAsset;
  /** Keyed by the label Monaco asks for in MonacoEnvironment.getWorkerUrl(moduleId, label). */
  workers: { editorWorkerService: GraphiqlAsset; json: GraphiqlAsset; graphql: GraphiqlAsset };
  byPath: ReadonlyMap<string, GraphiqlAsset>;
};

const JS = 'text/javascript; charset=utf-8';

function asset(prefix: string, name: string, extension: string, contentType: string, body: Buffer): GraphiqlAsset {
  const hash = createHash('sha256').update(body).digest('hex').slice(0, 10);
  let compressed: Promise<Buffer> | null = null;
  return {
    path: `${prefix}${name}.${hash}.${extension}`,
    contentType,
    body,
    gzipped: () => (compressed ??= gzipAsync(body, { level: 6 })),
  };
}

/** data:image/x-icon;base64,AAAB... → the bytes and the type. */
function fromDataUrl(dataUrl: string): { type: string; bytes: Buffer } {
  const match = /^data:([^;,]+);base64,(.*)$/s.exec(dataUrl);
  if (!match) throw new Error('render-graphiql favicon is not a base64 data: URL');
  return { type: match[1], bytes: Buffer.from(match[2], 'base64') };
}

function graphqlWsBrowserBuild(): Buffer {
  // graphql-ws ships a UMD build (global `graphqlWs`) next to its package.json; its exports map
  // does not list it, so locate it through the package.json it does export.
  const pkg = createRequire(import.meta.url).resolve('graphql-ws/package.json');
  return readFileSync(join(dirname(pkg), 'umd', 'graphql-ws.min.js'));
}

async function load(prefix: string): Promise<GraphiqlAssets> {
  // ~9 MB of strings: imported on the first GraphiQL request, not at API start-up.
  const bundled = await import('@graphql-yoga/render-graphiql/graphiql');
  const favicon = fromDataUrl(bundled.favicon);
  const all = {
    script: asset(prefix, 'graphiql', 'js', JS, Buffer.from(bundled.js)),
    stylesheet: asset(prefix, 'graphiql', 'css', 'text/css; charset=utf-8', Buffer.from(bundled.css)),
    favicon: asset(prefix, 'favicon', 'ico', favicon.type, favicon.bytes),
    graphqlWs: asset(prefix, 'graphql-ws', 'js', JS, graphqlWsBrowserBuild()),
    bootstrap: asset(prefix, 'packr-graphiql', 'js', JS, readFileSync(new URL('./browser/packr-graphiql.js', import.meta.url))),
    workers: {
      editorWorkerService: asset(prefix, 'editor.worker', 'js', JS, Buffer.from(bundled.editorWorkerService)),
      json: asset(prefix, 'json.worker', 'js', JS, Buffer.from(bundled.jsonWorker)),
      graphql: asset(prefix, 'graphql.worker', 'js', JS, Buffer.from(bundled.graphqlWorker)),
    },
  };
  const list = [all.script, all.stylesheet, all.favicon, all.graphqlWs, all.bootstrap, ...Object.values(all.workers)];
  return { ...all, byPath: new Map(list.map((a) => [a.path, a])) };
}

const loaded = new Map<string, Promise<GraphiqlAssets>>();

/** The assets served under `prefix` (one load per process; a failed load is retried next time). */
export function graphiqlAssets(prefix: string): Promise<GraphiqlAssets> {
  let assets = loaded.get(prefix);
  if (!assets) {
    assets = load(prefix);
    loaded.set(prefix, assets);
    assets.catch(() => loaded.delete(prefix));
  }
  return assets;
}

// The GraphiQL HTML page: a shell that loads Packr-served files only (assets.ts). It carries no
// inline script, so the page's Content-Security-Policy (csp.ts) can forbid inline code; the
// settings travel as a JSON data block that browser/packr-graphiql.js reads.
import type { GraphiQLOptions } from 'graphql-yoga';
import type { GraphiqlAssets } from './assets.js';

/** What browser/packr-graphiql.js expects in #packr-graphiql-config. */
export type BrowserConfig = {
  /** GraphQL endpoint, HTTP and WebSocket (same path, like ws.ts). */
  endpoint: string;
  /** Monaco worker URLs by label. */
  workers: Record<keyof GraphiqlAssets['workers'], string>;
  /** Header values containing this are the untouched template, never sent. */
  keyPlaceholder: string;
  /** Passed to YogaGraphiQL.renderYogaGraphiQL (GraphiQL props). */
  graphiql: GraphiQLOptions;
};

const escapeHtml = (text: string) =>
  text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

/** JSON that cannot close its <script> element or open a comment inside it. */
const jsonForScriptElement = (value: unknown) =>
  JSON.stringify(value).replace(/</g, '\\u003c').replace(/>/g, '\\u003e').replace(/\u2028/g, '\\u2028').replace(/\u2029/g, '\\u2029');

export function renderGraphiqlPage(options: GraphiQLOptions, endpoint: string, keyPlaceholder: string, assets: GraphiqlAssets): string {
  const config: BrowserConfig = {
    endpoint,
    keyPlaceholder,
    workers: {
      editorWorkerService: assets.workers.editorWorkerService.path,
      json: assets.workers.json.path,
      graphql: assets.workers.graphql.path,
    },
    graphiql: options,
  };
  // `defer` scripts run in document order before DOMContentLoaded: packr-graphiql.js first sets
  // MonacoEnvironment, then the GraphiQL bundle loads, then packr-graphiql.js renders.
  return `<!doctype html>
<html lang="en">
  <head>
    <meta charset="utf-8" />
    <meta name="viewport" content="width=device-width, initial-scale=1" />
    <title>${escapeHtml(options.title ?? 'GraphiQL')}</title>
    <link rel="icon" href="${assets.favicon.path}" />
    <link rel="stylesheet" href="${assets.stylesheet.path}" />
    <script type="application/json" id="packr-graphiql-config">${jsonForScriptElement(config)}</script>
    <script defer src="${assets.graphqlWs.path}"></script>
    <script defer src="${assets.bootstrap.path}"></script>
    <script defer src="${assets.script.path}"></script>
  </head>
  <body id="body" class="no-focus-outline">
    <noscript>GraphiQL needs JavaScript.</noscript>
    <div id="root"></div>
  </body>
</html>
`;
}

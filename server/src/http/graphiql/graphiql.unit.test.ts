// The GraphiQL page and its files over Yoga's fetch: everything the page loads is served by
// Packr itself (nothing from a CDN), cacheable, and the page carries its CSP. The browser test
// (client/e2e/graphiql.e2e.test.ts) runs it for real with the network cut off.
import { gunzipSync } from 'node:zlib';
import { createSchema, createYoga } from 'graphql-yoga';
import { describe, expect, it } from 'vitest';
import { GRAPHIQL_CSP } from './csp.js';
import { packrGraphiql } from './plugin.js';
import type { BrowserConfig } from './page.js';

const graphiql = packrGraphiql('/graphql');
const yoga = createYoga({
  schema: createSchema({ typeDefs: 'type Query { ok: Boolean }', resolvers: { Query: { ok: () => true } } }),
  graphqlEndpoint: '/graphql',
  landingPage: false,
  graphiql: graphiql.options,
  renderGraphiQL: graphiql.render,
  plugins: [graphiql.plugin],
});
const get = (path: string, headers: Record<string, string> = {}) => yoga.fetch(new Request(`http://packr.test${path}`, { headers }));

async function page() {
  const res = await get('/graphql', { accept: 'text/html' });
  const html = await res.text();
  const references = [...html.matchAll(/\s(?:src|href)="([^"]*)"/g)].map((m) => m[1]);
  const configJson = /<script type="application\/json" id="packr-graphiql-config">(.*?)<\/script>/s.exec(html)?.[1];
  return { res, html, references, config: JSON.parse(configJson ?? 'null') as BrowserConfig };
}

describe('GraphiQL served by Packr', () => {
  it('serves the page with its CSP, referencing only files under /graphql/graphiql/', async () => {
    const { res, html, references, config } = await page();
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('text/html');
    expect(res.headers.get('content-security-policy')).toBe(GRAPHIQL_CSP);
    expect(GRAPHIQL_CSP).toContain("default-src 'none'");
    expect(references.length).toBe(5); // favicon, stylesheet, graphql-ws, bootstrap, GraphiQL
    for (const ref of references) expect(ref).toMatch(/^\/graphql\/graphiql\/[\w.-]+\.[0-9a-f]{10}\.(js|css|ico)$/);
    // No inline code: the only <script> without src is the JSON data block.
    expect([...html.matchAll(/<script(?![^>]*\ssrc=)[^>]*>/g)].map((m) => m[0])).toEqual(['<script type="application/json" id="packr-graphiql-config">']);
    expect(config.endpoint).toBe('/graphql');
    expect(config.graphiql.title).toBe('Packr GraphiQL');
    expect(JSON.parse(config.graphiql.headers!)).toEqual({ Authorization: 'Bearer <your API key>' });
    expect(config.keyPlaceholder).toBe('<your API key>');
    expect(Object.values(config.workers)).toHaveLength(3);
  });

  it('serves every file the page and Monaco ask for, with a year-long immutable cache', async () => {
    const { references, config } = await page();
    for (const path of [...references, ...Object.values(config.workers)]) {
      const res = await get(path);
      expect(res.status, path).toBe(200);
      expect(res.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
      expect(res.headers.get('content-type')).toMatch(path.endsWith('.css') ? /^text\/css/ : path.endsWith('.ico') ? /^image\// : /^text\/javascript/);
      const body = Buffer.from(await res.arrayBuffer());
      expect(body.byteLength).toBe(Number(res.headers.get('content-length')));
      expect(body.byteLength).toBeGreaterThan(100);
    }
  });

  it('keeps the stylesheet self-contained: fonts and images are data: URLs, nothing is fetched from elsewhere', async () => {
    const { references } = await page();
    const css = await (await get(references.find((r) => r.endsWith('.css'))!)).text();
    const urls = [...css.matchAll(/url\(\s*['"]?([^'")]{0,40})/g)].map((m) => m[1]);
    expect(urls.length).toBeGreaterThan(0);
    for (const url of urls) expect(url).toMatch(/^data:/);
    expect(css).not.toMatch(/@import/);
  });

  it('gzips a file for a client that accepts it', async () => {
    const { references } = await page();
    const script = references.find((r) => /\/graphiql\.[0-9a-f]+\.js$/.test(r))!;
    const plain = Buffer.from(await (await get(script)).arrayBuffer());
    const res = await get(script, { 'accept-encoding': 'gzip, deflate, br' });
    expect(res.headers.get('content-encoding')).toBe('gzip');
    expect(res.headers.get('vary')).toBe('accept-encoding');
    const zipped = Buffer.from(await res.arrayBuffer());
    expect(zipped.byteLength).toBeLessThan(plain.byteLength / 2);
    expect(gunzipSync(zipped).equals(plain)).toBe(true);
  });

  it('answers 404 for unknown or stale files under the prefix, and leaves GraphQL alone', async () => {
    expect((await get('/graphql/graphiql/graphiql.0000000000.js')).status).toBe(404);
    expect((await get('/graphql/graphiql/')).status).toBe(404);
    const res = await yoga.fetch(new Request('http://packr.test/graphql', { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"query":"{ ok }"}' }));
    expect(await res.json()).toEqual({ data: { ok: true } });
    expect(res.headers.get('content-security-policy')).toBeNull();
  });
});

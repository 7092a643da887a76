import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createSchema, createYoga } from 'graphql-yoga';
import { afterAll, describe, expect, it } from 'vitest';
import { isApiPath, useStaticClient } from './static.js';

const root = mkdtempSync(join(tmpdir(), 'packr-static-'));
mkdirSync(join(root, 'assets'));
writeFileSync(join(root, 'index.html'), '<!doctype html><title>Packr</title>');
writeFileSync(join(root, 'assets', 'index-abc123.js'), 'console.log(1)');
writeFileSync(join(root, 'favicon.svg'), '<svg/>');
afterAll(() => rmSync(root, { recursive: true, force: true }));

const yoga = createYoga({
  schema: createSchema({ typeDefs: 'type Query { ok: Boolean }', resolvers: { Query: { ok: () => true } } }),
  plugins: [useStaticClient({ root })],
  landingPage: false,
});
const get = async (path: string, init?: RequestInit): Promise<Response> => yoga.fetch(new Request(`http://packr.test${path}`, init));

describe('static client', () => {
  it('serves hashed assets with a long immutable cache', async () => {
    const res = await get('/assets/index-abc123.js');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('text/javascript');
    expect(res.headers.get('cache-control')).toContain('immutable');
    expect(await res.text()).toBe('console.log(1)');
  });

  it('falls back to index.html for app routes, uncached', async () => {
    const res = await get('/brands/123/inventory');
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toBe('no-cache');
    expect(await res.text()).toContain('<title>Packr</title>');
    expect(await (await get('/')).text()).toContain('<title>Packr</title>');
  });

  it('answers 404 for a missing asset instead of HTML', async () => {
    expect((await get('/assets/index-old.js')).status).toBe(404);
    expect((await get('/robots.txt')).status).toBe(404);
  });

  it('never serves files outside the build folder', async () => {
    const res = await get('/..%2f..%2f..%2fetc%2fpasswd');
    expect(res.status).toBe(404);
    expect(await res.text()).not.toContain('root:');
  });

  it('leaves GraphQL and API routes alone', async () => {
    const res = await get('/graphql', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: '{ ok }' }),
    });
    expect(await res.json()).toEqual({ data: { ok: true } });
    expect(isApiPath('/health')).toBe(true);
    expect(isApiPath('/ready')).toBe(true);
    expect(isApiPath('/metrics')).toBe(true);
    expect(isApiPath('/api/config')).toBe(true);
    expect(isApiPath('/webhooks/trackstar')).toBe(true);
    expect(isApiPath('/brands')).toBe(false);
  });

  it('answers HEAD without a body', async () => {
    const res = await get('/', { method: 'HEAD' });
    expect(res.status).toBe(200);
    expect(await res.text()).toBe('');
  });
});

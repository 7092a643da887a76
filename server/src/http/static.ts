// Serves the built dashboard (client/dist) from the API process: hashed assets get a one-year
// immutable cache, everything else that looks like a page gets index.html (SPA fallback) with
// no-cache so a deploy is picked up on the next load. API paths are never intercepted.
import { createReadStream, existsSync, statSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { extname, resolve, sep } from 'node:path';
import { Readable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import type { Plugin } from 'graphql-yoga';

const DEFAULT_ROOT = fileURLToPath(new URL('../../../client/dist', import.meta.url));

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.json': 'application/json',
  '.woff2': 'font/woff2',
  '.txt': 'text/plain; charset=utf-8',
};

/** Paths that belong to the API; the static plugin must stay out of their way. */
export function isApiPath(pathname: string): boolean {
  return (
    pathname === '/graphql' ||
    pathname.startsWith('/graphql/') ||
    pathname === '/api' ||
    pathname.startsWith('/api/') ||
    pathname.startsWith('/webhooks/') ||
    pathname === '/health' ||
    pathname === '/ready' ||
    pathname === '/metrics'
  );
}

export function useStaticClient(options: { root?: string } = {}): Plugin {
  const root = resolve(options.root ?? DEFAULT_ROOT);

  return {
    async onRequest({ request, url, endResponse, fetchAPI }) {
      if (request.method !== 'GET' && request.method !== 'HEAD') return;
      if (isApiPath(url.pathname)) return;
      // Without a build there is nothing to serve; let Yoga answer (404) instead of guessing.
      if (!existsSync(`${root}${sep}index.html`)) return;

      let pathname: string;
      try {
        pathname = decodeURIComponent(url.pathname);
      } catch {
        return endResponse(new fetchAPI.Response('Bad path', { status: 400 }));
      }
      const file = resolve(root, `.${pathname}`);
      // Path traversal (/../../etc/passwd) resolves outside the root: treat it as not found.
      const inside = file === root || file.startsWith(root + sep);
      if (!inside) return endResponse(new fetchAPI.Response('Not found', { status: 404, headers: { 'content-type': 'text/plain' } }));
      const isFile = existsSync(file) && statSync(file).isFile();

      if (isFile) {
        const hashed = pathname.startsWith('/assets/');
        const headers = {
          'content-type': TYPES[extname(file)] ?? 'application/octet-stream',
          'content-length': String(statSync(file).size),
          'cache-control': hashed ? 'public, max-age=31536000, immutable' : 'no-cache',
          'x-content-type-options': 'nosniff',
        };
        const body = request.method === 'HEAD' ? null : (Readable.toWeb(createReadStream(file)) as ReadableStream);
        return endResponse(new fetchAPI.Response(body, { status: 200, headers }));
      }

      // A missing asset is a real 404 (a stale tab asking for an old hash must not get HTML).
      if (pathname.startsWith('/assets/') || extname(pathname) !== '') {
        return endResponse(new fetchAPI.Response('Not found', { status: 404, headers: { 'content-type': 'text/plain' } }));
      }
      // Read per request (it is tiny): a rebuild while the API runs must not serve stale asset hashes.
      const indexHtml = await readFile(`${root}${sep}index.html`, 'utf8');
      return endResponse(
        new fetchAPI.Response(request.method === 'HEAD' ? null : indexHtml, {
          status: 200,
          headers: { 'content-type': TYPES['.html'], 'cache-control': 'no-cache', 'x-content-type-options': 'nosniff' },
        }),
      );
    },
  };
}

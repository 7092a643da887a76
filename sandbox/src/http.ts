// HTTP plumbing: error bodies in Trackstar's shapes and a tiny path router.
import type { IncomingHttpHeaders } from 'node:http';
import type { ConnectionState } from './store.js';
import type { SandboxFunction } from './integrations.js';

export class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly body: Record<string, unknown>,
    readonly headers: Record<string, string> = {},
  ) {
    super(String(body.error));
  }
}

export const fail = {
  unauthorized: (error: string) => new HttpError(401, { error, origin: 'trackstar' }),
  notFound: (id: string, what = 'Record') => new HttpError(404, { error: `${what} not found`, id, origin: 'trackstar' }),
  /** 422 ValidationError: `where` is `query` or `json`, `field` names the parameter or body path. */
  invalid: (where: 'query' | 'json' | 'path', field: string, message: string) =>
    new HttpError(422, { error: 'Validation error', detail: { [where]: { [field]: [message] } }, origin: 'trackstar' }),
  invalidMany: (where: 'query' | 'json', fields: Record<string, string[]>) =>
    new HttpError(422, { error: 'Validation error', detail: { [where]: fields }, origin: 'trackstar' }),
  notImplemented: (fn: string, integration: string) =>
    new HttpError(501, { error: `Endpoint ${fn} is not implemented for ${integration}` }),
  /** The simulated WMS refused the request. */
  integration: (status: number, error: string) => new HttpError(status, { error, origin: 'integration' }),
  badRequest: (error: string) => new HttpError(400, { error, origin: 'trackstar' }),
};

export type Ctx = {
  method: string;
  path: string;
  query: URLSearchParams;
  params: Record<string, string>;
  body: unknown;
  headers: IncomingHttpHeaders;
  requestId: string;
  /** The connection picked by x-trackstar-access-token, when the route takes one. */
  conn: ConnectionState | undefined;
};

export type Result = { status?: number; body?: unknown; headers?: Record<string, string>; text?: string; contentType?: string };

/**
 * auth: `none` (Link script, Link authorize), `key` (API key only), `token` (key + access token),
 * `key+token?` (key, and a token if the caller sends one).
 */
export type Route = {
  method: string;
  pattern: string;
  auth: 'none' | 'key' | 'token' | 'key+token?';
  /** Function the connection's integration must implement (501 otherwise). */
  fn?: SandboxFunction;
  /** List endpoints get the malformed-records fault applied to `data`. */
  list?: boolean;
  handler: (ctx: Ctx) => Result | Promise<Result>;
};

export function conn(ctx: Ctx): ConnectionState {
  if (!ctx.conn) throw fail.unauthorized('Missing x-trackstar-access-token');
  return ctx.conn;
}

type Compiled = { route: Route; parts: string[] };

export class Router {
  private readonly compiled: Compiled[] = [];

  add(...routes: Route[]): this {
    for (const route of routes) this.compiled.push({ route, parts: route.pattern.split('/').filter(Boolean) });
    return this;
  }

  /** Each Trackstar function's endpoint as `METHOD /path/{param}` (lists for reads), for the integration catalogue. */
  functionEndpoints(): Map<SandboxFunction, string> {
    const out = new Map<SandboxFunction, string>();
    for (const { route } of this.compiled) {
      if (!route.fn || (out.has(route.fn) && !route.list)) continue;
      out.set(route.fn, `${route.method} ${route.pattern.replace(/:(\w+)/g, '{$1}')}`);
    }
    return out;
  }

  /** `route` undefined with `allowed` set means the path exists for other methods (405). */
  match(method: string, path: string): { route?: Route; params: Record<string, string>; allowed: string[] } {
    const segs = path.split('/').filter(Boolean);
    const allowed: string[] = [];
    for (const { route, parts } of this.compiled) {
      if (parts.length !== segs.length) continue;
      const params: Record<string, string> = {};
      let ok = true;
      for (let i = 0; i < parts.length && ok; i++) {
        if (parts[i].startsWith(':')) {
          try {
            params[parts[i].slice(1)] = decodeURIComponent(segs[i]);
          } catch {
            ok = false;
          }
        } else ok = parts[i] === segs[i];
      }
      if (!ok) continue;
      if (route.method === method) return { route, params, allowed };
      allowed.push(route.method);
    }
    return { params: {}, allowed };
  }
}

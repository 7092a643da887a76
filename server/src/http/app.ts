// buildApp(): one HTTP server answering GraphQL (Yoga), graphql-ws on the same path, and the
// non-GraphQL routes: raw Node routes first (webhooks, /metrics, the queue board under /admin,
// REST), then Yoga plugins (health, static client).
// main.ts and tests both use it.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { EnvelopArmorPlugin } from '@escape.tech/graphql-armor';
import { GraphQLError } from 'graphql';
import { createYoga, type Plugin } from 'graphql-yoga';
import { createContext, type Context } from '../graphql/context.js';
import { isPublicOperation } from '../graphql/public-operations.js';
import { schema } from '../graphql/schema.js';
import { usePaginationLimits } from '../graphql/pagination-limits.js';
import { useReadOnlyKeys } from '../graphql/read-only-keys.js';
import { useJitQueries } from '../graphql/jit.js';
import { BrandVersions } from '../graphql/response-cache/brand-versions.js';
import { useBrandResponseCache } from '../graphql/response-cache/plugin.js';
import { env } from '../env.js';
import { changeHub } from '../changes/change-hub.js';
import { logger } from '../lib/logger.js';
import { adminRoute, type AdminRouteOptions } from './admin/admin-route.js';
import { AuthFailureGuard, authLockoutRoute, tooManyAuthFailures } from './auth-failures.js';
import { limitRequestBody } from './body-limit.js';
import { corsForOrigins, useVaryOnOrigin } from './cors.js';
import { httpLimits, type HttpLimits } from './limits.js';
import { closeMetricsSnapshotsRedis, metricsRoute } from './metrics-route.js';
import type { NodeRoute } from './node-route.js';
import { requestIdOf, useRequestId } from './request-id.js';
import { restApiRoute } from './rest/router.js';
import { attachGraphqlWs, type WsOptions } from './ws.js';
import { packrGraphiql } from './graphiql/plugin.js';

export type App = {
  server: Server;
  yoga: ReturnType<typeof createYoga<Record<string, unknown>, Context>>;
  /** null when turned off (RESPONSE_CACHE_ENTRIES=0). */
  responseCache: ReturnType<typeof useBrandResponseCache> | null;
  start(port?: number, host?: string): Promise<{ url: string; port: number }>;
  stop(): Promise<void>;
};

export type AppOptions = {
  /** Extra Yoga plugins: non-GraphQL routes (health, static client) go here. */
  plugins?: Plugin[];
  /** Routes answered on the raw Node request before Yoga sees it (node-route.ts): the webhook receiver. */
  nodeRoutes?: NodeRoute[];
  /** Response cache size; defaults to RESPONSE_CACHE_ENTRIES, 0 turns it off. */
  responseCacheEntries?: number;
  /** graphql-ws limits (message size, subscription caps, send buffer) and log; default to env.ts. */
  ws?: WsOptions;
  /** Body limit, auth-failure limit, CORS origins, /metrics token; default to env.ts (limits.ts). */
  limits?: Partial<HttpLimits>;
  /** The queue board at /admin/queues: who operates the deployment (default ADMIN_QUEUE_TENANTS). */
  admin?: Pick<AdminRouteOptions, 'operatorTenants'>;
};

export function buildApp(options: AppOptions = {}): App {
  const cacheEntries = options.responseCacheEntries ?? env.RESPONSE_CACHE_ENTRIES;
  const versions = cacheEntries > 0 ? new BrandVersions(changeHub) : null;
  const responseCache = versions ? useBrandResponseCache({ versions, maxEntries: cacheEntries }) : null;
  // Served entirely by Packr (no CDN), so it works offline: graphiql/plugin.ts.
  const graphiql = packrGraphiql('/graphql');
  const limits = httpLimits(options.limits);
  const authFailures = AuthFailureGuard.create({ perMinute: limits.authFailuresPerMinute, trustedProxyHops: limits.trustedProxyHops, name: limits.authLimiterName });
  const yoga = createYoga<Record<string, unknown>, Context>({
    schema,
    graphqlEndpoint: '/graphql',
    landingPage: false,
    graphiql: graphiql.options,
    renderGraphiQL: graphiql.render,
    // Never leak stack traces, SQL or internal messages; GraphQLErrors we throw on purpose pass through.
    maskedErrors: { isDev: false },
    logging: env.YOGA_DEBUG ? 'debug' : false,
    // Only configured dashboard origins (CORS_ORIGINS); Yoga's default reflects every origin.
    cors: corsForOrigins(limits.corsOrigins),
    plugins: [
      useRequestId(),
      useVaryOnOrigin(limits.corsOrigins),
      graphiql.plugin,
      ...(options.plugins ?? []),
      EnvelopArmorPlugin({
        maxDepth: { n: 12 },
        maxAliases: { n: 15 },
        maxTokens: { n: 4000 },
        maxDirectives: { n: 20 },
        costLimit: { maxCost: 10_000 },
        blockFieldSuggestion: { enabled: true },
      }),
      // Armor's cost ignores list sizes: bound `first` and nested page products too.
      usePaginationLimits(),
      // Keys with the read_only scope: no mutations.
      useReadOnlyKeys(),
      // After authentication (context) and the limits above; before execution.
      ...(responseCache ? [responseCache] : []),
      useJitQueries(),
    ],
    context: async (initial) => {
      const ws = initial as unknown as { connectionParams?: Record<string, unknown> };
      const request = (initial as { request?: Request }).request;
      const ctx = await createContext({
        request: ws.connectionParams ? undefined : request,
        connectionParams: ws.connectionParams,
        requestId: request ? requestIdOf(request) : undefined,
      });
      // acceptInvitation needs no key (graphql/public-operations.ts); a key sent along must still be valid.
      if (!ctx.viewer && !ctx.credential && isPublicOperation((initial as { params?: { query?: string; operationName?: string } }).params)) return ctx;
      if (!ctx.viewer) {
        if (ctx.credential) {
          // The raw Node request (HTTP and graphql-ws both pass it as `req`) tells the caller's address.
          const req = (initial as { req?: import('node:http').IncomingMessage }).req;
          const verdict = await authFailures.recordFailure(req, ws.connectionParams ? 'ws' : 'http');
          if (verdict?.limited) throw tooManyAuthFailures(verdict.retryAfterSeconds);
        }
        throw new GraphQLError(ctx.credential ? 'API key is invalid or revoked' : 'Missing API key: send Authorization: Bearer <key>', {
          extensions: { code: 'UNAUTHENTICATED', http: { status: 401 } },
        });
      }
      return ctx;
    },
  });

  const admin = adminRoute({ ...options.admin, authFailures, trustedProxyHops: limits.trustedProxyHops });
  const nodeRoutes = [
    ...(options.nodeRoutes ?? []),
    metricsRoute({ token: limits.metricsToken, trustedProxyHops: limits.trustedProxyHops, authFailures }),
    // The queue board and its sign-in (admin/admin-route.ts): OWNER/ADMIN of an operating tenant.
    admin.route,
    // Addresses over the auth-failure limit get 429 before Yoga parses anything.
    authLockoutRoute(authFailures, '/graphql'),
    // REST under /api (rest/router.ts): the same keys, refused-key limit and body limit as GraphQL.
    restApiRoute({ authFailures, maxBodyBytes: limits.graphqlMaxBodyBytes }),
  ];
  // Yoga never sees a body over the limit (answered 413 on the raw request instead).
  const toYoga = limitRequestBody(limits.graphqlMaxBodyBytes, (req, res) => void yoga(req, res));
  const server = createServer((req, res) => {
    for (const route of nodeRoutes) if (route(req, res)) return;
    toYoga(req, res);
  });
  const ws = attachGraphqlWs(server, yoga, { ...options.ws, authFailures });
  const sockets = new Set<import('node:net').Socket>();
  server.on('connection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });

  return {
    server,
    yoga,
    responseCache,
    start: (port = 0, host = '0.0.0.0') =>
      new Promise((resolve, reject) => {
        server.once('error', reject);
        server.listen(port, host, () => {
          const actual = (server.address() as AddressInfo).port;
          logger.debug('api listening', { port: actual });
          resolve({ url: `http://127.0.0.1:${actual}`, port: actual });
        });
      }),
    async stop() {
      versions?.close();
      await ws.close();
      await admin.close();
      // Reopened by the next scrape if another app of this process (tests) still serves /metrics.
      await closeMetricsSnapshotsRedis();
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        // Keep-alive connections would hold close() open; end them after a short grace period.
        setTimeout(() => sockets.forEach((s) => s.destroy()), 1_000).unref();
      });
    },
  };
}

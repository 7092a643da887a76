// graphql-ws on the same server and path as Yoga. Operations go through yoga.getEnveloped so
// WebSocket requests get the same plugins (armor, auth, masking) and context as HTTP.
//
// One bad operation never takes the socket down: whatever goes wrong while preparing or starting
// an operation (syntax error, armor's token limit, a revoked key, a bug) becomes an `error`
// message for that operation's id, plus one log line. Limits: incoming message size, operations
// per socket and per API key, and unsent bytes per socket (ws-transport.ts).
import type { Server } from 'node:http';
import { GraphQLError, type ExecutionResult } from 'graphql';
import type { SubscribePayload } from 'graphql-ws';
import { handleProtocols, makeServer, type Context as WsContext } from 'graphql-ws';
import { maskError, type YogaServerInstance } from 'graphql-yoga';
import { WebSocketServer, type WebSocket } from 'ws';
import { onCredentialRevocation } from '../auth/credential-revocations.js';
import { viewerFromApiKey } from '../auth/viewer.js';
import type { AuthFailureGuard } from './auth-failures.js';
import { env } from '../env.js';
import { logger } from '../lib/logger.js';
import { subscribeShared } from '../graphql/subscriptions/shared-execution.js';
import { SubscriptionCaps } from './ws-subscription-caps.js';
import { errorFields, serveGraphqlWs, type SocketExtra, type WsLog } from './ws-transport.js';
import { CLOSE_FORBIDDEN, CLOSE_UNAUTHORIZED, SocketRevocations } from './ws-revocations.js';

export { CLOSE_FORBIDDEN, CLOSE_UNAUTHORIZED };
/** Too many refused keys from this address (AUTH_FAILURES_PER_MINUTE); graphql-ws clients do not retry it. */
export const CLOSE_TOO_MANY_AUTH_FAILURES = 4429;
/** RFC 6455 "try again later": the key could not be checked right now (graphql-ws clients retry it). */
export const CLOSE_TRY_AGAIN_LATER = 1013;

export type WsLimits = {
  /** Largest incoming WebSocket message; a bigger one closes the socket with 1009. */
  maxMessageBytes: number;
  /** Unsent bytes a socket may hold before its client is closed as a slow consumer (4008). */
  maxBufferedBytes: number;
  /** Concurrent operations on one socket. */
  subscriptionsPerSocket: number;
  /** Concurrent operations of one API key across all sockets of this process. */
  subscriptionsPerKey: number;
};

/** Limits default to the environment (env.ts); tests pass small values. `log` defaults to the app logger. */
export type WsOptions = Partial<WsLimits> & {
  log?: WsLog;
  /** Counts refused keys of connection_init per address, as HTTP does (auth-failures.ts). */
  authFailures?: AuthFailureGuard;
};

export function wsLimits(options: Partial<WsLimits> = {}): WsLimits {
  return {
    maxMessageBytes: options.maxMessageBytes ?? env.WS_MAX_MESSAGE_BYTES,
    maxBufferedBytes: options.maxBufferedBytes ?? env.WS_MAX_BUFFERED_BYTES,
    subscriptionsPerSocket: options.subscriptionsPerSocket ?? env.SUBSCRIPTIONS_PER_SOCKET,
    subscriptionsPerKey: options.subscriptionsPerKey ?? env.SUBSCRIPTIONS_PER_KEY,
  };
}

const UNEXPECTED = 'Unexpected error.';

export function attachGraphqlWs(server: Server, yoga: YogaServerInstance<any, any>, options: WsOptions = {}) {
  const limits = wsLimits(options);
  const log = options.log ?? logger;
  const caps = new SubscriptionCaps({ perSocket: limits.subscriptionsPerSocket, perKey: limits.subscriptionsPerKey });
  // A revoked key, a removed member or lost brand access closes the affected sockets at once, on
  // every API process (auth/credential-revocations.ts).
  const revocations = new SocketRevocations(log);
  const stopRevocations = onCredentialRevocation((event) => revocations.apply(event));

  const wss = new WebSocketServer({ server, path: yoga.graphqlEndpoint, maxPayload: limits.maxMessageBytes, handleProtocols });
  const sockets = new Set<WebSocket>();
  wss.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });

  /** The client-safe error for a failed operation: deliberate GraphQLErrors pass, the rest is masked and logged. */
  const operationError = (error: unknown, operationId?: string): GraphQLError => {
    const safe = maskError(error, UNEXPECTED, false) as GraphQLError;
    if (safe === error) log.info('websocket operation rejected', { operationId, code: safe.extensions?.code, reason: safe.message });
    else log.error('websocket operation failed', { operationId, error: errorFields(error) });
    return safe;
  };
  /** graphql-ws lets a throw from execute/subscribe close the socket; answer it as a result instead. */
  const settle = async <T>(run: () => Promise<T> | T): Promise<T | ExecutionResult> => {
    try {
      return await run();
    } catch (error) {
      return { errors: [operationError(error)] };
    }
  };

  const prepare = async (ctx: WsContext<Record<string, unknown>, SocketExtra>, payload: SubscribePayload) => {
    const enveloped = yoga.getEnveloped({
      ...ctx,
      req: ctx.extra.request,
      socket: ctx.extra.socket,
      params: payload,
      connectionParams: ctx.connectionParams ?? {},
    });
    // Throws a GraphQLError for a syntax error and for armor's token limit.
    const document = enveloped.parse(payload.query);
    const problems = enveloped.validate(enveloped.schema, document);
    if (problems.length > 0) return problems;
    return {
      schema: enveloped.schema,
      document,
      operationName: payload.operationName,
      variableValues: payload.variables,
      // Throws UNAUTHENTICATED when the key was revoked since the socket connected.
      contextValue: await enveloped.contextFactory(),
      rootValue: { execute: enveloped.execute, subscribe: enveloped.subscribe },
    };
  };

  const protocol = makeServer<Record<string, unknown>, SocketExtra>({
    execute: (args: any) => settle(() => args.rootValue.execute(args)),
    // Per-subscriber source stream, per-event execution shared between equal subscribers.
    subscribe: (args: any) => settle(() => subscribeShared({ ...args, rootValue: undefined })),
    onConnect: async (ctx) => {
      if (options.authFailures?.refuseIfBlocked(ctx.extra.request)) {
        ctx.extra.socket.close(CLOSE_TOO_MANY_AUTH_FAILURES, 'Too many failed authentication attempts');
        return false;
      }
      const auth = ctx.connectionParams?.authorization;
      let viewer;
      try {
        viewer = typeof auth === 'string' ? await viewerFromApiKey(auth) : null;
      } catch (error) {
        log.error('websocket key check failed', { error: errorFields(error) });
        ctx.extra.socket.close(CLOSE_TRY_AGAIN_LATER, 'Try again later');
        return false;
      }
      if (!viewer) {
        const verdict = typeof auth === 'string' ? await options.authFailures?.recordFailure(ctx.extra.request, 'ws') : null;
        if (verdict?.limited) ctx.extra.socket.close(CLOSE_TOO_MANY_AUTH_FAILURES, 'Too many failed authentication attempts');
        // graphql-ws would close with 4403; 4401 tells the client to ask for a new key.
        else ctx.extra.socket.close(CLOSE_UNAUTHORIZED, 'Unauthorized');
        return false;
      }
      caps.track(ctx, viewer.apiKeyId);
      revocations.track(ctx, viewer, auth as string);
      return true;
    },
    onClose: (ctx) => {
      caps.untrack(ctx);
      revocations.untrack(ctx);
    },
    onSubscribe: async (ctx, id, payload) => {
      const refused = caps.refusal(ctx);
      if (refused) {
        log.warn('websocket subscription refused: over the cap', { operationId: id, scope: refused.scope, limit: refused.limit });
        return [refused.error];
      }
      try {
        const prepared = await prepare(ctx, payload);
        if (!Array.isArray(prepared)) revocations.noteOperation(ctx, id, prepared.document, payload.operationName, payload.variables);
        return prepared;
      } catch (error) {
        // graphql-ws sends a returned array of GraphQLErrors as an `error` message for this id only.
        return [operationError(error, id)];
      }
    },
  });

  const transport = serveGraphqlWs(wss, protocol, { maxBufferedBytes: limits.maxBufferedBytes, log });

  return {
    wss,
    sockets,
    limits,
    async close() {
      stopRevocations();
      transport.dispose();
      for (const s of sockets) s.close(1001, 'Server shutting down');
      await new Promise<void>((resolve) => wss.close(() => resolve()));
    },
  };
}

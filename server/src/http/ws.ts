// graphql-ws on the same server and path as Yoga. Operations go through yoga.getEnveloped so
// WebSocket requests get the same plugins (armor, auth, masking) and context as HTTP.
import type { Server } from 'node:http';
import type { YogaServerInstance } from 'graphql-yoga';
import { useServer } from 'graphql-ws/use/ws';
import { WebSocketServer, type WebSocket } from 'ws';
import { viewerFromApiKey } from '../auth/viewer.js';
import { subscribeShared } from '../realtime/shared-execution.js';

export const CLOSE_UNAUTHORIZED = 4401;

export function attachGraphqlWs(server: Server, yoga: YogaServerInstance<any, any>) {
  const wss = new WebSocketServer({ server, path: yoga.graphqlEndpoint });
  const sockets = new Set<WebSocket>();
  wss.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });

  const disposable = useServer(
    {
      execute: (args: any) => args.rootValue.execute(args),
      // Per-subscriber source stream, per-event execution shared between equal subscribers.
      subscribe: (args: any) => subscribeShared({ ...args, rootValue: undefined }),
      onConnect: async (ctx) => {
        const auth = ctx.connectionParams?.authorization;
        const viewer = typeof auth === 'string' ? await viewerFromApiKey(auth) : null;
        if (!viewer) {
          // graphql-ws would close with 4403; 4401 tells the client to ask for a new key.
          ctx.extra.socket.close(CLOSE_UNAUTHORIZED, 'Unauthorized');
          return false;
        }
        return true;
      },
      onSubscribe: async (ctx, _id, payload) => {
        const env = yoga.getEnveloped({
          ...ctx,
          req: ctx.extra.request,
          socket: ctx.extra.socket,
          params: payload,
          connectionParams: ctx.connectionParams ?? {},
        });
        const document = env.parse(payload.query);
        const problems = env.validate(env.schema, document);
        if (problems.length > 0) return problems;
        return {
          schema: env.schema,
          document,
          operationName: payload.operationName,
          variableValues: payload.variables,
          contextValue: await env.contextFactory(),
          rootValue: { execute: env.execute, subscribe: env.subscribe },
        };
      },
    },
    wss,
  );

  return {
    wss,
    sockets,
    async close() {
      for (const s of sockets) s.close(1001, 'Server shutting down');
      await disposable.dispose();
      await new Promise<void>((resolve) => wss.close(() => resolve()));
    },
  };
}

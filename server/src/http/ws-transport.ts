// Runs a graphql-ws protocol server (makeServer) on the sockets of a `ws` WebSocketServer. This
// takes the place of graphql-ws's own `useServer` adapter, which prints stack traces with
// console.error and closes the whole socket with 4500 when anything throws, and has no bound on
// what a client that stops reading leaves in the send buffer. Here:
// - problems are logged as one structured line each, never as a stack trace;
// - a socket whose unsent data passes `maxBufferedBytes` is closed as a slow consumer (4008);
// - connections that stop answering WebSocket pings are cut after `keepAliveMs` (as useServer did).
import type { IncomingMessage } from 'node:http';
import type { Server as GraphqlWsServer } from 'graphql-ws';
import type { WebSocket, WebSocketServer } from 'ws';
import type { Logger } from '../lib/logger.js';
import { CLOSE_SLOW_CONSUMER } from '../graphql/subscriptions/change-stream.js';

/** What the graphql-ws hooks find in `ctx.extra`. */
export type SocketExtra = { socket: WebSocket; request: IncomingMessage };

export type WsLog = Pick<Logger, 'info' | 'warn' | 'error'>;

export type WsTransportOptions = {
  /** Unsent bytes of earlier messages a socket may hold before its client counts as too slow. */
  maxBufferedBytes: number;
  keepAliveMs?: number;
  log: WsLog;
};

/** Close code for a failure inside the server (RFC 6455 1011), sent instead of graphql-ws's 4500. */
export const CLOSE_INTERNAL_ERROR = 1011;
const DEFAULT_KEEP_ALIVE_MS = 12_000;

/** An error as log fields: name and message only, never the stack. */
export const errorFields = (error: unknown) =>
  error instanceof Error ? { name: error.name, message: error.message } : { message: String(error) };

export function serveGraphqlWs(wss: WebSocketServer, protocol: GraphqlWsServer<SocketExtra>, options: WsTransportOptions) {
  const { log, maxBufferedBytes } = options;
  const keepAliveMs = options.keepAliveMs ?? DEFAULT_KEEP_ALIVE_MS;

  const onServerError = (error: Error) => log.error('websocket server error', { error: errorFields(error) });
  wss.on('error', onServerError);

  const onConnection = (socket: WebSocket, request: IncomingMessage) => {
    const remoteAddress = request.socket.remoteAddress;

    // ws has already closed the socket with the right code (1009 message too big, 1002 bad frame,
    // 1007 bad UTF-8) by the time it emits this; only say why. `code` is ws's name for the case,
    // e.g. WS_ERR_UNSUPPORTED_MESSAGE_LENGTH.
    socket.on('error', (error: Error & { code?: string }) => {
      log.warn('websocket closed on a protocol error', { code: error.code, reason: error.message, remoteAddress });
    });

    let answeredPing = true;
    socket.on('pong', () => (answeredPing = true));
    const heartbeat = setInterval(() => {
      if (!answeredPing) return socket.terminate();
      answeredPing = false;
      socket.ping();
    }, keepAliveMs);
    heartbeat.unref();

    const dropSlowConsumer = (backlog: number) => {
      log.warn('closing a slow websocket consumer: its unsent data passed the limit', {
        bufferedBytes: backlog,
        limitBytes: maxBufferedBytes,
        remoteAddress,
      });
      socket.close(CLOSE_SLOW_CONSUMER, 'Slow consumer');
    };

    const closed = protocol.opened(
      {
        protocol: socket.protocol,
        // Resolves once the data reached the OS, so each operation waits for its previous message
        // (graphql-ws awaits every send). A failed write means the socket is going away; its close
        // event ends the operations, so the send itself never rejects.
        send: (data) =>
          new Promise<void>((resolve) => {
            if (socket.readyState !== socket.OPEN) return resolve();
            // Judge the client by what it has not taken of earlier messages: one large result to a
            // client that reads is not slow. The buffer is thus bounded by the limit plus one message.
            const backlog = socket.bufferedAmount;
            socket.send(data, () => resolve());
            if (backlog > maxBufferedBytes) dropSlowConsumer(backlog);
          }),
        close: (code, reason) => socket.close(code, reason),
        onMessage: (handle) =>
          socket.on('message', (data) => {
            handle(String(data)).catch((error: unknown) => {
              // The hooks in ws.ts answer bad operations themselves; reaching this is a bug.
              log.error('websocket message handling failed', { error: errorFields(error), remoteAddress });
              if (socket.readyState === socket.OPEN) socket.close(CLOSE_INTERNAL_ERROR, 'Internal server error');
            });
          }),
      },
      { socket, request },
    );

    socket.once('close', (code, reason) => {
      clearInterval(heartbeat);
      closed(code, reason.toString()).catch((error: unknown) => log.error('websocket close handling failed', { error: errorFields(error) }));
    });
  };
  wss.on('connection', onConnection);

  return {
    dispose() {
      wss.off('connection', onConnection);
      wss.off('error', onServerError);
    },
  };
}

// Caps on concurrent operations over graphql-ws: per socket, and per API key across every socket
// of this process, so one client (or one leaked key) cannot hold an unbounded number of change
// streams. A subscribe over a cap gets an error for its own id; the socket and its other
// operations stay.
//
// The count is graphql-ws's own `ctx.subscriptions`: it registers an id when the subscribe
// arrives (before onSubscribe runs) and removes it when the operation completes, fails, is
// completed by the client or its socket closes, so no bookkeeping here can drift from it. It holds
// queries and mutations still running on the socket too, which a client of this API rarely sends
// over WebSocket.
import { GraphQLError } from 'graphql';

export const TOO_MANY_SUBSCRIPTIONS = 'TOO_MANY_SUBSCRIPTIONS';

export type SubscriptionCapLimits = { perSocket: number; perKey: number };

/** The part of a graphql-ws Context the caps read. */
type SocketState = { readonly subscriptions: Record<string, unknown> };

const activeOn = (socket: SocketState) => Object.keys(socket.subscriptions).length;

export type CapRefusal = { error: GraphQLError; scope: 'socket' | 'key'; limit: number };

export class SubscriptionCaps {
  private readonly socketsByKey = new Map<string, Set<SocketState>>();
  private readonly keyOfSocket = new WeakMap<SocketState, string>();

  constructor(private readonly limits: SubscriptionCapLimits) {}

  /** Counts this socket's operations toward its API key from now on. */
  track(socket: SocketState, apiKeyId: string): void {
    this.keyOfSocket.set(socket, apiKeyId);
    let sockets = this.socketsByKey.get(apiKeyId);
    if (!sockets) this.socketsByKey.set(apiKeyId, (sockets = new Set()));
    sockets.add(socket);
  }

  /** Call when the socket has closed. */
  untrack(socket: SocketState): void {
    const key = this.keyOfSocket.get(socket);
    if (key === undefined) return;
    this.keyOfSocket.delete(socket);
    const sockets = this.socketsByKey.get(key);
    sockets?.delete(socket);
    if (sockets?.size === 0) this.socketsByKey.delete(key);
  }

  /**
   * Whether the operation graphql-ws has just registered on this socket goes over a cap (it is
   * already part of the count); null when it fits.
   */
  refusal(socket: SocketState): CapRefusal | null {
    const { perSocket, perKey } = this.limits;
    if (activeOn(socket) > perSocket) {
      return refuse('socket', perSocket, `Too many subscriptions on this connection (limit ${perSocket}); complete one before starting another`);
    }
    const key = this.keyOfSocket.get(socket);
    const sockets = key === undefined ? undefined : this.socketsByKey.get(key);
    if (sockets) {
      let total = 0;
      for (const s of sockets) total += activeOn(s);
      if (total > perKey) {
        return refuse('key', perKey, `Too many subscriptions for this API key (limit ${perKey} across all connections); complete one before starting another`);
      }
    }
    return null;
  }
}

function refuse(scope: CapRefusal['scope'], limit: number, message: string): CapRefusal {
  return { scope, limit, error: new GraphQLError(message, { extensions: { code: TOO_MANY_SUBSCRIPTIONS, limit } }) };
}

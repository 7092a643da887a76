// Which open WebSockets a revocation cuts (auth/credential-revocations.ts). Each socket is known by
// the key it signed in with; each of its operations by the brands it reads, taken from its
// brandId / brandIds arguments (none: every brand the caller may read). A revoked key or a removed
// user closes the socket with 4401 (the dashboard signs out); lost access to a brand an operation
// reads, or a demotion, closes it with 4403 (clients reconnect and resubscribe with what is left).
import { decodeGlobalID } from '@pothos/plugin-relay';
import { Kind, type DocumentNode, type OperationDefinitionNode, type ValueNode } from 'graphql';
import type { WebSocket } from 'ws';
import type { RevocationEvent } from '../auth/credential-revocations.js';
import { viewerFromApiKey, type Viewer } from '../auth/viewer.js';
import { isUuid } from '../lib/uuid.js';
import type { WsLog } from './ws-transport.js';

export const CLOSE_UNAUTHORIZED = 4401;
/** Access to what the socket reads was taken away; graphql-ws clients reconnect after it. */
export const CLOSE_FORBIDDEN = 4403;

/** The part of a graphql-ws Context this reads: its active operation ids and its socket. */
type SocketState = { readonly subscriptions: Record<string, unknown>; readonly extra: { socket: WebSocket } };
type Tracked = { viewer: Viewer; credential: string; operations: Map<string, Set<string> | 'all'> };

const RANK = { OWNER: 3, ADMIN: 2, OPERATOR: 1 } as const;
const rank = (v: Viewer) => (v.role ? RANK[v.role] : 0);

function brandUuid(value: unknown): string | null {
  if (typeof value !== 'string') return null;
  if (isUuid(value)) return value.toLowerCase();
  try {
    const { typename, id } = decodeGlobalID(value);
    return typename === 'Brand' && isUuid(id) ? id.toLowerCase() : null;
  } catch {
    return null;
  }
}

function collect(node: ValueNode, variables: Record<string, unknown>, into: Set<string>): void {
  const add = (v: unknown) => {
    if (Array.isArray(v)) v.forEach(add);
    else {
      const id = brandUuid(v);
      if (id) into.add(id);
    }
  };
  if (node.kind === Kind.VARIABLE) add(variables[node.name.value]);
  else if (node.kind === Kind.STRING) add(node.value);
  else if (node.kind === Kind.LIST) for (const item of node.values) collect(item, variables, into);
}

/**
 * The brands an operation's root fields read: their brandId / brandIds arguments. 'all' when a
 * root field names none (it reads every brand the caller may read) or the selection is indirect.
 */
export function brandsReadBy(document: DocumentNode, operationName: string | null | undefined, variables: Record<string, unknown> | null | undefined): Set<string> | 'all' {
  const operations = document.definitions.filter((d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION);
  const operation = operationName ? operations.find((o) => o.name?.value === operationName) : operations[0];
  if (!operation) return 'all';
  const brands = new Set<string>();
  for (const selection of operation.selectionSet.selections) {
    if (selection.kind !== Kind.FIELD) return 'all';
    if (selection.name.value === '__typename') continue;
    const named = new Set<string>();
    for (const arg of selection.arguments ?? []) {
      if (arg.name.value === 'brandId' || arg.name.value === 'brandIds') collect(arg.value, variables ?? {}, named);
    }
    // No brand named (or none readable as an id): the field reads every brand the caller may read.
    if (named.size === 0) return 'all';
    for (const b of named) brands.add(b);
  }
  return brands;
}

export class SocketRevocations {
  private readonly sockets = new Map<SocketState, Tracked>();

  constructor(private readonly log: WsLog) {}

  /** After connection_init accepted the key. */
  track(socket: SocketState, viewer: Viewer, credential: string): void {
    this.sockets.set(socket, { viewer, credential, operations: new Map() });
  }

  untrack(socket: SocketState): void {
    this.sockets.delete(socket);
  }

  /** An operation about to run on the socket, with the brands it reads. */
  noteOperation(socket: SocketState, id: string, document: DocumentNode, operationName: string | null | undefined, variables: Record<string, unknown> | null | undefined): void {
    const tracked = this.sockets.get(socket);
    if (!tracked) return;
    // Forget finished operations here, so the map never outgrows the socket's live ones.
    for (const known of tracked.operations.keys()) if (!(known in socket.subscriptions)) tracked.operations.delete(known);
    tracked.operations.set(id, brandsReadBy(document, operationName, variables));
  }

  apply(event: RevocationEvent): void {
    if (event.type === 'resync') {
      void this.recheckAll();
      return;
    }
    for (const [socket, tracked] of this.sockets) {
      if (event.type === 'keys') {
        if (event.apiKeyIds.includes(tracked.viewer.apiKeyId)) this.close(socket, CLOSE_UNAUTHORIZED, 'API key revoked');
      } else if (tracked.viewer.userId === event.userId && tracked.viewer.threePLId === event.threePLId) {
        if (event.brandIds === null || this.reads(socket, tracked, new Set(event.brandIds))) this.close(socket, CLOSE_FORBIDDEN, 'Access changed');
      }
    }
  }

  /** Whether one of the socket's live operations reads one of the brands (or every brand). */
  private reads(socket: SocketState, tracked: Tracked, brands: Set<string>): boolean {
    for (const [id, read] of tracked.operations) {
      if (!(id in socket.subscriptions)) continue;
      if (read === 'all') return true;
      for (const b of read) if (brands.has(b)) return true;
    }
    return false;
  }

  /** After a gap in the revocation channel: every socket's key and grants are read again. */
  private async recheckAll(): Promise<void> {
    for (const [socket, tracked] of [...this.sockets]) {
      let now: Viewer | null;
      try {
        now = await viewerFromApiKey(tracked.credential);
      } catch {
        continue; // database unreachable: each subscription re-checks on its next event
      }
      if (!now) this.close(socket, CLOSE_UNAUTHORIZED, 'API key revoked');
      else if (rank(now) < rank(tracked.viewer)) this.close(socket, CLOSE_FORBIDDEN, 'Access changed');
      else if (now.brandIds !== null) {
        const lost = new Set((tracked.viewer.brandIds ?? []).filter((b) => !now!.brandIds!.includes(b)));
        if (tracked.viewer.brandIds === null || (lost.size > 0 && this.reads(socket, tracked, lost))) this.close(socket, CLOSE_FORBIDDEN, 'Access changed');
        else tracked.viewer = now;
      } else tracked.viewer = now;
    }
  }

  private close(socket: SocketState, code: number, reason: string): void {
    const tracked = this.sockets.get(socket);
    this.sockets.delete(socket);
    const ws = socket.extra.socket;
    if (ws.readyState !== ws.OPEN && ws.readyState !== ws.CONNECTING) return;
    this.log.info('closing a websocket: its credentials were revoked', { code, reason, apiKeyId: tracked?.viewer.apiKeyId });
    ws.close(code, reason);
  }
}

// Configures the schema builder: plugins, scalars, auth scopes and the root types.
// Domain types live in ./types/, one file each, and only add to this builder.
import SchemaBuilder from '@pothos/core';
import PrismaPlugin from '@pothos/plugin-prisma';
import RelayPlugin from '@pothos/plugin-relay';
import ScopeAuthPlugin from '@pothos/plugin-scope-auth';
import { GraphQLError, Kind } from 'graphql';
import { isManager, isMember } from '../auth/viewer.js';
import { db } from '../db.js';
import { env } from '../env.js';
import type PrismaTypes from '../generated/pothos-prisma-types.js';
import { getDatamodel } from '../generated/pothos-prisma-types.js';
import type { Context } from './context.js';
import { decodeNodeId, resolveNodeChecked } from './node-ids.js';

export type AuthScopes = {
  /** Any valid key: 3PL members and brand viewers. */
  authenticated: boolean;
  /** OWNER, ADMIN or OPERATOR of the 3PL. */
  member: boolean;
  /** OWNER or ADMIN. */
  manager: boolean;
};

export const builder = new SchemaBuilder<{
  Context: Context;
  PrismaTypes: PrismaTypes;
  AuthScopes: AuthScopes;
  DefaultFieldNullability: false;
  DefaultEdgesNullability: false;
  DefaultNodeNullability: false;
  Scalars: {
    DateTime: { Input: Date; Output: Date | string };
    JSON: { Input: unknown; Output: unknown };
  };
}>({
  plugins: [ScopeAuthPlugin, PrismaPlugin, RelayPlugin],
  // Fields are non-null unless they say otherwise: clients get precise generated types.
  defaultFieldNullability: false,
  scopeAuth: {
    authorizeOnSubscribe: true,
    // Denials read the same everywhere and never reveal whether a thing exists.
    unauthorizedError: () => new GraphQLError('Not authorized', { extensions: { code: 'FORBIDDEN' } }),
    authScopes: (ctx) => ({
      authenticated: ctx.viewer !== null,
      member: isMember(ctx.viewer),
      manager: isManager(ctx.viewer),
    }),
  },
  prisma: {
    client: db,
    dmmf: getDatamodel(),
    exposeDescriptions: false,
    filterConnectionTotalCount: true,
    // A resolver that forgets to spread `query` would silently N+1; fail loudly outside production.
    onUnusedQuery: env.NODE_ENV === 'production' ? null : 'error',
  },
  relay: {
    clientMutationId: 'omit',
    cursorType: 'String',
    // Descriptions of the Relay built-ins (Node, PageInfo, edges, connection arguments) for GraphiQL's docs.
    nodeTypeOptions: {
      description: 'An object with a globally unique, opaque ID that node(id:) can fetch again: brands, integrations, sync states, API keys and every synced record.',
    },
    idFieldOptions: {
      description: "Globally unique, opaque ID (Relay global ID): pass it to node(id:) and to arguments that take this type's ID. Packr's id, not the WMS's (synced records have externalId for that).",
    },
    pageInfoTypeOptions: { description: 'Where a page of a list ends, and whether another page follows.' },
    hasNextPageFieldOptions: { description: 'True when more rows follow: ask again with after set to endCursor.' },
    hasPreviousPageFieldOptions: { description: 'Always false: lists page forward only (first/after).' },
    startCursorFieldOptions: { description: "Cursor of the page's first edge; null when the page is empty." },
    endCursorFieldOptions: { description: "Cursor of the page's last edge, to pass as after for the next page; null when the page is empty." },
    cursorFieldOptions: { description: 'Opaque cursor of this edge: pass it as after to continue after it. Valid only with the same field, brand, filter and sort.' },
    nodeFieldOptions: { description: 'The record at this position of the list.' },
    edgesFieldOptions: { nullable: false, description: 'The rows of this page, in list order.' },
    pageInfoFieldOptions: { description: 'Paging state: whether another page follows and the cursor to ask for it.' },
    firstArgOptions: { description: 'Page size: 0 to 250 rows (default 50).' },
    afterArgOptions: { description: 'Return rows after this cursor (an edge cursor or pageInfo.endCursor of the same query); omit for the first page.' },
    lastArgOptions: { description: 'Not supported (lists page forward only): any value is a BAD_USER_INPUT error.' },
    beforeArgOptions: { description: 'Not supported (lists page forward only): any value is a BAD_USER_INPUT error.' },
    // Malformed or non-Node ids are BAD_USER_INPUT; `nodes` is left out (unbounded id lists).
    decodeGlobalID: decodeNodeId,
    nodeQueryOptions: {
      description: 'Fetches any Node by its global ID. Scoped like the other queries: a record of a brand or 3PL the caller may not read is null, exactly like one that does not exist.',
      args: { id: { description: 'A global ID as returned by any id field.' } },
      resolve: resolveNodeChecked as never,
    },
    nodesQueryOptions: false,
  },
});

const CANONICAL_DATE_TIME = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/;

builder.scalarType('DateTime', {
  description: 'ISO-8601 date-time in UTC, e.g. 2026-01-31T12:00:00.000Z',
  // Strings already in the canonical form (the orders page reads timestamps as such text) pass
  // through; anything else goes through Date so the output form never varies.
  serialize: (value) =>
    value instanceof Date ? value.toISOString() : typeof value === 'string' && CANONICAL_DATE_TIME.test(value) ? value : new Date(value).toISOString(),
  parseValue: (value) => {
    const date = typeof value === 'string' ? new Date(value) : null;
    if (!date || Number.isNaN(date.getTime())) throw new GraphQLError('DateTime must be an ISO-8601 string');
    return date;
  },
  parseLiteral: (ast) => {
    const date = ast.kind === Kind.STRING ? new Date(ast.value) : null;
    if (!date || Number.isNaN(date.getTime())) throw new GraphQLError('DateTime must be an ISO-8601 string');
    return date;
  },
});

builder.scalarType('JSON', {
  description: 'Any JSON value, passed through unchanged. Used for raw upstream records (rawData): the WMS record exactly as Trackstar sent it, snake_case keys.',
  serialize: (value) => value,
  parseValue: (value) => value,
});

builder.queryType({
  description:
    'Read entry points. Every call needs an API key. 3PL members (OWNER, ADMIN, OPERATOR) read every brand of their 3PL; brand viewers read only the brands they were granted. ' +
    "Records of other brands or 3PLs read as missing (null, an empty list or NOT_FOUND), never as forbidden.",
});
builder.mutationType({
  description: 'Write entry points. Each says which roles may call it; other callers get a FORBIDDEN error.',
});
// builder.subscriptionType lives with the realtime fields (types/subscriptions.ts): GraphQL
// rejects a root type without fields.

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
    edgesFieldOptions: { nullable: false },
    // Malformed or non-Node ids are BAD_USER_INPUT; `nodes` is left out (unbounded id lists).
    decodeGlobalID: decodeNodeId,
    nodeQueryOptions: { resolve: resolveNodeChecked as never },
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
  description: 'Arbitrary JSON (raw upstream records).',
  serialize: (value) => value,
  parseValue: (value) => value,
});

builder.queryType({});
builder.mutationType({});
// builder.subscriptionType lives with the realtime fields (types/subscriptions.ts): GraphQL
// rejects a root type without fields.

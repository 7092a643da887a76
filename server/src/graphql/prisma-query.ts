// The Prisma selection a connection's `edges.node` needs, planned from the GraphQL query, so one
// findMany loads the page and every requested relation (a constant number of SQL queries).
import { queryFromInfo } from '@pothos/plugin-prisma';
import type { GraphQLResolveInfo } from 'graphql';
import type { Context } from './context.js';

type Select = Record<string, any>;

/**
 * The query for the nodes of a connection. Select-mode types pass `required` (the columns the
 * cursor needs); include-mode types load every column anyway and pass nothing.
 */
// Typed loosely on purpose: the shape depends on the GraphQL query, Prisma checks it at runtime.
export function edgeNodeQuery(ctx: Context, info: GraphQLResolveInfo, typeName: string, required?: Select): any {
  return queryFromInfo({ context: ctx, info, typeName, path: ['edges', 'node'], ...(required ? { select: required } : {}) });
}

/** `{ select }` for a field that returns the type directly (lists and single rows). */
export function fieldQuery(ctx: Context, info: GraphQLResolveInfo, typeName: string, required: Select = { id: true }): { select: any } {
  return queryFromInfo({ context: ctx, info, typeName, select: required }) as { select: any };
}

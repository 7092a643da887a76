// The shape every brand-scoped list field shares: a keyset connection over one Prisma model,
// limited to brands the viewer may see, filtered, selecting what the query asks of its nodes.
// One brand (brandId) is one Prisma query, as before. Several brands (brandIds, or neither: every
// readable brand) page in SQL (cross-brand-page.ts, bounded per brand) and Prisma then loads just
// those rows with the query's selection: `brandId IN (...) ORDER BY ... LIMIT` would sort every
// row of every brand. (Orders are the exception: their page is hand-written SQL, see order-page.ts.)
import type { ArgBuilder } from '@pothos/core';
import type { GraphQLResolveInfo } from 'graphql';
import { visibleBrands } from '../auth/viewer.js';
import type { builder } from './builder.js';
import { MAX_BRAND_IDS, resolveBrandScope, type BrandScope } from './brand-scope.js';
import type { Context } from './context.js';
import { crossBrandPageIds } from './cross-brand-page.js';
import { normalizedFilter } from './filters.js';
import { keysetConnection, type KeysetSort, type PageArgs } from './pagination.js';
import { edgeNodeQuery } from './prisma-query.js';
import { viewerOf } from './scope.js';

type Types = typeof builder extends PothosSchemaTypes.SchemaBuilder<infer T> ? T : never;

/** `brandId` / `brandIds` of every cross-brand list, described the same way everywhere. */
export function brandScopeArgs(t: { arg: ArgBuilder<Types> }) {
  return {
    brandId: t.arg.id({ required: false, description: 'One Brand global ID. Give brandId or brandIds, not both; neither lists every brand the caller may read.' }),
    brandIds: t.arg.idList({
      required: false,
      description: `Several Brand global IDs (bare brand UUIDs are accepted too; at most ${MAX_BRAND_IDS}). Brands the caller may not read, or that do not exist, contribute no rows.`,
    }),
  };
}

/** The model's findMany, called with a Prisma query this helper builds. */
type FindMany = (query: { where: object; orderBy?: object[]; take?: number }) => Promise<readonly unknown[]>;

export type BrandListArgs = PageArgs & { brandId?: string | number | null; brandIds?: readonly (string | number)[] | null; filter?: object | null };

export async function brandListConnection(options: {
  ctx: Context;
  info: GraphQLResolveInfo;
  args: BrandListArgs;
  /** The list's name; with the brands and filter it makes a cursor unusable elsewhere. */
  field: string;
  /** The Prisma model, which is also the node's GraphQL type name. */
  model: string;
  sort: KeysetSort;
  /** Filter conditions on top of the brand scope. */
  where: object;
  findMany: FindMany;
  /** The same filter in SQL, on the table aliased `t`, for pages over several brands (lists that take brandIds). */
  sql?: { table: string; where: (param: (value: unknown) => string) => string[] };
  /** Columns the node must load beyond its selection (include-mode types load all anyway). */
  required?: Record<string, true> | null;
}): Promise<never> {
  const { ctx, info, args, sort } = options;
  const viewer = viewerOf(ctx);
  const scope: BrandScope = await resolveBrandScope(viewer, args);
  const required = options.required === null ? undefined : (options.required ?? { id: true, [sort.field]: true });
  if (scope.kind === 'one') {
    const where = { brandId: scope.brandId, brand: visibleBrands(viewer) };
    return keysetConnection({
      args,
      sort,
      fingerprint: [options.field, scope.brandId, normalizedFilter(args.filter)],
      find: ({ after, orderBy, take }) =>
        options.findMany({
          ...edgeNodeQuery(ctx, info, options.model, required),
          where: { AND: [where, options.where, after ?? {}] },
          orderBy,
          take,
        }),
    }) as never;
  }
  return keysetConnection({
    args,
    sort,
    fingerprint: [options.field, { brandIds: scope.fingerprint }, normalizedFilter(args.filter)],
    find: async ({ cursor, take }) => {
      const { sql } = options;
      if (!sql) throw new Error(`${options.field} has no cross-brand SQL`);
      const ids = await crossBrandPageIds({ table: sql.table, alias: 't', brandIds: await scope.brandIds(), viewer, sort, cursor, take, where: sql.where });
      if (ids.length === 0) return [];
      // Rows by id keep the page's order; the brand scope is repeated, as in every Prisma read.
      const rows = (await options.findMany({
        ...edgeNodeQuery(ctx, info, options.model, required),
        where: { id: { in: ids }, brand: visibleBrands(viewer) },
      })) as { id: string }[];
      const byId = new Map(rows.map((r) => [r.id, r]));
      return ids.flatMap((id) => byId.get(id) ?? []);
    },
  }) as never;
}

// The shape every brand-scoped list field shares: a keyset connection over one Prisma model,
// limited to a brand the viewer may see, filtered, selecting what the query asks of its nodes.
// (Orders are the exception: their page is hand-written SQL, see order-page.ts.)
import type { GraphQLResolveInfo } from 'graphql';
import type { Context } from './context.js';
import { normalizedFilter } from './filters.js';
import { keysetConnection, type KeysetSort, type PageArgs } from './pagination.js';
import { edgeNodeQuery } from './prisma-query.js';
import { inBrand } from './scope.js';

/** The model's findMany, called with a Prisma query this helper builds. */
type FindMany = (query: { where: object; orderBy: object[]; take: number }) => Promise<readonly unknown[]>;

export function brandListConnection(options: {
  ctx: Context;
  info: GraphQLResolveInfo;
  args: PageArgs & { brandId: string | number; filter?: object | null };
  /** The list field's name; with the brand and filter it makes a cursor unusable elsewhere. */
  field: string;
  /** The Prisma model, which is also the node's GraphQL type name. */
  model: string;
  sort: KeysetSort;
  /** Filter conditions on top of the brand scope. */
  where: object;
  findMany: FindMany;
}): never {
  const { ctx, info, args, sort } = options;
  const scope = inBrand(ctx, args.brandId);
  return keysetConnection({
    args,
    sort,
    fingerprint: [options.field, scope.brandId, normalizedFilter(args.filter)],
    find: ({ after, orderBy, take }) =>
      options.findMany({
        ...edgeNodeQuery(ctx, info, options.model, { id: true, [sort.field]: true }),
        where: { AND: [scope, options.where, after ?? {}] },
        orderBy,
        take,
      }),
  }) as never;
}

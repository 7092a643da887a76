import { GraphQLError } from 'graphql';
import { visibleBrands } from '../../auth/viewer.js';
import { db } from '../../db.js';
import { builder } from '../builder.js';
import { parseGlobalId } from '../ids.js';
import { loadBatched } from '../batch.js';
import { nonNegativeInt } from '../filters.js';
import { assertUuid, viewerOf } from '../scope.js';
import { OPEN_ORDER_STATUSES } from './order.js';

/** Counts per brand for a whole brand list in one grouped query (the dashboard lists brands live). */
async function countByBrand(brandIds: string[], count: (ids: string[]) => Promise<{ brandId: string; _count: { _all: number } }[]>) {
  const rows = await count(brandIds);
  return new Map(rows.map((r) => [r.brandId, r._count._all]));
}

builder.prismaNode('Brand', {
  id: { field: 'id' },
  nullable: true,
  // node(id) is scoped like the root fields: another tenant's brand reads as missing.
  findUnique: (id, ctx) => ({ id: assertUuid(id), AND: [visibleBrands(viewerOf(ctx))] }),
  fields: (t) => ({
    name: t.exposeString('name'),
    createdAt: t.expose('createdAt', { type: 'DateTime' }),
    changeSequence: t.string({
      description:
        "The brand's current change sequence (a bigint as a decimal string): every change so far has a sequence at or below it. " +
        'Read it before the list data and subscribe with afterSequence set to it, so nothing committed in between is missed.',
      select: { changeSeq: true },
      resolve: (brand) => brand.changeSeq.toString(),
    }),
    integration: t.relation('integration', { nullable: true }),
    lastSyncedAt: t.field({
      type: 'DateTime',
      nullable: true,
      description: "When the brand's integration last finished a sync.",
      select: { integration: { select: { lastSyncedAt: true } } },
      resolve: (brand) => brand.integration?.lastSyncedAt ?? null,
    }),
    dataAge: t.int({
      nullable: true,
      description: 'Seconds since the last finished sync (null before the first one).',
      select: { integration: { select: { lastSyncedAt: true } } },
      resolve: (brand) => {
        const at = brand.integration?.lastSyncedAt;
        return at ? Math.max(0, Math.floor((Date.now() - at.getTime()) / 1000)) : null;
      },
    }),
    lowStockCount: t.int({
      description: 'Active inventory items with fulfillable ≤ threshold.',
      args: { threshold: t.arg.int({ defaultValue: 10 }) },
      resolve: async (brand, args, ctx) => {
        const threshold = nonNegativeInt(args.threshold ?? 10, 'threshold');
        const counts = await loadBatched(ctx, `lowStock:${threshold}`, brand.id, (ids) =>
          countByBrand(ids, (brandIds) =>
            db.inventoryItem.groupBy({ by: ['brandId'], where: { brandId: { in: brandIds }, active: true, fulfillable: { lte: threshold } }, _count: { _all: true } }) as never,
          ).then((m) => new Map(ids.map((id) => [id, m.get(id) ?? 0]))),
        );
        return counts ?? 0;
      },
    }),
    openOrderCount: t.int({
      description: 'Orders not yet FULFILLED or CANCELLED.',
      resolve: async (brand, _args, ctx) => {
        const counts = await loadBatched(ctx, 'openOrders', brand.id, (ids) =>
          countByBrand(ids, (brandIds) =>
            db.order.groupBy({ by: ['brandId'], where: { brandId: { in: brandIds }, status: { in: OPEN_ORDER_STATUSES } }, _count: { _all: true } }) as never,
          ),
        );
        return counts ?? 0;
      },
    }),
  }),
});

builder.queryField('brands', (t) =>
  t.prismaField({
    type: ['Brand'],
    authScopes: { authenticated: true },
    resolve: (query, _root, _args, ctx) => db.brand.findMany({ ...query, where: visibleBrands(ctx.viewer!), orderBy: { name: 'asc' } }),
  }),
);

builder.queryField('brand', (t) =>
  t.prismaField({
    type: 'Brand',
    nullable: true,
    authScopes: { authenticated: true },
    args: { id: t.arg.id({ required: true }) },
    resolve: (query, _root, args, ctx) => {
      const id = parseGlobalId(args.id, 'Brand');
      return id ? db.brand.findFirst({ ...query, where: { id, ...visibleBrands(ctx.viewer!) } }) : null;
    },
  }),
);

const CreateBrandInput = builder.inputType('CreateBrandInput', {
  fields: (t) => ({ name: t.string({ required: true }) }),
});

builder.mutationField('createBrand', (t) =>
  t.prismaField({
    type: 'Brand',
    authScopes: { manager: true },
    args: { input: t.arg({ type: CreateBrandInput, required: true }) },
    resolve: async (query, _root, { input }, ctx) => {
      const name = input.name.trim();
      if (name.length < 1 || name.length > 120) throw new GraphQLError('Brand name must be 1 to 120 characters', { extensions: { code: 'BAD_USER_INPUT' } });
      const taken = await db.brand.findFirst({ where: { threePLId: ctx.viewer!.threePLId, name }, select: { id: true } });
      if (taken) throw new GraphQLError(`A brand named "${name}" already exists`, { extensions: { code: 'BAD_USER_INPUT' } });
      return db.brand.create({ ...query, data: { name, threePLId: ctx.viewer!.threePLId } });
    },
  }),
);

import { DEFAULT_LOW_STOCK_THRESHOLD } from '../../attention/thresholds.js';
import { listedBrands, visibleBrands } from '../../auth/viewer.js';
import { db } from '../../db.js';
import { archiveBrand, createBrand, renameBrand, restoreBrand } from '../../services/brands.js';
import { builder } from '../builder.js';
import { parseGlobalId } from '../ids.js';
import { loadBatched } from '../batch.js';
import { nonNegativeInt } from '../filters.js';
import { assertUuid, viewerOf, visibleBrandId } from '../scope.js';
import { answer } from '../service-errors.js';
import { OPEN_ORDER_STATUSES } from './enums.js';

/** Counts per brand for a whole brand list in one grouped query (the dashboard lists brands live). */
async function countByBrand(brandIds: string[], count: (ids: string[]) => Promise<{ brandId: string; _count: { _all: number } }[]>) {
  const rows = await count(brandIds);
  return new Map(rows.map((r) => [r.brandId, r._count._all]));
}

export const BrandRef = builder.prismaNode('Brand', {
  description: "A merchant whose goods the 3PL stores and ships; every synced record belongs to one brand. 3PL members see all of the 3PL's brands, brand viewers only those they were granted.",
  id: { field: 'id' },
  nullable: true,
  // node(id) is scoped like the root fields: another tenant's brand reads as missing.
  findUnique: (id, ctx) => ({ id: assertUuid(id), AND: [visibleBrands(viewerOf(ctx))] }),
  fields: (t) => ({
    name: t.exposeString('name', { description: 'Display name, unique within the 3PL (1 to 120 characters).' }),
    createdAt: t.expose('createdAt', { type: 'DateTime', description: 'When the brand was created in Packr.' }),
    archivedAt: t.expose('archivedAt', { type: 'DateTime', nullable: true, description: 'When archiveBrand archived it (it leaves brand lists and cross-brand scopes; its data stays); null while active.' }),
    changeSequence: t.string({
      description:
        "The brand's current change sequence (a bigint as a decimal string): every change so far has a sequence at or below it. " +
        'Read it before the list data and subscribe with afterSequence set to it, so nothing committed in between is missed.',
      select: { changeSeq: true },
      resolve: (brand) => brand.changeSeq.toString(),
    }),
    integration: t.relation('integration', { nullable: true, description: "The brand's Trackstar connection; null until the brand is first connected." }),
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
      description: "Number of active inventory items with fulfillable ≤ threshold (the item's total fulfillable units); items the WMS deleted are not counted.",
      args: { threshold: t.arg.int({ defaultValue: DEFAULT_LOW_STOCK_THRESHOLD, description: `Units; 0 or more (default ${DEFAULT_LOW_STOCK_THRESHOLD}, the attention board's built-in low-stock threshold).` }) },
      resolve: async (brand, args, ctx) => {
        const threshold = nonNegativeInt(args.threshold ?? DEFAULT_LOW_STOCK_THRESHOLD, 'threshold');
        const counts = await loadBatched(ctx, `lowStock:${threshold}`, brand.id, (ids) =>
          countByBrand(ids, (brandIds) =>
            db.inventoryItem.groupBy({ by: ['brandId'], where: { brandId: { in: brandIds }, active: true, deletedAt: null, fulfillable: { lte: threshold } }, _count: { _all: true } }) as never,
          ).then((m) => new Map(ids.map((id) => [id, m.get(id) ?? 0]))),
        );
        return counts ?? 0;
      },
    }),
    openOrderCount: t.int({
      description: 'Number of orders not yet FULFILLED or CANCELLED; orders the WMS deleted are not counted.',
      resolve: async (brand, _args, ctx) => {
        const counts = await loadBatched(ctx, 'openOrders', brand.id, (ids) =>
          countByBrand(ids, (brandIds) =>
            db.order.groupBy({ by: ['brandId'], where: { brandId: { in: brandIds }, status: { in: OPEN_ORDER_STATUSES }, deletedAt: null }, _count: { _all: true } }) as never,
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
    description: 'The brands the caller may read, by name: every brand of the 3PL for members, the granted ones for brand viewers. Archived brands only with includeArchived.',
    args: { includeArchived: t.arg.boolean({ description: 'Also list archived brands (archiveBrand). Default false.' }) },
    resolve: (query, _root, args, ctx) =>
      db.brand.findMany({ ...query, where: args.includeArchived ? visibleBrands(ctx.viewer!) : listedBrands(ctx.viewer!), orderBy: { name: 'asc' } }),
  }),
);

builder.queryField('brand', (t) =>
  t.prismaField({
    type: 'Brand',
    nullable: true,
    authScopes: { authenticated: true },
    description: 'One brand by global ID; null when it does not exist or the caller may not read it.',
    args: { id: t.arg.id({ required: true, description: 'The Brand global ID.' }) },
    resolve: (query, _root, args, ctx) => {
      const id = parseGlobalId(args.id, 'Brand');
      return id ? db.brand.findFirst({ ...query, where: { AND: [{ id }, visibleBrands(ctx.viewer!)] } }) : null;
    },
  }),
);

const CreateBrandInput = builder.inputType('CreateBrandInput', {
  description: 'A new brand of your 3PL.',
  fields: (t) => ({ name: t.string({ required: true, description: 'Display name: 1 to 120 characters after trimming, unique within the 3PL.' }) }),
});

builder.mutationField('createBrand', (t) =>
  t.prismaField({
    type: 'Brand',
    authScopes: { manager: true },
    description: 'Creates a brand in your 3PL (not connected to Trackstar yet). OWNER and ADMIN only; a taken or invalid name is BAD_USER_INPUT.',
    args: { input: t.arg({ type: CreateBrandInput, required: true, description: 'The new brand.' }) },
    resolve: async (query, _root, { input }, ctx) => {
      const brand = await answer(() => createBrand(ctx.viewer!.threePLId, input.name, ctx.viewer!));
      return db.brand.findUniqueOrThrow({ ...query, where: { id: brand.id } });
    },
  }),
);

builder.mutationField('updateBrand', (t) =>
  t.prismaField({
    type: 'Brand',
    authScopes: { manager: true },
    description: 'Renames a brand of your 3PL. OWNER and ADMIN only; a taken or invalid name is BAD_USER_INPUT.',
    args: {
      brandId: t.arg.id({ required: true, description: 'The Brand global ID.' }),
      name: t.arg.string({ required: true, description: 'The new name: 1 to 120 characters after trimming, unique within the 3PL.' }),
    },
    resolve: async (query, _root, args, ctx) => {
      const brandId = await visibleBrandId(viewerOf(ctx), args.brandId);
      await answer(() => renameBrand(viewerOf(ctx), brandId, args.name));
      return db.brand.findUniqueOrThrow({ ...query, where: { id: brandId } });
    },
  }),
);

builder.mutationField('archiveBrand', (t) =>
  t.prismaField({
    type: 'Brand',
    authScopes: { manager: true },
    description:
      'Archives a brand: disconnects its Trackstar connection (as disconnectTrackstar does), and hides it from brands and cross-brand lists and subscriptions; its data stays, readable by id, ' +
      'and brands(includeArchived: true) still lists it. Idempotent. OWNER and ADMIN only.',
    args: { brandId: t.arg.id({ required: true, description: 'The Brand global ID.' }) },
    resolve: async (query, _root, args, ctx) => {
      const brandId = await visibleBrandId(viewerOf(ctx), args.brandId);
      await answer(() => archiveBrand(viewerOf(ctx), brandId));
      return db.brand.findUniqueOrThrow({ ...query, where: { id: brandId } });
    },
  }),
);

builder.mutationField('restoreBrand', (t) =>
  t.prismaField({
    type: 'Brand',
    authScopes: { manager: true },
    description:
      'Undoes archiveBrand: the brand is listed again and joins cross-brand lists, subscriptions and the attention board. Its Trackstar connection stays disconnected ' +
      '(archiving deleted it): connect it again to resume syncing. Idempotent. OWNER and ADMIN only.',
    args: { brandId: t.arg.id({ required: true, description: 'The Brand global ID.' }) },
    resolve: async (query, _root, args, ctx) => {
      const brandId = await visibleBrandId(viewerOf(ctx), args.brandId);
      await answer(() => restoreBrand(viewerOf(ctx), brandId));
      return db.brand.findUniqueOrThrow({ ...query, where: { id: brandId } });
    },
  }),
);

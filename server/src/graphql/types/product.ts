// Products (catalogue entries) and the inventory items each is made of.
import { db } from '../../db.js';
import type { Prisma } from '../../generated/prisma/client.js';
import { loadBatched } from '../batch.js';
import { brandListConnection } from '../brand-list.js';
import { builder } from '../builder.js';
import { searchContains } from '../filters.js';
import { scopedNodeWhere } from '../scope.js';
import { InventoryItemRef } from './inventory.js';
import { NEWEST_CHANGE_FIRST } from './order.js';

type LinkShape = { inventoryItemExternalId: string; brandId?: string };

const ProductInventoryItemRef = builder.prismaObject('ProductInventoryItem', {
  select: { id: true },
  description: 'One stock unit a product consists of (kits have several).',
  fields: (t) => ({
    inventoryItemExternalId: t.exposeString('inventoryItemExternalId'),
    sku: t.exposeString('sku', { nullable: true }),
    unitQuantity: t.exposeInt('unitQuantity'),
    inventoryItem: t.field({
      type: InventoryItemRef,
      nullable: true,
      select: { inventoryItemExternalId: true },
      // The link names the item by WMS id; items of one page are fetched in one grouped query.
      resolve: (link, _args, ctx) => {
        const { brandId, inventoryItemExternalId } = link as LinkShape;
        if (!brandId) return null;
        return loadBatched(ctx, 'inventoryItemByExternalId', `${brandId}|${inventoryItemExternalId}`, async (keys) => {
          const pairs = keys.map((k) => k.split('|') as [string, string]);
          const items = await db.inventoryItem.findMany({
            where: { OR: pairs.map(([b, e]) => ({ brandId: b, externalId: e })) },
          });
          return new Map(items.map((i) => [`${i.brandId}|${i.externalId}`, i]));
        }).then((item) => item ?? null);
      },
    }),
  }),
});

export const ProductRef = builder.prismaNode('Product', {
  id: { field: 'id' },
  select: { id: true },
  nullable: true,
  findUnique: (id, ctx) => scopedNodeWhere(id, ctx),
  fields: (t) => ({
    externalId: t.exposeString('externalId'),
    sku: t.exposeString('sku', { nullable: true }),
    name: t.exposeString('name'),
    gtin: t.exposeString('gtin', { nullable: true }),
    unitPrice: t.field({
      type: 'String',
      nullable: true,
      description: 'Decimal string; the WMS does not say which currency.',
      select: { unitPrice: true },
      resolve: (p) => p.unitPrice?.toString() ?? null,
    }),
    isKit: t.exposeBoolean('isKit'),
    active: t.exposeBoolean('active'),
    createdAt: t.expose('createdAtRemote', { type: 'DateTime' }),
    updatedAt: t.expose('updatedAtRemote', { type: 'DateTime' }),
    syncedAt: t.expose('syncedAt', { type: 'DateTime' }),
    rawData: t.expose('rawData', { type: 'JSON', nullable: true, authScopes: { manager: true } }),
    brand: t.relation('brand'),
    inventoryItems: t.field({
      type: [ProductInventoryItemRef],
      select: (_args, _ctx, nested) => ({ brandId: true, inventoryItems: nested({ orderBy: { id: 'asc' } }) }),
      resolve: (p) => p.inventoryItems.map((link) => Object.assign(link, { brandId: p.brandId })),
    }),
  }),
});

const ProductFilter = builder.inputType('ProductFilter', {
  fields: (t) => ({
    search: t.string({ description: 'Case-insensitive text in SKU or name (max 200 chars).' }),
    active: t.boolean(),
  }),
});

builder.queryField('products', (t) =>
  t.connection(
    {
      type: ProductRef,
      authScopes: { authenticated: true },
      args: { brandId: t.arg.id({ required: true }), filter: t.arg({ type: ProductFilter }) },
      resolve: (_root, args, ctx, info) => {
        const text = searchContains(args.filter?.search);
        const where: Prisma.ProductWhereInput = {
          OR: text ? [{ sku: text }, { name: text }] : undefined,
          active: args.filter?.active ?? undefined,
        };
        return brandListConnection({
          ctx, info, args, field: 'products', model: 'Product', sort: NEWEST_CHANGE_FIRST, where,
          findMany: (query) => db.product.findMany(query as Prisma.ProductFindManyArgs),
        });
      },
    },
    { name: 'ProductConnection' },
    { name: 'ProductEdge' },
  ),
);

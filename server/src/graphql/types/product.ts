// Products (catalogue entries) and the inventory items each is made of.
import { db } from '../../db.js';
import type { Prisma } from '../../generated/prisma/client.js';
import { loadBatched } from '../batch.js';
import { brandListConnection } from '../brand-list.js';
import { builder } from '../builder.js';
import { searchContains } from '../filters.js';
import { scopedNodeWhere } from '../scope.js';
import { InventoryItemRef } from './inventory.js';
import { NEWEST_CHANGE_FIRST } from '../pagination.js';

type LinkShape = { inventoryItemExternalId: string; brandId?: string };

const ProductInventoryItemRef = builder.prismaObject('ProductInventoryItem', {
  select: { id: true },
  description: 'One stock unit a product consists of (kits have several).',
  fields: (t) => ({
    inventoryItemExternalId: t.exposeString('inventoryItemExternalId', { description: "The WMS's id of the inventory item (InventoryItem.externalId)." }),
    sku: t.exposeString('sku', { nullable: true, description: "The inventory item's SKU; null when the WMS gave none." }),
    unitQuantity: t.exposeInt('unitQuantity', { description: 'Units of this inventory item in one unit of the product (1 for a plain product).' }),
    inventoryItem: t.field({
      type: InventoryItemRef,
      nullable: true,
      description: 'The inventory item itself; null when Packr has not synced it (yet).',
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
  description: "A catalogue entry of a brand. Its stock is held by the inventory items it consists of. Readable by 3PL members and by viewers of its brand.",
  id: { field: 'id' },
  select: { id: true },
  nullable: true,
  findUnique: (id, ctx) => scopedNodeWhere(id, ctx),
  fields: (t) => ({
    externalId: t.exposeString('externalId', { description: "The WMS's id of the product; unique per brand. Order lines refer to it." }),
    sku: t.exposeString('sku', { nullable: true, description: 'SKU; null when the WMS gives none.' }),
    name: t.exposeString('name', { description: 'Product name as the WMS shows it.' }),
    gtin: t.exposeString('gtin', { nullable: true, description: 'Global Trade Item Number (UPC, EAN or ISBN); null when none.' }),
    unitPrice: t.field({
      type: 'String',
      nullable: true,
      description: 'Price of one unit as a decimal string (e.g. "19.99"); the WMS does not say which currency. Null when not given.',
      select: { unitPrice: true },
      resolve: (p) => p.unitPrice?.toString() ?? null,
    }),
    isKit: t.exposeBoolean('isKit', { description: 'True for a kit (bundle) made of several inventory items.' }),
    active: t.exposeBoolean('active', { description: 'False when the WMS has deactivated the product.' }),
    createdAt: t.expose('createdAtRemote', { type: 'DateTime', description: 'When the WMS created the product.' }),
    updatedAt: t.expose('updatedAtRemote', { type: 'DateTime', description: 'Last change in the WMS (list order).' }),
    syncedAt: t.expose('syncedAt', { type: 'DateTime', description: 'When Packr last stored this product.' }),
    deletedAt: t.expose('deletedAt', { type: 'DateTime', nullable: true, description: 'Set when the WMS no longer has the product (see ProductFilter.includeDeleted); readable by id still. Null while it exists.' }),
    rawData: t.expose('rawData', {
      type: 'JSON', nullable: true, authScopes: { manager: true },
      description: 'The product exactly as Trackstar sent it (snake_case JSON). OWNER and ADMIN only: others get null and a FORBIDDEN error.',
    }),
    brand: t.relation('brand', { description: 'The brand the product belongs to.' }),
    inventoryItems: t.field({
      type: [ProductInventoryItemRef],
      description: 'The inventory items the product consists of, with units per product.',
      select: (_args, _ctx, nested) => ({ brandId: true, inventoryItems: nested({ orderBy: { id: 'asc' } }) }),
      resolve: (p) => p.inventoryItems.map((link) => Object.assign(link, { brandId: p.brandId })),
    }),
  }),
});

const ProductFilter = builder.inputType('ProductFilter', {
  description: 'Narrows Query.products; all given conditions must hold.',
  fields: (t) => ({
    search: t.string({ description: 'Case-insensitive text in SKU or name (max 200 chars).' }),
    active: t.boolean({ description: 'Only active (true) or only inactive (false) products; omitted or null means both.' }),
    includeDeleted: t.boolean({ description: 'Also products the WMS no longer has (deletedAt set); left out when omitted or false.' }),
  }),
});

builder.queryField('products', (t) =>
  t.connection(
    {
      type: ProductRef,
      authScopes: { authenticated: true },
      description: "A brand's products, last changed in the WMS first. Empty for a brand the caller may not read.",
      args: {
        brandId: t.arg.id({ required: true, description: 'The Brand global ID.' }),
        filter: t.arg({ type: ProductFilter, description: 'Optional conditions; omitted means every product.' }),
      },
      resolve: (_root, args, ctx, info) => {
        const text = searchContains(args.filter?.search);
        const where: Prisma.ProductWhereInput = {
          OR: text ? [{ sku: text }, { name: text }] : undefined,
          active: args.filter?.active ?? undefined,
          deletedAt: args.filter?.includeDeleted ? undefined : null,
        };
        return brandListConnection({
          ctx, info, args, field: 'products', model: 'Product', sort: NEWEST_CHANGE_FIRST, where,
          findMany: (query) => db.product.findMany(query as Prisma.ProductFindManyArgs),
        });
      },
    },
    { name: 'ProductConnection', description: 'A page of products.' },
    { name: 'ProductEdge', description: 'A product in a page, with its cursor.' },
  ),
);

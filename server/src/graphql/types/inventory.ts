// Inventory items with per-warehouse levels and quantity history. The list sorts by last change
// (default) or by the dashboard's table columns; every sort is keyset-paged the same way.
import { GraphQLError } from 'graphql';
import { db } from '../../db.js';
import type { Prisma } from '../../generated/prisma/client.js';
import { brandListConnection } from '../brand-list.js';
import { builder } from '../builder.js';
import { nonNegativeInt, searchContains } from '../filters.js';
import { parseGlobalId } from '../ids.js';
import { MAX_PAGE_SIZE, type KeysetSort, type SortDirection } from '../pagination.js';
import { inVisibleBrand, scopedNodeWhere } from '../scope.js';
import { SortDirectionEnum } from './enums.js';

const LevelRef = builder.prismaObject('InventoryLevel', {
  select: { id: true },
  fields: (t) => ({
    warehouseExternalId: t.exposeString('warehouseExternalId'),
    onHand: t.exposeInt('onHand'),
    awaiting: t.exposeInt('awaiting', { nullable: true }),
    committed: t.exposeInt('committed', { nullable: true }),
    unfulfillable: t.exposeInt('unfulfillable', { nullable: true }),
    fulfillable: t.exposeInt('fulfillable', { nullable: true }),
    sellable: t.exposeInt('sellable', { nullable: true }),
  }),
});

const SnapshotRef = builder.prismaObject('InventorySnapshot', {
  select: { id: true },
  description: 'Quantities of an item after a change (one row per actual change).',
  fields: (t) => ({
    awaiting: t.exposeInt('awaiting'),
    onHand: t.exposeInt('onHand'),
    committed: t.exposeInt('committed'),
    unfulfillable: t.exposeInt('unfulfillable'),
    fulfillable: t.exposeInt('fulfillable'),
    sellable: t.exposeInt('sellable'),
    updatedAt: t.expose('updatedAtRemote', { type: 'DateTime' }),
    recordedAt: t.expose('recordedAt', { type: 'DateTime' }),
  }),
});

export const InventoryItemRef = builder.prismaNode('InventoryItem', {
  id: { field: 'id' },
  select: { id: true },
  nullable: true,
  findUnique: (id, ctx) => scopedNodeWhere(id, ctx),
  fields: (t) => ({
    externalId: t.exposeString('externalId'),
    sku: t.exposeString('sku', { nullable: true }),
    name: t.exposeString('name'),
    active: t.exposeBoolean('active'),
    unitCost: t.field({
      type: 'String',
      nullable: true,
      description: 'Decimal string; the WMS does not say which currency.',
      select: { unitCost: true },
      resolve: (item) => item.unitCost?.toString() ?? null,
    }),
    awaiting: t.exposeInt('awaiting'),
    onHand: t.exposeInt('onHand'),
    committed: t.exposeInt('committed'),
    unfulfillable: t.exposeInt('unfulfillable'),
    fulfillable: t.exposeInt('fulfillable'),
    sellable: t.exposeInt('sellable'),
    createdAt: t.expose('createdAtRemote', { type: 'DateTime' }),
    updatedAt: t.expose('updatedAtRemote', { type: 'DateTime' }),
    syncedAt: t.expose('syncedAt', { type: 'DateTime' }),
    rawData: t.expose('rawData', { type: 'JSON', nullable: true, authScopes: { manager: true } }),
    brand: t.relation('brand'),
    levels: t.field({
      type: [LevelRef],
      select: (_args, _ctx, nested) => ({ levels: nested({ orderBy: [{ warehouseExternalId: 'asc' }] }) }),
      resolve: (item) => item.levels,
    }),
    history: t.field({
      type: [SnapshotRef],
      description: `Newest first; first defaults to 100 (max ${MAX_PAGE_SIZE}).`,
      args: { first: t.arg.int({ defaultValue: 100 }), since: t.arg({ type: 'DateTime' }) },
      select: (args, _ctx, nested) => ({
        snapshots: nested({
          where: args.since ? { recordedAt: { gte: args.since } } : {},
          orderBy: [{ recordedAt: 'desc' }, { id: 'desc' }],
          take: Math.min(Math.max(args.first ?? 100, 0), MAX_PAGE_SIZE),
        }),
      }),
      resolve: (item) => item.snapshots,
    }),
  }),
});

const InventorySortField = builder.enumType('InventorySortField', {
  values: ['UPDATED_AT', 'SKU', 'NAME', 'ON_HAND', 'FULFILLABLE'] as const,
});

const SORTS: Record<(typeof InventorySortField)['$inferType'], Omit<KeysetSort, 'direction'>> = {
  UPDATED_AT: { field: 'updatedAtRemote', kind: 'date' },
  SKU: { field: 'sku', kind: 'string', nullable: true },
  NAME: { field: 'name', kind: 'string' },
  ON_HAND: { field: 'onHand', kind: 'number' },
  FULFILLABLE: { field: 'fulfillable', kind: 'number' },
};

const InventorySort = builder.inputType('InventorySort', {
  fields: (t) => ({
    field: t.field({ type: InventorySortField, required: true }),
    direction: t.field({ type: SortDirectionEnum, defaultValue: 'desc' }),
  }),
});

const LowStockFilter = builder.inputType('LowStockFilter', {
  fields: (t) => ({ threshold: t.int({ required: true, description: 'Items with fulfillable ≤ threshold.' }) }),
});

const InventoryFilter = builder.inputType('InventoryFilter', {
  fields: (t) => ({
    search: t.string({ description: 'Case-insensitive text in SKU or name (max 200 chars).' }),
    warehouseId: t.string({ description: "The WMS's warehouse id: items with a level in that warehouse." }),
    lowStock: t.field({ type: LowStockFilter }),
  }),
});

type InventoryFilterShape = { search?: string | null; warehouseId?: string | null; lowStock?: { threshold: number } | null };

function inventoryWhere(filter: InventoryFilterShape | null | undefined): Prisma.InventoryItemWhereInput {
  const text = searchContains(filter?.search);
  if (filter?.warehouseId != null && (filter.warehouseId.length === 0 || filter.warehouseId.length > 200)) {
    throw new GraphQLError('warehouseId must be 1 to 200 characters', { extensions: { code: 'BAD_USER_INPUT' } });
  }
  return {
    OR: text ? [{ sku: text }, { name: text }] : undefined,
    levels: filter?.warehouseId ? { some: { warehouseExternalId: filter.warehouseId } } : undefined,
    fulfillable: filter?.lowStock ? { lte: nonNegativeInt(filter.lowStock.threshold, 'lowStock.threshold') } : undefined,
  };
}

builder.queryField('inventory', (t) =>
  t.connection(
    {
      type: InventoryItemRef,
      authScopes: { authenticated: true },
      args: {
        brandId: t.arg.id({ required: true }),
        filter: t.arg({ type: InventoryFilter }),
        sort: t.arg({ type: InventorySort, description: 'Default: last change, newest first.' }),
      },
      resolve: (_root, args, ctx, info) => {
        const where = inventoryWhere(args.filter);
        const chosen = SORTS[args.sort?.field ?? 'UPDATED_AT'];
        const sort: KeysetSort = { ...chosen, direction: (args.sort?.direction ?? 'desc') as SortDirection };
        return brandListConnection({
          ctx, info, args, field: 'inventory', model: 'InventoryItem', sort, where,
          findMany: (query) => db.inventoryItem.findMany(query as Prisma.InventoryItemFindManyArgs),
        });
      },
    },
    { name: 'InventoryItemConnection' },
    { name: 'InventoryItemEdge' },
  ),
);

builder.queryField('inventoryItem', (t) =>
  t.prismaField({
    type: 'InventoryItem',
    nullable: true,
    authScopes: { authenticated: true },
    args: { id: t.arg.id({ required: true }) },
    resolve: (query, _root, args, ctx) =>
      db.inventoryItem.findFirst({ ...query, where: { id: parseGlobalId(args.id, 'InventoryItem'), ...inVisibleBrand(ctx) } }),
  }),
);

// Inventory items with per-warehouse levels and quantity history. The list sorts by last change
// (default) or by the dashboard's table columns; every sort is keyset-paged the same way.
import { GraphQLError } from 'graphql';
import { db } from '../../db.js';
import type { Prisma } from '../../generated/prisma/client.js';
import { brandListConnection, brandScopeArgs } from '../brand-list.js';
import { builder } from '../builder.js';
import { nonNegativeInt, searchContains } from '../filters.js';
import { parseGlobalId } from '../ids.js';
import { MAX_PAGE_SIZE, type KeysetSort, type SortDirection } from '../pagination.js';
import { inVisibleBrand, scopedNodeWhere } from '../scope.js';
import { SortDirectionEnum } from './enums.js';

const LevelRef = builder.prismaObject('InventoryLevel', {
  description: "An item's stock in one warehouse, in units. Only onHand is always reported; the others are null when the WMS does not break them down per warehouse.",
  select: { id: true },
  fields: (t) => ({
    warehouseExternalId: t.exposeString('warehouseExternalId', { description: "The WMS's id of the warehouse (Warehouse.externalId)." }),
    onHand: t.exposeInt('onHand', { description: 'Units physically in this warehouse.' }),
    awaiting: t.exposeInt('awaiting', { nullable: true, description: 'Units expected in this warehouse, not yet received; null when not reported.' }),
    committed: t.exposeInt('committed', { nullable: true, description: 'Units here allocated to orders; null when not reported.' }),
    unfulfillable: t.exposeInt('unfulfillable', { nullable: true, description: 'Units here that cannot ship (damaged, quarantined, blocked); null when not reported.' }),
    fulfillable: t.exposeInt('fulfillable', { nullable: true, description: 'Units here that can ship now; null when not reported.' }),
    sellable: t.exposeInt('sellable', { nullable: true, description: 'Units here offered to sales channels; null when not reported.' }),
  }),
});

const SnapshotRef = builder.prismaObject('InventorySnapshot', {
  select: { id: true },
  description: "An item's total quantities, in units, right after a change (one row per actual change; unchanged syncs add none).",
  fields: (t) => ({
    awaiting: t.exposeInt('awaiting', { description: 'Units expected, not yet received.' }),
    onHand: t.exposeInt('onHand', { description: 'Units physically in the warehouses.' }),
    committed: t.exposeInt('committed', { description: 'Units allocated to orders.' }),
    unfulfillable: t.exposeInt('unfulfillable', { description: 'Units that cannot ship (damaged, quarantined, blocked).' }),
    fulfillable: t.exposeInt('fulfillable', { description: 'Units that could ship.' }),
    sellable: t.exposeInt('sellable', { description: 'Units offered to sales channels.' }),
    updatedAt: t.expose('updatedAtRemote', { type: 'DateTime', description: 'When the WMS recorded the change.' }),
    recordedAt: t.expose('recordedAt', { type: 'DateTime', description: 'When Packr stored the change.' }),
  }),
});

export const InventoryItemRef = builder.prismaNode('InventoryItem', {
  description: 'A stock-keeping unit the warehouse holds for a brand, with totals over all warehouses (in units) and per-warehouse levels. Readable by 3PL members and by viewers of its brand.',
  id: { field: 'id' },
  select: { id: true },
  nullable: true,
  findUnique: (id, ctx) => scopedNodeWhere(id, ctx),
  fields: (t) => ({
    externalId: t.exposeString('externalId', { description: "The WMS's id of the inventory item; unique per brand. Products and line items refer to it." }),
    sku: t.exposeString('sku', { nullable: true, description: 'SKU; null when the WMS gives none.' }),
    name: t.exposeString('name', { description: 'Item name as the WMS shows it.' }),
    active: t.exposeBoolean('active', { description: 'False when the WMS has deactivated the item.' }),
    unitCost: t.field({
      type: 'String',
      nullable: true,
      description: 'Cost of one unit as a decimal string (e.g. "3.25"); the WMS does not say which currency. Null when not given.',
      select: { unitCost: true },
      resolve: (item) => item.unitCost?.toString() ?? null,
    }),
    awaiting: t.exposeInt('awaiting', { description: 'Units expected (e.g. on inbound shipments), not yet received.' }),
    onHand: t.exposeInt('onHand', { description: 'Units physically in the warehouses: usually committed + unfulfillable + fulfillable.' }),
    committed: t.exposeInt('committed', { description: 'Units allocated to orders.' }),
    unfulfillable: t.exposeInt('unfulfillable', { description: 'Units that cannot ship (damaged, quarantined, blocked).' }),
    fulfillable: t.exposeInt('fulfillable', { description: 'Units that can ship now.' }),
    sellable: t.exposeInt('sellable', { description: 'Units offered to sales channels.' }),
    createdAt: t.expose('createdAtRemote', { type: 'DateTime', description: 'When the WMS created the item.' }),
    updatedAt: t.expose('updatedAtRemote', { type: 'DateTime', description: 'Last change in the WMS (default list order).' }),
    syncedAt: t.expose('syncedAt', { type: 'DateTime', description: 'When Packr last stored this item.' }),
    deletedAt: t.expose('deletedAt', {
      type: 'DateTime', nullable: true,
      description: 'Set when the WMS no longer has the item: the start of the first complete listing that did not return it. Deleted items leave lists, lowStockCount and filters (see InventoryFilter.includeDeleted) but are still readable by id. Null while it exists.',
    }),
    rawData: t.expose('rawData', {
      type: 'JSON', nullable: true, authScopes: { manager: true },
      description: 'The item exactly as Trackstar sent it (snake_case JSON: lots, locations, measurements…). OWNER and ADMIN only: others get null and a FORBIDDEN error.',
    }),
    brand: t.relation('brand', { description: 'The brand the item belongs to.' }),
    levels: t.field({
      type: [LevelRef],
      description: 'Stock per warehouse, by warehouse id; empty when the WMS gives no breakdown.',
      select: (_args, _ctx, nested) => ({ levels: nested({ orderBy: [{ warehouseExternalId: 'asc' }] }) }),
      resolve: (item) => item.levels,
    }),
    history: t.field({
      type: [SnapshotRef],
      description: `The item's quantity changes as Packr recorded them, newest first; first defaults to 100 (max ${MAX_PAGE_SIZE}).`,
      args: {
        first: t.arg.int({ defaultValue: 100, description: `How many changes: 0 to ${MAX_PAGE_SIZE} (default 100).` }),
        since: t.arg({ type: 'DateTime', description: 'Only changes Packr recorded at or after this time.' }),
      },
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
  description: 'What Query.inventory sorts by; ties are broken by id, so paging is stable.',
  values: {
    UPDATED_AT: { description: 'Last change in the WMS (updatedAt).' },
    SKU: { description: 'SKU, alphabetically; items without one sort as the largest value.' },
    NAME: { description: 'Name, alphabetically.' },
    ON_HAND: { description: 'Total units on hand.' },
    FULFILLABLE: { description: 'Total fulfillable units.' },
  } as const,
});

const SORTS: Record<(typeof InventorySortField)['$inferType'], Omit<KeysetSort, 'direction'>> = {
  UPDATED_AT: { field: 'updatedAtRemote', kind: 'date' },
  SKU: { field: 'sku', kind: 'string', nullable: true },
  NAME: { field: 'name', kind: 'string' },
  ON_HAND: { field: 'onHand', kind: 'number' },
  FULFILLABLE: { field: 'fulfillable', kind: 'number' },
};

const InventorySort = builder.inputType('InventorySort', {
  description: 'Sort order of Query.inventory.',
  fields: (t) => ({
    field: t.field({ type: InventorySortField, required: true, description: 'The column to sort by.' }),
    direction: t.field({ type: SortDirectionEnum, defaultValue: 'desc', description: 'Ascending or descending (default DESC).' }),
  }),
});

const LowStockFilter = builder.inputType('LowStockFilter', {
  description: 'Items running low.',
  fields: (t) => ({ threshold: t.int({ required: true, description: 'Items with fulfillable ≤ threshold (units, 0 or more).' }) }),
});

const InventoryFilter = builder.inputType('InventoryFilter', {
  description: 'Narrows Query.inventory; all given conditions must hold.',
  fields: (t) => ({
    search: t.string({ description: 'Case-insensitive text in SKU or name (max 200 chars).' }),
    warehouseId: t.string({ description: "The WMS's warehouse id (Warehouse.externalId, 1 to 200 chars): only items with a level in that warehouse." }),
    lowStock: t.field({ type: LowStockFilter, description: 'Only items at or below a fulfillable threshold.' }),
    includeDeleted: t.boolean({ description: 'Also items the WMS no longer has (deletedAt set); left out when omitted or false.' }),
  }),
});

type InventoryFilterShape = { search?: string | null; warehouseId?: string | null; lowStock?: { threshold: number } | null; includeDeleted?: boolean | null };

function inventoryWhere(filter: InventoryFilterShape | null | undefined): Prisma.InventoryItemWhereInput {
  const text = searchContains(filter?.search);
  if (filter?.warehouseId != null && (filter.warehouseId.length === 0 || filter.warehouseId.length > 200)) {
    throw new GraphQLError('warehouseId must be 1 to 200 characters', { extensions: { code: 'BAD_USER_INPUT' } });
  }
  return {
    OR: text ? [{ sku: text }, { name: text }] : undefined,
    levels: filter?.warehouseId ? { some: { warehouseExternalId: filter.warehouseId } } : undefined,
    fulfillable: filter?.lowStock ? { lte: nonNegativeInt(filter.lowStock.threshold, 'lowStock.threshold') } : undefined,
    deletedAt: filter?.includeDeleted ? undefined : null,
  };
}

/** inventoryWhere in SQL (on alias t), for pages over several brands; inventoryWhere has validated the filter. */
function inventorySql(filter: InventoryFilterShape | null | undefined, param: (value: unknown) => string): string[] {
  const where: string[] = [];
  const text = searchContains(filter?.search);
  if (text) {
    const p = param(`%${text.contains}%`);
    where.push(`(t.sku ILIKE ${p} OR t.name ILIKE ${p})`);
  }
  if (filter?.warehouseId) {
    where.push(`EXISTS (SELECT 1 FROM inventory_level l WHERE l."inventoryItemId" = t.id AND l."warehouseExternalId" = ${param(filter.warehouseId)})`);
  }
  if (filter?.lowStock) where.push(`t.fulfillable <= ${param(filter.lowStock.threshold)}::int`);
  if (!filter?.includeDeleted) where.push(`t."deletedAt" IS NULL`);
  return where;
}

builder.queryField('inventory', (t) =>
  t.connection(
    {
      type: InventoryItemRef,
      authScopes: { authenticated: true },
      description:
        'Inventory items of one brand (brandId), of several (brandIds) or of every brand the caller may read (neither), last changed first unless sort says otherwise. ' +
        'Brands the caller may not read contribute nothing.',
      args: {
        ...brandScopeArgs(t),
        filter: t.arg({ type: InventoryFilter, description: 'Optional conditions; omitted means every item.' }),
        sort: t.arg({ type: InventorySort, description: 'Default: last change, newest first.' }),
      },
      resolve: (_root, args, ctx, info) => {
        const where = inventoryWhere(args.filter);
        const chosen = SORTS[args.sort?.field ?? 'UPDATED_AT'];
        const sort: KeysetSort = { ...chosen, direction: (args.sort?.direction ?? 'desc') as SortDirection };
        return brandListConnection({
          ctx, info, args, field: 'inventory', model: 'InventoryItem', sort, where,
          findMany: (query) => db.inventoryItem.findMany(query as Prisma.InventoryItemFindManyArgs),
          sql: { table: 'inventory_item', where: (param) => inventorySql(args.filter, param) },
        });
      },
    },
    { name: 'InventoryItemConnection', description: 'A page of inventory items.' },
    { name: 'InventoryItemEdge', description: 'An inventory item in a page, with its cursor.' },
  ),
);

builder.queryField('inventoryItem', (t) =>
  t.prismaField({
    type: 'InventoryItem',
    nullable: true,
    authScopes: { authenticated: true },
    description: 'One inventory item by global ID, also when the WMS deleted it (deletedAt set); null when it does not exist or the caller may not read its brand.',
    args: { id: t.arg.id({ required: true, description: 'The InventoryItem global ID.' }) },
    resolve: (query, _root, args, ctx) =>
      db.inventoryItem.findFirst({ ...query, where: { id: parseGlobalId(args.id, 'InventoryItem'), ...inVisibleBrand(ctx) } }),
  }),
);

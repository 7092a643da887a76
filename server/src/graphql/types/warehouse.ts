// Warehouses (with their locations) and shipping methods: short reference lists per brand.
import { db } from '../../db.js';
import { loadBatched } from '../batch.js';
import { builder } from '../builder.js';
import { inBrand, scopedNodeWhere } from '../scope.js';

/** Reference lists are small; the cap only protects against a runaway upstream. */
const REFERENCE_LIST_CAP = 1_000;

type LocationRow = { id: string; warehouseExternalId: string; externalId: string; name: string | null; type: string | null };

/**
 * The locations of many warehouses of one brand in one query (sibling warehouses of a list ask in
 * the same tick), each warehouse's list capped on its own. Keys are `brandId|warehouseExternalId`.
 */
async function loadLocations(keys: string[]): Promise<Map<string, LocationRow[]>> {
  const byBrand = new Map<string, string[]>();
  for (const key of keys) {
    const [brandId, warehouseExternalId] = splitKey(key);
    byBrand.set(brandId, [...(byBrand.get(brandId) ?? []), warehouseExternalId]);
  }
  const found = new Map<string, LocationRow[]>(keys.map((k) => [k, []]));
  for (const [brandId, warehouseIds] of byBrand) {
    const rows = await db.$queryRaw<LocationRow[]>`
      SELECT id, "warehouseExternalId", "externalId", name, type FROM (
        SELECT l.*, row_number() OVER (PARTITION BY l."warehouseExternalId" ORDER BY l."externalId") AS position
          FROM warehouse_location l
         WHERE l."brandId" = ${brandId}::uuid AND l."warehouseExternalId" = ANY(${warehouseIds}::text[])
      ) ranked
      WHERE position <= ${REFERENCE_LIST_CAP}
      ORDER BY "warehouseExternalId", "externalId"`;
    for (const row of rows) found.get(locationKey(brandId, row.warehouseExternalId))?.push(row);
  }
  return found;
}

// The brand id is a uuid (36 characters), so the key splits unambiguously whatever the WMS id holds.
const locationKey = (brandId: string, warehouseExternalId: string) => `${brandId}|${warehouseExternalId}`;
const splitKey = (key: string): [string, string] => [key.slice(0, 36), key.slice(37)];

// A plain object type rather than a Prisma one: its rows only ever come from loadLocations, and a
// Prisma type would re-read them by id to learn which columns were loaded.
const LocationRef = builder.objectRef<LocationRow>('WarehouseLocation').implement({
  fields: (t) => ({
    externalId: t.exposeString('externalId'),
    name: t.exposeString('name', { nullable: true }),
    type: t.exposeString('type', { nullable: true }),
  }),
});

builder.prismaNode('Warehouse', {
  id: { field: 'id' },
  select: { id: true },
  nullable: true,
  findUnique: (id, ctx) => scopedNodeWhere(id, ctx),
  fields: (t) => ({
    externalId: t.exposeString('externalId'),
    name: t.exposeString('name'),
    code: t.exposeString('code', { nullable: true }),
    address: t.expose('address', { type: 'JSON', nullable: true }),
    updatedAt: t.expose('updatedAtRemote', { type: 'DateTime' }),
    rawData: t.expose('rawData', { type: 'JSON', nullable: true, authScopes: { manager: true } }),
    brand: t.relation('brand'),
    locations: t.field({
      type: [LocationRef],
      description: `Up to ${REFERENCE_LIST_CAP} locations, by WMS id.`,
      select: { brandId: true, externalId: true },
      // Locations point at their warehouse by WMS id (no foreign key); batched across the list.
      resolve: async (w, _args, ctx) => ((await loadBatched(ctx, 'warehouse-locations', locationKey(w.brandId, w.externalId), loadLocations)) ?? []),
    }),
  }),
});

builder.prismaNode('ShippingMethod', {
  id: { field: 'id' },
  select: { id: true },
  nullable: true,
  findUnique: (id, ctx) => scopedNodeWhere(id, ctx),
  fields: (t) => ({
    externalId: t.exposeString('externalId'),
    name: t.exposeString('name'),
    carrierId: t.exposeString('carrierId', { nullable: true }),
    carrierName: t.exposeString('carrierName', { nullable: true }),
    scac: t.exposeString('scac', { nullable: true }),
    updatedAt: t.expose('updatedAtRemote', { type: 'DateTime' }),
    rawData: t.expose('rawData', { type: 'JSON', nullable: true, authScopes: { manager: true } }),
    brand: t.relation('brand'),
  }),
});

builder.queryField('warehouses', (t) =>
  t.prismaField({
    type: ['Warehouse'],
    authScopes: { authenticated: true },
    description: `The brand's warehouses by name (at most ${REFERENCE_LIST_CAP}).`,
    args: { brandId: t.arg.id({ required: true }) },
    resolve: (query, _root, args, ctx) =>
      db.warehouse.findMany({ ...query, where: inBrand(ctx, args.brandId), orderBy: [{ name: 'asc' }, { id: 'asc' }], take: REFERENCE_LIST_CAP }),
  }),
);

builder.queryField('shippingMethods', (t) =>
  t.prismaField({
    type: ['ShippingMethod'],
    authScopes: { authenticated: true },
    description: `The brand's shipping methods by name (at most ${REFERENCE_LIST_CAP}).`,
    args: { brandId: t.arg.id({ required: true }) },
    resolve: (query, _root, args, ctx) =>
      db.shippingMethod.findMany({ ...query, where: inBrand(ctx, args.brandId), orderBy: [{ name: 'asc' }, { id: 'asc' }], take: REFERENCE_LIST_CAP }),
  }),
);


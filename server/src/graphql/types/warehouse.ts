// Warehouses (with their locations) and shipping methods: short reference lists per brand.
import { db } from '../../db.js';
import { loadBatched } from '../batch.js';
import { builder } from '../builder.js';
import { inBrand, scopedNodeWhere } from '../scope.js';
import { AddressRef, rawObject } from './embedded.js';

/** Live rows only, unless the caller asks for deleted ones too (sync/deletions.ts). */
const liveUnless = (includeDeleted: boolean | null | undefined) => (includeDeleted ? {} : { deletedAt: null });

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
         WHERE l."brandId" = ${brandId}::uuid AND l."warehouseExternalId" = ANY(${warehouseIds}::text[]) AND l."deletedAt" IS NULL
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
  description: 'A storage location inside a warehouse (a bin, shelf, pallet position…).',
  fields: (t) => ({
    externalId: t.exposeString('externalId', { description: "The WMS's id of the location." }),
    name: t.exposeString('name', { nullable: true, description: 'Location name or label as the WMS shows it; null when none.' }),
    type: t.exposeString('type', { nullable: true, description: 'Kind of location as free text from the WMS (e.g. "bin", "pallet"); null when not given.' }),
  }),
});

builder.prismaNode('Warehouse', {
  description: "A warehouse of the 3PL as the brand's WMS connection reports it. Readable by 3PL members and by viewers of the brand.",
  id: { field: 'id' },
  select: { id: true },
  nullable: true,
  findUnique: (id, ctx) => scopedNodeWhere(id, ctx),
  fields: (t) => ({
    externalId: t.exposeString('externalId', { description: "The WMS's id of the warehouse; other records refer to it as warehouseExternalId." }),
    name: t.exposeString('name', { description: 'Warehouse name.' }),
    code: t.exposeString('code', { nullable: true, description: 'Short code of the warehouse in the WMS; null when none.' }),
    address: t.field({
      type: AddressRef,
      nullable: true,
      description: "The warehouse's postal address; null when the WMS sent none.",
      select: { address: true },
      resolve: (w) => rawObject(w.address),
    }),
    updatedAt: t.expose('updatedAtRemote', { type: 'DateTime', description: 'Last change in the WMS.' }),
    deletedAt: t.expose('deletedAt', { type: 'DateTime', nullable: true, description: 'Set when the WMS no longer lists the warehouse (Query.warehouses leaves it out unless includeDeleted); readable by id still. Null while it exists.' }),
    rawData: t.expose('rawData', {
      type: 'JSON', nullable: true, authScopes: { manager: true },
      description: 'The warehouse exactly as Trackstar sent it (snake_case JSON). OWNER and ADMIN only: others get null and a FORBIDDEN error.',
    }),
    brand: t.relation('brand', { description: 'The brand whose connection reported this warehouse.' }),
    locations: t.field({
      type: [LocationRef],
      description: `The warehouse's storage locations, by WMS id (at most ${REFERENCE_LIST_CAP}); locations the WMS deleted are left out.`,
      select: { brandId: true, externalId: true },
      // Locations point at their warehouse by WMS id (no foreign key); batched across the list.
      resolve: async (w, _args, ctx) => ((await loadBatched(ctx, 'warehouse-locations', locationKey(w.brandId, w.externalId), loadLocations)) ?? []),
    }),
  }),
});

builder.prismaNode('ShippingMethod', {
  description: 'A carrier service the WMS can ship with (e.g. "UPS Ground"). Readable by 3PL members and by viewers of the brand.',
  id: { field: 'id' },
  select: { id: true },
  nullable: true,
  findUnique: (id, ctx) => scopedNodeWhere(id, ctx),
  fields: (t) => ({
    externalId: t.exposeString('externalId', { description: "The WMS's id of the shipping method." }),
    name: t.exposeString('name', { description: 'Name of the method as the WMS shows it.' }),
    carrierId: t.exposeString('carrierId', { nullable: true, description: "The WMS's id of the carrier; null when not given." }),
    carrierName: t.exposeString('carrierName', { nullable: true, description: 'Carrier name; null when not given.' }),
    scac: t.exposeString('scac', { nullable: true, description: "The carrier's Standard Carrier Alpha Code; null when not given." }),
    updatedAt: t.expose('updatedAtRemote', { type: 'DateTime', description: 'Last change in the WMS.' }),
    deletedAt: t.expose('deletedAt', { type: 'DateTime', nullable: true, description: 'Set when the WMS no longer lists the method (Query.shippingMethods leaves it out unless includeDeleted); readable by id still. Null while it exists.' }),
    rawData: t.expose('rawData', {
      type: 'JSON', nullable: true, authScopes: { manager: true },
      description: 'The shipping method exactly as Trackstar sent it (snake_case JSON). OWNER and ADMIN only: others get null and a FORBIDDEN error.',
    }),
    brand: t.relation('brand', { description: 'The brand whose connection reported this method.' }),
  }),
});

builder.queryField('warehouses', (t) =>
  t.prismaField({
    type: ['Warehouse'],
    authScopes: { authenticated: true },
    description: `The brand's warehouses by name (at most ${REFERENCE_LIST_CAP}).`,
    args: {
      brandId: t.arg.id({ required: true, description: 'The Brand global ID.' }),
      includeDeleted: t.arg.boolean({ required: false, description: 'Also warehouses the WMS no longer lists (deletedAt set); left out when omitted or false.' }),
    },
    resolve: (query, _root, args, ctx) =>
      db.warehouse.findMany({ ...query, where: { ...inBrand(ctx, args.brandId), ...liveUnless(args.includeDeleted) }, orderBy: [{ name: 'asc' }, { id: 'asc' }], take: REFERENCE_LIST_CAP }),
  }),
);

builder.queryField('shippingMethods', (t) =>
  t.prismaField({
    type: ['ShippingMethod'],
    authScopes: { authenticated: true },
    description: `The brand's shipping methods by name (at most ${REFERENCE_LIST_CAP}).`,
    args: {
      brandId: t.arg.id({ required: true, description: 'The Brand global ID.' }),
      includeDeleted: t.arg.boolean({ required: false, description: 'Also methods the WMS no longer lists (deletedAt set); left out when omitted or false.' }),
    },
    resolve: (query, _root, args, ctx) =>
      db.shippingMethod.findMany({ ...query, where: { ...inBrand(ctx, args.brandId), ...liveUnless(args.includeDeleted) }, orderBy: [{ name: 'asc' }, { id: 'asc' }], take: REFERENCE_LIST_CAP }),
  }),
);


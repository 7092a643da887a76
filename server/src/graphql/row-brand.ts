// `brand` of rows that are not planned through Prisma's selection (the hand-written orders page
// and the children it preloads): the brand is preloaded with the page, or loaded for every row
// of the request in one statement, never one query per row.
import { db } from '../db.js';
import type { Brand } from '../generated/prisma/client.js';
import { loadBatched } from './batch.js';

/** The row's brand: a row only reaches a resolver once its brand was found readable, so no scope is needed here. */
export function rowBrand(ctx: object, row: { brandId: string; brand?: unknown }): Brand | Promise<Brand> {
  if (row.brand) return row.brand as Brand;
  return loadBatched(ctx, 'rowBrand', row.brandId, async (ids: string[]) => {
    const brands = await db.brand.findMany({ where: { id: { in: ids } } });
    return new Map(brands.map((b) => [b.id, b]));
  }) as Promise<Brand>;
}

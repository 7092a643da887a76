// Tenant scoping for resolvers. Every read puts these conditions into the database query itself,
// so a row of another tenant is never loaded (and reads exactly like a row that does not exist).
import { GraphQLError } from 'graphql';
import { visibleBrands, type Viewer } from '../auth/viewer.js';
import { db } from '../db.js';
import { isUuid } from '../lib/uuid.js';
import type { Context } from './context.js';
import { parseGlobalId } from './ids.js';

export function viewerOf(ctx: Context): Viewer {
  if (!ctx.viewer) throw new GraphQLError('Missing API key', { extensions: { code: 'UNAUTHENTICATED' } });
  return ctx.viewer;
}

/** `where` fragment for rows that belong to a brand the viewer may read. */
export function inVisibleBrand(ctx: Context) {
  return { brand: visibleBrands(viewerOf(ctx)) };
}

/** `where` fragment for a brandId argument (a Brand global id), still limited to visible brands. */
export function inBrand(ctx: Context, brandGlobalId: string | number) {
  return { brandId: parseGlobalId(brandGlobalId, 'Brand'), brand: visibleBrands(viewerOf(ctx)) };
}

/**
 * `findUnique` for prismaNode: node(id) and fallback loads use it, so they are scoped like the
 * root fields. A non-UUID id is a clear input error rather than a database error.
 */
export function scopedNodeWhere(id: string, ctx: Context) {
  return { id: assertUuid(id), ...inVisibleBrand(ctx) };
}

export function assertUuid(id: string): string {
  if (!isUuid(id)) throw new GraphQLError('Invalid id', { extensions: { code: 'BAD_USER_INPUT' } });
  return id;
}

/** A brand the viewer may read, by global id (for mutations); anything else reads as not found. */
export async function visibleBrandId(viewer: Viewer, globalId: string | number): Promise<string> {
  const id = parseGlobalId(globalId, 'Brand');
  const brand = await db.brand.findFirst({ where: { AND: [{ id }, visibleBrands(viewer)] }, select: { id: true } });
  if (!brand) throw new GraphQLError('Brand not found', { extensions: { code: 'NOT_FOUND' } });
  return brand.id;
}

// Which brands a list reads: `brandId` (one brand, the historic form) or `brandIds` (several), or
// neither (every brand the caller may read). Cross-brand forms are checked against the database
// here, once per list, so the page statements get a plain list of brand uuids the viewer may read;
// they still join `brand` on the 3PL themselves (scope in SQL, never only in JS).
import { createHash } from 'node:crypto';
import { GraphQLError } from 'graphql';
import type { Viewer } from '../auth/viewer.js';
import { isUuid } from '../lib/uuid.js';
import { pool } from '../pg.js';
import { parseGlobalId } from './ids.js';

/** At most this many ids in `brandIds`: the page statements probe each brand's index once or twice. */
export const MAX_BRAND_IDS = 200;

export type BrandScopeArgs = { brandId?: string | number | null; brandIds?: readonly (string | number)[] | null };

/**
 * `one`: a single brand by `brandId` (the list's own single-brand path, unchanged).
 * `many`: the brands of `brandIds`, or every readable brand when both are omitted; `brandIds` is
 * what the viewer may read of them (possibly empty), `fingerprint` what was asked (for cursors).
 * `everyBrand`: exactly every unarchived brand of the viewer's 3PL (a 3PL member who named no
 * brand), so a page may scope by the 3PL alone (the orders page does: order-page.ts).
 */
export type BrandScope = { kind: 'one'; brandId: string } | { kind: 'many'; brandIds: BrandIdList; fingerprint: string; everyBrand: boolean };

/**
 * The ids of a `many` scope, read when a page needs them (at most once): the orders page of a
 * whole 3PL scopes by the 3PL alone and never reads them.
 */
export type BrandIdList = () => Promise<string[]>;

const listOf = (ids: string[]): BrandIdList => () => Promise.resolve(ids);

const badInput = (message: string) => new GraphQLError(message, { extensions: { code: 'BAD_USER_INPUT' } });

/** A Brand global id (as every query returns it) or a bare brand UUID; anything else is BAD_USER_INPUT. */
export function brandUuid(value: string | number): string {
  const raw = String(value);
  return isUuid(raw) ? raw.toLowerCase() : parseGlobalId(raw, 'Brand');
}

/** A `brandIds` argument as brand uuids (global ids or bare UUIDs, deduplicated, at most MAX_BRAND_IDS); null when omitted. */
export function brandIdsArg(ids: readonly (string | number)[] | null | undefined): string[] | null {
  if (ids == null) return null;
  if (ids.length > MAX_BRAND_IDS) throw new GraphQLError(`brandIds takes at most ${MAX_BRAND_IDS} ids`, { extensions: { code: 'BAD_USER_INPUT' } });
  return [...new Set(ids.map(brandUuid))];
}

// Archived brands leave cross-brand scopes (schema.prisma Brand.archivedAt); a single brandId still reads them.
const READABLE = `SELECT b.id::text AS id FROM brand b
  WHERE b."threePLId" = $1::uuid AND b."archivedAt" IS NULL
    AND ($2::uuid[] IS NULL OR b.id = ANY($2::uuid[])) AND ($3::uuid[] IS NULL OR b.id = ANY($3::uuid[]))
  ORDER BY b.id`;
const READABLE_NAME = `packr_${createHash('sha1').update(READABLE).digest('hex').slice(0, 20)}`;

export async function resolveBrandScope(viewer: Viewer, args: BrandScopeArgs): Promise<BrandScope> {
  const { brandId, brandIds } = args;
  if (brandId != null && brandIds != null) throw badInput('Pass brandId or brandIds, not both');
  if (brandId != null) return { kind: 'one', brandId: parseGlobalId(brandId, 'Brand') };
  if (brandIds != null && brandIds.length > MAX_BRAND_IDS) throw badInput(`brandIds accepts at most ${MAX_BRAND_IDS} ids`);
  const asked = brandIds == null ? null : [...new Set(brandIds.map(brandUuid))].sort();
  // An empty list reads nothing: no statement needed.
  if (asked?.length === 0) return { kind: 'many', brandIds: listOf([]), fingerprint: '[]', everyBrand: false };
  let read: Promise<string[]> | null = null;
  const readable = () =>
    (read ??= pool.query<{ id: string }>({ name: READABLE_NAME, text: READABLE, values: [viewer.threePLId, asked, viewer.brandIds] }).then((r) => r.rows.map((row) => row.id)));
  return { kind: 'many', brandIds: readable, fingerprint: asked ? asked.join(',') : '*', everyBrand: asked === null && viewer.brandIds === null };
}

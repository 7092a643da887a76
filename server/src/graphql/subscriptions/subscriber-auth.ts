// Subscriptions live for hours, so the key behind them is re-checked on every event: a revoked key
// or a removed membership ends the stream. Lookups are cached for one second per key, which keeps
// a thousand subscribers on one key at one query per second.
import { GraphQLError } from 'graphql';
import { listedBrands, viewerFromApiKey, type Viewer } from '../../auth/viewer.js';
import { onRevocationResetCache } from '../../auth/credential-revocations.js';
import { db } from '../../db.js';

const VIEWER_TTL_MS = 1_000;
const viewers = new Map<string, { at: number; viewer: Promise<Viewer | null> }>();
// A revocation (auth/credential-revocations.ts) must not wait for this cache to expire.
onRevocationResetCache(() => viewers.clear());
// A brand never changes 3PL, so this mapping is cached for the life of the process (bounded).
const brandOwners = new Map<string, Promise<string | null>>();

export const notFound = () => new GraphQLError('Brand not found', { extensions: { code: 'NOT_FOUND' } });
const revoked = () => new GraphQLError('API key is invalid or revoked', { extensions: { code: 'UNAUTHENTICATED' } });

function cachedViewer(credential: string): Promise<Viewer | null> {
  const now = Date.now();
  const hit = viewers.get(credential);
  if (hit && now - hit.at < VIEWER_TTL_MS) return hit.viewer;
  if (viewers.size > 10_000) for (const [k, v] of viewers) if (now - v.at >= VIEWER_TTL_MS) viewers.delete(k);
  const viewer = viewerFromApiKey(credential).catch(() => null);
  viewers.set(credential, { at: now, viewer });
  return viewer;
}

function brandOwner(brandId: string): Promise<string | null> {
  let owner = brandOwners.get(brandId);
  if (!owner) {
    if (brandOwners.size > 50_000) brandOwners.clear();
    owner = db.brand.findUnique({ where: { id: brandId }, select: { threePLId: true } }).then((b) => b?.threePLId ?? null);
    owner.then((v) => v === null && brandOwners.delete(brandId), () => brandOwners.delete(brandId));
    brandOwners.set(brandId, owner);
  }
  return owner;
}

export function canSeeBrand(viewer: Viewer, brandId: string, threePLId: string | null): boolean {
  return threePLId !== null && viewer.threePLId === threePLId && (viewer.brandIds === null || viewer.brandIds.includes(brandId));
}

/**
 * Throws unless the key is still valid and may read the brand. Another tenant's brand and an
 * unknown id get the same NOT_FOUND, so ids cannot be probed.
 */
export async function assertBrandAccess(credential: string | null, brandId: string): Promise<Viewer> {
  if (!credential) throw revoked();
  const [viewer, owner] = await Promise.all([cachedViewer(credential), brandOwner(brandId)]);
  if (!viewer) throw revoked();
  if (!canSeeBrand(viewer, brandId, owner)) throw notFound();
  return viewer;
}

/**
 * Every brand the key may read right now (archived ones left out), at most `limit` + 1 of them (so the caller can tell it
 * was over the limit). Brands created later are not included: a stream follows the brands it
 * started with.
 */
export async function readableBrandIds(credential: string | null, limit: number): Promise<string[]> {
  if (!credential) throw revoked();
  const viewer = await cachedViewer(credential);
  if (!viewer) throw revoked();
  const brands = await db.brand.findMany({ where: listedBrands(viewer), select: { id: true }, orderBy: { id: 'asc' }, take: limit + 1 });
  return brands.map((b) => b.id);
}

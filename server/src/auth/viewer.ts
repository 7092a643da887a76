// Who is calling, resolved from an API key once per HTTP request or WebSocket connection.
import type { MembershipRole, Prisma } from '../generated/prisma/client.js';
import { db } from '../db.js';
import { pool } from '../pg.js';
import { hashApiKey, looksLikeApiKey } from './api-keys.js';

export type Viewer = {
  userId: string;
  apiKeyId: string;
  threePLId: string;
  /** null for a brand viewer (no membership in the 3PL). */
  role: MembershipRole | null;
  /** Brands a brand viewer may read; null means every brand of the 3PL. */
  brandIds: string[] | null;
  /** A key created with the READ_ONLY_SCOPE: queries and subscriptions only (graphql/read-only-keys.ts, REST). */
  readOnly?: boolean;
};

/** The one scope Packr enforces; other scopes are the key owner's own labels. */
export const READ_ONLY_SCOPE = 'read_only';

export const isManager = (v: Viewer | null) => v?.role === 'OWNER' || v?.role === 'ADMIN';
export const isMember = (v: Viewer | null) => v?.role != null;

/** The Prisma filter that limits brands to what the viewer may see. Use it inside every query. */
export function visibleBrands(v: Viewer): Prisma.BrandWhereInput {
  return v.brandIds === null ? { threePLId: v.threePLId } : { threePLId: v.threePLId, id: { in: v.brandIds } };
}

/**
 * The brands that lists and cross-brand scopes show: visible and not archived (archiveBrand). By-id
 * reads keep using visibleBrands, so an archived brand's data stays readable.
 */
export function listedBrands(v: Viewer): Prisma.BrandWhereInput {
  return { ...visibleBrands(v), archivedAt: null };
}

// lastUsedAt is advisory: write it at most once a minute per key instead of on every request.
const LAST_USED_EVERY_MS = 60_000;
const lastUsedWrites = new Map<string, number>();

type KeyRow = { id: string; userId: string; threePLId: string; revoked: boolean; readOnly: boolean; role: MembershipRole | null; brandIds: string[] };

// The lookup is one SQL round trip, a large share of a small request's CPU. Results (including
// "no such key") are kept for at most VIEWER_TTL_MS, so a key revoked or a role changed anywhere
// (another API process, the CLI) takes effect within that window; revokeApiKey in this process
// clears the cache at once. Caching the promise also folds concurrent lookups of one key into one.
const VIEWER_TTL_MS = 1_000;
const VIEWER_CACHE_MAX = 10_000;
const viewerCache = new Map<string, { expires: number; viewer: Promise<Viewer | null> }>();

/** Drops every cached lookup: call after revoking a key or changing grants in this process. */
export function forgetCachedViewers(): void {
  viewerCache.clear();
}

/**
 * Resolves the caller per request (a revoked key stops working within VIEWER_TTL_MS). One SQL
 * statement: the key, the user's role in the key's 3PL and their brand grants in that 3PL.
 */
export function viewerFromApiKey(rawKey: string): Promise<Viewer | null> {
  const key = rawKey.replace(/^Bearer\s+/i, '').trim();
  if (!looksLikeApiKey(key)) return Promise.resolve(null);
  const now = Date.now();
  const cached = viewerCache.get(key);
  if (cached && cached.expires > now) return cached.viewer;
  if (viewerCache.size >= VIEWER_CACHE_MAX) viewerCache.clear();
  const viewer = lookUp(key);
  const entry = { expires: now + VIEWER_TTL_MS, viewer };
  viewerCache.set(key, entry);
  // A failed lookup (database down) must not be remembered.
  viewer.catch(() => viewerCache.get(key) === entry && viewerCache.delete(key));
  return viewer;
}

async function lookUp(key: string): Promise<Viewer | null> {
  // Plain pg rather than Prisma: this runs on every request, and a raw query skips the query
  // compiler and result mapping.
  const { rows } = await pool.query<KeyRow>(
    `SELECT k.id::text AS id, k."userId"::text AS "userId", k."threePLId"::text AS "threePLId",
           k."revokedAt" IS NOT NULL AS revoked, '${READ_ONLY_SCOPE}' = ANY(k.scopes) AS "readOnly",
           (SELECT m.role::text FROM membership m WHERE m."userId" = k."userId" AND m."threePLId" = k."threePLId") AS role,
           ARRAY(SELECT bv."brandId"::text FROM brand_viewer bv JOIN brand b ON b.id = bv."brandId"
                 WHERE bv."userId" = k."userId" AND b."threePLId" = k."threePLId" ORDER BY 1) AS "brandIds"
      FROM api_key k
     WHERE k.hash = $1`,
    [hashApiKey(key)],
  );
  const apiKey = rows[0];
  if (!apiKey || apiKey.revoked) return null;
  if (!apiKey.role && apiKey.brandIds.length === 0) return null;

  const now = Date.now();
  if ((lastUsedWrites.get(apiKey.id) ?? 0) + LAST_USED_EVERY_MS < now) {
    lastUsedWrites.set(apiKey.id, now);
    void db.apiKey.update({ where: { id: apiKey.id }, data: { lastUsedAt: new Date(now) } }).catch(() => {});
  }
  return {
    userId: apiKey.userId,
    apiKeyId: apiKey.id,
    threePLId: apiKey.threePLId,
    role: apiKey.role,
    brandIds: apiKey.role ? null : apiKey.brandIds,
    readOnly: apiKey.readOnly,
  };
}

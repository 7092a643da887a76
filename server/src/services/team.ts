// A 3PL's team: member roles, removal, brand viewers' brands and API keys. Only OWNER and ADMIN
// manage; an ADMIN may not act on an OWNER nor make anyone OWNER; the last OWNER can neither leave
// nor be demoted. Every change is one transaction with its audit entry, taken under a lock on the
// 3PL row so two managers acting at once cannot, say, demote the last two OWNERs together.
// Access taken away is announced to every API process after commit (credential-revocations.ts),
// which closes the affected WebSockets at once.
import type { PoolClient } from 'pg';
import { generateApiKey } from '../auth/api-keys.js';
import { publishRevocation, type CredentialRevocation } from '../auth/credential-revocations.js';
import type { Viewer } from '../auth/viewer.js';
import { forgetCachedViewers } from '../auth/viewer.js';
import { recordUserAction } from '../audit/user-actions.js';
import { runWriteTransaction } from '../changes/write-transaction.js';
import type { MembershipRole } from '../generated/prisma/enums.js';
import { NOW } from '../pg.js';
import { ServiceError } from './errors.js';

/** A member role, or a brand viewer (no membership; reads only granted brands). */
export type TeamRole = MembershipRole | 'BRAND_VIEWER';
type Tx = Pick<PoolClient, 'query'>;

const RANK: Record<TeamRole, number> = { OWNER: 3, ADMIN: 2, OPERATOR: 1, BRAND_VIEWER: 0 };
/** Most brand ids one call may name. */
export const MAX_BRAND_IDS = 200;

export const forbidden = (message: string) => new ServiceError('FORBIDDEN', message);
const memberNotFound = () => new ServiceError('NOT_FOUND', 'Member not found');

/** Runs team work in one transaction with the 3PL row locked; publishes the revocations it returns after commit. */
export async function teamTransaction<T>(threePLId: string, work: (tx: Tx) => Promise<{ value: T; revoke?: CredentialRevocation[] }>): Promise<T> {
  const { value, revoke } = await runWriteTransaction(async (tx) => {
    await tx.query({ name: 'team-lock-3pl', text: 'SELECT 1 FROM three_pl WHERE id = $1 FOR UPDATE', values: [threePLId] });
    return { value: await work(tx), notices: [] };
  });
  // This process answers with the new roles and grants on the very next request.
  forgetCachedViewers();
  for (const r of revoke ?? []) await publishRevocation(r);
  return value;
}

export type TeamMemberState = { userId: string; email: string; role: TeamRole; brandIds: string[] };

/** A user's standing in the 3PL; null when they are neither a member nor a brand viewer of it. */
export async function memberState(tx: Tx, threePLId: string, userId: string): Promise<TeamMemberState | null> {
  const { rows } = await tx.query<{ id: string; email: string; role: MembershipRole | null; brandIds: string[] }>({
    name: 'team-member-state',
    text: `SELECT u.id::text AS id, u.email,
                  (SELECT m.role::text FROM membership m WHERE m."userId" = u.id AND m."threePLId" = $2) AS role,
                  ARRAY(SELECT bv."brandId"::text FROM brand_viewer bv JOIN brand b ON b.id = bv."brandId"
                         WHERE bv."userId" = u.id AND b."threePLId" = $2 ORDER BY 1) AS "brandIds"
             FROM app_user u WHERE u.id = $1`,
    values: [userId, threePLId],
  });
  const row = rows[0];
  if (!row || (!row.role && row.brandIds.length === 0)) return null;
  return { userId: row.id, email: row.email, role: row.role ?? 'BRAND_VIEWER', brandIds: row.brandIds };
}

/**
 * The acting manager as they are now (their key's cached role may be a second old): refused
 * unless still OWNER or ADMIN of the 3PL.
 */
export async function currentManager(tx: Tx, actor: Viewer): Promise<Viewer & { role: 'OWNER' | 'ADMIN' }> {
  const state = await memberState(tx, actor.threePLId, actor.userId);
  if (state?.role !== 'OWNER' && state?.role !== 'ADMIN') throw forbidden('Only an OWNER or ADMIN manages the team');
  return { ...actor, role: state.role };
}

async function ownerCount(tx: Tx, threePLId: string): Promise<number> {
  const { rows } = await tx.query<{ n: number }>({
    name: 'team-owner-count',
    text: `SELECT count(*)::int AS n FROM membership WHERE "threePLId" = $1 AND role = 'OWNER'`,
    values: [threePLId],
  });
  return rows[0]!.n;
}

async function targetOf(tx: Tx, threePLId: string, userId: string): Promise<TeamMemberState> {
  const target = await memberState(tx, threePLId, userId);
  if (!target) throw memberNotFound();
  return target;
}

/** Brand ids of the 3PL (not archived) out of `brandIds`; NOT_FOUND names none of the others. */
async function brandsOf3PL(tx: Tx, threePLId: string, brandIds: readonly string[]): Promise<string[]> {
  const unique = [...new Set(brandIds)];
  if (unique.length === 0) throw new ServiceError('BAD_USER_INPUT', 'Name at least one brand');
  if (unique.length > MAX_BRAND_IDS) throw new ServiceError('BAD_USER_INPUT', `At most ${MAX_BRAND_IDS} brands at once`);
  const { rows } = await tx.query<{ id: string }>({
    name: 'team-brands-of-3pl',
    text: `SELECT id::text AS id FROM brand WHERE id = ANY($1::uuid[]) AND "threePLId" = $2 AND "archivedAt" IS NULL`,
    values: [unique, threePLId],
  });
  if (rows.length !== unique.length) throw new ServiceError('NOT_FOUND', 'Brand not found');
  return rows.map((r) => r.id);
}

const audit = (tx: Tx, actor: Viewer, action: string, recordType: 'MEMBER' | 'API_KEY', recordId: string, extra: { changes?: Record<string, [unknown, unknown]>; detail?: Record<string, unknown> } = {}) =>
  recordUserAction({ actor, brandId: null, threePLId: actor.threePLId, action, recordType, recordId, ...extra }, tx);

/** Gives a member (or a brand viewer, who then reads every brand) another member role. */
export async function updateMemberRole(actor: Viewer, userId: string, role: MembershipRole): Promise<void> {
  await teamTransaction(actor.threePLId, async (tx) => {
    const manager = await currentManager(tx, actor);
    const target = await targetOf(tx, actor.threePLId, userId);
    if (target.role === role) return { value: undefined };
    if (manager.role !== 'OWNER' && (target.role === 'OWNER' || role === 'OWNER')) {
      throw forbidden(target.role === 'OWNER' ? 'Only an OWNER can change the role of an OWNER' : 'Only an OWNER can make someone an OWNER');
    }
    if (target.role === 'OWNER' && (await ownerCount(tx, actor.threePLId)) <= 1) {
      throw new ServiceError('BAD_USER_INPUT', 'The last OWNER cannot be demoted: make someone else OWNER first');
    }
    if (target.role === 'BRAND_VIEWER') {
      // Members read every brand: the viewer's grants in this 3PL have nothing left to say.
      await tx.query({
        name: 'team-drop-grants',
        text: `DELETE FROM brand_viewer bv USING brand b WHERE bv."brandId" = b.id AND b."threePLId" = $2 AND bv."userId" = $1`,
        values: [userId, actor.threePLId],
      });
      await tx.query({ name: 'team-insert-membership', text: `INSERT INTO membership ("userId", "threePLId", role) VALUES ($1, $2, $3::"MembershipRole")`, values: [userId, actor.threePLId, role] });
    } else {
      await tx.query({ name: 'team-update-role', text: `UPDATE membership SET role = $3::"MembershipRole" WHERE "userId" = $1 AND "threePLId" = $2`, values: [userId, actor.threePLId, role] });
    }
    await audit(tx, actor, 'updateMemberRole', 'MEMBER', userId, { changes: { role: [target.role, role] } });
    const demoted = RANK[role] < RANK[target.role];
    return { value: undefined, revoke: demoted ? [{ type: 'access', threePLId: actor.threePLId, userId, brandIds: null }] : [] };
  });
}

/** Removes a member or brand viewer from the 3PL and revokes every key they hold in it. */
export async function removeMember(actor: Viewer, userId: string): Promise<void> {
  await teamTransaction(actor.threePLId, async (tx) => {
    const manager = await currentManager(tx, actor);
    const target = await targetOf(tx, actor.threePLId, userId);
    if (target.role === 'OWNER' && manager.role !== 'OWNER') throw forbidden('Only an OWNER can remove an OWNER');
    if (target.role === 'OWNER' && (await ownerCount(tx, actor.threePLId)) <= 1) {
      throw new ServiceError('BAD_USER_INPUT', 'The last OWNER cannot leave: make someone else OWNER first');
    }
    await tx.query({ name: 'team-delete-membership', text: `DELETE FROM membership WHERE "userId" = $1 AND "threePLId" = $2`, values: [userId, actor.threePLId] });
    await tx.query({
      name: 'team-drop-grants',
      text: `DELETE FROM brand_viewer bv USING brand b WHERE bv."brandId" = b.id AND b."threePLId" = $2 AND bv."userId" = $1`,
      values: [userId, actor.threePLId],
    });
    const { rows } = await tx.query<{ id: string }>({
      name: 'team-revoke-user-keys',
      text: `UPDATE api_key SET "revokedAt" = ${NOW} WHERE "userId" = $1 AND "threePLId" = $2 AND "revokedAt" IS NULL RETURNING id::text AS id`,
      values: [userId, actor.threePLId],
    });
    await audit(tx, actor, 'removeMember', 'MEMBER', userId, { changes: { role: [target.role, null] }, detail: { revokedKeys: rows.length } });
    return { value: undefined, revoke: [{ type: 'keys', apiKeyIds: rows.map((r) => r.id) }] };
  });
}

async function brandViewer(tx: Tx, threePLId: string, userId: string): Promise<TeamMemberState> {
  const target = await targetOf(tx, threePLId, userId);
  if (target.role !== 'BRAND_VIEWER') throw new ServiceError('BAD_USER_INPUT', `This user is a member (${target.role}) and reads every brand; brand access is for brand viewers`);
  return target;
}

/** Lets a brand viewer read more brands of the 3PL. */
export async function grantBrandAccess(actor: Viewer, userId: string, brandIds: readonly string[]): Promise<void> {
  await teamTransaction(actor.threePLId, async (tx) => {
    await currentManager(tx, actor);
    const target = await brandViewer(tx, actor.threePLId, userId);
    const brands = await brandsOf3PL(tx, actor.threePLId, brandIds);
    const added = brands.filter((b) => !target.brandIds.includes(b));
    if (added.length === 0) return { value: undefined };
    await tx.query({
      name: 'team-grant-brands',
      text: `INSERT INTO brand_viewer ("userId", "brandId") SELECT $1, unnest($2::uuid[]) ON CONFLICT ("userId", "brandId") DO NOTHING`,
      values: [userId, added],
    });
    await audit(tx, actor, 'grantBrandAccess', 'MEMBER', userId, { changes: { brandIds: [target.brandIds, [...target.brandIds, ...added].sort()] } });
    return { value: undefined };
  });
}

/** Takes brands away from a brand viewer; they keep at least one (remove them to take the last). */
export async function revokeBrandAccess(actor: Viewer, userId: string, brandIds: readonly string[]): Promise<void> {
  await teamTransaction(actor.threePLId, async (tx) => {
    await currentManager(tx, actor);
    const target = await brandViewer(tx, actor.threePLId, userId);
    const unique = [...new Set(brandIds)];
    if (unique.length === 0) throw new ServiceError('BAD_USER_INPUT', 'Name at least one brand');
    if (unique.length > MAX_BRAND_IDS) throw new ServiceError('BAD_USER_INPUT', `At most ${MAX_BRAND_IDS} brands at once`);
    const removed = target.brandIds.filter((b) => unique.includes(b));
    if (removed.length === 0) return { value: undefined };
    if (removed.length === target.brandIds.length) {
      throw new ServiceError('BAD_USER_INPUT', 'A brand viewer keeps at least one brand: remove the member to take away the last one');
    }
    await tx.query({ name: 'team-revoke-brands', text: `DELETE FROM brand_viewer WHERE "userId" = $1 AND "brandId" = ANY($2::uuid[])`, values: [userId, removed] });
    await audit(tx, actor, 'revokeBrandAccess', 'MEMBER', userId, { changes: { brandIds: [target.brandIds, target.brandIds.filter((b) => !removed.includes(b))] } });
    return { value: undefined, revoke: [{ type: 'access', threePLId: actor.threePLId, userId, brandIds: removed }] };
  });
}

/** The key's owner, when the key belongs to the 3PL; an ADMIN may not touch an OWNER's keys. */
async function keyOwnerCheck(tx: Tx, manager: Viewer & { role: 'OWNER' | 'ADMIN' }, ownerId: string): Promise<void> {
  if (manager.role === 'OWNER' || ownerId === manager.userId) return;
  const owner = await memberState(tx, manager.threePLId, ownerId);
  if (owner?.role === 'OWNER') throw forbidden("Only an OWNER can change an OWNER's keys");
}

/** Revokes a key of the 3PL (idempotent); connections using it are cut at once. */
export async function revokeApiKey(actor: Viewer, apiKeyId: string): Promise<void> {
  await teamTransaction(actor.threePLId, async (tx) => {
    const manager = await currentManager(tx, actor);
    const { rows } = await tx.query<{ userId: string; revoked: boolean }>({
      name: 'team-key-owner',
      text: `SELECT "userId"::text AS "userId", "revokedAt" IS NOT NULL AS revoked FROM api_key WHERE id = $1 AND "threePLId" = $2`,
      values: [apiKeyId, actor.threePLId],
    });
    const key = rows[0];
    if (!key) throw new ServiceError('NOT_FOUND', 'API key not found');
    await keyOwnerCheck(tx, manager, key.userId);
    if (key.revoked) return { value: undefined };
    await tx.query({ name: 'team-revoke-key', text: `UPDATE api_key SET "revokedAt" = ${NOW} WHERE id = $1 AND "revokedAt" IS NULL`, values: [apiKeyId] });
    await audit(tx, actor, 'revokeApiKey', 'API_KEY', apiKeyId, { detail: { userId: key.userId } });
    return { value: undefined, revoke: [{ type: 'keys', apiKeyIds: [apiKeyId] }] };
  });
}

/** Inserts a key row in `tx`; the secret is returned once and only its hash is stored. */
export async function insertApiKey(tx: Tx, input: { userId: string; threePLId: string; name: string; scopes: string[] }): Promise<{ id: string; key: string }> {
  const { key, prefix, hash } = generateApiKey();
  const { rows } = await tx.query<{ id: string }>({
    name: 'team-insert-key',
    text: `INSERT INTO api_key ("userId", "threePLId", name, prefix, hash, scopes) VALUES ($1, $2, $3, $4, $5, $6::text[]) RETURNING id::text AS id`,
    values: [input.userId, input.threePLId, input.name, prefix, hash, input.scopes],
  });
  return { id: rows[0]!.id, key };
}

/** A new key for the caller or (by a manager) for another user of the 3PL. */
export async function createApiKeyFor(actor: Viewer, input: { userId: string | null; name: string; scopes: string[] }): Promise<{ id: string; key: string }> {
  return teamTransaction(actor.threePLId, async (tx) => {
    const manager = await currentManager(tx, actor);
    const userId = input.userId ?? actor.userId;
    if (userId !== actor.userId) {
      await targetOf(tx, actor.threePLId, userId);
      await keyOwnerCheck(tx, manager, userId);
    }
    const issued = await insertApiKey(tx, { userId, threePLId: actor.threePLId, name: input.name, scopes: input.scopes });
    await audit(tx, actor, 'createApiKey', 'API_KEY', issued.id, { detail: { userId, name: input.name } });
    return { value: issued };
  });
}

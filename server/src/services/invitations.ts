// Invitations: a manager invites an email address with a role (or as a brand viewer of named
// brands); the invitee opens the one-time link, gives a name, and gets their first API key. Only a
// SHA-256 hash of the token is stored, so the link exists only in the inviter's answer. A token
// admits once, before it expires (7 days), unless revoked; inviting the same address again
// replaces its pending invitation.
import { createHash, randomBytes } from 'node:crypto';
import type { Viewer } from '../auth/viewer.js';
import { recordUserAction } from '../audit/user-actions.js';
import type { MembershipRole } from '../generated/prisma/enums.js';
import { NOW, pool } from '../pg.js';
import { ServiceError } from './errors.js';
import { currentManager, forbidden, insertApiKey, MAX_BRAND_IDS, teamTransaction, type TeamRole } from './team.js';

export const INVITATION_TTL_DAYS = 7;
const EMAIL_MAX = 254;
const NAME_MAX = 100;
// Deliberately loose (one @, a dot in the domain, no spaces): the invitee proves the address by
// receiving the link, not by its shape.
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const TOKEN = /^inv_[A-Za-z0-9_-]{40}$/;

export const hashInvitationToken = (token: string) => createHash('sha256').update(token).digest('hex');

function newToken(): { token: string; hash: string } {
  const token = `inv_${randomBytes(30).toString('base64url')}`;
  return { token, hash: hashInvitationToken(token) };
}

/** The trimmed, lower-cased address; BAD_USER_INPUT unless it looks like one. */
export function normalizedEmail(raw: string): string {
  const email = raw.trim().toLowerCase();
  if (email.length > EMAIL_MAX || !EMAIL.test(email)) throw new ServiceError('BAD_USER_INPUT', 'Enter a valid email address');
  return email;
}

/** The dashboard page that accepts it: `<origin>/invite/<token>`. */
export const invitationUrl = (origin: string, token: string) => `${origin.replace(/\/+$/, '')}/invite/${token}`;

export type NewInvitation = { id: string; token: string };

export async function inviteMember(actor: Viewer, input: { email: string; role: TeamRole; brandIds?: readonly string[] | null }): Promise<NewInvitation> {
  const email = normalizedEmail(input.email);
  const viewerOnly = input.role === 'BRAND_VIEWER';
  const requested = [...new Set(input.brandIds ?? [])];
  if (viewerOnly && requested.length === 0) throw new ServiceError('BAD_USER_INPUT', 'A brand viewer needs at least one brand');
  if (!viewerOnly && requested.length > 0) throw new ServiceError('BAD_USER_INPUT', 'Members read every brand: brands are only for brand viewers');
  if (requested.length > MAX_BRAND_IDS) throw new ServiceError('BAD_USER_INPUT', `At most ${MAX_BRAND_IDS} brands at once`);

  return teamTransaction(actor.threePLId, async (tx) => {
    const manager = await currentManager(tx, actor);
    if (input.role === 'OWNER' && manager.role !== 'OWNER') throw forbidden('Only an OWNER can invite an OWNER');
    const { rows: existing } = await tx.query({
      name: 'invitation-existing-member',
      text: `SELECT 1 FROM app_user u
              WHERE u.email = $1
                AND (EXISTS (SELECT 1 FROM membership m WHERE m."userId" = u.id AND m."threePLId" = $2)
                     OR EXISTS (SELECT 1 FROM brand_viewer bv JOIN brand b ON b.id = bv."brandId" WHERE bv."userId" = u.id AND b."threePLId" = $2))`,
      values: [email, actor.threePLId],
    });
    if (existing.length > 0) throw new ServiceError('BAD_USER_INPUT', `${email} is already on this team`);
    if (viewerOnly) {
      const { rows } = await tx.query({
        name: 'invitation-brands',
        text: `SELECT id FROM brand WHERE id = ANY($1::uuid[]) AND "threePLId" = $2 AND "archivedAt" IS NULL`,
        values: [requested, actor.threePLId],
      });
      if (rows.length !== requested.length) throw new ServiceError('NOT_FOUND', 'Brand not found');
    }
    // One pending invitation per address: the new link replaces the old one.
    await tx.query({
      name: 'invitation-replace-pending',
      text: `UPDATE invitation SET "revokedAt" = ${NOW}
              WHERE "threePLId" = $1 AND email = $2 AND "acceptedAt" IS NULL AND "revokedAt" IS NULL`,
      values: [actor.threePLId, email],
    });
    const { token, hash } = newToken();
    const role: MembershipRole | null = viewerOnly ? null : (input.role as MembershipRole);
    const { rows } = await tx.query<{ id: string }>({
      name: 'invitation-insert',
      text: `INSERT INTO invitation ("threePLId", email, role, "brandIds", "tokenHash", "invitedById", "expiresAt")
             VALUES ($1, $2, $3::"MembershipRole", $4::uuid[], $5, $6, ${NOW} + make_interval(days => $7))
             RETURNING id::text AS id`,
      values: [actor.threePLId, email, role, viewerOnly ? requested : [], hash, actor.userId, INVITATION_TTL_DAYS],
    });
    const id = rows[0]!.id;
    await recordUserAction(
      { actor, brandId: null, threePLId: actor.threePLId, action: 'inviteMember', recordType: 'INVITATION', recordId: id, detail: { email, role: input.role, brandIds: viewerOnly ? requested : [] } },
      tx,
    );
    return { value: { id, token } };
  });
}

/** Revokes a pending invitation of the 3PL (idempotent); an accepted one is BAD_USER_INPUT. */
export async function revokeInvitation(actor: Viewer, invitationId: string): Promise<void> {
  await teamTransaction(actor.threePLId, async (tx) => {
    await currentManager(tx, actor);
    const { rows } = await tx.query<{ accepted: boolean; revoked: boolean }>({
      name: 'invitation-state',
      text: `SELECT "acceptedAt" IS NOT NULL AS accepted, "revokedAt" IS NOT NULL AS revoked FROM invitation WHERE id = $1 AND "threePLId" = $2`,
      values: [invitationId, actor.threePLId],
    });
    const invitation = rows[0];
    if (!invitation) throw new ServiceError('NOT_FOUND', 'Invitation not found');
    if (invitation.accepted) throw new ServiceError('BAD_USER_INPUT', 'This invitation was already accepted: remove the member instead');
    if (invitation.revoked) return { value: undefined };
    await tx.query({ name: 'invitation-revoke', text: `UPDATE invitation SET "revokedAt" = ${NOW} WHERE id = $1`, values: [invitationId] });
    await recordUserAction({ actor, brandId: null, threePLId: actor.threePLId, action: 'revokeInvitation', recordType: 'INVITATION', recordId: invitationId }, tx);
    return { value: undefined };
  });
}

export type AcceptedInvitation = { userId: string; threePLId: string; apiKeyId: string; key: string };

type InvitationRow = {
  id: string; threePLId: string; email: string; role: MembershipRole | null; brandIds: string[];
  accepted: boolean; revoked: boolean; expired: boolean;
};

const invalidLink = () => new ServiceError('NOT_FOUND', 'This invitation link is not valid');

/**
 * Accepts an invitation: the user (created, or found by email), their membership or brand grants,
 * and their first API key, returned once. No API key is needed: the token is the credential.
 */
export async function acceptInvitation(rawToken: string, rawName: string): Promise<AcceptedInvitation> {
  const token = rawToken.trim();
  if (!TOKEN.test(token)) throw invalidLink();
  const name = rawName.trim();
  if (name.length < 1 || name.length > NAME_MAX) throw new ServiceError('BAD_USER_INPUT', `Name must be 1 to ${NAME_MAX} characters`);
  const hash = hashInvitationToken(token);

  // The 3PL is known only from the invitation: look it up first, then take the team lock and
  // read the invitation again under it (FOR UPDATE: one acceptance wins a race).
  const { rows: found } = await pool.query<{ threePLId: string }>({
    name: 'invitation-by-token',
    text: `SELECT "threePLId"::text AS "threePLId" FROM invitation WHERE "tokenHash" = $1`,
    values: [hash],
  });
  if (!found[0]) throw invalidLink();

  return teamTransaction(found[0].threePLId, async (tx) => {
    const { rows } = await tx.query<InvitationRow>({
      name: 'invitation-lock',
      text: `SELECT id::text AS id, "threePLId"::text AS "threePLId", email, role::text AS role, "brandIds"::text[] AS "brandIds",
                    "acceptedAt" IS NOT NULL AS accepted, "revokedAt" IS NOT NULL AS revoked, "expiresAt" <= ${NOW} AS expired
               FROM invitation WHERE "tokenHash" = $1 FOR UPDATE`,
      values: [hash],
    });
    const invitation = rows[0];
    if (!invitation) throw invalidLink();
    if (invitation.accepted) throw new ServiceError('BAD_USER_INPUT', 'This invitation has already been used');
    if (invitation.revoked) throw new ServiceError('BAD_USER_INPUT', 'This invitation was revoked; ask for a new one');
    if (invitation.expired) throw new ServiceError('BAD_USER_INPUT', 'This invitation has expired; ask for a new one');

    const { rows: users } = await tx.query<{ id: string; member: boolean }>({
      name: 'invitation-upsert-user',
      text: `WITH u AS (
               INSERT INTO app_user (email, name) VALUES ($1, $2)
               ON CONFLICT (email) DO UPDATE SET name = coalesce(app_user.name, EXCLUDED.name)
               RETURNING id)
             SELECT u.id::text AS id,
                    EXISTS (SELECT 1 FROM membership m WHERE m."userId" = u.id AND m."threePLId" = $3)
                    OR EXISTS (SELECT 1 FROM brand_viewer bv JOIN brand b ON b.id = bv."brandId" WHERE bv."userId" = u.id AND b."threePLId" = $3) AS member
               FROM u`,
      values: [invitation.email, name, invitation.threePLId],
    });
    const user = users[0]!;
    if (user.member) throw new ServiceError('BAD_USER_INPUT', `${invitation.email} is already on this team`);

    if (invitation.role) {
      await tx.query({
        name: 'invitation-membership',
        text: `INSERT INTO membership ("userId", "threePLId", role) VALUES ($1, $2, $3::"MembershipRole")`,
        values: [user.id, invitation.threePLId, invitation.role],
      });
    } else {
      // Brands archived or deleted since the invitation are skipped; with none left it admits nobody.
      const { rowCount } = await tx.query({
        name: 'invitation-grants',
        text: `INSERT INTO brand_viewer ("userId", "brandId")
               SELECT $1, b.id FROM brand b WHERE b.id = ANY($2::uuid[]) AND b."threePLId" = $3 AND b."archivedAt" IS NULL`,
        values: [user.id, invitation.brandIds, invitation.threePLId],
      });
      if (!rowCount) throw new ServiceError('BAD_USER_INPUT', 'The brands of this invitation are no longer available; ask for a new one');
    }
    await tx.query({
      name: 'invitation-accept',
      text: `UPDATE invitation SET "acceptedAt" = ${NOW}, "acceptedById" = $2 WHERE id = $1`,
      values: [invitation.id, user.id],
    });
    const issued = await insertApiKey(tx, { userId: user.id, threePLId: invitation.threePLId, name: 'First key', scopes: [] });
    await recordUserAction(
      {
        actor: { userId: user.id, apiKeyId: issued.id }, brandId: null, threePLId: invitation.threePLId, action: 'acceptInvitation',
        recordType: 'INVITATION', recordId: invitation.id, detail: { role: invitation.role ?? 'BRAND_VIEWER' },
      },
      tx,
    );
    return { value: { userId: user.id, threePLId: invitation.threePLId, apiKeyId: issued.id, key: issued.key } };
  });
}

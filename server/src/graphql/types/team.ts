// The 3PL's team: members with their role, brand viewers with their brands, everyone's API keys;
// invitations (a one-time link that creates the user and issues their first key); role changes,
// removal and brand access. OWNER and ADMIN manage (services/team.ts and services/invitations.ts
// hold the rules); acceptInvitation is the one mutation that needs no API key.
import { GraphQLError } from 'graphql';
import { db } from '../../db.js';
import { env } from '../../env.js';
import { isUuid } from '../../lib/uuid.js';
import { acceptInvitation, inviteMember, invitationUrl, revokeInvitation } from '../../services/invitations.js';
import { grantBrandAccess, MAX_BRAND_IDS, removeMember, revokeBrandAccess, updateMemberRole, type TeamRole } from '../../services/team.js';
import { brandUuid } from '../brand-scope.js';
import { builder } from '../builder.js';
import type { Context } from '../context.js';
import { parseGlobalId } from '../ids.js';
import { assertUuid, viewerOf } from '../scope.js';
import { answer } from '../service-errors.js';
import { BrandRef } from './brand.js';
import { MembershipRoleEnum } from './enums.js';

const badInput = (message: string) => new GraphQLError(message, { extensions: { code: 'BAD_USER_INPUT' } });

export const TeamRoleEnum = builder.enumType('TeamRole', {
  description: "Someone's place in the 3PL: a member role, or a brand viewer who reads only the brands granted to them.",
  values: {
    OWNER: { description: 'Full control, like ADMIN; only an OWNER makes or changes OWNERs. A 3PL always keeps at least one.' },
    ADMIN: { description: 'Manages brands, the team (except OWNERs), API keys, Trackstar connections and webhook replays.' },
    OPERATOR: { description: 'Reads every brand and may trigger syncs and WMS writes; manages nothing.' },
    BRAND_VIEWER: { description: "A brand's own staff: reads only the brands granted to them." },
  } satisfies Record<TeamRole, { description: string }>,
});

/** A user id argument: the UUID that TeamMember.userId and Viewer.userId return. */
function userIdArg(value: string | number): string {
  const raw = String(value);
  if (!isUuid(raw)) throw badInput('Invalid user id');
  return raw.toLowerCase();
}

/** Brand global IDs (bare UUIDs accepted too), at most MAX_BRAND_IDS. */
function brandIdsArg(values: readonly (string | number)[]): string[] {
  if (values.length > MAX_BRAND_IDS) throw badInput(`At most ${MAX_BRAND_IDS} brands at once`);
  return [...new Set(values.map(brandUuid))];
}

const threePLOf = (ctx: Context) => viewerOf(ctx).threePLId;

/** Users who are members of the 3PL or brand viewers of one of its brands. */
const onTeam = (threePLId: string) => ({
  OR: [{ memberships: { some: { threePLId } } }, { brandViewers: { some: { brand: { threePLId } } } }],
});

export const TeamMemberRef = builder.prismaObject('User', {
  variant: 'TeamMember',
  description: 'Someone on the 3PL\'s team: a member (OWNER, ADMIN, OPERATOR) or a brand viewer, with their API keys. OWNER and ADMIN only.',
  fields: (t) => ({
    userId: t.exposeID('id', { description: "The user's id (a UUID, as Viewer.userId): pass it to updateMemberRole, removeMember and the brand access mutations." }),
    email: t.exposeString('email', { description: 'Their email address (lower-cased).' }),
    name: t.exposeString('name', { nullable: true, description: 'The name they gave when accepting their invitation; null for users created otherwise.' }),
    role: t.field({
      type: TeamRoleEnum,
      description: 'Their role in this 3PL; BRAND_VIEWER when they read only granted brands.',
      select: (_args, ctx) => ({ memberships: { where: { threePLId: threePLOf(ctx) }, select: { role: true } } }),
      resolve: (user) => user.memberships[0]?.role ?? 'BRAND_VIEWER',
    }),
    joinedAt: t.field({
      type: 'DateTime',
      description: 'When they joined: their membership, or their first brand grant.',
      select: (_args, ctx) => ({
        memberships: { where: { threePLId: threePLOf(ctx) }, select: { createdAt: true } },
        brandViewers: { where: { brand: { threePLId: threePLOf(ctx) } }, select: { createdAt: true }, orderBy: { createdAt: 'asc' }, take: 1 },
      }),
      resolve: (user) => user.memberships[0]?.createdAt ?? user.brandViewers[0]?.createdAt ?? new Date(0),
    }),
    brands: t.field({
      type: [BrandRef],
      description: 'The brands a brand viewer reads, by name; empty for members (they read every brand).',
      select: (_args, ctx, nestedSelection) => ({
        brandViewers: { where: { brand: { threePLId: threePLOf(ctx) } }, orderBy: { brand: { name: 'asc' } }, select: { brand: nestedSelection(true) } },
      }),
      resolve: (user) => user.brandViewers.map((v) => v.brand),
    }),
    apiKeys: t.relation('apiKeys', {
      description: 'Their API keys in this 3PL, newest first (at most 100); revoked ones only with includeRevoked.',
      args: { includeRevoked: t.arg.boolean({ description: 'Also list revoked keys. Default false.' }) },
      query: (args, ctx) => ({
        where: { threePLId: threePLOf(ctx), ...(args.includeRevoked ? {} : { revokedAt: null }) },
        orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
        take: 100,
      }),
    }),
    you: t.boolean({ description: 'True for the caller themselves.', select: { id: true }, resolve: (user, _args, ctx) => user.id === ctx.viewer?.userId }),
  }),
});

type InvitationStatus = 'PENDING' | 'ACCEPTED' | 'REVOKED' | 'EXPIRED';
const InvitationStatusEnum = builder.enumType('InvitationStatus', {
  description: 'Where an invitation stands.',
  values: {
    PENDING: { description: 'Its link still admits the invitee.' },
    ACCEPTED: { description: 'Used: the invitee joined. A link admits once.' },
    REVOKED: { description: 'Revoked by a manager, or replaced by a newer invitation to the same address.' },
    EXPIRED: { description: 'Past expiresAt without being used.' },
  } satisfies Record<InvitationStatus, { description: string }>,
});

const invitationStatus = (i: { acceptedAt: Date | null; revokedAt: Date | null; expiresAt: Date }): InvitationStatus =>
  i.acceptedAt ? 'ACCEPTED' : i.revokedAt ? 'REVOKED' : i.expiresAt.getTime() <= Date.now() ? 'EXPIRED' : 'PENDING';

/** Invitations are a way into the 3PL: only its OWNERs and ADMINs see them. */
const visibleInvitations = (ctx: Context) => {
  const viewer = viewerOf(ctx);
  return viewer.role === 'OWNER' || viewer.role === 'ADMIN' ? { threePLId: viewer.threePLId } : { id: { in: [] as string[] } };
};

export const InvitationRef = builder.prismaNode('Invitation', {
  description: 'An invitation to join the 3PL. Its link (with the token) was shown once, to the inviter; Packr keeps only a hash. OWNER and ADMIN only.',
  id: { field: 'id' },
  nullable: true,
  findUnique: (id, ctx) => ({ id: assertUuid(id), AND: [visibleInvitations(ctx)] }),
  fields: (t) => ({
    email: t.exposeString('email', { description: 'The address invited (lower-cased).' }),
    role: t.field({ type: TeamRoleEnum, description: 'The role the invitee gets.', select: { role: true }, resolve: (i) => i.role ?? 'BRAND_VIEWER' }),
    brands: t.field({
      type: [BrandRef],
      description: 'For a brand viewer: the brands they will read (those still in the 3PL). Empty for member roles.',
      select: { brandIds: true, threePLId: true },
      resolve: (i) =>
        i.brandIds.length === 0 ? [] : db.brand.findMany({ where: { id: { in: i.brandIds }, threePLId: i.threePLId }, orderBy: { name: 'asc' } }),
    }),
    status: t.field({ type: InvitationStatusEnum, description: 'Pending, accepted, revoked or expired.', select: { acceptedAt: true, revokedAt: true, expiresAt: true }, resolve: invitationStatus }),
    invitedBy: t.relation('invitedBy', { type: TeamMemberRef, description: 'Who sent it.' }),
    createdAt: t.expose('createdAt', { type: 'DateTime', description: 'When it was sent.' }),
    expiresAt: t.expose('expiresAt', { type: 'DateTime', description: 'When its link stops admitting anyone (7 days after sending).' }),
    acceptedAt: t.expose('acceptedAt', { type: 'DateTime', nullable: true, description: 'When it was accepted; null until then.' }),
    revokedAt: t.expose('revokedAt', { type: 'DateTime', nullable: true, description: 'When it was revoked; null unless revoked.' }),
  }),
});

builder.queryField('members', (t) =>
  t.prismaField({
    type: [TeamMemberRef],
    authScopes: { manager: true },
    description: "The 3PL's team: members and brand viewers, by email. OWNER and ADMIN only.",
    resolve: (query, _root, _args, ctx) => db.user.findMany({ ...query, where: onTeam(threePLOf(ctx)), orderBy: { email: 'asc' }, take: 1_000 }),
  }),
);

builder.queryField('invitations', (t) =>
  t.prismaField({
    type: [InvitationRef],
    authScopes: { manager: true },
    description: "The 3PL's invitations, newest first (at most 200): pending ones, or all with includeInactive. OWNER and ADMIN only.",
    args: { includeInactive: t.arg.boolean({ description: 'Also list accepted, revoked and expired invitations. Default false.' }) },
    resolve: (query, _root, args, ctx) =>
      db.invitation.findMany({
        ...query,
        where: { threePLId: threePLOf(ctx), ...(args.includeInactive ? {} : { acceptedAt: null, revokedAt: null, expiresAt: { gt: new Date() } }) },
        orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
        take: 200,
      }),
  }),
);

/**
 * Where the dashboard is, for the link: the browser's Origin when it is this server or a
 * configured dashboard origin (CORS_ORIGINS), else this server's own address.
 */
function dashboardOrigin(ctx: Context): string {
  const request = (ctx as Context & { request?: Request }).request;
  if (!request) return 'http://localhost';
  const own = new URL(request.url);
  const host = request.headers.get('host');
  const origin = request.headers.get('origin');
  if (origin) {
    try {
      const o = new URL(origin);
      if (o.host === host || o.origin === own.origin || env.CORS_ORIGINS.includes(o.origin)) return o.origin;
    } catch {
      // not a URL: ignore it
    }
  }
  return host ? `${own.protocol}//${host}` : own.origin;
}

const InviteMemberPayload = builder.objectRef<{ invitationId: string; url: string }>('InviteMemberPayload').implement({
  description: 'The new invitation and its one-time link.',
  fields: (t) => ({
    url: t.exposeString('url', { description: "The link to send the invitee (the dashboard's accept page with the token). Shown only here, only once: Packr keeps just a hash of the token." }),
    invitation: t.prismaField({
      type: InvitationRef,
      description: 'The stored invitation (without its token).',
      resolve: (query, payload) => db.invitation.findUniqueOrThrow({ ...query, where: { id: payload.invitationId } }),
    }),
  }),
});

builder.mutationField('inviteMember', (t) =>
  t.field({
    type: InviteMemberPayload,
    authScopes: { manager: true },
    description:
      'Invites an email address: returns a one-time link (valid 7 days) that creates their user and issues their first API key. A pending invitation to the same address is replaced. ' +
      'OWNER and ADMIN only; only an OWNER invites an OWNER. Someone already on the team is BAD_USER_INPUT.',
    args: {
      email: t.arg.string({ required: true, description: 'Their email address.' }),
      role: t.arg({ type: TeamRoleEnum, required: true, description: 'The role they get; BRAND_VIEWER needs brandIds.' }),
      brandIds: t.arg.idList({ description: `For BRAND_VIEWER: the Brand global IDs they will read (1 to ${MAX_BRAND_IDS}). Not allowed for member roles.` }),
    },
    resolve: async (_root, args, ctx) => {
      const brandIds = args.brandIds ? brandIdsArg(args.brandIds) : null;
      const invitation = await answer(() => inviteMember(viewerOf(ctx), { email: args.email, role: args.role, brandIds }));
      return { invitationId: invitation.id, url: invitationUrl(dashboardOrigin(ctx), invitation.token) };
    },
  }),
);

builder.mutationField('revokeInvitation', (t) =>
  t.prismaField({
    type: InvitationRef,
    authScopes: { manager: true },
    description: 'Revokes a pending invitation (idempotent): its link admits nobody from now on. OWNER and ADMIN only.',
    args: { id: t.arg.id({ required: true, description: 'The Invitation global ID.' }) },
    resolve: async (query, _root, args, ctx) => {
      const id = parseGlobalId(args.id, 'Invitation');
      await answer(() => revokeInvitation(viewerOf(ctx), id));
      return db.invitation.findUniqueOrThrow({ ...query, where: { id } });
    },
  }),
);

const AcceptInvitationPayload = builder
  .objectRef<{ key: string; apiKeyId: string; userId: string; threePLId: string }>('AcceptInvitationPayload')
  .implement({
    description: 'The new member: their first API key (only here, only once) and their place in the 3PL.',
    fields: (t) => ({
      key: t.exposeString('key', { description: 'Their first API key. Shown once: store it now (the dashboard signs in with it).' }),
      userId: t.exposeID('userId', { description: "The user's id (a UUID)." }),
      role: t.field({
        type: TeamRoleEnum,
        description: 'The role they joined with.',
        resolve: async (p) => (await db.membership.findUnique({ where: { userId_threePLId: { userId: p.userId, threePLId: p.threePLId } }, select: { role: true } }))?.role ?? 'BRAND_VIEWER',
      }),
      threePLName: t.string({
        description: 'The name of the 3PL they joined.',
        resolve: async (p) => (await db.threePL.findUniqueOrThrow({ where: { id: p.threePLId }, select: { name: true } })).name,
      }),
    }),
  });

builder.mutationField('acceptInvitation', (t) =>
  t.field({
    type: AcceptInvitationPayload,
    // No scope on purpose: the invitee has no key yet; the token is the credential (graphql/public-operations.ts).
    description:
      'Accepts an invitation with the token from its link: creates the user (or finds them by email), makes them a member or brand viewer, and returns their first API key once. ' +
      'Needs no API key. A link admits once; an expired, revoked or used one is BAD_USER_INPUT, an unknown one NOT_FOUND.',
    args: {
      token: t.arg.string({ required: true, description: 'The token from the invitation link (/invite/<token>).' }),
      name: t.arg.string({ required: true, description: 'Their name, 1 to 100 characters.' }),
    },
    resolve: (_root, args) => answer(() => acceptInvitation(args.token, args.name)),
  }),
);

/** Reads the changed member back for the answer; null once they left the team. */
const memberAfter = (query: object, ctx: Context, userId: string) => db.user.findFirst({ ...query, where: { id: userId, ...onTeam(threePLOf(ctx)) } });

builder.mutationField('updateMemberRole', (t) =>
  t.prismaField({
    type: TeamMemberRef,
    authScopes: { manager: true },
    description:
      'Gives a member another role (a brand viewer given a member role reads every brand from then on). OWNER and ADMIN only; an ADMIN cannot change an OWNER nor make anyone OWNER; the last OWNER cannot be demoted. ' +
      "A demotion closes the member's open subscriptions (WebSocket 4403) so they reconnect with the new role.",
    args: {
      userId: t.arg.id({ required: true, description: 'TeamMember.userId.' }),
      role: t.arg({ type: MembershipRoleEnum, required: true, description: 'The new role.' }),
    },
    resolve: async (query, _root, args, ctx) => {
      const userId = userIdArg(args.userId);
      await answer(() => updateMemberRole(viewerOf(ctx), userId, args.role));
      return (await memberAfter(query, ctx, userId))!;
    },
  }),
);

builder.mutationField('removeMember', (t) =>
  t.field({
    type: 'ID',
    authScopes: { manager: true },
    description:
      "Removes someone from the team (yourself too: leaving) and revokes every API key they hold in the 3PL; their open connections close at once (WebSocket 4401). Returns their user id. " +
      'OWNER and ADMIN only; an ADMIN cannot remove an OWNER; the last OWNER cannot leave.',
    args: { userId: t.arg.id({ required: true, description: 'TeamMember.userId.' }) },
    resolve: async (_root, args, ctx) => {
      const userId = userIdArg(args.userId);
      await answer(() => removeMember(viewerOf(ctx), userId));
      return userId;
    },
  }),
);

builder.mutationField('grantBrandAccess', (t) =>
  t.prismaField({
    type: TeamMemberRef,
    authScopes: { manager: true },
    description: 'Lets a brand viewer read more brands of the 3PL (archived brands cannot be granted). OWNER and ADMIN only; a member (who reads every brand) is BAD_USER_INPUT.',
    args: {
      userId: t.arg.id({ required: true, description: 'TeamMember.userId of a brand viewer.' }),
      brandIds: t.arg.idList({ required: true, description: `Brand global IDs to grant (1 to ${MAX_BRAND_IDS}).` }),
    },
    resolve: async (query, _root, args, ctx) => {
      const userId = userIdArg(args.userId);
      const brandIds = brandIdsArg(args.brandIds);
      await answer(() => grantBrandAccess(viewerOf(ctx), userId, brandIds));
      return (await memberAfter(query, ctx, userId))!;
    },
  }),
);

builder.mutationField('revokeBrandAccess', (t) =>
  t.prismaField({
    type: TeamMemberRef,
    authScopes: { manager: true },
    description:
      "Takes brands away from a brand viewer; their open subscriptions reading them close at once (WebSocket 4403). They keep at least one brand: remove them to take the last. OWNER and ADMIN only.",
    args: {
      userId: t.arg.id({ required: true, description: 'TeamMember.userId of a brand viewer.' }),
      brandIds: t.arg.idList({ required: true, description: `Brand global IDs to take away (1 to ${MAX_BRAND_IDS}).` }),
    },
    resolve: async (query, _root, args, ctx) => {
      const userId = userIdArg(args.userId);
      const brandIds = brandIdsArg(args.brandIds);
      await answer(() => revokeBrandAccess(viewerOf(ctx), userId, brandIds));
      return (await memberAfter(query, ctx, userId))!;
    },
  }),
);

// API keys: managers (OWNER/ADMIN) create and revoke keys of their 3PL (an ADMIN not an OWNER's:
// services/team.ts). The secret is returned once by createApiKey and never again; only its hash is
// stored. A revoked key stops working on the next request, and every WebSocket using it is closed
// at once on every API process (auth/credential-revocations.ts).
import { GraphQLError } from 'graphql';
import { isManager } from '../../auth/viewer.js';
import { db } from '../../db.js';
import type { Prisma } from '../../generated/prisma/client.js';
import { isUuid } from '../../lib/uuid.js';
import { createApiKeyFor, revokeApiKey } from '../../services/team.js';
import { builder } from '../builder.js';
import type { Context } from '../context.js';
import { parseGlobalId } from '../ids.js';
import { assertUuid, viewerOf } from '../scope.js';
import { answer } from '../service-errors.js';
import { TeamMemberRef } from './team.js';

const badInput = (message: string) => new GraphQLError(message, { extensions: { code: 'BAD_USER_INPUT' } });

/** Managers see every key of their 3PL; everyone else only their own keys. */
export function visibleApiKeys(ctx: Context): Prisma.ApiKeyWhereInput {
  const viewer = viewerOf(ctx);
  return isManager(viewer) ? { threePLId: viewer.threePLId } : { threePLId: viewer.threePLId, userId: viewer.userId };
}

export const ApiKeyRef = builder.prismaNode('ApiKey', {
  description: "An API key of the 3PL. A key acts as the user it belongs to, with that user's role and brand grants. OWNER and ADMIN see all of the 3PL's keys; others only their own.",
  id: { field: 'id' },
  select: { id: true },
  nullable: true,
  findUnique: (id, ctx) => ({ id: assertUuid(id), AND: [visibleApiKeys(ctx)] }),
  // Never the hash: the secret itself is only in CreateApiKeyPayload.key.
  fields: (t) => ({
    name: t.exposeString('name', { description: 'Label given at creation, to recognise the key.' }),
    prefix: t.exposeString('prefix', { description: 'The public start of the key, to tell keys apart.' }),
    scopes: t.exposeStringList('scopes', { description: 'Given at creation. `read_only` is enforced: the key may query and subscribe but not run mutations or REST writes. Other scopes are free-form labels; access otherwise follows the owner\'s role.' }),
    createdAt: t.expose('createdAt', { type: 'DateTime', description: 'When the key was created.' }),
    lastUsedAt: t.expose('lastUsedAt', { type: 'DateTime', nullable: true, description: 'When the key was last used; null if never. Advisory: updated at most once a minute.' }),
    revokedAt: t.expose('revokedAt', { type: 'DateTime', nullable: true, description: 'When the key was revoked; null while it works.' }),
    user: t.relation('user', { type: TeamMemberRef, description: 'Whom the key acts as.' }),
  }),
});

const CreateApiKeyInput = builder.inputType('CreateApiKeyInput', {
  description: 'A new API key for the caller (or, by an OWNER or ADMIN, for someone on the team).',
  fields: (t) => ({
    name: t.string({ required: true, description: '1 to 100 characters.' }),
    userId: t.id({ description: "TeamMember.userId of whom the key acts as; default the caller. An ADMIN cannot create an OWNER's key." }),
    scopes: t.stringList({ description: '`read_only` makes a key that may only query and subscribe; other values are free-form labels (at most 20, each [a-z0-9:_-], 1 to 40 chars).' }),
  }),
});

const CreateApiKeyPayload = builder.objectRef<{ key: string; apiKeyId: string }>('CreateApiKeyPayload').implement({
  description: 'The new key: its secret (only here, only once) and its record.',
  fields: (t) => ({
    key: t.exposeString('key', { description: 'The secret key. Shown once: store it now.' }),
    apiKey: t.prismaField({
      type: 'ApiKey',
      description: 'The stored record of the new key (without the secret).',
      resolve: (query, payload) => db.apiKey.findUniqueOrThrow({ ...query, where: { id: payload.apiKeyId } }),
    }),
  }),
});

function validScopes(scopes: readonly string[] | null | undefined): string[] {
  const list = [...new Set(scopes ?? [])];
  if (list.length > 20) throw badInput('At most 20 scopes');
  for (const s of list) if (!/^[a-z0-9:_-]{1,40}$/.test(s)) throw badInput(`Invalid scope "${s.slice(0, 40)}"`);
  return list;
}

builder.mutationField('createApiKey', (t) =>
  t.field({
    type: CreateApiKeyPayload,
    authScopes: { manager: true },
    description: "Creates an API key that acts as the caller (same user, role and 3PL), or as input.userId. OWNER and ADMIN only; an ADMIN cannot create an OWNER's key.",
    args: { input: t.arg({ type: CreateApiKeyInput, required: true, description: 'Name and labels of the new key.' }) },
    resolve: async (_root, { input }, ctx) => {
      const viewer = viewerOf(ctx);
      const name = input.name.trim();
      if (name.length < 1 || name.length > 100) throw badInput('Key name must be 1 to 100 characters');
      if (input.userId != null && !isUuid(String(input.userId))) throw badInput('Invalid user id');
      const userId = input.userId == null ? null : String(input.userId).toLowerCase();
      const issued = await answer(() => createApiKeyFor(viewer, { userId, name, scopes: validScopes(input.scopes) }));
      return { key: issued.key, apiKeyId: issued.id };
    },
  }),
);

builder.mutationField('revokeApiKey', (t) =>
  t.prismaField({
    type: 'ApiKey',
    authScopes: { manager: true },
    description: "Revokes a key of your 3PL (idempotent). Requests with it fail from now on and its open WebSockets close at once (4401). OWNER and ADMIN only; an ADMIN cannot revoke an OWNER's key.",
    args: { id: t.arg.id({ required: true, description: 'The ApiKey global ID.' }) },
    resolve: async (query, _root, args, ctx) => {
      const id = parseGlobalId(args.id, 'ApiKey');
      const viewer = viewerOf(ctx);
      // Another tenant's key id reads as not found (the service looks keys up within the 3PL).
      await answer(() => revokeApiKey(viewer, id));
      const key = await db.apiKey.findFirst({ ...query, where: { id, threePLId: viewer.threePLId } });
      if (!key) throw new GraphQLError('API key not found', { extensions: { code: 'NOT_FOUND' } });
      return key;
    },
  }),
);

builder.queryField('apiKeys', (t) =>
  t.prismaField({
    type: ['ApiKey'],
    authScopes: { authenticated: true },
    description: 'OWNER and ADMIN: every key of the 3PL. Others: their own keys. Newest first, at most 500.',
    resolve: (query, _root, _args, ctx) =>
      db.apiKey.findMany({ ...query, where: visibleApiKeys(ctx), orderBy: [{ createdAt: 'desc' }, { id: 'desc' }], take: 500 }),
  }),
);


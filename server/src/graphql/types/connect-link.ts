// Connect links (Trackstar magic links): OWNER and ADMIN send a brand a link to connect its WMS
// without a Packr login, list the brand's links and revoke them (services/connect-links.ts). The
// connection arrives by webhook and shows up on the brand's integration.
import { isManager, visibleBrands } from '../../auth/viewer.js';
import { db } from '../../db.js';
import type { Prisma } from '../../generated/prisma/client.js';
import { connectLinkListArgs, createConnectLink, LINK_DAYS, linkStatus, revokeConnectLink, type ConnectLinkStatus } from '../../services/connect-links.js';
import { builder } from '../builder.js';
import type { Context } from '../context.js';
import { parseGlobalId } from '../ids.js';
import { assertUuid, inBrand, viewerOf, visibleBrandId } from '../scope.js';
import { answer } from '../service-errors.js';

const ConnectLinkStatusEnum = builder.enumType('ConnectLinkStatus', {
  description: 'Where a connect link stands.',
  values: {
    ACTIVE: { description: 'Usable: the brand can open it and connect.' },
    USED: { description: 'A connection was made through it and attached to the brand; it cannot be used again.' },
    EXPIRED: { description: 'Past expiresAt; Trackstar no longer accepts it.' },
    REVOKED: { description: 'Revoked by an OWNER or ADMIN; Trackstar no longer accepts it.' },
  } satisfies Record<ConnectLinkStatus, { description: string }>,
});

/** Links are a way into a brand: only OWNER and ADMIN see them, for the brands they may read. */
function visibleConnectLinks(ctx: Context): Prisma.ConnectLinkWhereInput {
  const viewer = viewerOf(ctx);
  return isManager(viewer) ? { brand: visibleBrands(viewer) } : { id: { in: [] } };
}

builder.prismaNode('ConnectLink', {
  description: "A link (a Trackstar magic link) a brand opens to connect its WMS without a Packr login. The connection it makes is attached to this link's brand. OWNER and ADMIN only.",
  id: { field: 'id' },
  nullable: true,
  findUnique: (id, ctx) => ({ id: assertUuid(id), AND: [visibleConnectLinks(ctx)] }),
  fields: (t) => ({
    url: t.exposeString('url', { nullable: true, description: 'What to send the brand. Null when Trackstar did not return a URL (then copy it from the Trackstar dashboard).' }),
    status: t.field({
      type: ConnectLinkStatusEnum,
      description: 'Whether the link can still be used.',
      select: { usedAt: true, revokedAt: true, expiresAt: true },
      resolve: (link) => linkStatus(link),
    }),
    integrationsWithEndpoints: t.exposeStringList('integrationsWithEndpoints', { description: "Trackstar functions the brand's WMS had to support to be offered (the 3PL's filter when the link was made)." }),
    expiresAt: t.expose('expiresAt', { type: 'DateTime', description: 'When Trackstar stops accepting the link.' }),
    createdAt: t.expose('createdAt', { type: 'DateTime', description: 'When the link was created.' }),
    revokedAt: t.expose('revokedAt', { type: 'DateTime', nullable: true, description: 'When it was revoked; null if never.' }),
    usedAt: t.expose('usedAt', { type: 'DateTime', nullable: true, description: "When a connection made through it was attached to the brand; null until then." }),
    connectionId: t.exposeString('connectionId', { nullable: true, description: "Trackstar's id of the connection made through it; null until used." }),
    brand: t.relation('brand', { description: 'The brand the link connects.' }),
  }),
});

builder.queryField('connectLinks', (t) =>
  t.prismaField({
    type: ['ConnectLink'],
    authScopes: { manager: true },
    description: "A brand's connect links, newest first (at most 50): the usable ones, or all with includeInactive. OWNER and ADMIN only; empty for a brand the caller may not read.",
    args: {
      brandId: t.arg.id({ required: true, description: 'The Brand global ID.' }),
      includeInactive: t.arg.boolean({ description: 'Also list used, expired and revoked links. Default false.' }),
    },
    resolve: (query, _root, args, ctx) => {
      const { where, ...rest } = connectLinkListArgs(parseGlobalId(args.brandId, 'Brand'), args.includeInactive ?? false);
      return db.connectLink.findMany({ ...query, ...rest, where: { AND: [where, inBrand(ctx, args.brandId)] } });
    },
  }),
);

builder.mutationField('createConnectLink', (t) =>
  t.prismaField({
    type: 'ConnectLink',
    authScopes: { manager: true },
    description: `Creates a Trackstar magic link for the brand to connect its WMS without a Packr login; Link offers only integrations that pass the 3PL's integrationFilter. A brand that is connected (or in ERROR) gets a link that reinstalls its connection. OWNER and ADMIN only.`,
    args: {
      brandId: t.arg.id({ required: true, description: 'The Brand global ID.' }),
      expiresInDays: t.arg.int({ description: `Days the link stays usable, ${LINK_DAYS.min} to ${LINK_DAYS.max}. Default ${LINK_DAYS.default}.` }),
    },
    resolve: async (query, _root, args, ctx) => {
      const brandId = await visibleBrandId(viewerOf(ctx), args.brandId);
      const link = await answer(() => createConnectLink(brandId, args.expiresInDays ?? undefined, ctx.viewer!));
      return db.connectLink.findUniqueOrThrow({ ...query, where: { id: link.id } });
    },
  }),
);

builder.mutationField('revokeConnectLink', (t) =>
  t.prismaField({
    type: 'ConnectLink',
    authScopes: { manager: true },
    description: 'Revokes a connect link: Trackstar stops accepting it. Revoking a used or revoked link changes nothing. OWNER and ADMIN only.',
    args: { id: t.arg.id({ required: true, description: 'The ConnectLink global ID.' }) },
    resolve: async (query, _root, args, ctx) => {
      const id = parseGlobalId(args.id, 'ConnectLink');
      const link = await answer(() => revokeConnectLink(id, { brand: visibleBrands(viewerOf(ctx)) }, viewerOf(ctx)));
      return db.connectLink.findUniqueOrThrow({ ...query, where: { id: link.id } });
    },
  }),
);

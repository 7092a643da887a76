// A brand's Trackstar connection: the BrandIntegration type, its root fields, and the
// link-token / connect / disconnect mutations (logic in services/integrations.ts).
import { db } from '../../db.js';
import { IntegrationStatus } from '../../generated/prisma/enums.js';
import { connectTrackstar, createLinkToken, disconnectTrackstar } from '../../services/integrations.js';
import { builder } from '../builder.js';
import { inBrand, inVisibleBrand, scopedNodeWhere, visibleBrandId } from '../scope.js';
import { answer } from '../service-errors.js';

export const IntegrationStatusEnum = builder.enumType(IntegrationStatus, {
  name: 'IntegrationStatus',
  description: "State of a brand's Trackstar connection.",
  values: {
    PENDING: { description: 'Created, but no Trackstar connection has been completed yet.' },
    ACTIVE: { description: 'Connected: Packr syncs and accepts webhooks for this brand.' },
    ERROR: { description: 'Trackstar refused the stored credentials (see lastError); syncing stopped until an OWNER or ADMIN reconnects.' },
    DISCONNECTED: { description: 'Disconnected on purpose; synced data stays readable, nothing syncs.' },
  } satisfies Record<keyof typeof IntegrationStatus, { description: string }>,
});

// The access token is never exposed: it is not a field here, and stays encrypted at rest.
builder.prismaNode('BrandIntegration', {
  description: "A brand's connection to its WMS through Trackstar, with its sync state per resource. The access token is never exposed. Readable by whoever may read the brand.",
  id: { field: 'id' },
  nullable: true,
  findUnique: (id, ctx) => scopedNodeWhere(id, ctx),
  fields: (t) => ({
    provider: t.exposeString('provider', { description: 'The integration provider; always "TRACKSTAR" today.' }),
    status: t.expose('status', { type: IntegrationStatusEnum, description: 'Connection state.' }),
    connectionId: t.exposeString('connectionId', { nullable: true, description: "Trackstar's connection id (a UUID); null before the first connect. Kept after a disconnect so reconnecting reuses it." }),
    integrationName: t.exposeString('integrationName', { nullable: true, description: 'The WMS behind the connection as Trackstar names it (e.g. "shiphero", "sandbox"); null before the first connect.' }),
    availableActions: t.exposeStringList('availableActions', { description: 'Trackstar function names this WMS supports (e.g. "get_orders", "get_inventory"); a resource whose get_ function is missing is not synced.' }),
    lastError: t.exposeString('lastError', { nullable: true, description: 'Why the connection is in ERROR, as Trackstar or Packr reported it; null when there is no error.' }),
    lastSyncedAt: t.expose('lastSyncedAt', { type: 'DateTime', nullable: true, description: 'When a sync run of any resource last finished; null before the first one.' }),
    lastWebhookAt: t.expose('lastWebhookAt', { type: 'DateTime', nullable: true, description: 'When Packr last received a webhook for this connection; null if none yet.' }),
    connectedAt: t.expose('connectedAt', { type: 'DateTime', nullable: true, description: 'When the brand was last connected (or reconnected); null before the first connect.' }),
    brand: t.relation('brand', { description: 'The brand this connection belongs to.' }),
  }),
});

builder.queryField('integrations', (t) =>
  t.prismaField({
    type: ['BrandIntegration'],
    authScopes: { authenticated: true },
    description: 'The integrations of every brand the caller may read.',
    resolve: (query, _root, _args, ctx) => db.brandIntegration.findMany({ ...query, where: inVisibleBrand(ctx), orderBy: [{ brand: { name: 'asc' } }, { id: 'asc' }] }),
  }),
);

builder.queryField('integration', (t) =>
  t.prismaField({
    type: 'BrandIntegration',
    nullable: true,
    authScopes: { authenticated: true },
    description: "A brand's Trackstar connection; null when it was never connected or the caller may not read the brand.",
    args: { brandId: t.arg.id({ required: true, description: 'The Brand global ID.' }) },
    resolve: (query, _root, args, ctx) => db.brandIntegration.findFirst({ ...query, where: inBrand(ctx, args.brandId) }),
  }),
);

const LinkTokenPayload = builder.objectRef<{ linkToken: string }>('TrackstarLinkToken').implement({
  description: 'A short-lived token that opens Trackstar Link (the modal where the brand picks and logs in to its WMS).',
  fields: (t) => ({ linkToken: t.exposeString('linkToken', { description: 'Pass to Trackstar Link; fetch a fresh one each time Link opens.' }) }),
});

builder.mutationField('createTrackstarLinkToken', (t) =>
  t.field({
    type: LinkTokenPayload,
    authScopes: { manager: true },
    description: 'Starts connecting a brand: a token for Trackstar Link. Reinstalls the existing connection when the brand had one. OWNER and ADMIN only.',
    args: { brandId: t.arg.id({ required: true, description: 'The Brand global ID.' }) },
    resolve: async (_root, args, ctx) => {
      const brandId = await visibleBrandId(ctx.viewer!, args.brandId);
      return { linkToken: await answer(() => createLinkToken(brandId)) };
    },
  }),
);

builder.mutationField('connectTrackstar', (t) =>
  t.prismaField({
    type: 'BrandIntegration',
    authScopes: { manager: true },
    description: 'Exchanges a Link auth code, stores the connection and starts the initial backfill. Reconnecting keeps all data. OWNER and ADMIN only.',
    args: {
      brandId: t.arg.id({ required: true, description: 'The Brand global ID.' }),
      authCode: t.arg.string({ required: true, description: "The auth code Trackstar Link's onSuccess callback returned." }),
    },
    resolve: async (query, _root, args, ctx) => {
      const brandId = await visibleBrandId(ctx.viewer!, args.brandId);
      const integration = await answer(() => connectTrackstar(brandId, args.authCode, ctx.viewer!));
      return db.brandIntegration.findUniqueOrThrow({ ...query, where: { id: integration.id } });
    },
  }),
);

builder.mutationField('disconnectTrackstar', (t) =>
  t.prismaField({
    type: 'BrandIntegration',
    authScopes: { manager: true },
    description: 'Deletes the connection upstream and stops syncing. Synced data stays readable. OWNER and ADMIN only.',
    args: { brandId: t.arg.id({ required: true, description: 'The Brand global ID.' }) },
    resolve: async (query, _root, args, ctx) => {
      const brandId = await visibleBrandId(ctx.viewer!, args.brandId);
      const integration = await answer(() => disconnectTrackstar(brandId, ctx.viewer!));
      return db.brandIntegration.findUniqueOrThrow({ ...query, where: { id: integration.id } });
    },
  }),
);

import { db } from '../../db.js';
import { IntegrationStatus } from '../../generated/prisma/enums.js';
import { builder } from '../builder.js';
import { inBrand, inVisibleBrand, scopedNodeWhere } from '../scope.js';

export const IntegrationStatusEnum = builder.enumType(IntegrationStatus, { name: 'IntegrationStatus' });

// The access token is never exposed: it is not a field here, and stays encrypted at rest.
builder.prismaNode('BrandIntegration', {
  id: { field: 'id' },
  nullable: true,
  findUnique: (id, ctx) => scopedNodeWhere(id, ctx),
  fields: (t) => ({
    provider: t.exposeString('provider'),
    status: t.expose('status', { type: IntegrationStatusEnum }),
    connectionId: t.exposeString('connectionId', { nullable: true }),
    integrationName: t.exposeString('integrationName', { nullable: true }),
    availableActions: t.exposeStringList('availableActions'),
    lastError: t.exposeString('lastError', { nullable: true }),
    lastSyncedAt: t.expose('lastSyncedAt', { type: 'DateTime', nullable: true }),
    lastWebhookAt: t.expose('lastWebhookAt', { type: 'DateTime', nullable: true }),
    connectedAt: t.expose('connectedAt', { type: 'DateTime', nullable: true }),
    brand: t.relation('brand'),
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
    args: { brandId: t.arg.id({ required: true }) },
    resolve: (query, _root, args, ctx) => db.brandIntegration.findFirst({ ...query, where: inBrand(ctx, args.brandId) }),
  }),
);

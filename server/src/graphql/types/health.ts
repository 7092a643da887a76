// health(brandId): one brand's integration status, per-resource sync state, queue backlog, the
// last webhook deliveries and webhook lag. replayWebhookEvent(id): re-run a FAILED/IGNORED event.
import { encodeGlobalID } from '@pothos/plugin-relay';
import { GraphQLError } from 'graphql';
import { db } from '../../db.js';
import { WebhookEventStatus } from '../../generated/prisma/enums.js';
import { canSeeBrand, notFound } from '../../realtime/subscriber-auth.js';
import { integrationQueueCounts, type JobCounts } from '../../webhooks/queue-counts.js';
import { replayWebhookEvent, ReplayError } from '../../webhooks/replay.js';
import { builder } from '../builder.js';
import { parseGlobalId } from '../ids.js';
import { brandIdArg } from './subscriptions.js';
import { IntegrationStatusEnum } from './integration.js';
import { SyncResourceEnum, SyncStatusEnum } from './sync.js';
import { loadBrandHealth, type BrandHealth, type ResourceHealth, type WebhookEventRow } from './health-report.js';

const WebhookEventStatusEnum = builder.enumType(WebhookEventStatus, { name: 'WebhookEventStatus' });

const WebhookEventRef = builder.objectRef<WebhookEventRow>('WebhookEvent').implement({
  description: 'One Trackstar webhook delivery as Packr stored it (the payload is not exposed).',
  fields: (t) => ({
    id: t.id({ resolve: (e) => encodeGlobalID('WebhookEvent', e.id) }),
    deliveryId: t.string({ nullable: true, resolve: (e) => e.deliveryId }),
    eventType: t.string({ resolve: (e) => e.eventType }),
    status: t.field({ type: WebhookEventStatusEnum, resolve: (e) => e.status }),
    attempts: t.int({ resolve: (e) => e.attempts }),
    error: t.string({ nullable: true, resolve: (e) => e.error }),
    sentAt: t.field({ type: 'DateTime', nullable: true, resolve: (e) => e.sentAt }),
    receivedAt: t.field({ type: 'DateTime', resolve: (e) => e.receivedAt }),
    processedAt: t.field({ type: 'DateTime', nullable: true, resolve: (e) => e.processedAt }),
    lagMs: t.int({ nullable: true, description: 'sentAt -> processedAt.', resolve: (e) => (e.sentAt && e.processedAt ? e.processedAt.getTime() - e.sentAt.getTime() : null) }),
  }),
});

const ResourceHealthRef = builder.objectRef<ResourceHealth>('ResourceHealth').implement({
  fields: (t) => ({
    resource: t.field({ type: SyncResourceEnum, resolve: (r) => r.resource }),
    status: t.field({ type: SyncStatusEnum, resolve: (r) => r.status }),
    lastSucceededAt: t.field({ type: 'DateTime', nullable: true, resolve: (r) => r.lastSucceededAt }),
    dataAgeSeconds: t.int({ nullable: true, description: 'Seconds since the last complete sync window started.', resolve: (r) => r.dataAgeSeconds }),
    records: t.int({ description: 'Rows Packr holds for this resource and brand.', resolve: (r) => r.records }),
    inProgress: t.boolean({ resolve: (r) => r.inProgress }),
    historicalSyncCompleted: t.boolean({ resolve: (r) => r.historicalSyncCompleted }),
    lastError: t.string({ nullable: true, resolve: (r) => r.lastError }),
  }),
});

const JobCountsRef = builder.objectRef<JobCounts>('JobCounts').implement({
  fields: (t) => ({
    waiting: t.exposeInt('waiting'),
    active: t.exposeInt('active'),
    delayed: t.exposeInt('delayed'),
    failed: t.exposeInt('failed'),
  }),
});

const QueueHealthRef = builder.objectRef<NonNullable<Awaited<ReturnType<typeof integrationQueueCounts>>>>('QueueHealth').implement({
  fields: (t) => ({
    sync: t.field({ type: JobCountsRef, resolve: (q) => q.sync }),
    webhooks: t.field({ type: JobCountsRef, resolve: (q) => q.webhooks }),
    capped: t.boolean({ description: 'The scan hit its cap: counts are lower bounds.', resolve: (q) => q.capped }),
  }),
});

const WebhookLagRef = builder.objectRef<BrandHealth['webhookLag']>('WebhookLag').implement({
  fields: (t) => ({
    samples: t.exposeInt('samples'),
    p50Ms: t.int({ nullable: true, resolve: (l) => l.p50Ms }),
    maxMs: t.int({ nullable: true, resolve: (l) => l.maxMs }),
  }),
});

const BrandHealthRef = builder.objectRef<BrandHealth>('BrandHealth').implement({
  fields: (t) => ({
    brandId: t.id({ resolve: (h) => encodeGlobalID('Brand', h.brandId) }),
    integration: t.field({ type: 'BrandIntegration' as never, nullable: true, resolve: (h) => h.integration as never }),
    integrationStatus: t.field({ type: IntegrationStatusEnum, nullable: true, resolve: (h) => h.integration?.status ?? null }),
    lastError: t.string({ nullable: true, resolve: (h) => h.integration?.lastError ?? null }),
    lastWebhookAt: t.field({ type: 'DateTime', nullable: true, resolve: (h) => h.integration?.lastWebhookAt ?? null }),
    resources: t.field({ type: [ResourceHealthRef], resolve: (h) => h.resources }),
    queues: t.field({ type: QueueHealthRef, nullable: true, description: 'null when Redis did not answer in time.', resolve: (h) => h.queues }),
    recentWebhooks: t.field({ type: [WebhookEventRef], description: 'The last 20 deliveries, newest first.', resolve: (h) => h.recentWebhooks }),
    webhookLag: t.field({ type: WebhookLagRef, description: 'sentAt -> processedAt over the recent processed deliveries.', resolve: (h) => h.webhookLag }),
  }),
});

builder.queryField('health', (t) =>
  t.field({
    type: BrandHealthRef,
    authScopes: { authenticated: true },
    args: { brandId: t.arg.id({ required: true }) },
    resolve: async (_root, args, ctx) => {
      let brandId: string;
      try {
        brandId = brandIdArg(args.brandId);
      } catch {
        throw notFound();
      }
      const brand = await db.brand.findUnique({ where: { id: brandId }, select: { threePLId: true } });
      if (!brand || !canSeeBrand(ctx.viewer!, brandId, brand.threePLId)) throw notFound();
      return loadBrandHealth(brandId);
    },
  }),
);

builder.mutationField('replayWebhookEvent', (t) =>
  t.field({
    type: WebhookEventRef,
    authScopes: { manager: true },
    args: { id: t.arg.id({ required: true }) },
    resolve: async (_root, args, ctx) => {
      const id = parseGlobalId(args.id, 'WebhookEvent');
      try {
        await replayWebhookEvent(id, ctx.viewer!.threePLId);
      } catch (error) {
        if (error instanceof ReplayError) throw new GraphQLError(error.message, { extensions: { code: error.code } });
        throw error;
      }
      return db.trackstarWebhookEvent.findUniqueOrThrow({ where: { id } });
    },
  }),
);

// health(brandId): one brand's integration status, per-resource sync state, queue backlog, the
// last webhook deliveries and webhook lag (gathered by services/health-report.ts).
import { encodeGlobalID } from '@pothos/plugin-relay';
import { db } from '../../db.js';
import { canSeeBrand, notFound } from '../subscriptions/subscriber-auth.js';
import { integrationQueueCounts, type JobCounts } from '../../jobs/queue-counts.js';
import { builder } from '../builder.js';
import { brandUuid } from '../brand-scope.js';
import { ChangeSourceEnum } from './subscriptions.js';
import { IntegrationStatusEnum } from './integration.js';
import { RateLimitBudgetRef } from './rate-limit.js';
import { SyncResourceEnum, SyncStatusEnum } from './sync.js';
import { WebhookEventRef } from './webhook-event.js';
import { loadBrandHealth, type BrandHealth, type ResourceHealth, type UpstreamStuckReport } from '../../services/health-report.js';
import { ageSeconds } from '../../sync/freshness.js';

const ResourceHealthRef = builder.objectRef<ResourceHealth>('ResourceHealth').implement({
  description: 'Sync health of one resource of the brand (a summary of its SyncState).',
  fields: (t) => ({
    resource: t.field({ type: SyncResourceEnum, description: 'Which kind of record.', resolve: (r) => r.resource }),
    status: t.field({ type: SyncStatusEnum, description: 'Current sync state.', resolve: (r) => r.status }),
    lastSucceededAt: t.field({ type: 'DateTime', nullable: true, description: 'When a run last finished successfully; null before the first.', resolve: (r) => r.lastSucceededAt }),
    dataAgeSeconds: t.int({
      nullable: true,
      description: 'Seconds since the last complete sync run started (its cursor): when a sync last confirmed the data, not how old the data is, and webhooks do not move it (see confirmedAgeSeconds, newestRecordAt). Null before the first complete run.',
      resolve: (r) => r.dataAgeSeconds,
    }),
    confirmedAt: t.field({ type: 'DateTime', nullable: true, description: "When Packr last confirmed this resource matches Trackstar's copy: a complete sync run's start or an applied webhook, whichever is later; null before either.", resolve: (r) => r.confirmedAt }),
    confirmedBy: t.field({ type: ChangeSourceEnum, nullable: true, description: 'What confirmed it last: SYNC or WEBHOOK; null before either.', resolve: (r) => r.confirmedBy }),
    confirmedAgeSeconds: t.int({ nullable: true, description: 'Seconds since confirmedAt; null before the first confirmation.', resolve: (r) => ageSeconds(r.confirmedAt) }),
    newestRecordAt: t.field({ type: 'DateTime', nullable: true, description: 'The newest updatedAt (WMS clock) among the live records Packr holds for this resource: how old the newest data is. Null when it holds none.', resolve: (r) => r.newestRecordAt }),
    lastStalledAt: t.field({ type: 'DateTime', nullable: true, description: 'When a run was last found stalled (no page progress for SYNC_STALL_MINUTES) and re-queued; null if never.', resolve: (r) => r.lastStalledAt }),
    reconciledAt: t.field({ type: 'DateTime', nullable: true, description: 'Start of the last complete listing that reconciled deletions; null before the first.', resolve: (r) => r.reconciledAt }),
    reconcileDeleted: t.int({ description: 'Records the last reconcile marked deleted.', resolve: (r) => r.reconcileDeleted }),
    records: t.int({ description: 'Rows Packr holds for this resource and brand, deleted ones aside.', resolve: (r) => r.records }),
    inProgress: t.boolean({ description: 'A run is under way or was interrupted and will resume.', resolve: (r) => r.inProgress }),
    historicalSyncCompleted: t.boolean({ description: "Whether Trackstar reported its initial (historical) sync of this resource done; until then data may be incomplete.", resolve: (r) => r.historicalSyncCompleted }),
    lastError: t.string({ nullable: true, description: 'Why the last attempt failed or the resource is paused; null when clean.', resolve: (r) => r.lastError }),
  }),
});

const UpstreamStuckRef = builder.objectRef<UpstreamStuckReport>('UpstreamStuckReport').implement({
  description: "Trackstar reported its own sync job or sync schedule for the brand's connection stuck (connection.sync-job-stuck, connection.schedule-stuck). Packr's copy cannot be fresher than Trackstar's.",
  fields: (t) => ({
    eventType: t.exposeString('eventType', { description: 'The webhook event type.' }),
    reportedAt: t.field({ type: 'DateTime', description: 'When Trackstar sent the report.', resolve: (r) => r.reportedAt }),
    resource: t.field({ type: SyncResourceEnum, nullable: true, description: 'The resource the report names; null when it names none Packr syncs (the payload is not specified).', resolve: (r) => r.resource }),
    message: t.string({ nullable: true, description: "Trackstar's message, when the report carries one.", resolve: (r) => r.message }),
  }),
});

const JobCountsRef = builder.objectRef<JobCounts>('JobCounts').implement({
  description: "Background jobs of the brand's integration in one queue, by state.",
  fields: (t) => ({
    waiting: t.exposeInt('waiting', { description: 'Jobs queued, waiting for a worker.' }),
    active: t.exposeInt('active', { description: 'Jobs a worker is running now.' }),
    delayed: t.exposeInt('delayed', { description: 'Jobs scheduled for later (including retries after a backoff).' }),
    failed: t.exposeInt('failed', { description: 'Jobs that failed for good and are kept for inspection.' }),
  }),
});

const QueueHealthRef = builder.objectRef<NonNullable<Awaited<ReturnType<typeof integrationQueueCounts>>>>('QueueHealth').implement({
  description: "Backlog of the brand's integration in Packr's job queues.",
  fields: (t) => ({
    sync: t.field({ type: JobCountsRef, description: 'Sync-run jobs of the integration.', resolve: (q) => q.sync }),
    webhooks: t.field({ type: JobCountsRef, description: 'Webhook-processing jobs of the integration.', resolve: (q) => q.webhooks }),
    capped: t.boolean({ description: 'The scan hit its cap: counts are lower bounds.', resolve: (q) => q.capped }),
  }),
});

const WebhookLagRef = builder.objectRef<BrandHealth['webhookLag']>('WebhookLag').implement({
  description: 'How long webhooks took from Trackstar sending them to Packr having applied them, over the recent deliveries.',
  fields: (t) => ({
    samples: t.exposeInt('samples', { description: 'Processed deliveries measured (of the last 20).' }),
    p50Ms: t.int({ nullable: true, description: 'Median lag in milliseconds; null without samples.', resolve: (l) => l.p50Ms }),
    maxMs: t.int({ nullable: true, description: 'Largest lag in milliseconds; null without samples.', resolve: (l) => l.maxMs }),
  }),
});

const BrandHealthRef = builder.objectRef<BrandHealth>('BrandHealth').implement({
  description: "One brand's integration health: connection state, per-resource sync, queue backlog and recent webhooks.",
  fields: (t) => ({
    brandId: t.id({ description: 'The Brand global ID.', resolve: (h) => encodeGlobalID('Brand', h.brandId) }),
    integration: t.field({ type: 'BrandIntegration' as never, nullable: true, description: "The brand's Trackstar connection; null when never connected.", resolve: (h) => h.integration as never }),
    integrationStatus: t.field({ type: IntegrationStatusEnum, nullable: true, description: 'Connection state; null when never connected.', resolve: (h) => h.integration?.status ?? null }),
    lastError: t.string({ nullable: true, description: "The connection's last error; null when none or never connected.", resolve: (h) => h.integration?.lastError ?? null }),
    lastWebhookAt: t.field({ type: 'DateTime', nullable: true, description: 'When a webhook for the brand last arrived; null if none.', resolve: (h) => h.integration?.lastWebhookAt ?? null }),
    resources: t.field({ type: [ResourceHealthRef], description: 'Each synced resource, by name; empty when never connected.', resolve: (h) => h.resources }),
    queues: t.field({ type: QueueHealthRef, nullable: true, description: "Backlog of the integration's jobs; null when Redis did not answer in time or the brand was never connected.", resolve: (h) => h.queues }),
    recentWebhooks: t.field({ type: [WebhookEventRef], description: 'The last 20 deliveries, newest first.', resolve: (h) => h.recentWebhooks }),
    webhookLag: t.field({ type: WebhookLagRef, description: 'Webhook lag (sentAt to processedAt) over the recent processed deliveries.', resolve: (h) => h.webhookLag }),
    upstreamStuck: t.field({ type: [UpstreamStuckRef], description: "Trackstar's reports of its own stuck sync jobs or schedules for the connection in the last 24 hours, newest first (at most 5).", resolve: (h) => h.upstreamStuck }),
    rateLimit: t.field({
      type: RateLimitBudgetRef, nullable: true,
      description: "Trackstar's read budget (GET requests, what syncs spend) as last reported for the connection; null when never connected, nothing was requested in the last hour, or Redis did not answer.",
      resolve: (h) => h.rateLimit.read,
    }),
    writeRateLimit: t.field({
      type: RateLimitBudgetRef, nullable: true,
      description: "Trackstar's write budget (POST/PUT/PATCH/DELETE) as last reported for the connection; null like rateLimit.",
      resolve: (h) => h.rateLimit.write,
    }),
  }),
});

builder.queryField('health', (t) =>
  t.field({
    type: BrandHealthRef,
    authScopes: { authenticated: true },
    description: "A brand's integration health report. Anyone who may read the brand; otherwise NOT_FOUND.",
    args: { brandId: t.arg.id({ required: true, description: 'The Brand global ID (a bare brand UUID is accepted too).' }) },
    resolve: async (_root, args, ctx) => {
      let brandId: string;
      try {
        brandId = brandUuid(args.brandId);
      } catch {
        throw notFound();
      }
      const brand = await db.brand.findUnique({ where: { id: brandId }, select: { threePLId: true } });
      if (!brand || !canSeeBrand(ctx.viewer!, brandId, brand.threePLId)) throw notFound();
      return loadBrandHealth(brandId);
    },
  }),
);

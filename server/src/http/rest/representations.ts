// The JSON shapes of the REST answers (documented in openapi.ts): dates as ISO strings, brands by
// their GraphQL global id and their uuid. Field by field, so nothing unlisted (the access token)
// can ever slip out.
import { encodeGlobalID } from '@pothos/plugin-relay';
import type { ConnectLink, SyncState } from '../../generated/prisma/client.js';
import { linkStatus } from '../../services/connect-links.js';
import type { BrandHealth } from '../../services/health-report.js';
import type { IntegrationDetails } from '../../services/integration-details.js';
import type { SyncSettingsView } from '../../services/sync-settings.js';
import type { RateLimitBudget } from '../../trackstar/rate-limit-budget.js';
import { RESOURCE_INFO } from '../../sync/resources.js';
import { ageSeconds } from '../../sync/freshness.js';

const iso = (d: Date | null | undefined) => (d ? d.toISOString() : null);
const brandIds = (brandId: string) => ({ brandId: encodeGlobalID('Brand', brandId), brandUuid: brandId });

export function syncStateView(s: SyncState) {
  return {
    id: s.id,
    resource: s.resource,
    functionName: RESOURCE_INFO[s.resource].functionName,
    status: s.status,
    inProgress: s.status === 'RUNNING' || s.runStartedAt !== null,
    cursor: iso(s.cursor),
    dataAgeSeconds: ageSeconds(s.cursor),
    confirmedAt: iso(s.confirmedAt),
    confirmedBy: s.confirmedBy,
    confirmedAgeSeconds: ageSeconds(s.confirmedAt),
    lastStalledAt: iso(s.lastStalledAt),
    reconciledAt: iso(s.reconciledAt),
    reconcileDeleted: s.reconcileDeleted,
    completeListingRequested: s.reconcileRequestedAt !== null,
    lastStartedAt: iso(s.lastStartedAt),
    lastSucceededAt: iso(s.lastSucceededAt),
    lastFailedAt: iso(s.lastFailedAt),
    lastError: s.lastError,
    lastDurationMs: s.lastDurationMs,
    recordsSynced: s.recordsSynced,
    recordsSkipped: s.recordsSkipped,
    pagesFetched: s.pagesFetched,
    backfillCompletedAt: iso(s.backfillCompletedAt),
    historicalSyncCompletedAt: iso(s.historicalSyncCompletedAt),
  };
}

export function integrationView(i: IntegrationDetails) {
  return {
    id: i.id,
    ...brandIds(i.brandId),
    provider: i.provider,
    status: i.status,
    connectionId: i.connectionId,
    integrationName: i.integrationName,
    availableActions: [...i.availableActions],
    lastError: i.lastError,
    lastSyncedAt: iso(i.lastSyncedAt),
    lastWebhookAt: iso(i.lastWebhookAt),
    connectedAt: iso(i.connectedAt),
    disconnectedAt: iso(i.disconnectedAt),
    syncStates: i.syncStates.map((s) => ({ ...syncStateView(s), recordsStored: s.recordsStored })),
  };
}

type Counts = NonNullable<BrandHealth['queues']>['sync'];
const jobCounts = (c: Counts) => ({ waiting: c.waiting, active: c.active, completed: c.completed ?? 0, failed: c.failed, delayed: c.delayed });

export function healthView(h: BrandHealth) {
  return {
    ...brandIds(h.brandId),
    integrationId: h.integration?.id ?? null,
    status: h.integration?.status ?? null,
    lastError: h.integration?.lastError ?? null,
    lastWebhookAt: iso(h.integration?.lastWebhookAt),
    resources: h.resources.map((r) => ({
      resource: r.resource,
      functionName: RESOURCE_INFO[r.resource].functionName,
      status: r.status,
      lastSucceededAt: iso(r.lastSucceededAt),
      dataAgeSeconds: r.dataAgeSeconds,
      confirmedAt: iso(r.confirmedAt),
      confirmedBy: r.confirmedBy,
      confirmedAgeSeconds: ageSeconds(r.confirmedAt),
      newestRecordAt: iso(r.newestRecordAt),
      lastStalledAt: iso(r.lastStalledAt),
      reconciledAt: iso(r.reconciledAt),
      reconcileDeleted: r.reconcileDeleted,
      records: r.records,
      inProgress: r.inProgress,
      historicalSyncCompleted: r.historicalSyncCompleted,
      lastError: r.lastError,
    })),
    queues: h.queues ? { sync: jobCounts(h.queues.sync), webhooks: jobCounts(h.queues.webhooks), capped: h.queues.capped } : null,
    recentWebhooks: h.recentWebhooks.map((e) => ({
      id: e.id,
      deliveryId: e.deliveryId,
      eventType: e.eventType,
      status: e.status,
      attempts: e.attempts,
      error: e.error,
      sentAt: iso(e.sentAt),
      receivedAt: iso(e.receivedAt),
      processedAt: iso(e.processedAt),
    })),
    webhookLag: h.webhookLag,
    rateLimit: budgetView(h.rateLimit.read),
    writeRateLimit: budgetView(h.rateLimit.write),
    upstreamStuck: h.upstreamStuck.map((r) => ({ eventType: r.eventType, reportedAt: r.reportedAt.toISOString(), resource: r.resource, message: r.message })),
  };
}

const budgetView = (b: RateLimitBudget | null) => (b ? { limit: b.limit, remaining: b.remaining, resetsAt: iso(b.resetsAt), observedAt: b.observedAt.toISOString() } : null);

export function syncSettingsView(v: SyncSettingsView) {
  return {
    integrationId: v.integrationId,
    ...brandIds(v.brandId),
    backfillDays: v.backfillDays,
    resources: v.resources.map((r) => ({
      resource: r.resource,
      functionName: RESOURCE_INFO[r.resource].functionName,
      preset: r.preset,
      everySeconds: r.everySeconds,
      customEverySeconds: r.customEverySeconds,
      nearRealTimeSeconds: r.nearRealTimeSeconds,
      trackstarDefaultSeconds: r.trackstarDefaultSeconds,
      paused: r.paused,
      pausedBy: r.pausedBy,
      status: r.status,
      nextRunAt: iso(r.nextRunAt),
      filters: { ...r.filters },
      supportedFilters: [...r.supportedFilters],
    })),
  };
}

/** A connect link (Trackstar magic link); ids as in GraphQL plus the uuid. */
export function connectLinkView(l: ConnectLink) {
  return {
    id: encodeGlobalID('ConnectLink', l.id),
    uuid: l.id,
    ...brandIds(l.brandId),
    url: l.url,
    status: linkStatus(l),
    integrationsWithEndpoints: [...l.integrationsWithEndpoints],
    expiresAt: l.expiresAt.toISOString(),
    createdAt: l.createdAt.toISOString(),
    revokedAt: iso(l.revokedAt),
    usedAt: iso(l.usedAt),
    connectionId: l.connectionId,
  };
}

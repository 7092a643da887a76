// Gathers one brand's health report (plain data; GraphQL shapes live in health.ts).
import { db } from '../db.js';
import type { IntegrationStatus, SyncResource, SyncStatus, WebhookEventStatus } from '../generated/prisma/enums.js';
import { integrationQueueCounts, type CountOptions, type IntegrationQueueCounts } from '../jobs/queue-counts.js';
import { recentEventsOfBrand } from '../webhooks/store.js';
import { storedCounts } from './sync-status.js';

export type WebhookEventRow = {
  id: string; deliveryId: string | null; eventType: string; status: WebhookEventStatus; attempts: number;
  error: string | null; sentAt: Date | null; receivedAt: Date; processedAt: Date | null;
};
export type ResourceHealth = {
  resource: SyncResource; status: SyncStatus; lastSucceededAt: Date | null; dataAgeSeconds: number | null;
  records: number; inProgress: boolean; historicalSyncCompleted: boolean; lastError: string | null;
};
export type BrandHealth = {
  brandId: string;
  integration: { id: string; status: IntegrationStatus; lastError: string | null; lastWebhookAt: Date | null } | null;
  resources: ResourceHealth[];
  queues: IntegrationQueueCounts | null;
  recentWebhooks: WebhookEventRow[];
  webhookLag: { samples: number; p50Ms: number | null; maxMs: number | null };
};

export function lagStats(events: WebhookEventRow[]): BrandHealth['webhookLag'] {
  const lags = events
    .filter((e) => e.status === 'PROCESSED' && e.sentAt && e.processedAt)
    .map((e) => Math.max(0, e.processedAt!.getTime() - e.sentAt!.getTime()))
    .sort((a, b) => a - b);
  if (lags.length === 0) return { samples: 0, p50Ms: null, maxMs: null };
  return { samples: lags.length, p50Ms: lags[Math.floor((lags.length - 1) / 2)], maxMs: lags[lags.length - 1] };
}

export async function loadBrandHealth(brandId: string, queueCounts: CountOptions = {}): Promise<BrandHealth> {
  const integration = await db.brandIntegration.findUnique({
    where: { brandId },
    select: { id: true, status: true, lastError: true, lastWebhookAt: true, syncStates: true },
  });
  const [counts, recentWebhooks, queues] = await Promise.all([
    storedCounts(brandId),
    recentEventsOfBrand(brandId, 20),
    integration ? integrationQueueCounts(integration.id, queueCounts) : Promise.resolve(null),
  ]);
  const now = Date.now();
  const resources: ResourceHealth[] = (integration?.syncStates ?? [])
    .sort((a, b) => a.resource.localeCompare(b.resource))
    .map((s) => {
      const freshAsOf = s.cursor ?? s.lastSucceededAt;
      return {
        resource: s.resource,
        status: s.status,
        lastSucceededAt: s.lastSucceededAt,
        dataAgeSeconds: freshAsOf ? Math.max(0, Math.round((now - freshAsOf.getTime()) / 1000)) : null,
        records: counts[s.resource] ?? 0,
        inProgress: s.status === 'RUNNING' || s.runStartedAt !== null,
        historicalSyncCompleted: s.historicalSyncCompletedAt !== null,
        lastError: s.lastError,
      };
    });
  return {
    brandId,
    integration: integration ? { id: integration.id, status: integration.status, lastError: integration.lastError, lastWebhookAt: integration.lastWebhookAt } : null,
    resources,
    queues,
    recentWebhooks,
    webhookLag: lagStats(recentWebhooks),
  };
}

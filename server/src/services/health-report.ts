// Gathers one brand's health report (plain data; GraphQL shapes live in health.ts).
import { db } from '../db.js';
import type { ChangeSource, IntegrationStatus, SyncResource, SyncStatus, WebhookEventStatus } from '../generated/prisma/enums.js';
import { integrationQueueCounts, type CountOptions, type IntegrationQueueCounts } from '../jobs/queue-counts.js';
import { recentEventsOfBrand, stuckReportsOfBrand } from '../webhooks/store.js';
import { historicalResource } from '../webhooks/event-routing.js';
import { connectionBudgets, type ConnectionBudgets } from './rate-limit-status.js';
import { newestRecordTimes, storedCounts } from './sync-status.js';

export type WebhookEventRow = {
  id: string; deliveryId: string | null; eventType: string; status: WebhookEventStatus; attempts: number;
  error: string | null; sentAt: Date | null; receivedAt: Date; processedAt: Date | null;
};
export type ResourceHealth = {
  resource: SyncResource; status: SyncStatus; lastSucceededAt: Date | null; dataAgeSeconds: number | null;
  records: number; inProgress: boolean; historicalSyncCompleted: boolean; lastError: string | null;
  /** Freshness (sync/freshness.ts): last confirmation and what gave it; the newest record's updated_date. */
  confirmedAt: Date | null; confirmedBy: ChangeSource | null; newestRecordAt: Date | null;
  /** Stall detection (jobs/stall-detector.ts) and deletion reconcile (sync/deletions.ts). */
  lastStalledAt: Date | null; reconciledAt: Date | null; reconcileDeleted: number;
};
/** Trackstar reported its own sync job or schedule for the connection stuck (a webhook; payload not in its SPEC). */
export type UpstreamStuckReport = { eventId: string; eventType: string; reportedAt: Date; resource: SyncResource | null; message: string | null };
export type BrandHealth = {
  brandId: string;
  integration: { id: string; status: IntegrationStatus; lastError: string | null; lastWebhookAt: Date | null } | null;
  resources: ResourceHealth[];
  queues: IntegrationQueueCounts | null;
  recentWebhooks: WebhookEventRow[];
  webhookLag: { samples: number; p50Ms: number | null; maxMs: number | null };
  /** Trackstar's rate-limit budget last seen for the connection (reads, writes). */
  rateLimit: ConnectionBudgets;
  /** Trackstar's stuck reports of the last day, newest first. */
  upstreamStuck: UpstreamStuckReport[];
};

const STUCK_WINDOW_MS = 24 * 3600_000;

/** Reads what the undocumented payload may say: a resource or function name, a message. */
export function stuckReport(row: { id: string; eventType: string; sentAt: Date | null; receivedAt: Date; payload: unknown }): UpstreamStuckReport {
  const data = row.payload && typeof row.payload === 'object' ? ((row.payload as Record<string, unknown>).data as Record<string, unknown> | undefined) : undefined;
  const text = (v: unknown) => (typeof v === 'string' && v.trim() ? v.trim().slice(0, 500) : null);
  const named = [data?.resource, data?.function_name, data?.function, data?.endpoint].find((v) => typeof v === 'string');
  return {
    eventId: row.id,
    eventType: row.eventType,
    reportedAt: row.sentAt ?? row.receivedAt,
    resource: historicalResource(named),
    message: text(data?.error_message) ?? text(data?.message) ?? text(data?.reason),
  };
}

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
    select: { id: true, status: true, lastError: true, lastWebhookAt: true, syncStates: true, accessToken: true },
  });
  const [counts, newest, stuck, recentWebhooks, queues, rateLimit] = await Promise.all([
    storedCounts(brandId),
    newestRecordTimes(brandId),
    stuckReportsOfBrand(brandId, new Date(Date.now() - STUCK_WINDOW_MS), 5),
    recentEventsOfBrand(brandId, 20),
    integration ? integrationQueueCounts(integration.id, queueCounts) : Promise.resolve(null),
    connectionBudgets(integration?.accessToken ?? null),
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
        confirmedAt: s.confirmedAt,
        confirmedBy: s.confirmedBy,
        newestRecordAt: newest[s.resource] ?? null,
        lastStalledAt: s.lastStalledAt,
        reconciledAt: s.reconciledAt,
        reconcileDeleted: s.reconcileDeleted,
      };
    });
  return {
    brandId,
    integration: integration ? { id: integration.id, status: integration.status, lastError: integration.lastError, lastWebhookAt: integration.lastWebhookAt } : null,
    resources,
    queues,
    recentWebhooks,
    webhookLag: lagStats(recentWebhooks),
    rateLimit,
    upstreamStuck: stuck.map(stuckReport),
  };
}

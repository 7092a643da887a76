// A brand's Trackstar integration as plain data for callers outside GraphQL (the REST routes):
// the connection with its sync state per resource, and the health report with completed-job
// counts. The access token is never selected.
import { db } from '../db.js';
import { ServiceError } from './errors.js';
import { loadBrandHealth, type BrandHealth } from './health-report.js';
import { storedCounts } from './sync-status.js';

const INTEGRATION_FIELDS = {
  id: true, brandId: true, provider: true, status: true, connectionId: true, integrationName: true, availableActions: true,
  lastError: true, lastSyncedAt: true, lastWebhookAt: true, connectedAt: true, disconnectedAt: true,
} as const;

/** The integration of a brand with its sync states (by resource) and rows stored per resource. */
export async function describeIntegration(brandId: string) {
  const integration = await db.brandIntegration.findUnique({
    where: { brandId },
    select: { ...INTEGRATION_FIELDS, syncStates: { orderBy: { resource: 'asc' } } },
  });
  if (!integration) throw new ServiceError('NOT_FOUND', 'This brand has never been connected to Trackstar');
  const counts = await storedCounts(brandId);
  return { ...integration, syncStates: integration.syncStates.map((s) => ({ ...s, recordsStored: counts[s.resource] ?? 0 })) };
}

export type IntegrationDetails = Awaited<ReturnType<typeof describeIntegration>>;

/** The health report with each queue's completed jobs counted too (the REST health route shows them). */
export const loadIntegrationHealth = (brandId: string): Promise<BrandHealth> => loadBrandHealth(brandId, { completed: true });

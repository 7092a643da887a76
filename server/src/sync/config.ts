// Per-integration overrides stored in BrandIntegration.config. Anything malformed falls back to
// the defaults (and is reported by parseIntegrationConfig's caller), never to a crash.
import { z } from 'zod';
import type { SyncResource } from '../generated/prisma/enums.js';
import { DEFAULT_BACKFILL_DAYS } from './cursor.js';
import { RESOURCE_INFO, SYNC_RESOURCES } from './resources.js';

const Schema = z.object({
  backfillDays: z.number().int().min(1).max(3 * 366).optional(),
  /** Seconds between incremental syncs per resource; at least 60. */
  schedules: z.partialRecord(z.enum(SYNC_RESOURCES), z.number().int().min(60).max(7 * 24 * 3600)).optional(),
});

export type IntegrationConfig = { backfillDays: number; everySeconds: (resource: SyncResource) => number };

export function parseIntegrationConfig(raw: unknown): IntegrationConfig {
  const parsed = Schema.safeParse(raw ?? {});
  const value = parsed.success ? parsed.data : {};
  return {
    backfillDays: value.backfillDays ?? DEFAULT_BACKFILL_DAYS,
    everySeconds: (resource) => value.schedules?.[resource] ?? RESOURCE_INFO[resource].everySeconds,
  };
}

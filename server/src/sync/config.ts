// What the sync engine needs from BrandIntegration.config: the backfill window and each
// resource's interval, read through the sync settings model (sync/settings.ts). Anything malformed
// falls back to the defaults, never to a crash.
import type { SyncResource } from '../generated/prisma/enums.js';
import { everySecondsOf, readSyncSettings, type SyncSettings } from './settings.js';

export type IntegrationConfig = {
  backfillDays: number;
  everySeconds: (resource: SyncResource) => number;
  settings: SyncSettings;
};

export function parseIntegrationConfig(raw: unknown): IntegrationConfig {
  const settings = readSyncSettings(raw);
  return {
    backfillDays: settings.backfillDays,
    everySeconds: (resource) => everySecondsOf(resource, settings.resources[resource]),
    settings,
  };
}

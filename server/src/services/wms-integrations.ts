// Trackstar's WMS integration catalogue (GET /integrations/wms), shared by every API process
// through Redis. Trackstar allows one such call a minute and the catalogue changes rarely, so it
// is refreshed at most every FRESH_MS, by one process at a time (a Redis claim that lasts the
// minute), and a stale copy is answered whenever a refresh is not possible.
import type { Redis } from 'ioredis';
import { logger } from '../lib/logger.js';
import { createRedis } from '../redis.js';
import { trackstar, trackstarConfigured } from '../trackstar/client.js';
import { TrackstarRateLimitedError } from '../trackstar/errors.js';
import { INTEGRATIONS_CALLS_PER_MINUTE } from '../../../trackstar-contract/connect.js';
import { ServiceError } from './errors.js';
import { upstream } from './integrations.js';

const FRESH_MS = 10 * 60_000;
const CALL_GAP_MS = 60_000 / INTEGRATIONS_CALLS_PER_MINUTE;
const log = logger.child({ service: 'wms-integrations' });

export type WmsIntegration = {
  name: string;
  displayName: string;
  description: string;
  logoUrl: string;
  installMethod: string;
  availableActions: string[];
};
export type WmsCatalogue = { integrations: WmsIntegration[]; fetchedAt: Date; stale: boolean };
type Cached = { integrations: WmsIntegration[]; fetchedAt: string };

let redis: Redis | null = null;
const cache = () => (redis ??= createRedis('cache', { enableOfflineQueue: true, commandTimeout: 2_000 }));

export async function closeWmsIntegrationsCache(): Promise<void> {
  await redis?.quit().catch(() => {});
  redis = null;
}

/** One key per Trackstar: two installs (or test sandboxes) never share a catalogue. */
const cacheKey = () => `trackstar:integrations:wms:${trackstar().scope}`;

async function readCached(key: string): Promise<Cached | null> {
  const raw = await cache().get(key).catch((error) => {
    log.warn('integration catalogue cache unreadable', { error: (error as Error).message });
    return null;
  });
  return raw ? (JSON.parse(raw) as Cached) : null;
}

const answer = (c: Cached, stale: boolean): WmsCatalogue => ({ integrations: c.integrations, fetchedAt: new Date(c.fetchedAt), stale });

export async function wmsIntegrations(): Promise<WmsCatalogue> {
  if (!trackstarConfigured()) throw new ServiceError('NOT_CONFIGURED', 'Trackstar is not configured');
  const key = cacheKey();
  const cached = await readCached(key);
  if (cached && Date.now() - Date.parse(cached.fetchedAt) < FRESH_MS) return answer(cached, false);

  // Only the process that claims this minute calls Trackstar; the others answer what they have.
  const claimed = await cache().set(`${key}:call`, String(process.pid), 'PX', CALL_GAP_MS, 'NX').catch(() => 'OK');
  if (claimed !== 'OK') {
    if (cached) return answer(cached, true);
    throw new ServiceError('UNAVAILABLE', "Trackstar's integration list is being fetched; try again in a minute");
  }
  try {
    const list = await upstream('integration list', async () => {
      try {
        return await trackstar().listIntegrations('wms');
      } catch (error) {
        if (error instanceof TrackstarRateLimitedError) {
          throw new ServiceError('UNAVAILABLE', 'Trackstar allows one integration list call a minute; try again shortly');
        }
        throw error;
      }
    });
    const fresh: Cached = {
      fetchedAt: new Date().toISOString(),
      integrations: list.map((i) => ({
        name: i.integration_name, displayName: i.display_name, description: i.description, logoUrl: i.logo_url,
        installMethod: i.install_method, availableActions: i.available_actions,
      })),
    };
    await cache().set(key, JSON.stringify(fresh)).catch((error) => log.warn('integration catalogue not cached', { error: (error as Error).message }));
    return answer(fresh, false);
  } catch (error) {
    if (cached) {
      log.warn('integration catalogue refresh failed; answering the cached one', { error: (error as Error).message });
      return answer(cached, true);
    }
    throw error;
  }
}

// Reading records by id from Trackstar, for events whose own copy cannot be used as it is:
// oversized events arrive as { data_truncated: true, data: { id }, data_url }, and an event whose
// copy ties with the stored one (same-second.ts) needs the current record. Rather than following
// data_url with a second HTTP client, records are re-read by id through the one Trackstar client
// (STYLE.md R7: rate-limited, retried, token per connection). A re-read gives the current record,
// which apply-only-if-newer handles like a sync page.
import { tokenBox } from '../crypto/token-box.js';
import { db } from '../db.js';
import type { SyncResource } from '../generated/prisma/enums.js';
import { listPathOf } from '../sync/resources.js';
import { trackstar, warehouseLocationsPath } from '../trackstar/client.js';

/** Retrying cannot help (no id, no token, record gone upstream): fail the event. */
export class TruncatedPayloadError extends Error {}

const isObject = (v: unknown): v is Record<string, unknown> => !!v && typeof v === 'object' && !Array.isArray(v);

/** Trackstar's `in` filters take at most 100 values. */
const IDS_PER_READ = 100;

export const isTruncated = (payload: Record<string, unknown>): boolean => payload.data_truncated === true;

/** The record a truncated event names, read now from Trackstar. */
export async function readTruncatedRecord(payload: Record<string, unknown>, resource: SyncResource, integrationId: string): Promise<{ id: string; record: unknown }> {
  const id = isObject(payload.data) ? payload.data.id : null;
  if (typeof id !== 'string' || id.length === 0) throw new TruncatedPayloadError('truncated event without a record id');
  const reader = await RecordReader.of(integrationId);
  if (!reader) throw new TruncatedPayloadError('integration has no access token to re-read the truncated record');
  const record = (await reader.read(resource, [id])).get(id);
  if (record === undefined) throw new TruncatedPayloadError(`record ${id} is no longer in Trackstar's copy`);
  return { id, record };
}

/** Reads one integration's records by id, with its connection's token. */
export class RecordReader {
  private constructor(private readonly token: string, private readonly brandId: string) {}

  /** null when the integration has no access token (nothing can be read for it). */
  static async of(integrationId: string): Promise<RecordReader | null> {
    const integration = await db.brandIntegration.findUnique({ where: { id: integrationId }, select: { accessToken: true, brandId: true } });
    if (!integration?.accessToken) return null;
    return new RecordReader(tokenBox().open(integration.accessToken), integration.brandId);
  }

  /** The records Trackstar holds now, by id; ids it does not hold are absent from the map. */
  async read(resource: SyncResource, ids: string[]): Promise<Map<string, unknown>> {
    const found = new Map<string, unknown>();
    const wanted = [...new Set(ids)];
    if (resource === 'WAREHOUSE_LOCATIONS') {
      for (const id of wanted) {
        const record = await this.readLocation(id);
        if (record !== undefined) found.set(id, record);
      }
      return found;
    }
    for (let i = 0; i < wanted.length; i += IDS_PER_READ) {
      for (const [id, record] of await this.readByIds(listPathOf(resource), wanted.slice(i, i + IDS_PER_READ))) found.set(id, record);
    }
    return found;
  }

  private async readByIds(path: string, ids: string[]): Promise<Map<string, unknown>> {
    const page = await trackstar().listPage(this.token, path, { 'ids[in]': ids.join(',') }, null, ids.length);
    const wanted = new Set(ids);
    const found = new Map<string, unknown>();
    for (const r of page.records) if (isObject(r) && typeof r.id === 'string' && wanted.has(r.id)) found.set(r.id, r);
    return found;
  }

  /**
   * Locations are listed only under their warehouse, which a truncated payload does not name: ask
   * the warehouse the stored copy names first, then the brand's other warehouses (Trackstar's list
   * when none is stored yet). A WMS has a handful of warehouses, so this is a few reads at most.
   */
  private async readLocation(id: string): Promise<unknown> {
    const { brandId, token } = this;
    const known = await db.warehouseLocation.findUnique({ where: { brandId_externalId: { brandId, externalId: id } }, select: { warehouseExternalId: true } });
    // A warehouse the WMS deleted would only answer 404 for its locations.
    const stored = await db.warehouse.findMany({ where: { brandId, deletedAt: null }, select: { externalId: true }, orderBy: { externalId: 'asc' } });
    let candidates = stored.map((w) => w.externalId);
    if (candidates.length === 0) {
      const upstream = await trackstar().listAll(token, listPathOf('WAREHOUSES'));
      candidates = upstream.map((w) => (isObject(w) ? w.id : null)).filter((w): w is string => typeof w === 'string');
    }
    if (known) candidates = [known.warehouseExternalId, ...candidates.filter((w) => w !== known.warehouseExternalId)];
    for (const warehouseId of candidates) {
      const record = (await this.readByIds(warehouseLocationsPath(warehouseId), [id])).get(id);
      if (record !== undefined) return record;
    }
    return undefined;
  }
}

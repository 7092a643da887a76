// The records an event carries. Oversized events arrive as { data_truncated: true, data: { id },
// data_url }; rather than following data_url with a second HTTP client, the record is re-read by
// id through the one Trackstar client (STYLE.md R7: rate-limited, retried, token per connection).
// Re-reading gives the current record, which apply-only-if-newer handles like any other.
import { tokenBox } from '../crypto/token-box.js';
import { db } from '../db.js';
import type { SyncResource } from '../generated/prisma/enums.js';
import { listPathOf } from '../sync/resources.js';
import { trackstar } from '../trackstar/client.js';

/** Retrying cannot help (no id, no token, record gone upstream): fail the event. */
export class TruncatedPayloadError extends Error {}

const isObject = (v: unknown): v is Record<string, unknown> => !!v && typeof v === 'object' && !Array.isArray(v);

export async function resolveEventRecords(payload: Record<string, unknown>, resource: SyncResource, integrationId: string): Promise<unknown[]> {
  if (payload.data_truncated !== true) return [payload.data];
  const id = isObject(payload.data) ? payload.data.id : null;
  if (typeof id !== 'string' || id.length === 0) throw new TruncatedPayloadError('truncated event without a record id');
  const integration = await db.brandIntegration.findUnique({ where: { id: integrationId }, select: { accessToken: true, brandId: true } });
  if (!integration?.accessToken) throw new TruncatedPayloadError('integration has no access token to re-read the truncated record');
  const token = tokenBox().open(integration.accessToken);
  const record = resource === 'WAREHOUSE_LOCATIONS' ? await readLocation(token, integration.brandId, id) : await readById(token, listPathOf(resource), id);
  if (!record) throw new TruncatedPayloadError(`record ${id} is no longer in Trackstar's copy`);
  return [record];
}

async function readById(token: string, path: string, id: string): Promise<unknown> {
  const page = await trackstar().listPage(token, path, { 'ids[in]': id }, null, 1);
  return page.records.find((r) => isObject(r) && r.id === id);
}

/**
 * Locations are listed only under their warehouse, which a truncated payload does not name: ask
 * the warehouse the stored copy names first, then the brand's other warehouses (Trackstar's list
 * when none is stored yet). A WMS has a handful of warehouses, so this is a few reads at most.
 */
async function readLocation(token: string, brandId: string, id: string): Promise<unknown> {
  const known = await db.warehouseLocation.findUnique({ where: { brandId_externalId: { brandId, externalId: id } }, select: { warehouseExternalId: true } });
  const stored = await db.warehouse.findMany({ where: { brandId }, select: { externalId: true }, orderBy: { externalId: 'asc' } });
  let candidates = stored.map((w) => w.externalId);
  if (candidates.length === 0) {
    const upstream = await trackstar().listAll(token, listPathOf('WAREHOUSES'));
    candidates = upstream.map((w) => (isObject(w) ? w.id : null)).filter((w): w is string => typeof w === 'string');
  }
  if (known) candidates = [known.warehouseExternalId, ...candidates.filter((w) => w !== known.warehouseExternalId)];
  for (const warehouseId of candidates) {
    const record = await readById(token, `/wms/warehouses/${encodeURIComponent(warehouseId)}/locations`, id);
    if (record) return record;
  }
  return undefined;
}

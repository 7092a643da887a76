// The records an event carries. Oversized events arrive as { data_truncated: true, data: { id },
// data_url }; rather than following data_url with a second HTTP client, the record is re-read by
// id through the one Trackstar client (STYLE.md R7: rate-limited, retried, token per connection).
// Re-reading gives the current record, which apply-only-if-newer handles like any other.
import { tokenBox } from '../crypto/token-box.js';
import { db } from '../db.js';
import type { SyncResource } from '../generated/prisma/enums.js';
import { listPathOf } from '../sync/resources.js';
import { trackstar } from '../trackstar/client.js';

/** Retrying cannot help (no id, no token, locations without their warehouse): fail the event. */
export class TruncatedPayloadError extends Error {}

const isObject = (v: unknown): v is Record<string, unknown> => !!v && typeof v === 'object' && !Array.isArray(v);

export async function resolveEventRecords(payload: Record<string, unknown>, resource: SyncResource, integrationId: string): Promise<unknown[]> {
  if (payload.data_truncated !== true) return [payload.data];
  const id = isObject(payload.data) ? payload.data.id : null;
  if (typeof id !== 'string' || id.length === 0) throw new TruncatedPayloadError('truncated event without a record id');
  // Locations are listed under their warehouse, which a truncated payload does not name.
  if (resource === 'WAREHOUSE_LOCATIONS') throw new TruncatedPayloadError('truncated warehouse-location event cannot be re-read by id');
  const integration = await db.brandIntegration.findUnique({ where: { id: integrationId }, select: { accessToken: true } });
  if (!integration?.accessToken) throw new TruncatedPayloadError('integration has no access token to re-read the truncated record');
  const page = await trackstar().listPage(tokenBox().open(integration.accessToken), listPathOf(resource), { 'ids[in]': id }, null, 1);
  const record = page.records.find((r) => isObject(r) && r.id === id);
  if (!record) throw new TruncatedPayloadError(`record ${id} is no longer in Trackstar's copy`);
  return [record];
}

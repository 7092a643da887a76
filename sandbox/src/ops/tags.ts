// Trackstar tags live in Trackstar's copy only: replacing them writes nothing to the WMS.
import type { ResourceKey } from '../../../trackstar-contract/contract.js';
import type { Core } from '../core.js';
import { fail } from '../http.js';
import type { ConnectionState } from '../store.js';

export type TaggedResource = Extract<ResourceKey, 'orders' | 'products' | 'inventory' | 'inbound_shipments' | 'returns' | 'warehouses'>;

export function setTrackstarTags(core: Core, conn: ConnectionState, key: TaggedResource, id: string, tags: (string | Record<string, unknown>)[]): { id: string } {
  const tx = core.tx(conn);
  const record = tx.touch(key, id) as { id: string; trackstar_tags: unknown } | undefined;
  if (!record) throw fail.notFound(id);
  record.trackstar_tags = tags;
  tx.commit();
  return conn.data[key].get(id)!;
}

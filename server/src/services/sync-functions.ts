// Trackstar function names (the `functions_to_sync` vocabulary) as Packr's sync resources, for
// callers that speak Trackstar's language (the REST sync route). Each resource's read function
// comes from sync/resources.ts; get_shipments has no resource of its own: shipments are synced
// with their orders, so it means ORDERS.
import type { SyncResource } from '../generated/prisma/enums.js';
import { RESOURCE_INFO, SYNC_RESOURCES } from '../sync/resources.js';

const ALIASES: Record<string, SyncResource> = { get_shipments: 'ORDERS' };

/** Every accepted function name and the resource it syncs, in resource order then aliases. */
export const SYNC_FUNCTION_RESOURCES: Readonly<Record<string, SyncResource>> = Object.freeze({
  ...Object.fromEntries(SYNC_RESOURCES.map((r) => [RESOURCE_INFO[r].functionName, r])),
  ...ALIASES,
});

export const SYNC_FUNCTION_NAMES: readonly string[] = Object.keys(SYNC_FUNCTION_RESOURCES);

/** The resources the names stand for (deduplicated, in SYNC_RESOURCES order), and the names that mean nothing. */
export function resourcesForFunctions(names: readonly string[]): { resources: SyncResource[]; unknown: string[] } {
  const wanted = new Set<SyncResource>();
  const unknown: string[] = [];
  for (const name of names) {
    const resource = Object.hasOwn(SYNC_FUNCTION_RESOURCES, name) ? SYNC_FUNCTION_RESOURCES[name] : undefined;
    if (resource) wanted.add(resource);
    else if (!unknown.includes(name)) unknown.push(name);
  }
  return { resources: SYNC_RESOURCES.filter((r) => wanted.has(r)), unknown };
}

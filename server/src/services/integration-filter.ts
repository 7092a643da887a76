// A 3PL's Link filter (`integrationsWithEndpoints`): the Trackstar functions every brand's WMS must
// support. Trackstar Link, embedded or behind a magic link, then offers only integrations that
// implement all of them. Default (no row): the read functions of everything Packr syncs.
import { db } from '../db.js';
import { RESOURCE_INFO, SYNC_RESOURCES } from '../sync/resources.js';
import { KNOWN_FUNCTIONS } from '../../../trackstar-contract/connect.js';
import { ServiceError } from './errors.js';

export const DEFAULT_REQUIRED_FUNCTIONS: readonly string[] = SYNC_RESOURCES.map((r) => RESOURCE_INFO[r].functionName);

/** The names a filter may hold, in a stable order (reads first, then the rest Trackstar documents). */
export const FILTERABLE_FUNCTIONS: readonly string[] = [...new Set([...DEFAULT_REQUIRED_FUNCTIONS, ...KNOWN_FUNCTIONS])];

export type IntegrationFilter = {
  integrationsWithEndpoints: string[];
  /** No 3PL setting: the default applies (and follows what Packr syncs). */
  isDefault: boolean;
  updatedAt: Date | null;
};

export async function integrationFilterOf(threePLId: string): Promise<IntegrationFilter> {
  const row = await db.connectSettings.findUnique({ where: { threePLId } });
  if (!row) return { integrationsWithEndpoints: [...DEFAULT_REQUIRED_FUNCTIONS], isDefault: true, updatedAt: null };
  return { integrationsWithEndpoints: row.integrationsWithEndpoints, isDefault: false, updatedAt: row.updatedAt };
}

/**
 * Sets the 3PL's filter; null goes back to the default. An empty list is a real setting: every
 * integration is offered. Unknown names are refused, naming the valid ones.
 */
export async function setIntegrationFilter(threePLId: string, functions: readonly string[] | null): Promise<IntegrationFilter> {
  if (functions === null) {
    await db.connectSettings.deleteMany({ where: { threePLId } });
    return integrationFilterOf(threePLId);
  }
  const wanted = new Set(functions.map((f) => f.trim()));
  const unknown = [...wanted].filter((f) => !FILTERABLE_FUNCTIONS.includes(f));
  if (unknown.length > 0) {
    const shown = unknown.slice(0, 5).map((f) => JSON.stringify(f.slice(0, 60))).join(', ');
    throw new ServiceError('BAD_USER_INPUT', `Unknown Trackstar functions: ${shown}; valid: ${FILTERABLE_FUNCTIONS.join(', ')}`);
  }
  const ordered = FILTERABLE_FUNCTIONS.filter((f) => wanted.has(f));
  await db.connectSettings.upsert({
    where: { threePLId },
    create: { threePLId, integrationsWithEndpoints: ordered },
    update: { integrationsWithEndpoints: ordered },
  });
  return integrationFilterOf(threePLId);
}

/** The required functions an integration lacks (none: Link offers it). */
export function missingFunctions(availableActions: readonly string[], required: readonly string[]): string[] {
  return required.filter((f) => !availableActions.includes(f));
}

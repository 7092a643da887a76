// The REST routes of a brand's Trackstar integration: each maps its path parameters and JSON body
// to one service call (services/integrations.ts, services/integration-details.ts) and its answer
// to a representation. Who may call what is the same as in GraphQL: OWNER/ADMIN connect,
// disconnect, read or change sync settings and send or revoke connect links (magic links),
// members (OWNER/ADMIN/OPERATOR) trigger syncs, anyone who may read the brand reads.
import type { IncomingHttpHeaders } from 'node:http';
import type { Viewer } from '../../auth/viewer.js';
import { connectTrackstar, createLinkToken, disconnectTrackstar, triggerSync } from '../../services/integrations.js';
import { describeIntegration, loadIntegrationHealth } from '../../services/integration-details.js';
import { getSyncSettings, updateSyncSettings } from '../../services/sync-settings.js';
import { resourcesForFunctions, SYNC_FUNCTION_NAMES } from '../../services/sync-functions.js';
import { createConnectLink, listConnectLinks, revokeConnectLink } from '../../services/connect-links.js';
import { connectLinkIdOf, expiresInDaysOf } from './connect-link-input.js';
import { badRequest } from './errors.js';
import { openApiDocument } from './openapi.js';
import { connectLinkView, healthView, integrationView, syncSettingsView, syncStateView } from './representations.js';
import { settingsUpdateOf } from './sync-settings-input.js';

/** public: no key; reader: anyone who may read the brand; member: OWNER/ADMIN/OPERATOR; manager: OWNER/ADMIN. */
export type Access = 'public' | 'reader' | 'member' | 'manager';
export type Method = 'GET' | 'POST' | 'PUT' | 'DELETE';

export type RouteInput = {
  /** null only on public routes. */
  viewer: Viewer | null;
  /** The brand's database id, already checked to be visible to the viewer; '' on routes without {brandId}. */
  brandId: string;
  /** The parsed JSON body (null when empty); always null on routes that do not read one. */
  body: unknown;
  /** The path's parameters, decoded (`brandId` as sent; use `brandId` above for the checked one). */
  params: Record<string, string>;
  /** The request's headers (lower-case names), for the few routes that read one (Idempotency-Key). */
  headers: IncomingHttpHeaders;
};

export type RestRoute = {
  method: Method;
  /** OpenAPI path template; `{brandId}` takes the brand's global id or uuid. */
  path: string;
  operationId: string;
  access: Access;
  readsBody?: boolean;
  handle(input: RouteInput): Promise<{ status: number; body: unknown }>;
};

const ok = (body: unknown, status = 200) => ({ status, body });
const BASE = '/api/brands/{brandId}/integrations/trackstar';

/** A JSON object body (or none at all, read as {}), whose properties are all among `allowed`. */
function objectBody(body: unknown, allowed: string[]): Record<string, unknown> {
  if (body === null) return {};
  if (typeof body !== 'object' || Array.isArray(body)) throw badRequest('The body must be a JSON object');
  const extra = Object.keys(body).filter((k) => !allowed.includes(k));
  if (extra.length > 0) throw badRequest(`Unknown properties: ${extra.join(', ')}; allowed: ${allowed.join(', ') || 'none'}`);
  return body as Record<string, unknown>;
}

function authCodeOf(body: unknown): string {
  const { authCode } = objectBody(body, ['authCode']);
  if (typeof authCode !== 'string') throw badRequest('authCode is required: the auth code Trackstar Link returned (a string)');
  return authCode;
}

function syncRequestOf(body: unknown): { functions: string[] | null; full: boolean } {
  const { functionsToSync, full } = objectBody(body, ['functionsToSync', 'full']);
  if (full !== undefined && full !== null && typeof full !== 'boolean') throw badRequest('full must be true or false');
  if (functionsToSync === undefined || functionsToSync === null) return { functions: null, full: full === true };
  if (!Array.isArray(functionsToSync) || functionsToSync.some((f) => typeof f !== 'string')) {
    throw badRequest(`functionsToSync must be an array of Trackstar function names: ${SYNC_FUNCTION_NAMES.join(', ')}`);
  }
  return { functions: functionsToSync as string[], full: full === true };
}

export const INTEGRATION_ROUTES: RestRoute[] = [
  {
    method: 'GET', path: '/api/openapi.json', operationId: 'getOpenApiDocument', access: 'public',
    handle: async () => ok(openApiDocument()),
  },
  {
    method: 'GET', path: BASE, operationId: 'getTrackstarIntegration', access: 'reader',
    handle: async ({ brandId }) => ok(integrationView(await describeIntegration(brandId))),
  },
  {
    method: 'DELETE', path: BASE, operationId: 'disconnectTrackstar', access: 'manager',
    handle: async ({ brandId, viewer }) => {
      await disconnectTrackstar(brandId, viewer!);
      return ok(integrationView(await describeIntegration(brandId)));
    },
  },
  {
    method: 'POST', path: `${BASE}/link-token`, operationId: 'createTrackstarLinkToken', access: 'manager',
    handle: async ({ brandId }) => ok({ linkToken: await createLinkToken(brandId) }),
  },
  {
    method: 'POST', path: `${BASE}/exchange`, operationId: 'exchangeTrackstarAuthCode', access: 'manager', readsBody: true,
    handle: async ({ brandId, body, viewer }) => {
      await connectTrackstar(brandId, authCodeOf(body), viewer!);
      return ok(integrationView(await describeIntegration(brandId)));
    },
  },
  {
    method: 'POST', path: `${BASE}/sync`, operationId: 'triggerTrackstarSync', access: 'member', readsBody: true,
    handle: async ({ brandId, body, viewer }) => {
      const request = syncRequestOf(body);
      const { resources, unknown } = resourcesForFunctions(request.functions ?? []);
      if (unknown.length > 0) throw badRequest(`Unknown Trackstar functions: ${unknown.join(', ')}; valid: ${SYNC_FUNCTION_NAMES.join(', ')}`);
      const started = await triggerSync(brandId, resources.length > 0 ? resources : null, { full: request.full, actor: viewer! });
      return ok({ syncStates: started.map(syncStateView) }, 202);
    },
  },
  {
    method: 'GET', path: `${BASE}/health`, operationId: 'getTrackstarHealth', access: 'reader',
    handle: async ({ brandId }) => ok(healthView(await loadIntegrationHealth(brandId))),
  },
  {
    method: 'GET', path: `${BASE}/sync-settings`, operationId: 'getTrackstarSyncSettings', access: 'manager',
    handle: async ({ brandId }) => ok(syncSettingsView(await getSyncSettings(brandId))),
  },
  {
    method: 'PUT', path: `${BASE}/sync-settings`, operationId: 'updateTrackstarSyncSettings', access: 'manager', readsBody: true,
    handle: async ({ brandId, body, viewer }) => ok(syncSettingsView(await updateSyncSettings(brandId, settingsUpdateOf(body), viewer!))),
  },
  {
    method: 'POST', path: `${BASE}/magic-links`, operationId: 'createTrackstarMagicLink', access: 'manager', readsBody: true,
    handle: async ({ brandId, body, viewer }) => ok(connectLinkView(await createConnectLink(brandId, expiresInDaysOf(body), viewer!)), 201),
  },
  {
    method: 'GET', path: `${BASE}/magic-links`, operationId: 'listTrackstarMagicLinks', access: 'manager',
    handle: async ({ brandId }) => ok({ magicLinks: (await listConnectLinks(brandId, true)).map((l) => connectLinkView(l)) }),
  },
  {
    method: 'DELETE', path: `${BASE}/magic-links/{id}`, operationId: 'revokeTrackstarMagicLink', access: 'manager',
    handle: async ({ brandId, params, viewer }) => ok(connectLinkView(await revokeConnectLink(connectLinkIdOf(params.id), { brandId }, viewer!))),
  },
];

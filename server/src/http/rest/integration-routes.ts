// The REST routes of a brand's Trackstar integration: each maps its path parameters and JSON body
// to one service call (services/integrations.ts, services/integration-details.ts) and its answer
// to a representation. Who may call what is the same as in GraphQL: OWNER/ADMIN connect and
// disconnect, members (OWNER/ADMIN/OPERATOR) trigger syncs, anyone who may read the brand reads.
import type { Viewer } from '../../auth/viewer.js';
import { connectTrackstar, createLinkToken, disconnectTrackstar, triggerSync } from '../../services/integrations.js';
import { describeIntegration, loadIntegrationHealth } from '../../services/integration-details.js';
import { resourcesForFunctions, SYNC_FUNCTION_NAMES } from '../../services/sync-functions.js';
import { badRequest } from './errors.js';
import { openApiDocument } from './openapi.js';
import { healthView, integrationView, syncStateView } from './representations.js';

/** public: no key; reader: anyone who may read the brand; member: OWNER/ADMIN/OPERATOR; manager: OWNER/ADMIN. */
export type Access = 'public' | 'reader' | 'member' | 'manager';
export type Method = 'GET' | 'POST' | 'DELETE';

export type RouteInput = {
  /** null only on public routes. */
  viewer: Viewer | null;
  /** The brand's database id, already checked to be visible to the viewer; '' on routes without {brandId}. */
  brandId: string;
  /** The parsed JSON body (null when empty); always null on routes that do not read one. */
  body: unknown;
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

function functionsOf(body: unknown): string[] | null {
  const { functionsToSync } = objectBody(body, ['functionsToSync']);
  if (functionsToSync === undefined || functionsToSync === null) return null;
  if (!Array.isArray(functionsToSync) || functionsToSync.some((f) => typeof f !== 'string')) {
    throw badRequest(`functionsToSync must be an array of Trackstar function names: ${SYNC_FUNCTION_NAMES.join(', ')}`);
  }
  return functionsToSync as string[];
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
    handle: async ({ brandId }) => {
      await disconnectTrackstar(brandId);
      return ok(integrationView(await describeIntegration(brandId)));
    },
  },
  {
    method: 'POST', path: `${BASE}/link-token`, operationId: 'createTrackstarLinkToken', access: 'manager',
    handle: async ({ brandId }) => ok({ linkToken: await createLinkToken(brandId) }),
  },
  {
    method: 'POST', path: `${BASE}/exchange`, operationId: 'exchangeTrackstarAuthCode', access: 'manager', readsBody: true,
    handle: async ({ brandId, body }) => {
      await connectTrackstar(brandId, authCodeOf(body));
      return ok(integrationView(await describeIntegration(brandId)));
    },
  },
  {
    method: 'POST', path: `${BASE}/sync`, operationId: 'triggerTrackstarSync', access: 'member', readsBody: true,
    handle: async ({ brandId, body }) => {
      const names = functionsOf(body);
      const { resources, unknown } = resourcesForFunctions(names ?? []);
      if (unknown.length > 0) throw badRequest(`Unknown Trackstar functions: ${unknown.join(', ')}; valid: ${SYNC_FUNCTION_NAMES.join(', ')}`);
      const started = await triggerSync(brandId, resources.length > 0 ? resources : null);
      return ok({ syncStates: started.map(syncStateView) }, 202);
    },
  },
  {
    method: 'GET', path: `${BASE}/health`, operationId: 'getTrackstarHealth', access: 'reader',
    handle: async ({ brandId }) => ok(healthView(await loadIntegrationHealth(brandId))),
  },
];

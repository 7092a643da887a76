// Magic links (`/magic-links*`), the customer-facing magic link page (`/link/magic/{id}`, a
// sandbox path: Trackstar hosts its own), and the integration catalogue (`/integrations/*`, at
// most one call a minute per organization, as Trackstar documents [M]).
import { z } from 'zod';
import { INTEGRATION_TYPES } from '../../../trackstar-contract/contract.js';
import { INTEGRATIONS_CALLS_PER_MINUTE, KNOWN_FUNCTIONS, MagicLinkInputSchema } from '../../../trackstar-contract/connect.js';
import type { Core } from '../core.js';
import { fail, HttpError, type Ctx, type Route } from '../http.js';
import { integrationInfo, logoSvg } from '../integration-info.js';
import type { SandboxFunction } from '../integrations.js';
import { magicLinkPage, unusableLinkPage } from '../magic-link-page.js';
import type { MagicLinkState } from '../magic-links.js';
import { iso, MINUTE } from '../time.js';

/** link_duration bounds: Trackstar's default is 7 days; its maximum is undocumented [L]. */
const MAX_LINK_DAYS = 90;

function body<T extends z.ZodType>(schema: T, ctx: Ctx): z.infer<T> {
  const r = schema.safeParse(ctx.body ?? {});
  if (r.success) return r.data;
  const fields: Record<string, string[]> = {};
  for (const issue of r.error.issues) {
    const keys = issue.code === 'unrecognized_keys' ? issue.keys : [issue.path.join('.') || '(body)'];
    for (const key of keys) (fields[key] ??= []).push(issue.code === 'unrecognized_keys' ? 'Unknown field' : issue.message);
  }
  throw fail.invalidMany('json', fields);
}

export function connectRoutes(core: Core, endpoints: () => Map<SandboxFunction, string>): Route[] {
  const links = core.magicLinks;
  const view = (link: MagicLinkState) => links.view(link, core.publicUrl);
  const known = (name: string) => core.integrations.some((i) => i.name === name);
  let lastCatalogueCall = Number.NEGATIVE_INFINITY;

  /** One catalogue call per minute (unless limits are off, as in `rateLimit: false`). */
  function catalogueBudget(): void {
    if (core.options.rateLimit === false) return;
    const now = core.now();
    const next = lastCatalogueCall + MINUTE / INTEGRATIONS_CALLS_PER_MINUTE;
    if (now < next) {
      const retryAfter = Math.max(1, Math.ceil((next - now) / 1000));
      throw new HttpError(429, { error: `Rate limit exceeded: /integrations allows ${INTEGRATIONS_CALLS_PER_MINUTE} call per minute`, origin: 'trackstar' }, {
        'retry-after': String(retryAfter), 'x-ratelimit-limit': String(INTEGRATIONS_CALLS_PER_MINUTE), 'x-ratelimit-remaining': '0',
        'x-ratelimit-reset': String(Math.ceil(next / 1000)),
      });
    }
    lastCatalogueCall = now;
  }

  function integrationType(ctx: Ctx): string {
    const type = ctx.params.integration_type;
    if (!(INTEGRATION_TYPES as readonly string[]).includes(type)) {
      throw fail.invalid('query', 'integration_type', `Must be one of ${INTEGRATION_TYPES.join(', ')}`);
    }
    return type;
  }

  const usableOrThrow = (id: string) => {
    const link = links.usable(id);
    if (!link) throw links.get(id) ? new HttpError(410, { error: 'This magic link has expired', origin: 'trackstar' }) : fail.notFound(id, 'Magic link');
    return link;
  };

  return [
    {
      method: 'POST', pattern: '/magic-links', auth: 'key',
      handler: (ctx) => {
        const b = body(MagicLinkInputSchema, ctx);
        const allow = b.integration_allow_list ?? [];
        const block = b.integration_block_list ?? [];
        const withEndpoints = b.integrations_with_endpoints ?? [];
        const type = b.integration_type ?? 'wms';
        const days = b.link_duration ?? 7;
        if (type !== 'wms') throw fail.invalid('json', 'integration_type', 'This sandbox simulates WMS integrations only');
        if (days < 1 || days > MAX_LINK_DAYS) throw fail.invalid('json', 'link_duration', `Must be 1 to ${MAX_LINK_DAYS} days`);
        if (allow.length > 0 && (block.length > 0 || withEndpoints.length > 0)) {
          throw fail.invalid('json', 'integration_allow_list', 'Mutually exclusive with integration_block_list and integrations_with_endpoints');
        }
        const unknownIntegrations = [...allow, ...block].filter((n) => !known(n));
        if (unknownIntegrations.length > 0) throw fail.invalid('json', 'integration_allow_list', `Unknown integrations: ${unknownIntegrations.join(', ')}`);
        const unknownFunctions = withEndpoints.filter((f) => !KNOWN_FUNCTIONS.includes(f));
        if (unknownFunctions.length > 0) throw fail.invalid('json', 'integrations_with_endpoints', `Unknown functions: ${unknownFunctions.join(', ')}`);
        const connectionId = b.connection_id ?? null;
        if (connectionId && !core.store.get(connectionId) && !core.store.getDeleted(connectionId)) throw fail.notFound(connectionId, 'Connection');
        const link = links.create({
          integrationType: type, offer: { allowList: allow, blockList: block, withEndpoints }, customerId: b.customer_id ?? null, connectionId, days,
        });
        return { body: { magic_link: view(link) } };
      },
    },
    { method: 'GET', pattern: '/magic-links', auth: 'key', handler: () => ({ body: { magic_links: links.list().map(view) } }) },
    {
      method: 'GET', pattern: '/magic-links/:magic_link_id', auth: 'key',
      handler: (ctx) => {
        const link = links.get(ctx.params.magic_link_id);
        if (!link) throw fail.notFound(ctx.params.magic_link_id, 'Magic link');
        return { body: { magic_link: view(link) } };
      },
    },
    {
      method: 'DELETE', pattern: '/magic-links/:magic_link_id', auth: 'key',
      handler: (ctx) => {
        const id = ctx.params.magic_link_id;
        if (!links.delete(id)) throw fail.notFound(id, 'Magic link');
        return { body: { id, object: 'magic_link', deleted: true } };
      },
    },
    {
      // The page the customer opens: no key, the link id in the URL is the credential.
      method: 'GET', pattern: '/link/magic/:magic_link_id', auth: 'none',
      handler: (ctx) => {
        const id = ctx.params.magic_link_id;
        const link = links.usable(id);
        const html = 'text/html; charset=utf-8';
        if (!link) return { status: links.get(id) ? 410 : 404, text: unusableLinkPage(links.get(id) ? 'expired' : 'unknown'), contentType: html };
        return { text: magicLinkPage({ id: link.id, expiresAt: iso(link.expiresAt), offer: link.offer }), contentType: html };
      },
    },
    {
      // The page's getLinkToken: a token bound to the link (its lists bind /sandbox/link/authorize).
      method: 'POST', pattern: '/sandbox/magic-links/:magic_link_id/link-token', auth: 'none',
      handler: (ctx) => {
        const link = usableOrThrow(ctx.params.magic_link_id);
        const token = core.link.issueToken(link.connectionId, link.customerId, { offer: link.offer, magicLinkId: link.id });
        return { body: { link_token: token.token } };
      },
    },
    {
      // The page's onSuccess: Trackstar itself completes the install (no exchange by the organization);
      // the organization learns of it from connection.created, which carries the access token.
      method: 'POST', pattern: '/sandbox/magic-links/:magic_link_id/install', auth: 'none',
      handler: (ctx) => {
        const link = usableOrThrow(ctx.params.magic_link_id);
        const b = body(z.object({ auth_code: z.string() }), ctx);
        const code = core.link.redeem(b.auth_code, link.id);
        if (!code) throw fail.invalid('json', 'auth_code', 'Invalid, expired or already used auth code');
        const integration = core.integrations.find((i) => i.name === code.integrationName)!;
        const c = core.connect(integration, link.customerId, link.connectionId ?? undefined);
        return { body: { connected: true, connection_id: c.id, integration_name: integration.name, display_name: integration.displayName } };
      },
    },
    {
      method: 'GET', pattern: '/integrations/:integration_type', auth: 'key',
      handler: (ctx) => {
        const type = integrationType(ctx);
        catalogueBudget();
        const list = type === 'wms' ? core.integrations : [];
        return { body: { data: list.map((i) => integrationInfo(i, endpoints(), core.publicUrl)) } };
      },
    },
    {
      method: 'GET', pattern: '/integrations/:integration_type/:integration_name', auth: 'key',
      handler: (ctx) => {
        const type = integrationType(ctx);
        catalogueBudget();
        const integration = type === 'wms' ? core.integrations.find((i) => i.name === ctx.params.integration_name) : undefined;
        if (!integration) throw fail.notFound(ctx.params.integration_name, 'Integration');
        return { body: { data: [integrationInfo(integration, endpoints(), core.publicUrl)] } };
      },
    },
    {
      method: 'GET', pattern: '/sandbox/integrations/:integration_name/logo.svg', auth: 'none',
      handler: (ctx) => {
        const integration = core.integrations.find((i) => i.name === ctx.params.integration_name);
        if (!integration) throw fail.notFound(ctx.params.integration_name, 'Integration');
        return { text: logoSvg(integration), contentType: 'image/svg+xml' };
      },
    },
  ];
}

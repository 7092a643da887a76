// Link (token, authorize, exchange, the Link script), generate-sandbox, and connection management.
import { z } from 'zod';
import { SYNC_FUNCTIONS, type ReadFunction } from '../../../trackstar-contract/contract.js';
import { forceSync } from '../activity.js';
import type { Core } from '../core.js';
import { conn, fail, type Ctx, type Route } from '../http.js';
import { findIntegration } from '../integrations.js';
import { LinkState } from '../link.js';
import { linkScript } from '../link-script.js';
import type { ConnectionState } from '../store.js';

function body<T extends z.ZodType>(schema: T, ctx: Ctx): z.infer<T> {
  const r = schema.safeParse(ctx.body ?? {});
  if (r.success) return r.data;
  const fields: Record<string, string[]> = {};
  for (const issue of r.error.issues) (fields[issue.path.join('.') || '(body)'] ??= []).push(issue.message);
  throw fail.invalidMany('json', fields);
}

function exchangeShape(c: ConnectionState) {
  return {
    access_token: c.accessToken, connection_id: c.id, integration_name: c.integrationName, customer_id: c.customerId,
    available_actions: [...c.availableActions], available_endpoints: [...c.availableActions],
  };
}

export function connectionRoutes(core: Core): Route[] {
  return [
    {
      method: 'GET', pattern: '/link/main.js', auth: 'none',
      handler: () => ({ text: linkScript(core.publicUrl, core.integrations), contentType: 'application/javascript; charset=utf-8' }),
    },
    {
      method: 'POST', pattern: '/link/token', auth: 'key',
      handler: (ctx) => {
        const b = body(z.object({ connection_id: z.string().optional(), customer_id: z.string().nullable().optional() }), ctx);
        // A deleted connection may be reinstalled too (the sandbox's choice: see Core.connect).
        const known = (id: string) => core.store.get(id) ?? core.store.getDeleted(id);
        if (b.connection_id && !known(b.connection_id)) throw fail.notFound(b.connection_id, 'Connection');
        return { body: { link_token: core.link.issueToken(b.connection_id ?? null, b.customer_id ?? null).token } };
      },
    },
    {
      // Called by the Link modal in the browser: the link token is the credential, not the API key.
      method: 'POST', pattern: '/sandbox/link/authorize', auth: 'none',
      handler: (ctx) => {
        const b = body(z.object({ link_token: z.string(), integration_name: z.string() }), ctx);
        const token = core.link.token(b.link_token);
        if (!token) throw fail.unauthorized('Invalid or expired link token');
        const integration = core.integrations.find((i) => i.name === b.integration_name);
        if (!integration) throw fail.invalid('json', 'integration_name', `Unknown integration ${b.integration_name}`);
        // A magic link's lists and required functions bind its page; the embedded Link filters in the browser only.
        if (!LinkState.offers(token, integration)) throw fail.invalid('json', 'integration_name', `${b.integration_name} is not offered by this link`);
        return { body: { auth_code: core.link.issueCode(token, integration.name).code } };
      },
    },
    {
      method: 'POST', pattern: '/link/exchange', auth: 'key',
      handler: (ctx) => {
        const b = body(z.object({ auth_code: z.string(), customer_id: z.string().nullable().optional() }), ctx);
        const code = core.link.redeem(b.auth_code);
        if (!code) throw fail.invalid('json', 'auth_code', 'Invalid, expired or already used auth code');
        const integration = core.integrations.find((i) => i.name === code.integrationName) ?? findIntegration('sandbox')!;
        const customerId = b.customer_id ?? code.linkToken.customerId;
        const c = core.connect(integration, customerId ?? null, code.linkToken.connectionId ?? undefined);
        return { body: exchangeShape(c) };
      },
    },
    {
      method: 'POST', pattern: '/sandbox/generate-sandbox/:integration_type', auth: 'key',
      handler: (ctx) => {
        if (ctx.params.integration_type !== 'wms') {
          throw fail.invalid('query', 'integration_type', 'This sandbox simulates WMS integrations only');
        }
        return { body: exchangeShape(core.generateSandbox()) };
      },
    },
    {
      method: 'GET', pattern: '/connections', auth: 'key',
      handler: () => {
        const data = [...core.store.connections.values()].map((c) => core.store.view(c));
        return { body: { data, next_token: null, total_count: data.length } };
      },
    },
    {
      // SPEC: the same list envelope, with one item.
      method: 'GET', pattern: '/connections/:connection_id', auth: 'key',
      handler: (ctx) => {
        const c = core.store.get(ctx.params.connection_id);
        if (!c) throw fail.notFound(ctx.params.connection_id, 'Connection');
        return { body: { data: [core.store.view(c)], next_token: null, total_count: 1 } };
      },
    },
    {
      method: 'PATCH', pattern: '/connections', auth: 'token',
      handler: (ctx) => {
        const c = conn(ctx);
        const b = body(z.object({ customer_id: z.string().nullable().optional(), webhooks_disabled: z.boolean().optional() }).strict(), ctx);
        if (b.customer_id !== undefined) c.customerId = b.customer_id;
        if (b.webhooks_disabled !== undefined) c.webhooksDisabled = b.webhooks_disabled;
        core.onChange();
        return { body: { id: c.id, object: 'connection', updated: true } };
      },
    },
    {
      method: 'DELETE', pattern: '/connections', auth: 'token',
      handler: (ctx) => {
        const c = conn(ctx);
        core.deleteConnection(c);
        return { body: { id: c.id, object: 'connection', deleted: true } };
      },
    },
    {
      method: 'POST', pattern: '/connections/sync', auth: 'token',
      handler: (ctx) => {
        const c = conn(ctx);
        const b = body(z.object({ functions_to_sync: z.array(z.enum(SYNC_FUNCTIONS)).optional() }), ctx);
        const available = core.readFunctions(c);
        const asked = b.functions_to_sync?.length ? b.functions_to_sync : available;
        const missing = asked.filter((f) => !available.includes(f as ReadFunction));
        if (missing.length) throw fail.invalid('json', 'functions_to_sync', `Not available on this connection: ${missing.join(', ')}`);
        const fns = asked as ReadFunction[];
        core.later(core.options.forceSyncDelayMs, () => {
          if (core.store.get(c.id) === c) forceSync(core, c, fns);
        });
        return { body: { id: c.id, syncing: true, functions_to_sync: fns } };
      },
    },
  ];
}

// The sandbox's own control plane (API key): faults, webhook targets, the stored truth of a
// connection, stored webhook events (data_url), and manual activity steps.
import { z } from 'zod';
import type { ResourceKey } from '../../../trackstar-contract/contract.js';
import type { ActivityClock } from '../activity.js';
import type { Core } from '../core.js';
import { FaultRequestSchema } from '../faults.js';
import { fail, type Ctx, type Route } from '../http.js';

/** The path names of the records a sandbox delete may remove, and their collections. */
const DELETABLE: Record<string, ResourceKey> = {
  orders: 'orders', products: 'products', inventory: 'inventory', warehouses: 'warehouses',
  'warehouse-locations': 'warehouse_locations', 'shipping-methods': 'shipping_methods', returns: 'returns',
  'inbound-shipments': 'inbound_shipments',
};

function parse<T extends z.ZodType>(schema: T, ctx: Ctx): z.infer<T> {
  const r = schema.safeParse(ctx.body ?? {});
  if (r.success) return r.data;
  const fields: Record<string, string[]> = {};
  for (const issue of r.error.issues) (fields[issue.path.join('.') || '(body)'] ??= []).push(issue.message);
  throw fail.invalidMany('json', fields);
}

export function sandboxRoutes(core: Core, activity: ActivityClock): Route[] {
  const connection = (id: string) => {
    const c = core.store.get(id);
    if (!c) throw fail.notFound(id, 'Connection');
    return c;
  };
  return [
    { method: 'GET', pattern: '/sandbox/health', auth: 'none', handler: () => ({ body: { ok: true } }) },
    { method: 'GET', pattern: '/sandbox/faults', auth: 'key', handler: () => ({ body: core.faults.view() }) },
    {
      method: 'POST', pattern: '/sandbox/faults', auth: 'key',
      handler: (ctx) => {
        const req = parse(FaultRequestSchema, ctx);
        if (req.connection_id) connection(req.connection_id);
        core.faults.set(req);
        core.syncCredentialErrors();
        return { body: core.faults.view() };
      },
    },
    {
      method: 'GET', pattern: '/sandbox/webhooks', auth: 'key',
      handler: () => ({
        body: {
          url: core.webhookUrl,
          connections: Object.fromEntries([...core.store.connections.values()].filter((c) => c.webhookUrl).map((c) => [c.id, c.webhookUrl])),
        },
      }),
    },
    {
      method: 'POST', pattern: '/sandbox/webhooks', auth: 'key',
      handler: (ctx) => {
        const b = parse(z.object({ connection_id: z.string().optional(), url: z.url().nullable() }), ctx);
        if (b.connection_id) connection(b.connection_id).webhookUrl = b.url;
        else core.webhookUrl = b.url;
        core.onChange();
        return { body: { connection_id: b.connection_id ?? null, url: b.url } };
      },
    },
    {
      method: 'GET', pattern: '/sandbox/webhook-events/:event_id', auth: 'key',
      handler: (ctx) => {
        const e = core.events.get(ctx.params.event_id);
        if (!e) throw fail.notFound(ctx.params.event_id, 'Event');
        return { body: e.envelope };
      },
    },
    {
      method: 'GET', pattern: '/sandbox/events', auth: 'key',
      handler: (ctx) => {
        const cid = ctx.query.get('connection_id');
        const type = ctx.query.get('event_type');
        const data = core.events.log
          .filter((e) => (!cid || e.envelope.connection_id === cid) && (!type || e.envelope.event_type === type))
          .slice(-Number(ctx.query.get('limit') ?? 100))
          .map((e) => ({ id: e.id, svix_id: e.msgId, at: new Date(e.at).toISOString(), truncated: e.truncated, ...e.envelope }));
        return { body: { data } };
      },
    },
    {
      method: 'GET', pattern: '/sandbox/connections/:connection_id/state', auth: 'key',
      handler: (ctx) => {
        const c = connection(ctx.params.connection_id);
        const d = c.data;
        return {
          body: {
            connection: core.store.view(c), access_token: c.accessToken,
            warehouses: d.warehouses.all(), locations: d.warehouse_locations.all(), shipping_methods: d.shipping_methods.all(),
            products: d.products.all(), inventory: d.inventory.all(), orders: d.orders.all(), returns: d.returns.all(),
            inbound_shipments: d.inbound_shipments.all(), warehouse_customers: d.warehouse_customers.all(),
          },
        };
      },
    },
    {
      // A hard delete in the WMS: the record is gone from `state` and every listing, and, as in
      // Trackstar, no webhook says so (only returns and shipments have delete-like events).
      method: 'DELETE', pattern: '/sandbox/connections/:connection_id/records/:resource/:id', auth: 'key',
      handler: (ctx) => {
        const c = connection(ctx.params.connection_id);
        const key = DELETABLE[ctx.params.resource];
        if (!key) throw fail.invalid('path', 'resource', `must be one of ${Object.keys(DELETABLE).join(', ')}`);
        if (!c.data[key].remove(ctx.params.id)) throw fail.notFound(ctx.params.id, 'Record');
        core.onChange();
        return { body: { connection_id: c.id, resource: ctx.params.resource, id: ctx.params.id, deleted: true } };
      },
    },
    {
      // The WMS brings a hard-deleted record back as it was (an undone delete): listed again, its
      // dates unchanged, and again no webhook, so only a complete listing shows it.
      method: 'POST', pattern: '/sandbox/connections/:connection_id/records/:resource/:id/restore', auth: 'key',
      handler: (ctx) => {
        const c = connection(ctx.params.connection_id);
        const key = DELETABLE[ctx.params.resource];
        if (!key) throw fail.invalid('path', 'resource', `must be one of ${Object.keys(DELETABLE).join(', ')}`);
        if (!c.data[key].restore(ctx.params.id)) throw fail.notFound(ctx.params.id, 'Deleted record');
        core.onChange();
        return { body: { connection_id: c.id, resource: ctx.params.resource, id: ctx.params.id, restored: true } };
      },
    },
    {
      method: 'POST', pattern: '/sandbox/activity/tick', auth: 'key',
      handler: (ctx) => {
        const b = parse(z.object({ connection_id: z.string().optional(), steps: z.int().min(1).max(10_000).optional() }), ctx);
        if (b.connection_id) connection(b.connection_id);
        return { body: { steps: activity.tick(b.steps ?? 1, b.connection_id) } };
      },
    },
  ];
}

// The audit trail (server/src/audit/): the AuditEntry type, Query.auditLog and the auditHistory of
// orders and inventory items. Entries are read only within the viewer's own 3PL and brands.
import { decodeGlobalID, encodeGlobalID } from '@pothos/plugin-relay';
import { GraphQLError } from 'graphql';
import type { Viewer } from '../../auth/viewer.js';
import { AuditRecordType, AuditSource } from '../../generated/prisma/enums.js';
import type { AuditLog, Prisma } from '../../generated/prisma/client.js';
import { isUuid } from '../../lib/uuid.js';
import { auditConnection } from '../audit-page.js';
import { builder } from '../builder.js';
import { parseGlobalId } from '../ids.js';
import { viewerOf } from '../scope.js';

const AuditSourceEnum = builder.enumType(AuditSource, {
  name: 'AuditSource',
  description: 'Where an audited change came from.',
  values: {
    SYNC: { description: 'A sync page read from Trackstar (backfill or incremental run).' },
    WEBHOOK: { description: 'A Trackstar webhook event (event names it, e.g. "inventory.updated").' },
    RECONCILE: { description: "The deletion reconcile: a record gone from Trackstar's listing was marked deleted, or found again." },
    USER: { description: "A user's action through the API (actor names the user and API key)." },
  } satisfies Record<keyof typeof AuditSource, { description: string }>,
});

const AuditRecordTypeEnum = builder.enumType(AuditRecordType, {
  name: 'AuditRecordType',
  description: 'What an audit entry is about.',
  values: {
    ORDER: { description: 'An order (recordId is an Order ID).' },
    INVENTORY_ITEM: { description: 'An inventory item (InventoryItem ID).' },
    PRODUCT: { description: 'A product (Product ID).' },
    WAREHOUSE: { description: 'A warehouse (Warehouse ID).' },
    WAREHOUSE_LOCATION: { description: 'A warehouse location.' },
    SHIPPING_METHOD: { description: 'A shipping method (ShippingMethod ID).' },
    RETURN: { description: 'A return (Return ID).' },
    INBOUND_SHIPMENT: { description: 'An inbound shipment (InboundShipment ID).' },
    INTEGRATION: { description: "The brand's Trackstar connection and its sync settings (BrandIntegration ID)." },
    CONNECT_LINK: { description: 'A connect link (ConnectLink ID).' },
    WEBHOOK_EVENT: { description: 'A stored webhook delivery (WebhookEvent ID), e.g. replayed.' },
    BRAND: { description: 'The brand itself (Brand ID), e.g. created.' },
    MEMBER: { description: "Someone on the 3PL's team: a role change, removal or brand access (recordId encodes their user id)." },
    INVITATION: { description: 'An invitation (Invitation ID): sent, revoked or accepted.' },
    API_KEY: { description: 'An API key (ApiKey ID): created or revoked.' },
    WEBHOOK_ENDPOINT: { description: 'An outbound webhook endpoint (WebhookEndpoint ID): created, changed, deleted, secret rotated, deliveries replayed.' },
  } satisfies Record<keyof typeof AuditRecordType, { description: string }>,
});

/** The GraphQL type each record type's ids are encoded with. */
const TYPENAMES: Record<AuditRecordType, string> = {
  ORDER: 'Order', INVENTORY_ITEM: 'InventoryItem', PRODUCT: 'Product', WAREHOUSE: 'Warehouse', WAREHOUSE_LOCATION: 'WarehouseLocation',
  SHIPPING_METHOD: 'ShippingMethod', RETURN: 'Return', INBOUND_SHIPMENT: 'InboundShipment', INTEGRATION: 'BrandIntegration',
  CONNECT_LINK: 'ConnectLink', WEBHOOK_EVENT: 'WebhookEvent', BRAND: 'Brand', MEMBER: 'User', INVITATION: 'Invitation', API_KEY: 'ApiKey',
  WEBHOOK_ENDPOINT: 'WebhookEndpoint',
};

type FieldChange = { field: string; before: unknown; after: unknown };

const FieldChangeRef = builder.objectRef<FieldChange>('AuditFieldChange').implement({
  description: 'One mapped field of a record: its value before and after the change.',
  fields: (t) => ({
    field: t.exposeString('field', { description: 'The field, as Packr names it (e.g. "onHand", "status"; the GraphQL field of the same name where there is one).' }),
    before: t.field({ type: 'JSON', nullable: true, description: 'The value before; null when the record was created by this change (or the field was empty).', resolve: (c) => c.before }),
    after: t.field({ type: 'JSON', nullable: true, description: 'The value after; null when the change emptied the field.', resolve: (c) => c.after }),
  }),
});

type Actor = { userId: string; apiKeyId: string | null };

const ActorRef = builder.objectRef<Actor>('AuditActor').implement({
  description: 'Who took a user action.',
  fields: (t) => ({
    userId: t.exposeString('userId', { description: "The acting user's id." }),
    apiKeyId: t.id({ nullable: true, description: 'The API key the request carried (ApiKey ID), when known.', resolve: (a) => (a.apiKeyId ? encodeGlobalID('ApiKey', a.apiKeyId) : null) }),
  }),
});

const AuditEntryRef = builder.objectRef<AuditLog>('AuditEntry').implement({
  description: 'One entry of the append-only audit trail: a change to a synced record, or a user action. Kept AUDIT_RETENTION_DAYS (90 by default).',
  fields: (t) => ({
    id: t.id({ description: "The entry's number; higher is later. Not a Node: node(id:) does not fetch it.", resolve: (e) => e.id.toString() }),
    at: t.field({ type: 'DateTime', description: 'When Packr made the change (its transaction time).', resolve: (e) => e.at }),
    source: t.field({ type: AuditSourceEnum, description: 'Where the change came from.', resolve: (e) => e.source }),
    event: t.exposeString('event', { description: 'What caused it: "sync page", a webhook event type such as "inventory.updated", or the user action ("triggerSync", "adjustInventory"...).' }),
    recordType: t.field({ type: AuditRecordTypeEnum, description: 'What the entry is about.', resolve: (e) => e.recordType }),
    recordId: t.id({
      nullable: true,
      description: "Global ID of the record (node(id:) fetches the Node types among them); null when the action created nothing in Packr.",
      resolve: (e) => (e.recordId ? encodeGlobalID(TYPENAMES[e.recordType], e.recordId) : null),
    }),
    externalId: t.exposeString('externalId', { nullable: true, description: "The WMS's id of the record, when it has one." }),
    actor: t.field({
      type: ActorRef,
      nullable: true,
      description: 'The user and API key of a USER entry; null for SYNC, WEBHOOK and RECONCILE.',
      resolve: (e) => (e.actorUserId ? { userId: e.actorUserId, apiKeyId: e.actorApiKeyId } : null),
    }),
    changes: t.field({
      type: [FieldChangeRef],
      description: 'The mapped fields that changed, each with its value before and after, in field name order; empty for an action that changed no field (the raw upstream record is never included).',
      resolve: (e) =>
        Object.entries((e.changes ?? {}) as Record<string, [unknown, unknown]>)
          .map(([field, [before, after]]) => ({ field, before, after }))
          .sort((a, b) => (a.field < b.field ? -1 : a.field > b.field ? 1 : 0)),
    }),
    detail: t.field({ type: 'JSON', nullable: true, description: 'Arguments of a user action that are not field changes (e.g. the resources a sync was asked for); null otherwise.', resolve: (e) => e.detail }),
    idempotencyKey: t.exposeString('idempotencyKey', { nullable: true, description: "The Idempotency-Key of the user's WMS write behind the entry, if any." }),
  }),
});

const AuditLogFilter = builder.inputType('AuditLogFilter', {
  description: 'Conditions on Query.auditLog; all that are given must hold.',
  fields: (t) => ({
    recordId: t.id({ description: 'Only entries about this record: its global ID (Order, InventoryItem, BrandIntegration...) or Packr uuid.' }),
    source: t.field({ type: AuditSourceEnum, description: 'Only entries from this source.' }),
    since: t.field({ type: 'DateTime', description: 'Only entries at or after this time.' }),
    until: t.field({ type: 'DateTime', description: 'Only entries before this time.' }),
  }),
});

const badInput = (message: string) => new GraphQLError(message, { extensions: { code: 'BAD_USER_INPUT' } });

/** A record id argument: any global ID or a bare uuid, as Packr's uuid. */
function recordUuid(value: string | number): string {
  const text = String(value);
  if (isUuid(text)) return text.toLowerCase();
  try {
    const { id } = decodeGlobalID(text);
    if (isUuid(id)) return id.toLowerCase();
  } catch {
    // Falls through to the error below.
  }
  throw badInput('Invalid recordId: pass a record’s global ID');
}

/** Entries of one brand, only if the viewer may read it (its 3PL, and its grant for a brand viewer). */
function visibleEntries(viewer: Viewer, brandId: string): Prisma.AuditLogWhereInput {
  const allowed = viewer.brandIds === null || viewer.brandIds.includes(brandId);
  return { threePLId: viewer.threePLId, brandId: allowed ? brandId : { in: [] } };
}

builder.queryField('auditLog', (t) =>
  t.connection(
    {
      type: AuditEntryRef,
      authScopes: { authenticated: true },
      description: "A brand's audit trail, newest first: every change to its synced records (mapped fields before and after) and every user action on it. Empty for a brand the caller may not read.",
      args: {
        brandId: t.arg.id({ required: true, description: 'The Brand global ID.' }),
        filter: t.arg({ type: AuditLogFilter, description: 'Optional conditions; omitted means every entry.' }),
      },
      resolve: (_root, args, ctx) => {
        const brandId = parseGlobalId(args.brandId, 'Brand');
        const f = args.filter ?? {};
        if (f.since && f.until && f.since >= f.until) throw badInput('filter.since must be before filter.until');
        const where: Prisma.AuditLogWhereInput = {
          ...visibleEntries(viewerOf(ctx), brandId),
          ...(f.recordId != null ? { recordId: recordUuid(f.recordId) } : {}),
          ...(f.source ? { source: f.source } : {}),
          ...(f.since || f.until ? { at: { ...(f.since ? { gte: f.since } : {}), ...(f.until ? { lt: f.until } : {}) } } : {}),
        };
        const fingerprint = ['auditLog', brandId, f.recordId ?? null, f.source ?? null, f.since?.toISOString() ?? null, f.until?.toISOString() ?? null];
        return auditConnection(args, where, fingerprint) as never;
      },
    },
    { name: 'AuditEntryConnection', description: 'A page of audit entries.' },
    { name: 'AuditEntryEdge', description: 'An audit entry in a page, with its cursor.' },
  ),
);

/**
 * `auditHistory` of a synced record type: its own entries, newest first. The record was already
 * read within the viewer's scope; the 3PL condition keeps the entries there too.
 */
function historyField(model: 'Order' | 'InventoryItem', what: string) {
  builder.prismaObjectField(model, 'auditHistory', (t) =>
    t.connection(
      {
        type: AuditEntryRef,
        description: `Every change to this ${what} Packr recorded (audit trail, newest first): mapped fields before and after, the source (sync, webhook, reconcile, user) and when. Kept AUDIT_RETENTION_DAYS (90 by default).`,
        select: { brandId: true },
        resolve: (record, args, ctx) =>
          auditConnection(args, { threePLId: viewerOf(ctx).threePLId, brandId: record.brandId, recordId: record.id }, [`${model}.auditHistory`, record.id]) as never,
      },
      { name: `${model}AuditHistoryConnection`, description: `A page of the ${what}'s audit entries.` },
      { name: `${model}AuditHistoryEdge`, description: `An audit entry of the ${what}, with its cursor.` },
    ),
  );
}

historyField('Order', 'order');
historyField('InventoryItem', 'inventory item');

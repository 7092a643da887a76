// The tenant isolation matrix: every root field × every kind of caller. The rows are checked
// against the schema, so a new root field fails this file until it gets its row.
import { isObjectType, type GraphQLObjectType } from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { db } from '../db.js';
import { buildApp } from '../http/app.js';
import { evaluateBrandAlerts } from '../alerts/evaluate.js';
import { refreshBrandAttention } from '../attention/refresh.js';
import { randomBytes } from 'node:crypto';
import { hashInvitationToken } from '../services/invitations.js';
import { addUser, issueApiKey } from '../services/tenants.js';
import { schema } from './schema.js';
import { gql, makeTenant, type TenantFixture } from '../../test/fixtures.js';
import { encodeGlobalId as gid } from '../../test/support/ids.js';
import { seedBrandData, type BrandData } from '../../test/support/seed.js';

const app = buildApp();
afterAll(() => app.stop());

type Role = 'owner' | 'admin' | 'operator' | 'viewer' | 'viewerOtherBrand' | 'otherTenant' | 'noKey' | 'revokedKey';
type Outcome = 'ok' | 'notFound' | 'forbidden' | 'unauthenticated' | 'skip';
/** `single`: the field returns one record, which must be the target or null (never another record). */
type Operation = { query: string; variables?: Record<string, unknown>; target: string | null; single?: boolean };
/** `label`: a second row of a field (another form of its arguments) names itself in the test title. */
type Row = { field: string; label?: string; op: (d: BrandData) => Operation | Promise<Operation>; expect?: Partial<Record<Role, Outcome>> };

const ROLES: Role[] = ['owner', 'admin', 'operator', 'viewer', 'viewerOtherBrand', 'otherTenant', 'noKey', 'revokedKey'];

/** Reads scoped to a brand: its members and its brand viewer see it; nobody else does. */
const READ: Record<Role, Outcome> = {
  owner: 'ok',
  admin: 'ok',
  operator: 'ok',
  viewer: 'ok',
  viewerOtherBrand: 'notFound',
  otherTenant: 'notFound',
  noKey: 'unauthenticated',
  revokedKey: 'unauthenticated',
};
/** Writes for OWNER/ADMIN; a manager of another tenant acts on its own tenant. */
const MANAGE: Partial<Record<Role, Outcome>> = { operator: 'forbidden', viewer: 'forbidden', viewerOtherBrand: 'forbidden', otherTenant: 'ok' };

const MANAGE_UPSTREAM: Partial<Record<Role, Outcome>> = { ...MANAGE, owner: 'skip', admin: 'skip', otherTenant: 'notFound' };
/** Team reads (#17): OWNER and ADMIN of tenant t; another tenant's manager sees only its own team. */
const TEAM: Partial<Record<Role, Outcome>> = { operator: 'forbidden', viewer: 'forbidden', viewerOtherBrand: 'forbidden', otherTenant: 'notFound' };
/** Outbound endpoint reads: members of tenant t; brand viewers FORBIDDEN; another tenant sees only its own. */
const OUTBOUND_READ: Partial<Record<Role, Outcome>> = { viewer: 'forbidden', viewerOtherBrand: 'forbidden', otherTenant: 'notFound' };

const connection = (field: string, entity: (d: BrandData) => string, type: string): Row => ({
  field,
  op: (d) => ({
    query: `query ($b: ID!) { ${field}(brandId: $b, first: 50) { edges { node { id } } } }`,
    variables: { b: gid('Brand', d.brandId) },
    target: gid(type, entity(d)),
  }),
});
/**
 * The cross-brand form of a list (#16): every brand the caller may read (no brand argument), or
 * brandIds naming both brands of the tenant. A caller must still see only the target's brand:
 * a viewer of brand A never sees brand B's row, another tenant nothing of this one.
 */
const crossBrand = (field: string, entity: (d: BrandData) => string, type: string, form: 'all' | 'brandIds'): Row => ({
  field,
  label: `${field} (${form === 'all' ? 'every readable brand' : 'brandIds'})`,
  op: (d) => ({
    query: `query ($bs: [ID!]) { ${field}(brandIds: $bs, first: 50) { edges { node { id } } } }`,
    variables: form === 'all' ? {} : { bs: [gid('Brand', data.A.brandId), gid('Brand', data.B.brandId)] },
    target: gid(type, entity(d)),
  }),
});
const byId = (field: string, entity: (d: BrandData) => string, type: string): Row => ({
  field,
  op: (d) => ({ query: `query ($id: ID!) { ${field}(id: $id) { id } }`, variables: { id: gid(type, entity(d)) }, target: gid(type, entity(d)), single: true }),
});
const brandList = (field: string, entity: (d: BrandData) => string, type: string): Row => ({
  field,
  op: (d) => ({ query: `query ($b: ID!) { ${field}(brandId: $b) { id } }`, variables: { b: gid('Brand', d.brandId) }, target: gid(type, entity(d)) }),
});

let t: TenantFixture;
let other: TenantFixture;
let data: { A: BrandData; B: BrandData };
let revokedKey: string;
let names = 0;

const ROWS: Row[] = [
  { field: 'viewer', op: () => ({ query: '{ viewer { userId role } }', target: null }), expect: { viewerOtherBrand: 'ok', otherTenant: 'ok' } },
  { field: 'brands', op: (d) => ({ query: '{ brands { id } }', target: gid('Brand', d.brandId) }) },
  byId('brand', (d) => d.brandId, 'Brand'),
  { field: 'integrations', op: (d) => ({ query: '{ integrations { id } }', target: gid('BrandIntegration', d.integrationId) }) },
  brandListSingle('integration', (d) => d.integrationId, 'BrandIntegration'),
  connection('orders', (d) => d.orderId, 'Order'),
  byId('order', (d) => d.orderId, 'Order'),
  connection('products', (d) => d.productId, 'Product'),
  connection('inventory', (d) => d.inventoryItemId, 'InventoryItem'),
  byId('inventoryItem', (d) => d.inventoryItemId, 'InventoryItem'),
  connection('shipments', (d) => d.shipmentId, 'Shipment'),
  brandList('warehouses', (d) => d.warehouseId, 'Warehouse'),
  brandList('shippingMethods', (d) => d.shippingMethodId, 'ShippingMethod'),
  connection('returns', (d) => d.returnId, 'Return'),
  connection('inboundShipments', (d) => d.inboundShipmentId, 'InboundShipment'),
  ...(['all', 'brandIds'] as const).flatMap((form) => [
    crossBrand('orders', (d) => d.orderId, 'Order', form),
    crossBrand('inventory', (d) => d.inventoryItemId, 'InventoryItem', form),
    crossBrand('shipments', (d) => d.shipmentId, 'Shipment', form),
    crossBrand('returns', (d) => d.returnId, 'Return', form),
    crossBrand('inboundShipments', (d) => d.inboundShipmentId, 'InboundShipment', form),
  ]),
  byId('node', (d) => d.orderId, 'Order'),
  // The attention board (#16): the seeded item (fulfillable 4) is LOW_STOCK in each brand. Asked
  // for every brand of the tenant, a caller still gets only what it may read.
  {
    field: 'attention',
    op: async (d) => ({
      query: 'query ($bs: [ID!]) { attention(brandIds: $bs, first: 50) { edges { node { id } } } }',
      variables: { bs: [gid('Brand', data.A.brandId), gid('Brand', data.B.brandId)] },
      target: gid('AttentionItem', await attentionItemOf(d.brandId)),
    }),
  },
  {
    field: 'attentionCounts',
    op: async (d) => {
      await attentionItemOf(d.brandId);
      return { query: 'query ($bs: [ID!]) { attentionCounts(brandIds: $bs) { byBrand { brand { id } } } }', variables: { bs: [gid('Brand', data.A.brandId), gid('Brand', data.B.brandId)] }, target: gid('Brand', d.brandId) };
    },
  },
  { field: 'attentionSettings', op: (d) => ({ query: 'query ($b: ID!) { attentionSettings(brandId: $b) { brand { id } } }', variables: { b: gid('Brand', d.brandId) }, target: gid('Brand', d.brandId) }) },
  trackstarMutation('updateAttentionSettings', 'mutation ($b: ID!) { updateAttentionSettings(brandId: $b, input: {}) { lowStockThreshold } }', { ...MANAGE, otherTenant: 'notFound' }),
  {
    field: 'setLowStockThreshold',
    op: (d) => ({
      query: 'mutation ($i: ID!) { setLowStockThreshold(inventoryItemId: $i, threshold: null) { id } }',
      variables: { i: gid('InventoryItem', d.inventoryItemId) },
      target: gid('InventoryItem', d.inventoryItemId),
      single: true,
    }),
    expect: { ...MANAGE, otherTenant: 'notFound' },
  },
  {
    field: 'apiKeys',
    // The owner's first key: managers list every key of the 3PL, others only their own.
    op: async () => {
      const key = await db.apiKey.findFirstOrThrow({ where: { threePLId: t.threePLId, name: 'Initial key' }, select: { id: true } });
      return { query: '{ apiKeys { id prefix } }', target: gid('ApiKey', key.id) };
    },
    expect: { operator: 'notFound', viewer: 'notFound', viewerOtherBrand: 'notFound' },
  },
  { field: 'appConfig', op: () => ({ query: '{ appConfig { trackstarConfigured } }', target: null }), expect: { viewerOtherBrand: 'ok', otherTenant: 'ok' } },
  {
    field: 'createBrand',
    op: () => ({ query: 'mutation ($n: String!) { createBrand(input: { name: $n }) { id } }', variables: { n: `Matrix brand ${++names}` }, target: null }),
    expect: MANAGE,
  },
  {
    field: 'createApiKey',
    op: () => ({ query: 'mutation { createApiKey(input: { name: "matrix" }) { key apiKey { id } } }', target: null }),
    expect: MANAGE,
  },
  {
    field: 'revokeApiKey',
    // A fresh victim key of tenant t's operator each time (an ADMIN may not revoke an OWNER's key:
    // team.int.test.ts); another tenant's manager must get "not found".
    op: async () => {
      const operator = await db.apiKey.findFirstOrThrow({ where: { threePLId: t.threePLId, name: 'OPERATOR key' }, select: { userId: true } });
      const victim = await issueApiKey({ userId: operator.userId, threePLId: t.threePLId, name: 'victim' });
      return { query: 'mutation ($id: ID!) { revokeApiKey(id: $id) { id revokedAt } }', variables: { id: gid('ApiKey', victim.id) }, target: gid('ApiKey', victim.id) };
    },
    expect: { ...MANAGE, otherTenant: 'notFound' },
  },
  // The sync engineer's Trackstar mutations: their successful paths need the sandbox and the
  // queues and are tested with the sync code; here every denial is checked.
  trackstarMutation('createTrackstarLinkToken', 'mutation ($b: ID!) { createTrackstarLinkToken(brandId: $b) { linkToken } }', MANAGE_UPSTREAM),
  trackstarMutation('connectTrackstar', 'mutation ($b: ID!) { connectTrackstar(brandId: $b, authCode: "x") { id } }', MANAGE_UPSTREAM),
  trackstarMutation('disconnectTrackstar', 'mutation ($b: ID!) { disconnectTrackstar(brandId: $b) { id } }', MANAGE_UPSTREAM),
  trackstarMutation('triggerSync', 'mutation ($b: ID!) { triggerSync(brandId: $b) { id } }', { ...MANAGE_UPSTREAM, operator: 'skip', viewer: 'forbidden' }),
  // Sync settings: an empty change reads them back (the seeded integration has no token, so no schedulers are touched).
  trackstarMutation('updateSyncSettings', 'mutation ($b: ID!) { updateSyncSettings(brandId: $b, input: {}) { backfillDays } }', { ...MANAGE, otherTenant: 'notFound' }),
  // Connect links: OWNER and ADMIN only. Creating one needs Trackstar (tested with the sandbox in
  // services/connect-links.int.test.ts); revoking an already revoked link touches nothing upstream.
  {
    field: 'connectLinks',
    op: async (d) => ({ query: 'query ($b: ID!) { connectLinks(brandId: $b, includeInactive: true) { id } }', variables: { b: gid('Brand', d.brandId) }, target: gid('ConnectLink', await connectLinkOf(d.brandId)) }),
    expect: { operator: 'forbidden', viewer: 'forbidden', viewerOtherBrand: 'forbidden' },
  },
  trackstarMutation('createConnectLink', 'mutation ($b: ID!) { createConnectLink(brandId: $b) { id } }', MANAGE_UPSTREAM),
  {
    field: 'revokeConnectLink',
    op: async (d) => {
      const id = gid('ConnectLink', await connectLinkOf(d.brandId));
      return { query: 'mutation ($id: ID!) { revokeConnectLink(id: $id) { id } }', variables: { id }, target: id, single: true };
    },
    expect: { ...MANAGE, otherTenant: 'notFound' },
  },
  // The 3PL's Link filter: every manager reads and sets their own 3PL's.
  { field: 'integrationFilter', op: () => ({ query: '{ integrationFilter { isDefault } }', target: null }), expect: MANAGE },
  { field: 'updateIntegrationFilter', op: () => ({ query: 'mutation { updateIntegrationFilter(integrationsWithEndpoints: null) { isDefault } }', target: null }), expect: MANAGE },
  // Trackstar's catalogue needs Trackstar (tested with the sandbox in services/integration-filter.int.test.ts).
  { field: 'wmsIntegrations', op: () => ({ query: '{ wmsIntegrations { fetchedAt } }', target: null }), expect: { ...MANAGE_UPSTREAM, otherTenant: 'skip' } },
  // WMS writes (OWNER, ADMIN, OPERATOR). The seeded integration has no access token, so a member's
  // write gets as far as the connection check (NOT_CONNECTED in userErrors: proof it passed the
  // role and tenant checks, and nothing is sent); another tenant's brand, order or item is NOT_FOUND
  // before that. The written paths are tested with the sandbox in services/wms-writes.int.test.ts.
  wmsWrite('createOrder', (d) => ({ query: `mutation ($b: ID!) { createOrder(brandId: $b, input: ${MATRIX_ORDER}) { userErrors { code } } }`, variables: { b: gid('Brand', d.brandId) } })),
  wmsWrite('createOrders', (d) => ({ query: `mutation ($b: ID!) { createOrders(brandId: $b, inputs: [${MATRIX_ORDER}]) { results { userErrors { code } } } }`, variables: { b: gid('Brand', d.brandId) } })),
  wmsWrite('updateOrder', (d) => ({ query: 'mutation ($id: ID!) { updateOrder(orderId: $id, input: { serviceLevel: "x" }) { userErrors { code } } }', variables: { id: gid('Order', d.orderId) } })),
  wmsWrite('cancelOrder', (d) => ({ query: 'mutation ($id: ID!) { cancelOrder(orderId: $id) { userErrors { code } } }', variables: { id: gid('Order', d.orderId) } })),
  wmsWrite('shipOrder', (d) => ({
    query: 'mutation ($id: ID!, $w: ID!) { shipOrder(orderId: $id, input: { warehouseId: $w, shippedDate: "2026-01-01T00:00:00Z", trackingNumber: "t", shippingCost: 1 }) { userErrors { code } } }',
    variables: { id: gid('Order', d.orderId), w: gid('Warehouse', d.warehouseId) },
  })),
  wmsWrite('adjustInventory', (d) => ({
    query: 'mutation ($i: ID!, $w: ID!) { adjustInventory(input: { inventoryItemId: $i, warehouseId: $w, quantity: 1, adjustmentType: INCREASE }) { userErrors { code } } }',
    variables: { i: gid('InventoryItem', d.inventoryItemId), w: gid('Warehouse', d.warehouseId) },
  })),
  wmsWrite('adjustInventoryBatch', (d) => ({
    query: 'mutation ($i: ID!, $w: ID!) { adjustInventoryBatch(inputs: [{ inventoryItemId: $i, warehouseId: $w, quantity: 1, adjustmentType: INCREASE }]) { results { userErrors { code } } } }',
    variables: { i: gid('InventoryItem', d.inventoryItemId), w: gid('Warehouse', d.warehouseId) },
  })),
  wmsWrite('createInboundShipment', (d) => ({
    query: 'mutation ($b: ID!, $w: ID!) { createInboundShipment(brandId: $b, input: { purchaseOrderNumber: "p", supplier: "s", expectedArrivalDate: "2026-01-01T00:00:00Z", warehouseId: $w, trackingNumber: "t", lineItems: [{ sku: "x", expectedQuantity: 1 }] }) { userErrors { code } } }',
    variables: { b: gid('Brand', d.brandId), w: gid('Warehouse', d.warehouseId) },
  })),
  wmsWrite('createReturn', (d) => ({ query: 'mutation ($b: ID!) { createReturn(brandId: $b, input: { lineItems: [{ sku: "x", quantity: 1 }] }) { userErrors { code } } }', variables: { b: gid('Brand', d.brandId) } })),
  // The realtime engineer's health panel: a brand-scoped read.
  { field: 'health', op: (d) => ({ query: 'query ($b: ID!) { health(brandId: $b) { __typename } }', variables: { b: gid('Brand', d.brandId) }, target: null }) },
  // The audit trail: a brand-scoped read; the target is an entry of the brand (found by its event).
  {
    field: 'auditLog',
    op: async (d) => ({
      query: 'query ($b: ID!) { auditLog(brandId: $b, first: 50) { edges { node { event } } } }',
      variables: { b: gid('Brand', d.brandId) },
      target: await auditEntryOf(d.brandId),
    }),
  },
  {
    field: 'replayWebhookEvent',
    // A failed delivery of the target brand; replaying it for real enqueues work (tested with the webhook code).
    op: async (d) => {
      const event = await db.trackstarWebhookEvent.create({
        data: { deliveryId: `msg_${Math.random().toString(36).slice(2)}`, eventType: 'order.updated', brandId: d.brandId, signatureValid: true, status: 'FAILED', payload: {} },
      });
      return { query: 'mutation ($id: ID!) { replayWebhookEvent(id: $id) { __typename } }', variables: { id: gid('WebhookEvent', event.id) }, target: null };
    },
    expect: MANAGE_UPSTREAM,
  },
  // The team (#17): OWNER and ADMIN only. Each mutation acts on a fresh target of tenant t, which
  // another tenant's manager cannot find; that manager's own invitations act on its own tenant.
  { field: 'members', op: async () => ({ query: '{ members { userId } }', target: await teamUser('OPERATOR') }), expect: TEAM },
  { field: 'invitations', op: async () => ({ query: '{ invitations { id } }', target: gid('Invitation', (await pendingInvitation()).id) }), expect: TEAM },
  {
    field: 'inviteMember',
    op: () => ({ query: 'mutation ($e: String!) { inviteMember(email: $e, role: OPERATOR) { url } }', variables: { e: `matrix-${++names}-${Date.now()}@example.test` }, target: null }),
    expect: MANAGE,
  },
  {
    field: 'revokeInvitation',
    op: async () => {
      const id = gid('Invitation', (await pendingInvitation()).id);
      return { query: 'mutation ($id: ID!) { revokeInvitation(id: $id) { id } }', variables: { id }, target: id, single: true };
    },
    expect: { ...MANAGE, otherTenant: 'notFound' },
  },
  {
    field: 'acceptInvitation',
    // Unauthenticated by design: the token is the credential. A key sent along must still be valid.
    op: async () => ({ query: 'mutation ($tok: String!) { acceptInvitation(token: $tok, name: "Matrix") { userId } }', variables: { tok: (await pendingInvitation()).token }, target: null }),
    expect: { viewer: 'ok', viewerOtherBrand: 'ok', otherTenant: 'ok', noKey: 'ok' },
  },
  teamMutation('updateMemberRole', 'mutation ($u: ID!) { updateMemberRole(userId: $u, role: ADMIN) { userId } }', () => teamUser('OPERATOR')),
  teamMutation('removeMember', 'mutation ($u: ID!) { removeMember(userId: $u) }', () => teamUser('OPERATOR')),
  teamMutation('grantBrandAccess', 'mutation ($u: ID!, $b: [ID!]!) { grantBrandAccess(userId: $u, brandIds: $b) { userId } }', () => teamUser(null, [data.B.brandId]), true),
  teamMutation('revokeBrandAccess', 'mutation ($u: ID!, $b: [ID!]!) { revokeBrandAccess(userId: $u, brandIds: $b) { userId } }', () => teamUser(null, [data.A.brandId, data.B.brandId]), true),
  {
    field: 'updateBrand',
    // Renamed to its own name: allowed, and the matrix brands keep their names.
    op: async (d) => {
      const { name } = await db.brand.findUniqueOrThrow({ where: { id: d.brandId }, select: { name: true } });
      return { query: 'mutation ($b: ID!, $n: String!) { updateBrand(brandId: $b, name: $n) { id } }', variables: { b: gid('Brand', d.brandId), n: name }, target: gid('Brand', d.brandId), single: true };
    },
    expect: { ...MANAGE, otherTenant: 'notFound' },
  },
  {
    field: 'archiveBrand',
    // A fresh brand of tenant t each time: archiving the matrix brands would hide them from the list rows.
    op: async () => {
      const brand = await db.brand.create({ data: { threePLId: t.threePLId, name: `Matrix archive ${++names}` }, select: { id: true } });
      return { query: 'mutation ($b: ID!) { archiveBrand(brandId: $b) { id } }', variables: { b: gid('Brand', brand.id) }, target: gid('Brand', brand.id), single: true };
    },
    expect: { ...MANAGE, otherTenant: 'notFound' },
  },
  {
    field: 'restoreBrand',
    // A fresh archived brand of tenant t each time, like archiveBrand's row.
    op: async () => {
      const brand = await db.brand.create({ data: { threePLId: t.threePLId, name: `Matrix restore ${++names}`, archivedAt: new Date() }, select: { id: true } });
      return { query: 'mutation ($b: ID!) { restoreBrand(brandId: $b) { id } }', variables: { b: gid('Brand', brand.id) }, target: gid('Brand', brand.id), single: true };
    },
    expect: { ...MANAGE, otherTenant: 'notFound' },
  },
  // Chart aggregates across brands: the brand's sync run (seeded once, now) must show under its brand, for its readers only.
  {
    field: 'operationsStats',
    op: async (d) => {
      await syncRunOf(d.integrationId);
      return { query: 'query ($b: [ID!]) { operationsStats(brandIds: $b) { syncRecordsPerHour { brand { id } records } } }', variables: { b: [gid('Brand', d.brandId)] }, target: gid('Brand', d.brandId) };
    },
  },
  // Alerts (#17): a brand's alerts for its readers (the seeded item opens LOW_STOCK), rules for
  // its readers, rule changes for OWNER/ADMIN; the bell's counts and read mark are the caller's own.
  {
    field: 'alerts',
    op: async (d) => ({
      query: 'query ($bs: [ID!]) { alerts(brandIds: $bs, first: 50) { edges { node { id } } } }',
      variables: { bs: [gid('Brand', data.A.brandId), gid('Brand', data.B.brandId)] },
      target: gid('Alert', await alertOf(d.brandId)),
    }),
  },
  { field: 'alertSummary', op: () => ({ query: '{ alertSummary { open unread } }', target: null }), expect: { viewerOtherBrand: 'ok', otherTenant: 'ok' } },
  { field: 'alertRules', op: (d) => ({ query: 'query ($b: ID!) { alertRules(brandId: $b) { brand { id } } }', variables: { b: gid('Brand', d.brandId) }, target: gid('Brand', d.brandId) }) },
  {
    field: 'updateAlertRule',
    op: (d) => ({ query: 'mutation ($b: ID!) { updateAlertRule(input: { kind: LATE_ORDERS, brandId: $b }) { brand { id } } }', variables: { b: gid('Brand', d.brandId) }, target: gid('Brand', d.brandId) }),
    expect: { ...MANAGE, otherTenant: 'notFound' },
  },
  { field: 'markAlertsRead', op: () => ({ query: 'mutation { markAlertsRead { readSequence } }', target: null }), expect: { viewerOtherBrand: 'ok', otherTenant: 'ok' } },
  // Outbound webhooks (#17): endpoints belong to the 3PL. Members read them (brand viewers are
  // FORBIDDEN); OWNER and ADMIN manage. Each mutation acts on a fresh endpoint of tenant t, which
  // another tenant's manager cannot find.
  { field: 'webhookEndpoints', op: async () => ({ query: '{ webhookEndpoints { id } }', target: gid('WebhookEndpoint', await freshEndpoint()) }), expect: OUTBOUND_READ },
  { field: 'outboundEventTypes', op: () => ({ query: '{ outboundEventTypes { type } }', target: null }), expect: { viewerOtherBrand: 'ok', otherTenant: 'ok' } },
  { field: 'createWebhookEndpoint', op: () => ({ query: 'mutation { createWebhookEndpoint(input: { url: "https://hooks.example.test/m" }) { secret } }', target: null }), expect: MANAGE },
  endpointMutation('updateWebhookEndpoint', 'mutation ($id: ID!) { updateWebhookEndpoint(input: { id: $id, description: "m" }) { id } }', true),
  endpointMutation('deleteWebhookEndpoint', 'mutation ($id: ID!) { deleteWebhookEndpoint(id: $id) }'),
  endpointMutation('rotateWebhookEndpointSecret', 'mutation ($id: ID!) { rotateWebhookEndpointSecret(id: $id) { endpoint { id } } }'),
  { field: 'sendTestWebhookEvent', op: async () => ({ query: 'mutation ($id: ID!) { sendTestWebhookEvent(endpointId: $id) { id } }', variables: { id: gid('WebhookEndpoint', await freshEndpoint()) }, target: null }), expect: { ...MANAGE, otherTenant: 'notFound' } },
  {
    field: 'replayOutboundDelivery',
    op: async () => {
      const id = gid('OutboundDelivery', await failedDeliveryOf(await freshEndpoint()));
      return { query: 'mutation ($id: ID!) { replayOutboundDelivery(id: $id) { id } }', variables: { id }, target: id, single: true };
    },
    expect: { ...MANAGE, otherTenant: 'notFound' },
  },
  {
    field: 'replayFailedDeliveries',
    op: async () => {
      const endpointId = await freshEndpoint();
      await failedDeliveryOf(endpointId);
      return { query: 'mutation ($id: ID!, $s: DateTime!) { replayFailedDeliveries(endpointId: $id, since: $s) }', variables: { id: gid('WebhookEndpoint', endpointId), s: '2000-01-01T00:00:00Z' }, target: null };
    },
    expect: { ...MANAGE, otherTenant: 'notFound' },
  },
];

/** A fresh (disabled, so no record change is captured for it) webhook endpoint of tenant t. */
async function freshEndpoint(): Promise<string> {
  const row = await db.webhookEndpoint.create({ data: { threePLId: t.threePLId, url: 'https://hooks.example.test/matrix', secretCiphertext: 'v1.unused', enabled: false }, select: { id: true } });
  return row.id;
}

/** A FAILED delivery to the endpoint (for the replays). */
async function failedDeliveryOf(endpointId: string): Promise<string> {
  const event = await db.outboundEvent.create({ data: { threePLId: t.threePLId, type: 'order.status_changed', payload: {}, fannedOutAt: new Date() }, select: { id: true } });
  return (await db.outboundDelivery.create({ data: { threePLId: t.threePLId, endpointId, eventId: event.id, status: 'FAILED', attempts: 8 }, select: { id: true } })).id;
}

function endpointMutation(field: string, query: string, single = false): Row {
  return {
    field,
    op: async () => {
      const id = gid('WebhookEndpoint', await freshEndpoint());
      return { query, variables: { id }, target: id, single };
    },
    expect: { ...MANAGE, otherTenant: 'notFound' },
  };
}

/** A fresh member (or brand viewer of `brandIds`) of tenant t; returns their user id. */
async function teamUser(role: 'OPERATOR' | null, brandIds?: string[]): Promise<string> {
  return (await addUser({ threePLId: t.threePLId, email: `matrix-team-${++names}-${Date.now()}@example.test`, role, brandIds })).userId;
}

/** A pending invitation of tenant t, with the token its link would carry. */
async function pendingInvitation(): Promise<{ id: string; token: string }> {
  const token = `inv_${randomBytes(30).toString('base64url')}`;
  const inviter = await db.apiKey.findFirstOrThrow({ where: { threePLId: t.threePLId, name: 'Initial key' }, select: { userId: true } });
  const row = await db.invitation.create({
    data: { threePLId: t.threePLId, email: `matrix-invite-${++names}@example.test`, role: 'OPERATOR', tokenHash: hashInvitationToken(token), invitedById: inviter.userId, expiresAt: new Date(Date.now() + 86_400_000) },
    select: { id: true },
  });
  return { id: row.id, token };
}

/** A team mutation on a fresh user of tenant t; `withBrand` also passes the caller's target brand. */
function teamMutation(field: string, query: string, user: () => Promise<string>, withBrand = false): Row {
  return {
    field,
    op: async (d) => {
      const u = await user();
      return { query, variables: withBrand ? { u, b: [gid('Brand', d.brandId)] } : { u }, target: u };
    },
    expect: { ...MANAGE, otherTenant: 'notFound' },
  };
}

const syncRuns = new Set<string>();

/** One finished sync attempt of the integration, started now (for operationsStats). */
async function syncRunOf(integrationId: string): Promise<void> {
  if (syncRuns.has(integrationId)) return;
  syncRuns.add(integrationId);
  const now = new Date();
  await db.syncRun.create({ data: { integrationId, resource: 'ORDERS', reason: 'schedule', startedAt: now, finishedAt: now, outcome: 'COMPLETED', records: 7 } });
}

const auditEntries = new Map<string, string>();

/** An audit entry of the brand (one per brand); returns its event text, unique to the brand. */
async function auditEntryOf(brandId: string): Promise<string> {
  const known = auditEntries.get(brandId);
  if (known) return known;
  const event = `matrix entry ${brandId}`;
  const { threePLId } = await db.brand.findUniqueOrThrow({ where: { id: brandId }, select: { threePLId: true } });
  await db.auditLog.create({ data: { threePLId, brandId, source: 'SYNC', recordType: 'ORDER', event } });
  auditEntries.set(brandId, event);
  return event;
}

const connectLinks = new Map<string, string>();

/** A revoked connect link of the brand (one per brand), so reading and revoking it stay local. */
async function connectLinkOf(brandId: string): Promise<string> {
  const known = connectLinks.get(brandId);
  if (known) return known;
  const id = crypto.randomUUID();
  await db.connectLink.create({
    data: { id, brandId, trackstarId: `ml_${id}`, customerId: `packr-link-${id}`, url: null, integrationsWithEndpoints: [], expiresAt: new Date(Date.now() + 86_400_000), revokedAt: new Date() },
  });
  connectLinks.set(brandId, id);
  return id;
}

/** The brand's LOW_STOCK attention item (its seeded inventory item holds 4 units, under the default 10). */
async function attentionItemOf(brandId: string): Promise<string> {
  await refreshBrandAttention(brandId);
  return (await db.attentionItem.findFirstOrThrow({ where: { brandId, kind: 'LOW_STOCK' }, select: { id: true } })).id;
}

/** The brand's LOW_STOCK alert (the seeded item's attention item counts toward it). */
async function alertOf(brandId: string): Promise<string> {
  await attentionItemOf(brandId);
  await evaluateBrandAlerts(brandId);
  return (await db.alert.findFirstOrThrow({ where: { brandId, kind: 'LOW_STOCK', resolvedAt: null }, select: { id: true } })).id;
}

const MATRIX_ORDER = '{ orderNumber: "M", shipToAddress: { address1: "a", city: "c", state: "s", postalCode: "1", country: "US" }, lineItems: [{ sku: "x", quantity: 1 }] }';

/** A WMS write: members reach the connection check (target NOT_CONNECTED); viewers are FORBIDDEN, another tenant NOT_FOUND. */
function wmsWrite(field: string, op: (d: BrandData) => Omit<Operation, 'target'>): Row {
  return { field, op: (d) => ({ ...op(d), target: 'NOT_CONNECTED' }), expect: { viewer: 'forbidden', viewerOtherBrand: 'forbidden', otherTenant: 'notFound' } };
}

function trackstarMutation(field: string, query: string, expect: Partial<Record<Role, Outcome>>): Row {
  return { field, op: (d) => ({ query, variables: { b: gid('Brand', d.brandId) }, target: null }), expect };
}

function brandListSingle(field: string, entity: (d: BrandData) => string, type: string): Row {
  return {
    field,
    op: (d) => ({ query: `query ($b: ID!) { ${field}(brandId: $b) { id } }`, variables: { b: gid('Brand', d.brandId) }, target: gid(type, entity(d)) }),
  };
}

function caller(role: Role): { key: string | null; brand: 'A' | 'B' } {
  switch (role) {
    case 'viewerOtherBrand':
      return { key: t.keys.viewer, brand: 'B' };
    case 'otherTenant':
      return { key: other.keys.owner, brand: 'A' };
    case 'noKey':
      return { key: null, brand: 'A' };
    case 'revokedKey':
      return { key: revokedKey, brand: 'A' };
    default:
      return { key: t.keys[role], brand: 'A' };
  }
}

function outcomeOf(res: { status: number; body: { data?: any; errors?: { extensions?: Record<string, unknown> }[] } }, field: string, target: string | null, single = false): Outcome | string {
  const code = res.body.errors?.[0]?.extensions?.code;
  if (res.status === 401 || code === 'UNAUTHENTICATED') return 'unauthenticated';
  if (code === 'FORBIDDEN') return 'forbidden';
  if (code === 'NOT_FOUND') return 'notFound';
  if (res.body.errors) return `error ${JSON.stringify(res.body.errors)}`;
  const value = res.body.data?.[field];
  if (target === null) return value ? 'ok' : 'notFound';
  if (single && value && value.id !== target) return `another record instead of the target: ${JSON.stringify(value)}`;
  return JSON.stringify(value ?? null).includes(target) ? 'ok' : 'notFound';
}

beforeAll(async () => {
  t = await makeTenant('Matrix');
  other = await makeTenant('Intruder');
  data = { A: await seedBrandData(t.brandA.id), B: await seedBrandData(t.brandB.id) };
  const owner = await db.apiKey.findFirstOrThrow({ where: { threePLId: t.threePLId, name: 'Initial key' }, select: { userId: true } });
  const revoked = await issueApiKey({ userId: owner.userId, threePLId: t.threePLId, name: 'revoked' });
  await db.apiKey.update({ where: { id: revoked.id }, data: { revokedAt: new Date() } });
  revokedKey = revoked.key;
});

/**
 * node(id) for every type that implements Node, read from the schema itself: a new Node type
 * fails this file until it has an entity here (and so a tenant-scoped lookup proven by the matrix).
 */
const NODE_ENTITIES: Record<string, { id: (d: BrandData) => string | Promise<string>; expect?: Partial<Record<Role, Outcome>> }> = {
  Brand: { id: (d) => d.brandId },
  BrandIntegration: { id: (d) => d.integrationId },
  SyncState: { id: (d) => d.syncStateId },
  Order: { id: (d) => d.orderId },
  Shipment: { id: (d) => d.shipmentId },
  Product: { id: (d) => d.productId },
  InventoryItem: { id: (d) => d.inventoryItemId },
  Warehouse: { id: (d) => d.warehouseId },
  ShippingMethod: { id: (d) => d.shippingMethodId },
  Return: { id: (d) => d.returnId },
  InboundShipment: { id: (d) => d.inboundShipmentId },
  AttentionItem: { id: (d) => attentionItemOf(d.brandId) },
  Alert: { id: (d) => alertOf(d.brandId) },
  WebhookEndpoint: { id: () => freshEndpoint(), expect: { viewer: 'notFound', viewerOtherBrand: 'notFound' } },
  OutboundDelivery: { id: async () => failedDeliveryOf(await freshEndpoint()), expect: { viewer: 'notFound', viewerOtherBrand: 'notFound' } },
  Invitation: { id: async () => (await pendingInvitation()).id, expect: { operator: 'notFound', viewer: 'notFound', viewerOtherBrand: 'notFound' } },
  ConnectLink: { id: (d) => connectLinkOf(d.brandId), expect: { operator: 'notFound', viewer: 'notFound', viewerOtherBrand: 'notFound' } },
  ApiKey: {
    // The owner's first key: managers may read every key of the 3PL, others only their own.
    id: async () => (await db.apiKey.findFirstOrThrow({ where: { threePLId: t.threePLId, name: 'Initial key' }, select: { id: true } })).id,
    expect: { operator: 'notFound', viewer: 'notFound', viewerOtherBrand: 'notFound' },
  },
};

const NODE_TYPES = Object.values(schema.getTypeMap())
  .filter((type): type is GraphQLObjectType => isObjectType(type) && type.getInterfaces().some((i) => i.name === 'Node'))
  .map((type) => type.name)
  .sort();

describe('tenant isolation matrix: node(id) for every Node type', () => {
  it('has an entity for every type that implements Node', () => {
    expect(Object.keys(NODE_ENTITIES).sort()).toEqual(NODE_TYPES);
  });

  for (const typename of NODE_TYPES) {
    const entity = NODE_ENTITIES[typename];
    for (const role of ROLES) {
      const expected = entity?.expect?.[role] ?? READ[role];
      it(`node(${typename}) as ${role}: ${expected}`, async () => {
        expect(entity, `no entity for Node type ${typename}`).toBeDefined();
        const who = caller(role);
        const id = gid(typename, await entity.id(data[who.brand]));
        const res = await gql(app.yoga, 'query ($id: ID!) { node(id: $id) { id } }', { id }, who.key);
        expect(res.status).toBeLessThan(500);
        expect(outcomeOf(res, 'node', id, true), JSON.stringify(res.body)).toBe(expected);
      });
    }
  }
});

describe('tenant isolation matrix', () => {
  it('has a row for every root query and mutation field', () => {
    const fields = [...Object.keys(schema.getQueryType()!.getFields()), ...Object.keys(schema.getMutationType()?.getFields() ?? {})].sort();
    expect([...new Set(ROWS.map((r) => r.field))].sort()).toEqual(fields);
  });

  for (const row of ROWS) {
    for (const role of ROLES) {
      const expected = row.expect?.[role] ?? READ[role];
      (expected === 'skip' ? it.skip : it)(`${row.label ?? row.field} as ${role}: ${expected}`, async () => {
        const who = caller(role);
        const op = await row.op(data[who.brand]);
        const res = await gql(app.yoga, op.query, op.variables ?? {}, who.key);
        expect(res.status).toBeLessThan(500);
        expect(outcomeOf(res, row.field, op.target, op.single), JSON.stringify(res.body)).toBe(expected);
      });
    }
  }
});

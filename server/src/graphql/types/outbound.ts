// Outbound webhooks (#17): the 3PL's endpoints (URL, secret, event types, brands), their delivery
// log with replay, and the catalog of event types. Members (OWNER, ADMIN, OPERATOR) read; OWNER
// and ADMIN manage. The signing secret is shown once, in WebhookEndpointSecret, and nowhere else.
// The rules live in outbound/endpoints.ts; delivery runs in the worker (outbound/dispatcher.ts).
import { GraphQLError } from 'graphql';
import { isMember } from '../../auth/viewer.js';
import { db } from '../../db.js';
import { OutboundDeliveryStatus } from '../../generated/prisma/enums.js';
import {
  createEndpoint, deleteEndpoint, replayDelivery, replayFailedDeliveries, rotateEndpointSecret, sendTestEvent, updateEndpoint,
} from '../../outbound/endpoints.js';
import { OUTBOUND_EVENT_TYPES, type OutboundEventType } from '../../outbound/event-types.js';
import { brandUuid } from '../brand-scope.js';
import { builder } from '../builder.js';
import type { Context } from '../context.js';
import { parseGlobalId } from '../ids.js';
import { keysetConnection, type KeysetSort } from '../pagination.js';
import { edgeNodeQuery } from '../prisma-query.js';
import { assertUuid, viewerOf } from '../scope.js';
import { answer } from '../service-errors.js';
import { BrandRef } from './brand.js';

const DELIVERIES_PAGE = 20;
const TRIES_SHOWN = 100;
const NEWEST_FIRST: KeysetSort = { field: 'createdAt', direction: 'desc', kind: 'date' };

/** Rows of the caller's 3PL for members; nothing for brand viewers (their node(id) reads as not found). */
function inViewersThreePL(ctx: Context): { threePLId: string } | { id: { in: string[] } } {
  const viewer = viewerOf(ctx);
  return isMember(viewer) ? { threePLId: viewer.threePLId } : { id: { in: [] } };
}

const brandIdsArg = (ids: readonly (string | number)[] | null | undefined) => (ids == null ? null : ids.map(brandUuid));

const OutboundDeliveryStatusEnum = builder.enumType(OutboundDeliveryStatus, {
  name: 'OutboundDeliveryStatus',
  description: 'Where a delivery of an event to an endpoint stands.',
  values: {
    PENDING: { description: 'Not delivered yet: due now, waiting for its next retry, or paused while its endpoint is disabled.' },
    SUCCEEDED: { description: 'The endpoint answered a try with a 2xx.' },
    FAILED: { description: 'Every try of the retry schedule failed (about 27.6 hours by default). replayOutboundDelivery sends it again.' },
  } satisfies Record<keyof typeof OutboundDeliveryStatus, { description: string }>,
});

type Counts = { pending: number; succeeded: number; failed: number };
const CountsRef = builder.objectRef<Counts>('OutboundDeliveryCounts').implement({
  description: "An endpoint's deliveries by status (within the retention window, 30 days by default).",
  fields: (t) => ({
    pending: t.exposeInt('pending', { description: 'Deliveries not delivered yet (due, waiting for a retry, or paused).' }),
    succeeded: t.exposeInt('succeeded', { description: 'Deliveries the endpoint accepted.' }),
    failed: t.exposeInt('failed', { description: 'Deliveries whose every try failed.' }),
  }),
});

builder.prismaObject('OutboundAttempt', {
  description: 'One HTTP try of a delivery: what the endpoint answered, or why it did not.',
  fields: (t) => ({
    at: t.expose('at', { type: 'DateTime', description: 'When the try ended.' }),
    statusCode: t.exposeInt('statusCode', { nullable: true, description: "The endpoint's HTTP status; null when it did not answer (timeout, connection refused, DNS)." }),
    error: t.exposeString('error', { nullable: true, description: 'Why the try failed ("HTTP 500", "ETIMEDOUT: Timeout awaiting...", ...); null for a success.' }),
    durationMs: t.exposeInt('durationMs', { description: 'From sending to the answer (or to giving up), in milliseconds.' }),
    responseBody: t.exposeString('responseBody', { nullable: true, description: "The first KB of the endpoint's answer." }),
  }),
});

const OutboundDeliveryRef = builder.prismaNode('OutboundDelivery', {
  description: 'One event sent to one endpoint: its state, retry schedule and every try. Signed with svix-id = eventId, the same on every try.',
  id: { field: 'id' },
  nullable: true,
  findUnique: (id, ctx) => ({ id: assertUuid(id), AND: [inViewersThreePL(ctx)] }),
  fields: (t) => ({
    eventId: t.exposeString('eventId', { description: "The event's id: the svix-id / webhook-id header receivers dedupe on." }),
    eventType: t.string({ description: 'The event type ("order.status_changed", ...).', select: { event: { select: { type: true } } }, resolve: (d) => d.event.type }),
    payload: t.field({ type: 'JSON', description: 'The body as sent: { type, timestamp, data }.', select: { event: { select: { payload: true } } }, resolve: (d) => d.event.payload }),
    brand: t.field({
      type: BrandRef,
      nullable: true,
      description: 'The brand the event is about; null for events of the 3PL itself (alerts of the 3PL, test events).',
      select: { event: { select: { brandId: true } } },
      // findUnique calls of one tick are batched by Prisma into one query.
      resolve: (d) => (d.event.brandId ? db.brand.findUnique({ where: { id: d.event.brandId } }) : null),
    }),
    status: t.field({ type: OutboundDeliveryStatusEnum, description: 'Pending, succeeded or failed.', resolve: (d) => d.status }),
    attempts: t.exposeInt('attempts', { description: 'Tries so far.' }),
    nextAttemptAt: t.expose('nextAttemptAt', { type: 'DateTime', nullable: true, description: 'When the next try is due (PENDING only).' }),
    lastAttemptAt: t.expose('lastAttemptAt', { type: 'DateTime', nullable: true, description: 'When the last try ended; null before the first.' }),
    lastStatusCode: t.exposeInt('lastStatusCode', { nullable: true, description: "The last try's HTTP status; null if it got no answer or there was none yet." }),
    lastError: t.exposeString('lastError', { nullable: true, description: "Why the last try failed; null after a success or before the first try." }),
    deliveredAt: t.expose('deliveredAt', { type: 'DateTime', nullable: true, description: 'When the endpoint accepted it; null until then.' }),
    createdAt: t.expose('createdAt', { type: 'DateTime', description: 'When the delivery was created (just after the event).' }),
    tries: t.relation('tries', {
      description: `Its tries, newest first (at most ${TRIES_SHOWN}).`,
      query: { orderBy: [{ at: 'desc' }, { id: 'desc' }], take: TRIES_SHOWN },
    }),
  }),
});

const WebhookEndpointRef = builder.prismaNode('WebhookEndpoint', {
  description: "An outbound webhook endpoint of the 3PL: where Packr POSTs the events it subscribes to, signed the Svix way with the endpoint's secret. Members read; OWNER and ADMIN manage.",
  id: { field: 'id' },
  nullable: true,
  findUnique: (id, ctx) => ({ id: assertUuid(id), AND: [inViewersThreePL(ctx)] }),
  // Never secretCiphertext: the secret is only in WebhookEndpointSecret.secret, once.
  fields: (t) => ({
    url: t.exposeString('url', { description: 'Where events are POSTed.' }),
    description: t.exposeString('description', { description: 'A note to recognise the endpoint (may be empty).' }),
    eventTypes: t.exposeStringList('eventTypes', { description: 'The event types it receives (outboundEventTypes); empty: every type.' }),
    brands: t.field({
      type: [BrandRef],
      description: 'The brands whose events it receives, by name; empty: every brand (and the 3PL-wide events).',
      select: { brandIds: true, threePLId: true },
      resolve: (e) => (e.brandIds.length === 0 ? [] : db.brand.findMany({ where: { id: { in: e.brandIds }, threePLId: e.threePLId }, orderBy: { name: 'asc' } })),
    }),
    enabled: t.exposeBoolean('enabled', { description: 'False while disabled (by a user, or automatically after sustained failure): its deliveries wait and no new events are stored for it.' }),
    disabledAt: t.expose('disabledAt', { type: 'DateTime', nullable: true, description: 'When it was disabled; null while enabled.' }),
    disabledReason: t.exposeString('disabledReason', { nullable: true, description: 'Why it was disabled; null while enabled.' }),
    failingSince: t.expose('failingSince', { type: 'DateTime', nullable: true, description: 'The first failed try since its last success; null while healthy. Failing for OUTBOUND_DISABLE_AFTER_HOURS (5 days) disables it.' }),
    lastSuccessAt: t.expose('lastSuccessAt', { type: 'DateTime', nullable: true, description: 'When it last accepted a delivery.' }),
    lastFailureAt: t.expose('lastFailureAt', { type: 'DateTime', nullable: true, description: 'When a try to it last failed.' }),
    createdAt: t.expose('createdAt', { type: 'DateTime', description: 'When it was registered.' }),
    counts: t.field({
      type: CountsRef,
      description: 'Its deliveries by status.',
      select: { id: true },
      resolve: async (e) => {
        const groups = await db.outboundDelivery.groupBy({ by: ['status'], where: { endpointId: e.id }, _count: { _all: true } });
        const of = (s: OutboundDeliveryStatus) => groups.find((g) => g.status === s)?._count._all ?? 0;
        return { pending: of('PENDING'), succeeded: of('SUCCEEDED'), failed: of('FAILED') };
      },
    }),
    deliveries: t.connection(
      {
        type: OutboundDeliveryRef,
        description: `Its delivery log, newest first (${DELIVERIES_PAGE} per page unless first says otherwise).`,
        args: { status: t.arg({ type: OutboundDeliveryStatusEnum, description: 'Only deliveries in this status; omitted: all.' }) },
        select: { id: true },
        resolve: (e, args, ctx, info) =>
          keysetConnection({
            args: { ...args, first: args.first ?? DELIVERIES_PAGE },
            sort: NEWEST_FIRST,
            fingerprint: ['WebhookEndpoint.deliveries', e.id, args.status ?? null],
            find: ({ after, orderBy, take }) =>
              db.outboundDelivery.findMany({
                ...edgeNodeQuery(ctx, info, 'OutboundDelivery'),
                where: { endpointId: e.id, ...(args.status ? { status: args.status } : {}), ...(after ? { AND: [after] } : {}) },
                orderBy,
                take,
              }),
          }) as never,
      },
      { name: 'OutboundDeliveryConnection', description: "A page of an endpoint's deliveries." },
      { name: 'OutboundDeliveryEdge', description: 'A delivery in a page, with its cursor.' },
    ),
  }),
});

const EventTypeRef = builder.objectRef<OutboundEventType>('OutboundEventType').implement({
  description: 'An event type endpoints can receive.',
  fields: (t) => ({
    type: t.exposeString('type', { description: 'The name, as in eventTypes and the payload\'s "type".' }),
    description: t.exposeString('description', { description: 'What it means and what its data carries.' }),
  }),
});

const SecretRef = builder.objectRef<{ endpointId: string; secret: string }>('WebhookEndpointSecret').implement({
  description: 'An endpoint with its signing secret: only in the answer that created or rotated it, never again.',
  fields: (t) => ({
    endpoint: t.prismaField({
      type: WebhookEndpointRef,
      nullable: false,
      description: 'The endpoint.',
      resolve: (query, p) => db.webhookEndpoint.findUniqueOrThrow({ ...query, where: { id: p.endpointId } }),
    }),
    secret: t.exposeString('secret', {
      description: 'The signing secret (whsec_...). Shown once: store it now. Verify deliveries with any Svix or Standard Webhooks library: new Webhook(secret).verify(rawBody, headers).',
    }),
  }),
});

builder.queryField('webhookEndpoints', (t) =>
  t.prismaField({
    type: [WebhookEndpointRef],
    authScopes: { member: true },
    description: "The 3PL's outbound webhook endpoints, oldest first. OWNER, ADMIN and OPERATOR.",
    resolve: (query, _root, _args, ctx) =>
      db.webhookEndpoint.findMany({ ...query, where: { threePLId: viewerOf(ctx).threePLId }, orderBy: [{ createdAt: 'asc' }, { id: 'asc' }] }) as never,
  }),
);

builder.queryField('outboundEventTypes', (t) =>
  t.field({
    type: [EventTypeRef],
    authScopes: { authenticated: true },
    description: 'Every outbound event type, with what it means. endpoint.test is sent only by sendTestWebhookEvent and cannot be subscribed to.',
    resolve: () => [...OUTBOUND_EVENT_TYPES],
  }),
);

const CreateInput = builder.inputType('CreateWebhookEndpointInput', {
  description: 'A new outbound webhook endpoint.',
  fields: (t) => ({
    url: t.string({ required: true, description: 'Where to POST events: http or https (https only in production), no user:password, at most 2048 characters.' }),
    description: t.string({ description: 'A note to recognise it (at most 500 characters).' }),
    eventTypes: t.stringList({ description: 'Event types to receive (outboundEventTypes); omitted or empty: every type.' }),
    brandIds: t.idList({ description: "Brands (Brand global IDs of the caller's 3PL) whose events it receives; omitted or empty: every brand." }),
  }),
});

const UpdateInput = builder.inputType('UpdateWebhookEndpointInput', {
  description: 'Changes to an endpoint; omitted fields stay as they are.',
  fields: (t) => ({
    id: t.id({ required: true, description: 'The WebhookEndpoint global ID.' }),
    url: t.string({ description: 'A new URL (same rules as at creation).' }),
    description: t.string({ description: 'A new note.' }),
    eventTypes: t.stringList({ description: 'The new list of event types; empty: every type.' }),
    brandIds: t.idList({ description: 'The new list of brands; empty: every brand.' }),
    enabled: t.boolean({ description: 'false pauses deliveries; true resumes them at once (paused ones are due now) and resolves its ENDPOINT_DISABLED alert.' }),
  }),
});

const endpointId = (id: string | number) => parseGlobalId(id, 'WebhookEndpoint');

builder.mutationField('createWebhookEndpoint', (t) =>
  t.field({
    type: SecretRef,
    authScopes: { manager: true },
    description: 'Registers an endpoint and returns its signing secret, once. OWNER and ADMIN only. A bad URL, an unknown event type or a brand of another 3PL is BAD_USER_INPUT.',
    args: { input: t.arg({ type: CreateInput, required: true, description: 'URL, note, event types and brands.' }) },
    resolve: async (_root, { input }, ctx) => {
      const { endpoint, secret } = await answer(() =>
        createEndpoint(viewerOf(ctx), { url: input.url, description: input.description, eventTypes: input.eventTypes, brandIds: brandIdsArg(input.brandIds) }),
      );
      return { endpointId: endpoint.id, secret };
    },
  }),
);

builder.mutationField('updateWebhookEndpoint', (t) =>
  t.prismaField({
    type: WebhookEndpointRef,
    nullable: false,
    authScopes: { manager: true },
    description: 'Changes an endpoint: URL, note, event types, brands, enabled. OWNER and ADMIN only.',
    args: { input: t.arg({ type: UpdateInput, required: true, description: 'The endpoint and what changes.' }) },
    resolve: async (query, _root, { input }, ctx) => {
      const id = endpointId(input.id);
      await answer(() =>
        updateEndpoint(viewerOf(ctx), id, { url: input.url ?? undefined, description: input.description, eventTypes: input.eventTypes, brandIds: brandIdsArg(input.brandIds), enabled: input.enabled }),
      );
      return db.webhookEndpoint.findUniqueOrThrow({ ...query, where: { id } });
    },
  }),
);

builder.mutationField('deleteWebhookEndpoint', (t) =>
  t.field({
    type: 'ID',
    authScopes: { manager: true },
    description: 'Deletes an endpoint with its delivery log; returns its ID. OWNER and ADMIN only.',
    args: { id: t.arg.id({ required: true, description: 'The WebhookEndpoint global ID.' }) },
    resolve: async (_root, args, ctx) => {
      await answer(() => deleteEndpoint(viewerOf(ctx), endpointId(args.id)));
      return String(args.id);
    },
  }),
);

builder.mutationField('rotateWebhookEndpointSecret', (t) =>
  t.field({
    type: SecretRef,
    authScopes: { manager: true },
    description: 'Replaces the signing secret (from the next try on) and returns the new one, once. OWNER and ADMIN only.',
    args: { id: t.arg.id({ required: true, description: 'The WebhookEndpoint global ID.' }) },
    resolve: async (_root, args, ctx) => {
      const { endpoint, secret } = await answer(() => rotateEndpointSecret(viewerOf(ctx), endpointId(args.id)));
      return { endpointId: endpoint.id, secret };
    },
  }),
);

const deliveryAfter = async (query: object, id: string) => {
  const delivery = await db.outboundDelivery.findUnique({ ...query, where: { id } });
  if (!delivery) throw new GraphQLError('Delivery not found', { extensions: { code: 'NOT_FOUND' } });
  return delivery;
};

builder.mutationField('sendTestWebhookEvent', (t) =>
  t.prismaField({
    type: OutboundDeliveryRef,
    nullable: false,
    authScopes: { manager: true },
    description: 'Sends an endpoint.test event to this endpoint now (retried like any delivery); returns its delivery. OWNER and ADMIN only.',
    args: { endpointId: t.arg.id({ required: true, description: 'The WebhookEndpoint global ID.' }) },
    resolve: async (query, _root, args, ctx) => {
      const id = await answer(() => sendTestEvent(viewerOf(ctx), endpointId(args.endpointId)));
      return deliveryAfter(query, id);
    },
  }),
);

builder.mutationField('replayOutboundDelivery', (t) =>
  t.prismaField({
    type: OutboundDeliveryRef,
    nullable: false,
    authScopes: { manager: true },
    description: 'Sends a delivery again now (whatever its status): back to PENDING, due now; the new try appears in tries. If it fails it is FAILED again. OWNER and ADMIN only.',
    args: { id: t.arg.id({ required: true, description: 'The OutboundDelivery global ID.' }) },
    resolve: async (query, _root, args, ctx) => {
      const id = parseGlobalId(args.id, 'OutboundDelivery');
      await answer(() => replayDelivery(viewerOf(ctx), id));
      return deliveryAfter(query, id);
    },
  }),
);

builder.mutationField('replayFailedDeliveries', (t) =>
  t.int({
    authScopes: { manager: true },
    description: 'Sends again every FAILED delivery of the endpoint created at or after `since`; returns how many. OWNER and ADMIN only.',
    args: {
      endpointId: t.arg.id({ required: true, description: 'The WebhookEndpoint global ID.' }),
      since: t.arg({ type: 'DateTime', required: true, description: 'Replay failed deliveries created at or after this time.' }),
    },
    resolve: (_root, args, ctx) => answer(() => replayFailedDeliveries(viewerOf(ctx), endpointId(args.endpointId), args.since)),
  }),
);

// The attention board: what needs a person's attention across a 3PL's brands (attention, its
// counts, attentionChanged), the thresholds behind it (attentionSettings, updateAttentionSettings,
// setLowStockThreshold, InventoryItem.lowStockThreshold). The rules and their evaluation live in
// attention/; here arguments, scope and errors only. Every read is scoped in SQL to the 3PL of the
// key and to the brands it may read.
import { encodeGlobalID } from '@pothos/plugin-relay';
import { GraphQLError } from 'graphql';
import type { WebSocket } from 'ws';
import { viewerFromApiKey, type Viewer } from '../../auth/viewer.js';
import type { AttentionNotice } from '../../attention/attention-log.js';
import { renderReason } from '../../attention/reasons.js';
import { ATTENTION_KINDS, type AttentionKindName } from '../../attention/rules.js';
import { setLowStockThreshold, updateAttentionSettings } from '../../attention/settings.js';
import { brandSettings, SETTING_NAMES, SETTING_RANGES, threePLSettings, type EffectiveSettings, type SettingName } from '../../attention/thresholds.js';
import { db } from '../../db.js';
import { AttentionChange, AttentionKind } from '../../generated/prisma/enums.js';
import { countsByBrand, countsByKind, loadAttentionPage, type BrandCountRow, type KindCount } from '../attention-page.js';
import { loadBatched } from '../batch.js';
import { brandIdsArg, MAX_BRAND_IDS } from '../brand-scope.js';
import { sequenceArg } from '../sequence-arg.js';
import { builder } from '../builder.js';
import type { Context } from '../context.js';
import { parseGlobalId } from '../ids.js';
import { keysetConnection, type KeysetSort } from '../pagination.js';
import { rowBrand } from '../row-brand.js';
import { assertUuid, inVisibleBrand, viewerOf, visibleBrandId } from '../scope.js';
import { selectedBelow, selects } from '../selection.js';
import { BrandRef } from './brand.js';
import { answer } from '../service-errors.js';
import { brandScope, openAttentionStream } from '../subscriptions/attention-stream.js';


export const AttentionKindEnum = builder.enumType(AttentionKind, {
  name: 'AttentionKind',
  description: 'What needs attention.',
  values: {
    LATE_ORDER: { description: 'An order not FULFILLED or CANCELLED whose required ship date has passed or falls within lateOrderWindowHours.' },
    ORDER_EXCEPTION: { description: "An order in EXCEPTION or BACKORDERED, or on hold (the WMS's raw status names a hold); rawStatus says which." },
    OVERDUE_INBOUND: { description: 'An inbound shipment past its expected arrival date and not received or cancelled.' },
    RETURN_NOT_RESTOCKED: { description: 'A return received more than returnRestockDays ago with units the WMS reports as not restocked.' },
    LOW_STOCK: { description: "An active inventory item whose fulfillable units are at or below its threshold (the item's own, else the brand's, else the 3PL's)." },
    CONNECTION: { description: "The brand's Trackstar connection is in error, a resource's sync stalled or failed, or a resource's data was not confirmed within freshnessWindowMinutes." },
  } satisfies Record<keyof typeof AttentionKind, { description: string }>,
});

const AttentionChangeEnum = builder.enumType(AttentionChange, {
  name: 'AttentionChange',
  description: 'What happened to an attention item.',
  values: {
    OPENED: { description: 'The item appeared: a rule started to hold for the record.' },
    UPDATED: { description: 'The item changed: its reason, raw status or since.' },
    RESOLVED: { description: 'The rule stopped holding; the item is gone.' },
  } satisfies Record<keyof typeof AttentionChange, { description: string }>,
});

// ---- the item ----

type LinkedModel = 'order' | 'inventoryItem' | 'inboundShipment' | 'return' | 'brandIntegration';

/**
 * An item's record (order, inventory item, ...) when the item came from the SQL page (no Prisma
 * plan): one query per model and selection for every item of the request, with the selection's
 * own Prisma query so the record's fields resolve as usual. Items loaded through Prisma (node,
 * attentionChanged) get it with their query and never come here.
 */
function linkedRecord(model: LinkedModel, column: 'orderId' | 'inventoryItemId' | 'inboundShipmentId' | 'returnId' | 'integrationId') {
  return (query: Record<string, any>, item: Record<string, any>, _args: object, ctx: object): Promise<any> | null => {
    const id = item[column] as string | null | undefined;
    if (!id) return null;
    const withId = query.select ? { ...query, select: { ...query.select, id: true } } : query;
    return loadBatched(ctx, `attention-${model}:${JSON.stringify(query)}`, id, async (ids: string[]) => {
      const rows: { id: string }[] = await (db[model] as any).findMany({ ...withId, where: { id: { in: ids } } });
      return new Map(rows.map((r) => [r.id, r]));
    }).then((record) => record ?? null);
  };
}

export const AttentionItemRef = builder.prismaNode('AttentionItem', {
  description: 'Something that needs attention: a record of a brand and why. Readable by 3PL members and by viewers of its brand.',
  id: { field: 'id' },
  nullable: true,
  findUnique: (id, ctx) => ({ id: assertUuid(id), ...inVisibleBrand(ctx) }),
  fields: (t) => ({
    kind: t.field({ type: AttentionKindEnum, description: 'Which rule holds.', resolve: (i) => i.kind }),
    // The SQL page reads the brand row with the items; items loaded through Prisma (node,
    // attentionChanged) get theirs in one batch per request (row-brand.ts). A plain field, not a
    // relation: no Prisma plan claims the row, so Brand's `select` fields (the integration,
    // lastSyncedAt) load what it lacks through Pothos' batched loader rather than trust it.
    brand: t.field({ type: BrandRef, description: 'The brand of the record.', resolve: (item, _args, ctx) => rowBrand(ctx, item) as never }),
    reason: t.string({ description: 'Why, in a short sentence (e.g. "Required ship date passed 3 h ago", "Fulfillable 2 ≤ threshold 10"); times are relative to now.', resolve: (i) => renderReason(i.reason, i.since as Date | string) }),
    since: t.expose('since', { type: 'DateTime', description: 'Since when it holds: the required ship date, the expected arrival, the receipt, or when the status or problem began (when Packr saw it, if the WMS does not say). For a late order not yet due: when it will be. The list is ordered by it, oldest first.' }),
    detectedAt: t.expose('detectedAt', { type: 'DateTime', description: 'When Packr first found it.' }),
    recordType: t.exposeString('recordType', { description: 'The type of the record: Order, InventoryItem, InboundShipment, Return or BrandIntegration.' }),
    recordId: t.id({ description: 'The global ID of the record (of recordType).', resolve: (i) => encodeGlobalID(i.recordType, i.recordId) }),
    rawStatus: t.exposeString('rawStatus', { nullable: true, description: "The WMS's own status of the record (or the connection's status for CONNECTION); null when the rule is not about a status." }),
    order: t.relation('order', { nullable: true, description: 'The order (LATE_ORDER, ORDER_EXCEPTION); null for other kinds.', resolve: linkedRecord('order', 'orderId') as never }),
    inventoryItem: t.relation('inventoryItem', { nullable: true, description: 'The inventory item (LOW_STOCK); null for other kinds.', resolve: linkedRecord('inventoryItem', 'inventoryItemId') as never }),
    inboundShipment: t.relation('inboundShipment', { nullable: true, description: 'The inbound shipment (OVERDUE_INBOUND); null for other kinds.', resolve: linkedRecord('inboundShipment', 'inboundShipmentId') as never }),
    return: t.relation('return', { nullable: true, description: 'The return (RETURN_NOT_RESTOCKED); null for other kinds.', resolve: linkedRecord('return', 'returnId') as never }),
    integration: t.relation('integration', { nullable: true, description: "The brand's integration (CONNECTION); null for other kinds.", resolve: linkedRecord('brandIntegration', 'integrationId') as never }),
  }),
});

// ---- scope ----


/** The brands a read covers: asked ∩ readable (null: every brand of the 3PL). A foreign id adds nothing. */
const readScope = (viewer: Viewer, asked: string[] | null) => brandScope(asked, viewer.brandIds);

function kindsArg(kinds: readonly string[] | null | undefined): AttentionKindName[] | null {
  return kinds == null ? null : [...new Set(kinds as AttentionKindName[])];
}

// ---- Query.attention ----

const SINCE_FIRST: KeysetSort = { field: 'since', direction: 'asc', kind: 'date' };

builder.queryField('attention', (t) =>
  t.connection(
    {
      type: AttentionItemRef,
      authScopes: { authenticated: true },
      description: "What needs attention now across the caller's brands, oldest since first (then by id). Updated as data changes and at least once a minute; subscribe to attentionChanged for live changes.",
      args: {
        brandIds: t.arg.idList({ required: false, description: `Only these brands (Brand global IDs, at most ${MAX_BRAND_IDS}); omitted: every brand the caller may read. An id the caller may not read adds nothing.` }),
        kinds: t.arg({ type: [AttentionKindEnum], required: false, description: 'Only these kinds; omitted: all.' }),
      },
      resolve: async (_root, args, ctx, info) => {
        const viewer = viewerOf(ctx);
        const brands = readScope(viewer, brandIdsArg(args.brandIds));
        const kinds = kindsArg(args.kinds);
        return keysetConnection({
          args,
          sort: SINCE_FIRST,
          fingerprint: ['attention', brands, kinds],
          find: async ({ cursor, take }) => {
            if ((brands !== null && brands.length === 0) || kinds?.length === 0) return [];
            const after = cursor && { since: String(cursor.value), id: cursor.id };
            return loadAttentionPage({ threePLId: viewer.threePLId, brands, kinds, after, take, withBrand: selects(selectedBelow(info, ['edges', 'node']), 'brand') });
          },
        }) as never;
      },
    },
    { name: 'AttentionItemConnection', description: 'A page of attention items.' },
    { name: 'AttentionItemEdge', description: 'An attention item in a page, with its cursor.' },
  ),
);

// ---- Query.attentionCounts ----

type BrandCount = BrandCountRow;
type Counts = { total: number; byKind: KindCount[]; byBrand: BrandCount[] };

const KindCountRef = builder.objectRef<KindCount>('AttentionKindCount').implement({
  description: 'How many items of one kind.',
  fields: (t) => ({
    kind: t.field({ type: AttentionKindEnum, description: 'The kind.', resolve: (c) => c.kind }),
    count: t.exposeInt('count', { description: 'Open items of this kind.' }),
  }),
});

const BrandCountRef = builder.objectRef<BrandCount>('AttentionBrandCount').implement({
  description: "One brand's open items.",
  fields: (t) => ({
    // The brand row is read with the counts, in their statement (a 3PL may have hundreds). A plain
    // field, not a Prisma one: no plan claims the row, so Brand's `select` fields (the integration,
    // lastSyncedAt) load what the row lacks through Pothos' batched loader rather than trust it,
    // and no Prisma query is planned per row.
    brand: t.field({ type: BrandRef, description: 'The brand.', resolve: (c) => c.brand as never }),
    count: t.exposeInt('count', { description: 'Open items of the brand, all kinds.' }),
    byKind: t.field({ type: [KindCountRef], description: 'Per kind, every kind listed (zero included), in AttentionKind order.', resolve: (c) => c.byKind }),
  }),
});

const CountsRef = builder.objectRef<Counts>('AttentionCounts').implement({
  description: 'How many items need attention, per kind and per brand.',
  fields: (t) => ({
    total: t.exposeInt('total', { description: 'Every open item in scope.' }),
    byKind: t.field({ type: [KindCountRef], description: 'Per kind, every kind listed (zero included), in AttentionKind order.', resolve: (c) => c.byKind }),
    byBrand: t.field({ type: [BrandCountRef], description: 'Per brand with at least one item, most items first.', resolve: (c) => c.byBrand }),
  }),
});

const perKind = (counts: Map<string, number>) => ATTENTION_KINDS.map((kind) => ({ kind, count: counts.get(kind) ?? 0 }));

/**
 * From attention_count (attention/refresh.ts keeps it per brand and kind): per kind only, at most 6
 * summed rows; with byBrand selected, one row per brand with its kinds and its Brand columns, the
 * totals summed from those. Either way independent of how many items are open.
 */
async function countItems(threePLId: string, brands: string[] | null, withBrands: boolean): Promise<Counts> {
  if (brands !== null && brands.length === 0) return { total: 0, byKind: perKind(new Map()), byBrand: [] };
  if (!withBrands) {
    const kinds = await countsByKind(threePLId, brands);
    return { total: [...kinds.values()].reduce((a, n) => a + n, 0), byKind: perKind(kinds), byBrand: [] };
  }
  const byBrand = await countsByBrand(threePLId, brands);
  const kinds = new Map<string, number>();
  let total = 0;
  for (const b of byBrand) {
    total += b.count;
    for (const k of b.byKind) kinds.set(k.kind, (kinds.get(k.kind) ?? 0) + k.count);
  }
  return { total, byKind: perKind(kinds), byBrand };
}

builder.queryField('attentionCounts', (t) =>
  t.field({
    type: CountsRef,
    authScopes: { authenticated: true },
    description: "How many items need attention across the caller's brands, per kind and per brand.",
    args: {
      brandIds: t.arg.idList({ required: false, description: `Only these brands (Brand global IDs, at most ${MAX_BRAND_IDS}); omitted: every brand the caller may read.` }),
    },
    resolve: (_root, args, ctx, info) => {
      const viewer = viewerOf(ctx);
      const fields = selectedBelow(info, []);
      return countItems(viewer.threePLId, readScope(viewer, brandIdsArg(args.brandIds)), selects(fields, 'byBrand'));
    },
  }),
);

// ---- settings ----

const AttentionSettingsRef = builder.objectRef<EffectiveSettings>('AttentionSettings').implement({
  description: "The attention board's thresholds: the 3PL's (brand null) or those in force for one brand (its overrides over the 3PL's).",
  fields: (t) => ({
    brand: t.prismaField({
      type: 'Brand',
      nullable: true,
      description: 'The brand these are for; null for the 3PL-wide defaults.',
      resolve: (query, s) => (s.brandId ? db.brand.findUnique({ ...query, where: { id: s.brandId } }) : null),
    }),
    lateOrderWindowHours: t.exposeInt('lateOrderWindowHours', { description: `An open order is LATE_ORDER this many hours before its required ship date (${SETTING_RANGES.lateOrderWindowHours.min} to ${SETTING_RANGES.lateOrderWindowHours.max}; default 24).` }),
    returnRestockDays: t.exposeInt('returnRestockDays', { description: `A received return not restocked after this many days is RETURN_NOT_RESTOCKED (${SETTING_RANGES.returnRestockDays.min} to ${SETTING_RANGES.returnRestockDays.max}; default 3).` }),
    lowStockThreshold: t.exposeInt('lowStockThreshold', { description: `Items with fulfillable at or below this many units are LOW_STOCK unless the item sets its own (${SETTING_RANGES.lowStockThreshold.min} to ${SETTING_RANGES.lowStockThreshold.max}; default 10).` }),
    freshnessWindowMinutes: t.exposeInt('freshnessWindowMinutes', { description: `A resource whose data Packr has not confirmed for this many minutes makes the connection a CONNECTION item (${SETTING_RANGES.freshnessWindowMinutes.min} to ${SETTING_RANGES.freshnessWindowMinutes.max}; default 120).` }),
    overrides: t.stringList({ description: 'The fields this brand sets itself (e.g. ["lowStockThreshold"]); the others are inherited from the 3PL. Always empty for the 3PL defaults.', resolve: (s) => s.overrides }),
  }),
});

const AttentionSettingsInput = builder.inputType('AttentionSettingsInput', {
  description: 'Changes to attention thresholds; omitted fields keep their value. For a brand, null makes the field inherit the 3PL default; for the 3PL, null restores the built-in default.',
  fields: (t) => ({
    lateOrderWindowHours: t.int({ required: false, description: `Hours (${SETTING_RANGES.lateOrderWindowHours.min} to ${SETTING_RANGES.lateOrderWindowHours.max}).` }),
    returnRestockDays: t.int({ required: false, description: `Days (${SETTING_RANGES.returnRestockDays.min} to ${SETTING_RANGES.returnRestockDays.max}).` }),
    lowStockThreshold: t.int({ required: false, description: `Units (${SETTING_RANGES.lowStockThreshold.min} to ${SETTING_RANGES.lowStockThreshold.max}).` }),
    freshnessWindowMinutes: t.int({ required: false, description: `Minutes (${SETTING_RANGES.freshnessWindowMinutes.min} to ${SETTING_RANGES.freshnessWindowMinutes.max}).` }),
  }),
});

builder.queryField('attentionSettings', (t) =>
  t.field({
    type: AttentionSettingsRef,
    authScopes: { authenticated: true },
    description: "Attention thresholds. Without brandId: the 3PL's defaults (3PL members only). With brandId: those in force for the brand, for whoever may read it.",
    args: { brandId: t.arg.id({ required: false, description: 'The Brand global ID; omitted: the 3PL defaults.' }) },
    resolve: async (_root, args, ctx) => {
      const viewer = viewerOf(ctx);
      if (args.brandId == null) {
        if (viewer.role === null) throw new GraphQLError('Not authorized', { extensions: { code: 'FORBIDDEN' } });
        return threePLSettings(viewer.threePLId);
      }
      const brandId = await visibleBrandId(viewer, args.brandId);
      return answer(() => brandSettings(brandId));
    },
  }),
);

builder.mutationField('updateAttentionSettings', (t) =>
  t.field({
    type: AttentionSettingsRef,
    authScopes: { manager: true },
    description: "Changes the 3PL's attention thresholds (brandId omitted) or one brand's overrides. OWNER and ADMIN only. A value out of range is BAD_USER_INPUT with one message per field (extensions.fields). The board is re-evaluated at once for a brand, within seconds for the whole 3PL.",
    args: {
      brandId: t.arg.id({ required: false, description: 'The Brand global ID; omitted: the 3PL defaults.' }),
      input: t.arg({ type: AttentionSettingsInput, required: true, description: 'The changes.' }),
    },
    resolve: async (_root, args, ctx) => {
      const viewer = viewerOf(ctx);
      const brandId = args.brandId == null ? null : await visibleBrandId(viewer, args.brandId);
      const update: Partial<Record<SettingName, number | null>> = {};
      for (const name of SETTING_NAMES) if (args.input[name] !== undefined) update[name] = args.input[name] ?? null;
      return answer(() => updateAttentionSettings(viewer.threePLId, brandId, update));
    },
  }),
);

builder.prismaObjectField('InventoryItem', 'lowStockThreshold', (t) =>
  t.int({
    nullable: true,
    description: "The item's own low-stock threshold in fulfillable units (setLowStockThreshold); null: the brand's (or 3PL's) attention setting applies.",
    select: { lowStockThreshold: true },
    resolve: (item) => item.lowStockThreshold,
  }),
);

builder.mutationField('setLowStockThreshold', (t) =>
  t.prismaField({
    type: 'InventoryItem',
    nullable: true,
    authScopes: { manager: true },
    description: "Sets one inventory item's own low-stock threshold (fulfillable units, 0 to 1000000), or clears it with null so the brand's setting applies; the item's LOW_STOCK attention is re-evaluated at once. OWNER and ADMIN only; an item the caller may not read is NOT_FOUND.",
    args: {
      inventoryItemId: t.arg.id({ required: true, description: 'The InventoryItem global ID.' }),
      threshold: t.arg.int({ required: false, description: 'Units; null clears the override.' }),
    },
    resolve: async (query, _root, args, ctx) => {
      const id = parseGlobalId(args.inventoryItemId, 'InventoryItem');
      const item = await db.inventoryItem.findFirst({ where: { id, ...inVisibleBrand(ctx) }, select: { id: true, brandId: true } });
      if (!item) throw new GraphQLError('Inventory item not found', { extensions: { code: 'NOT_FOUND' } });
      await answer(() => setLowStockThreshold(item.id, item.brandId, args.threshold ?? null));
      return db.inventoryItem.findUnique({ ...query, where: { id: item.id } });
    },
  }),
);

// ---- Subscription.attentionChanged ----

const AttentionChangeEventRef = builder.objectRef<AttentionNotice>('AttentionChangeEvent').implement({
  description: "An attention item of one of the subscriber's brands opened, changed or resolved.",
  fields: (t) => ({
    sequence: t.string({ description: 'Per 3PL (the board spans brands), commit-ordered; pass it back as afterSequence to resume.', resolve: (n) => n.sequence }),
    change: t.field({ type: AttentionChangeEnum, description: 'What happened.', resolve: (n) => n.change }),
    kind: t.field({ type: AttentionKindEnum, description: 'The kind of the item.', resolve: (n) => n.kind as AttentionKindName }),
    brand: t.prismaField({
      type: 'Brand',
      description: 'The brand of the item.',
      resolve: async (query, n) => db.brand.findUniqueOrThrow({ ...query, where: { id: n.brandId } }),
    }),
    itemId: t.id({ description: 'The AttentionItem global ID (also for a resolved item, which no longer loads).', resolve: (n) => encodeGlobalID('AttentionItem', n.itemId) }),
    item: t.prismaField({
      type: 'AttentionItem',
      nullable: true,
      description: 'The item as it is now; null when resolved (or resolved since this event).',
      resolve: (query, n) => (n.change === 'RESOLVED' ? null : db.attentionItem.findUnique({ ...query, where: { id: n.itemId } })),
    }),
  }),
});


builder.subscriptionField('attentionChanged', (t) =>
  t.field({
    type: AttentionChangeEventRef,
    authScopes: { authenticated: true },
    description:
      "An event each time an attention item of the subscriber's brands opens, changes or resolves. Pass the last sequence you saw as afterSequence to get what you missed first; " +
      'history older than the change log keeps (24 hours by default) is a RESUME_TOO_OLD error: refetch attention, then subscribe again.',
    args: {
      brandIds: t.arg.idList({ required: false, description: `Only these brands (Brand global IDs, at most ${MAX_BRAND_IDS}); omitted: every brand the caller may read.` }),
      afterSequence: t.arg.string({ required: false, description: 'Resume after this sequence: missed events are replayed first.' }),
    },
    subscribe: async (_root, args, ctx: Context) => {
      const viewer = viewerOf(ctx);
      const brandIds = brandIdsArg(args.brandIds);
      const afterSequence = sequenceArg(args.afterSequence);
      const socket = (ctx as Context & { socket?: WebSocket }).socket ?? null;
      const authorize = async () => {
        const current = ctx.credential ? await viewerFromApiKey(ctx.credential).catch(() => null) : null;
        if (!current || current.threePLId !== viewer.threePLId) throw new GraphQLError('API key is invalid or revoked', { extensions: { code: 'UNAUTHENTICATED' } });
        return current.brandIds;
      };
      return openAttentionStream({ threePLId: viewer.threePLId, brandIds, afterSequence, socket, authorize });
    },
    resolve: (notice: AttentionNotice) => notice,
  }),
);

// Sync settings of a brand's integration: BrandIntegration.syncSettings and the
// updateSyncSettings mutation, both OWNER/ADMIN only (logic in services/sync-settings.ts).
import { db } from '../../db.js';
import {
  getSyncSettings, syncFilterChoices, updateSyncSettings, type FilterChoices, type ResourceSyncSettingsView, type SyncSettingsView,
} from '../../services/sync-settings.js';
import {
  BACKFILL_DAYS_MAX, BACKFILL_DAYS_MIN, EVERY_SECONDS_MAX, EVERY_SECONDS_MIN, FILTER_VALUES_MAX, SCHEDULE_PRESETS, type SyncFilterName,
} from '../../sync/settings.js';
import { builder } from '../builder.js';
import { visibleBrandId } from '../scope.js';
import { answer } from '../service-errors.js';
import { SyncResourceEnum, SyncStatusEnum } from './sync.js';

const SchedulePresetEnum = builder.enumType('SyncSchedulePreset', {
  description: 'How often a resource syncs.',
  values: {
    TRACKSTAR_DEFAULTS: { description: "As often as Trackstar itself refreshes from the WMS: hourly; warehouses, locations and shipping methods every 12 hours." },
    NEAR_REAL_TIME: { description: "Packr's default: orders and inventory every 5 minutes, products, returns and inbound shipments every 15, warehouses, locations and shipping methods every 12 hours." },
    CUSTOM: { description: `Every everySeconds (${EVERY_SECONDS_MIN} s to ${EVERY_SECONDS_MAX / 86_400} days).` },
  } satisfies Record<(typeof SCHEDULE_PRESETS)[number], { description: string }>,
});

const FILTER_KINDS = {
  WAREHOUSE_IDS: 'warehouseIds', CHANNELS: 'channels', ORDER_TYPES: 'orderTypes', WAREHOUSE_CUSTOMER_IDS: 'warehouseCustomerIds',
} as const satisfies Record<string, SyncFilterName>;
const KIND_OF = Object.fromEntries(Object.entries(FILTER_KINDS).map(([k, v]) => [v, k])) as Record<SyncFilterName, keyof typeof FILTER_KINDS>;

const SyncFilterKindEnum = builder.enumType('SyncFilterKind', {
  description: "A filter Trackstar's list endpoint of a resource accepts (ResourceSyncSettings.supportedFilters).",
  values: {
    WAREHOUSE_IDS: { description: 'Only these warehouses (SyncFilters.warehouseIds): warehouse locations and inbound shipments.' },
    CHANNELS: { description: 'Only orders from these sales channels (SyncFilters.channels).' },
    ORDER_TYPES: { description: 'Only orders of these types (SyncFilters.orderTypes).' },
    WAREHOUSE_CUSTOMER_IDS: { description: 'Only records of these warehouse customers (SyncFilters.warehouseCustomerIds): orders, products, inventory, returns, inbound shipments.' },
  } satisfies Record<keyof typeof FILTER_KINDS, { description: string }>,
});

const SyncFiltersRef = builder.objectRef<ResourceSyncSettingsView['filters']>('SyncFilters').implement({
  description: 'Which records a resource syncs. Each list holds the values a record may have; an empty list does not filter.',
  fields: (t) => ({
    warehouseIds: t.exposeStringList('warehouseIds', { description: "Trackstar warehouse ids (Warehouse.externalId)." }),
    channels: t.exposeStringList('channels', { description: 'Order channel ids as Trackstar names them (channel_object.channel_id, e.g. ch_shopify).' }),
    orderTypes: t.exposeStringList('orderTypes', { description: 'Order types: d2c, b2b, dropship, transfer (orders without a type are left out).' }),
    warehouseCustomerIds: t.exposeStringList('warehouseCustomerIds', { description: 'Trackstar warehouse customer ids: the merchant a record belongs to in a 3PL WMS.' }),
  }),
});

const ResourceSyncSettingsRef = builder.objectRef<ResourceSyncSettingsView>('ResourceSyncSettings').implement({
  description: 'Sync settings of one resource, with what they mean now.',
  fields: (t) => ({
    resource: t.field({ type: SyncResourceEnum, description: 'Which kind of record.', resolve: (r) => r.resource }),
    preset: t.field({ type: SchedulePresetEnum, description: 'The schedule chosen.', resolve: (r) => r.preset }),
    everySeconds: t.exposeInt('everySeconds', { description: 'Seconds between incremental syncs under the chosen schedule.' }),
    customEverySeconds: t.exposeInt('customEverySeconds', { nullable: true, description: 'The CUSTOM interval, kept while another preset is chosen; null if never set.' }),
    nearRealTimeSeconds: t.exposeInt('nearRealTimeSeconds', { description: 'The NEAR_REAL_TIME interval of this resource, seconds.' }),
    trackstarDefaultSeconds: t.exposeInt('trackstarDefaultSeconds', { description: 'The TRACKSTAR_DEFAULTS interval of this resource, seconds.' }),
    paused: t.exposeBoolean('paused', { description: 'Paused in these settings: no scheduled or requested syncs until resumed here.' }),
    filters: t.field({ type: SyncFiltersRef, description: 'Which records it syncs.', resolve: (r) => r.filters }),
    supportedFilters: t.field({ type: [SyncFilterKindEnum], description: 'The filters this resource takes (what Trackstar can filter its list by).', resolve: (r) => r.supportedFilters.map((f) => KIND_OF[f]) }),
    status: t.field({ type: SyncStatusEnum, description: 'Current sync state (as SyncState.status).', resolve: (r) => r.status }),
    pausedBy: t.exposeString('pausedBy', { nullable: true, description: 'Why it is paused when something other than these settings paused it (a Trackstar connection error, a disconnect, a function the WMS lacks); null otherwise. Resuming here does not lift such a pause.' }),
    nextRunAt: t.field({ type: 'DateTime', nullable: true, description: 'When the next scheduled sync runs; null when none is scheduled (paused, not connected) or the job queue did not answer.', resolve: (r) => r.nextRunAt }),
  }),
});

const FilterChoiceRef = builder.objectRef<{ id: string; name: string | null }>('SyncFilterChoice').implement({
  description: 'A value a filter can take, as seen in synced data.',
  fields: (t) => ({
    id: t.exposeString('id', { description: 'The value to put in the filter (a Trackstar id).' }),
    name: t.exposeString('name', { nullable: true, description: 'Its display name; null when unknown.' }),
  }),
});

const FilterChoicesRef = builder.objectRef<FilterChoices>('SyncFilterChoices').implement({
  description: 'Values the filters can take, from what Packr has synced for the brand (a filter may also name values not listed here).',
  fields: (t) => ({
    warehouses: t.field({ type: [FilterChoiceRef], description: 'Synced warehouses (up to 100), by name.', resolve: (c) => c.warehouses }),
    channels: t.field({ type: [FilterChoiceRef], description: 'Order channels seen in the latest 5,000 synced orders (up to 100).', resolve: (c) => c.channels }),
    warehouseCustomerIds: t.exposeStringList('warehouseCustomerIds', { description: 'Warehouse customer ids seen on synced products and inventory (up to 100).' }),
  }),
});

const SyncSettingsRef = builder.objectRef<SyncSettingsView>('SyncSettings').implement({
  description: "A brand's sync settings: schedule, pause and filters per resource, and the backfill window. Changes apply at once, without a restart.",
  fields: (t) => ({
    backfillDays: t.exposeInt('backfillDays', { description: `How many days of orders, returns and inbound shipments a backfill loads (${BACKFILL_DAYS_MIN} to ${BACKFILL_DAYS_MAX}).` }),
    resources: t.field({ type: [ResourceSyncSettingsRef], description: 'One entry per resource the connection syncs, in sync order.', resolve: (s) => s.resources }),
    filterChoices: t.field({ type: FilterChoicesRef, description: 'Values the filters can take, for pickers.', resolve: (s) => syncFilterChoices(s.brandId) }),
    integration: t.prismaField({
      type: 'BrandIntegration',
      description: 'The integration these settings belong to (its sync states reflect the change).',
      resolve: (query, s) => db.brandIntegration.findUniqueOrThrow({ ...query, where: { id: s.integrationId } }),
    }),
  }),
});

builder.prismaObjectField('BrandIntegration', 'syncSettings', (t) =>
  t.field({
    type: SyncSettingsRef,
    nullable: true,
    authScopes: { manager: true },
    description: 'Sync settings per resource. OWNER and ADMIN only (others get FORBIDDEN for this field).',
    select: { brandId: true },
    resolve: (integration) => answer(() => getSyncSettings(integration.brandId)),
  }),
);

const SyncFiltersInput = builder.inputType('SyncFiltersInput', {
  description: `Filters of one resource; replaces all its filters. An omitted, null or empty list removes that filter. At most ${FILTER_VALUES_MAX} values each, without commas.`,
  fields: (t) => ({
    warehouseIds: t.stringList({ required: false, description: 'Trackstar warehouse ids (WAREHOUSE_LOCATIONS, INBOUND_SHIPMENTS).' }),
    channels: t.stringList({ required: false, description: 'Order channel ids (ORDERS).' }),
    orderTypes: t.stringList({ required: false, description: 'Order types d2c, b2b, dropship, transfer (ORDERS).' }),
    warehouseCustomerIds: t.stringList({ required: false, description: 'Warehouse customer ids (ORDERS, PRODUCTS, INVENTORY, RETURNS, INBOUND_SHIPMENTS).' }),
  }),
});

const ResourceSyncSettingsInput = builder.inputType('ResourceSyncSettingsInput', {
  description: 'Changes to one resource; omitted or null fields keep their value.',
  fields: (t) => ({
    resource: t.field({ type: SyncResourceEnum, required: true, description: 'The resource to change; one the connection syncs, at most once per update.' }),
    preset: t.field({ type: SchedulePresetEnum, required: false, description: 'The schedule. CUSTOM needs everySeconds unless one was set before.' }),
    everySeconds: t.int({ required: false, description: `The CUSTOM interval, ${EVERY_SECONDS_MIN} to ${EVERY_SECONDS_MAX} seconds; refused with another preset.` }),
    paused: t.boolean({ required: false, description: 'true pauses scheduled and requested syncs (a run under way finishes); false resumes. Does not lift a pause Packr or Trackstar imposed.' }),
    filters: t.field({ type: SyncFiltersInput, required: false, description: 'Replaces the filters; only the kinds in supportedFilters. Widening a filter re-backfills the resource; narrowing keeps what was synced.' }),
  }),
});

const SyncSettingsInput = builder.inputType('SyncSettingsInput', {
  description: 'Changes to a brand\'s sync settings; omitted or null fields keep their value.',
  fields: (t) => ({
    backfillDays: t.int({ required: false, description: `Days of orders, returns and inbound shipments a backfill loads, ${BACKFILL_DAYS_MIN} to ${BACKFILL_DAYS_MAX}. A longer window re-backfills them.` }),
    resources: t.field({ type: [ResourceSyncSettingsInput], required: false, description: 'Per-resource changes.' }),
  }),
});

builder.mutationField('updateSyncSettings', (t) =>
  t.field({
    type: SyncSettingsRef,
    authScopes: { manager: true },
    description:
      'Changes sync settings; schedules, pauses and filters apply at once. Refused values are a BAD_USER_INPUT error whose extensions.fields lists { field, message } per value, and nothing changes. OWNER and ADMIN only.',
    args: {
      brandId: t.arg.id({ required: true, description: 'The Brand global ID.' }),
      input: t.arg({ type: SyncSettingsInput, required: true, description: 'What to change.' }),
    },
    resolve: async (_root, args, ctx) => {
      const brandId = await visibleBrandId(ctx.viewer!, args.brandId);
      return answer(() => updateSyncSettings(brandId, args.input, ctx.viewer!));
    },
  }),
);

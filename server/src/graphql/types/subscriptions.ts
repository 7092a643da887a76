// Live changes over graphql-ws: inventoryChanged, orderChanged, productChanged, shipmentChanged,
// returnChanged, inboundShipmentChanged, syncStatusChanged, integrationStatusChanged. Each follows
// one brand (brandId), several (brandIds) or every brand the key may read (neither). With one brand
// it accepts afterSequence (the last sequence the client saw): the missed changes are replayed from
// change_log first, then the stream goes live (graphql/subscriptions/).
import { GraphQLError } from 'graphql';
import type { WebSocket } from 'ws';
import { ChangeSource, type ChangeKind } from '../../generated/prisma/enums.js';
import type { ChangeNotice } from '../../changes/change-log.js';
import { openChangeStream } from '../subscriptions/change-stream.js';
import { freshRecord, type FreshModel } from '../subscriptions/fresh-record.js';
import { assertBrandAccess, notFound, readableBrandIds } from '../subscriptions/subscriber-auth.js';
import { brandUuid } from '../brand-scope.js';
import { sequenceArg } from '../sequence-arg.js';
import { builder } from '../builder.js';
import type { Context } from '../context.js';

/** Brands one subscription may follow (each is a channel on the process's Redis subscriber). */
export const MAX_SUBSCRIBED_BRANDS = 200;

builder.subscriptionType({
  description:
    'Live changes over graphql-ws, for any key that may read the brands: one brand (brandId), several (brandIds, at most 200) or, with neither, every brand the key may read when subscribing. ' +
    'Sequences are per brand. With one brand, pass the last sequence you saw as afterSequence to get what you missed first; ' +
    'history older than the change log keeps (24 hours by default) is a RESUME_TOO_OLD error: refetch, then subscribe again.',
});

export const ChangeSourceEnum = builder.enumType(ChangeSource, {
  name: 'ChangeSource',
  description: 'What caused a change.',
  values: {
    SYNC: { description: 'A scheduled or triggered sync run read it from Trackstar.' },
    WEBHOOK: { description: 'A Trackstar webhook delivered it.' },
    MANUAL: { description: 'Someone acted in Packr (e.g. connected or disconnected the brand).' },
    RECONCILE: { description: 'A complete listing of the WMS no longer held the record (deleted) or held it again (restored).' },
  } satisfies Record<keyof typeof ChangeSource, { description: string }>,
});

const badInput = (message: string) => new GraphQLError(message, { extensions: { code: 'BAD_USER_INPUT' } });

/**
 * The brands a subscription follows, each checked readable by the key (NOT_FOUND otherwise, the
 * same answer for another tenant's brand, an unknown id and a malformed one).
 */
async function subscribedBrands(
  credential: string | null, args: { brandId?: string | number | null; brandIds?: readonly (string | number)[] | null },
): Promise<string[]> {
  if (args.brandId != null && args.brandIds != null) throw badInput('Give brandId or brandIds, not both');
  if (args.brandId == null && args.brandIds == null) {
    const brandIds = await readableBrandIds(credential, MAX_SUBSCRIBED_BRANDS);
    if (brandIds.length > MAX_SUBSCRIBED_BRANDS) throw badInput(`This key may read more than ${MAX_SUBSCRIBED_BRANDS} brands; name at most ${MAX_SUBSCRIBED_BRANDS} with brandIds`);
    return brandIds;
  }
  const given = args.brandId != null ? [args.brandId] : args.brandIds!;
  if (given.length === 0) throw badInput('brandIds is empty; omit it to follow every brand you may read');
  if (given.length > MAX_SUBSCRIBED_BRANDS) throw badInput(`brandIds may name at most ${MAX_SUBSCRIBED_BRANDS} brands`);
  let brandIds: string[];
  try {
    brandIds = [...new Set(given.map(brandUuid))];
  } catch {
    throw notFound();
  }
  await Promise.all(brandIds.map((brandId) => assertBrandAccess(credential, brandId)));
  return brandIds;
}


const num = (v: unknown) => (typeof v === 'number' && Number.isFinite(v) ? Math.trunc(v) : null);
const str = (v: unknown) => (typeof v === 'string' ? v : null);

const InventoryQuantities = builder.objectRef<Record<string, unknown>>('InventoryQuantities').implement({
  description: "The item's total quantities (units) before this change; a field is null when it was not recorded.",
  fields: (t) => ({
    awaiting: t.int({ nullable: true, description: 'Units expected, before the change.', resolve: (p) => num(p.awaiting) }),
    onHand: t.int({ nullable: true, description: 'Units on hand, before the change.', resolve: (p) => num(p.onHand) }),
    committed: t.int({ nullable: true, description: 'Units allocated to orders, before the change.', resolve: (p) => num(p.committed) }),
    unfulfillable: t.int({ nullable: true, description: 'Units that could not ship, before the change.', resolve: (p) => num(p.unfulfillable) }),
    fulfillable: t.int({ nullable: true, description: 'Units that could ship, before the change.', resolve: (p) => num(p.fulfillable) }),
    sellable: t.int({ nullable: true, description: 'Units offered to sales channels, before the change.', resolve: (p) => num(p.sellable) }),
  }),
});

const PreviousStatus = builder.objectRef<Record<string, unknown>>('PreviousStatus').implement({
  description: 'The status before this change.',
  fields: (t) => ({
    status: t.string({
      nullable: true,
      description: 'The previous status value (an OrderStatus, ShipmentStatus, ReceivingStatus or IntegrationStatus name, per the event); null when unknown.',
      resolve: (p) => str(p.status),
    }),
  }),
});

const previousOf = (n: ChangeNotice) => (n.previous && typeof n.previous === 'object' ? n.previous : null);

/**
 * A deletion reconcile's change records `previous.deletedAt` (sync/deletions.ts): null when the
 * change marked the record deleted, the former deletedAt when it made a deleted record live again.
 */
const deletionOf = (n: ChangeNotice): 'deleted' | 'restored' | null => {
  const previous = previousOf(n);
  if (!previous || !('deletedAt' in previous)) return null;
  return previous.deletedAt === null ? 'deleted' : 'restored';
};

/** `previous` as the event shows it: null when the change recorded none of the event's fields (a deletion). */
const previousWith = (keys: readonly string[]) => (n: ChangeNotice) => {
  const previous = previousOf(n);
  return previous && keys.some((k) => k in previous) ? previous : null;
};
const QUANTITY_KEYS = ['awaiting', 'onHand', 'committed', 'unfulfillable', 'fulfillable', 'sellable'] as const;

type EventSpec = {
  field: string; typeName: string; kind: ChangeKind; recordField: string; recordType: string; model: FreshModel; previous?: 'quantities' | 'status';
  /** Records a deletion reconcile can delete and restore: the event says when it did. */
  deletable?: boolean;
  /** When the event's record field is null, if not only after its brand was removed. */
  recordGone?: string;
  /** GraphiQL docs: the subscription field and its event type. */
  fieldDescription: string; typeDescription: string;
};

const SPECS: EventSpec[] = [
  {
    field: 'inventoryChanged', typeName: 'InventoryChangeEvent', kind: 'INVENTORY', recordField: 'item', recordType: 'InventoryItem', model: 'inventoryItem', previous: 'quantities', deletable: true,
    fieldDescription: "An event each time one of the brand's inventory items is written by a sync or webhook, or found deleted in (or back in) the WMS by a complete listing.",
    typeDescription: 'An inventory item of the brand was created, updated, deleted (deleted: true) or restored (restored: true).',
  },
  {
    field: 'orderChanged', typeName: 'OrderChangeEvent', kind: 'ORDER', recordField: 'order', recordType: 'Order', model: 'order', previous: 'status', deletable: true,
    fieldDescription: "An event each time one of the brand's orders (with its lines and shipments) is written by a sync or webhook, or found deleted in (or back in) the WMS by a complete listing.",
    typeDescription: 'An order of the brand was created, updated, deleted (deleted: true) or restored (restored: true).',
  },
  {
    field: 'productChanged', typeName: 'ProductChangeEvent', kind: 'PRODUCT', recordField: 'product', recordType: 'Product', model: 'product', deletable: true,
    fieldDescription: "An event each time one of the brand's products (with its kit components) is written by a sync or webhook, or found deleted in (or back in) the WMS by a complete listing.",
    typeDescription: 'A product of the brand was created, updated, deleted (deleted: true) or restored (restored: true).',
  },
  {
    field: 'shipmentChanged', typeName: 'ShipmentChangeEvent', kind: 'SHIPMENT', recordField: 'shipment', recordType: 'Shipment', model: 'shipment', previous: 'status',
    recordGone: 'The shipment as it is now; null when Packr no longer holds it (a later write of its order no longer listed it, or its brand was removed).',
    fieldDescription:
      "An event each time one of the brand's outbound shipments is new or differs (status, tracking, carrier, contents, addresses) after its order was written by a sync or webhook. " +
      'A shipment keeps its id while its order keeps it; one its order no longer lists is removed with an orderChanged event only.',
    typeDescription: 'An outbound shipment of the brand was created or updated.',
  },
  {
    field: 'returnChanged', typeName: 'ReturnChangeEvent', kind: 'RETURN', recordField: 'return', recordType: 'Return', model: 'return', previous: 'status', deletable: true,
    fieldDescription: "An event each time one of the brand's returns is written by a sync or webhook, or found deleted in (or back in) the WMS by a complete listing.",
    typeDescription: 'A return of the brand was created, updated, deleted (deleted: true) or restored (restored: true).',
  },
  {
    field: 'inboundShipmentChanged', typeName: 'InboundShipmentChangeEvent', kind: 'INBOUND_SHIPMENT', recordField: 'inboundShipment', recordType: 'InboundShipment', model: 'inboundShipment', previous: 'status', deletable: true,
    fieldDescription: "An event each time one of the brand's inbound shipments (receiving) is written by a sync or webhook, or found deleted in (or back in) the WMS by a complete listing.",
    typeDescription: 'An inbound shipment of the brand was created, updated, deleted (deleted: true) or restored (restored: true).',
  },
  {
    field: 'syncStatusChanged', typeName: 'SyncStatusChangeEvent', kind: 'SYNC_STATUS', recordField: 'syncState', recordType: 'SyncState', model: 'syncState',
    fieldDescription: "An event each time a resource sync of the brand starts, finishes, fails or pauses, or Trackstar reports its historical sync done.",
    typeDescription: "A SyncState of the brand's integration changed.",
  },
  {
    field: 'integrationStatusChanged', typeName: 'IntegrationStatusChangeEvent', kind: 'INTEGRATION_STATUS', recordField: 'integration', recordType: 'BrandIntegration', model: 'brandIntegration', previous: 'status',
    fieldDescription: "An event each time the brand's Trackstar connection changes state (connected, disconnected, error).",
    typeDescription: "The brand's Trackstar connection changed state.",
  },
];

for (const spec of SPECS) {
  const EventRef = builder.objectRef<ChangeNotice>(spec.typeName).implement({
    description: spec.typeDescription,
    fields: (t) => ({
      sequence: t.string({ description: "Commit-ordered within the event's brand; pass it back as afterSequence (with that brand as brandId) to resume.", resolve: (n) => n.sequence }),
      brand: t.prismaField({
        type: 'Brand',
        description: 'The brand the change belongs to.',
        resolve: (query, n) => freshRecord('brand', n.brandId, n.sequence, query) as never,
      }),
      source: t.field({ type: ChangeSourceEnum, description: 'What caused the change.', resolve: (n) => n.source }),
      ...(spec.previous === 'quantities'
        ? { previous: t.field({ type: InventoryQuantities, nullable: true, description: 'Quantities before the change; null when the item was new or the change was a deletion or restore.', resolve: previousWith(QUANTITY_KEYS) }) }
        : spec.previous === 'status'
          ? { previous: t.field({ type: PreviousStatus, nullable: true, description: 'Status before the change; null when the record was new or the change was a deletion or restore.', resolve: previousWith(['status']) }) }
          : {}),
      ...(spec.deletable
        ? {
            deleted: t.boolean({
              description: `This change marked the ${spec.recordField} deleted: a complete listing of the WMS no longer returned it. It leaves lists and counts; ${spec.recordField} still loads, with deletedAt set.`,
              resolve: (n) => deletionOf(n) === 'deleted',
            }),
            restored: t.boolean({
              description: `This change made a deleted ${spec.recordField} live again: the WMS lists it again (or a newer copy of it arrived).`,
              resolve: (n) => deletionOf(n) === 'restored',
            }),
          }
        : {}),
      [spec.recordField]: t.prismaField({
        // Read fresh with the client's selection (shared across subscribers asking the same),
        // typed exactly like the queries' objects.
        type: spec.recordType as never,
        nullable: true,
        description: spec.recordGone ?? 'The record as it is now (with deletedAt set when the WMS deleted it); null only when Packr no longer holds it at all (its brand was removed).',
        resolve: (query: Record<string, unknown>, n: ChangeNotice) => freshRecord(spec.model, n.entityId, n.sequence, query) as never,
      } as never),
    }),
  });

  builder.subscriptionField(spec.field, (t) =>
    t.field({
      type: EventRef,
      authScopes: { authenticated: true },
      description: spec.fieldDescription,
      args: {
        brandId: t.arg.id({ required: false, description: 'One brand: its Brand global ID (a bare brand UUID is accepted too). Give brandId or brandIds, not both.' }),
        brandIds: t.arg.idList({
          required: false,
          description: `Several brands (Brand global IDs, at most ${MAX_SUBSCRIBED_BRANDS}). With neither brandId nor brandIds: every brand the key may read when subscribing.`,
        }),
        afterSequence: t.arg.string({ required: false, description: 'Resume after this sequence: missed changes are replayed first. Only with exactly one brand (sequences are per brand).' }),
      },
      subscribe: async (_root, args, ctx: Context) => {
        const afterSequence = sequenceArg(args.afterSequence);
        if (args.brandId != null && args.brandIds != null) throw badInput('Give brandId or brandIds, not both');
        const named = args.brandId != null || args.brandIds?.length === 1;
        if (afterSequence !== null && !named) throw badInput('afterSequence needs exactly one brand: pass it with brandId');
        const brandIds = await subscribedBrands(ctx.credential, args);
        const socket = (ctx as Context & { socket?: WebSocket }).socket ?? null;
        return openChangeStream({ brandIds, kind: spec.kind, afterSequence, socket, authorize: (brandId) => assertBrandAccess(ctx.credential, brandId) });
      },
      resolve: (notice: ChangeNotice) => notice,
    }),
  );
}

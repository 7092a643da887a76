// Live changes per brand over graphql-ws: inventoryChanged, orderChanged, syncStatusChanged,
// integrationStatusChanged. Each accepts afterSequence (the last sequence the client saw): the
// missed changes are replayed from change_log first, then the stream goes live (realtime/).
import { GraphQLError } from 'graphql';
import type { WebSocket } from 'ws';
import { ChangeSource, type ChangeKind } from '../../generated/prisma/enums.js';
import type { ChangeNotice } from '../../realtime/change-feed.js';
import { openChangeStream } from '../../realtime/change-stream.js';
import { freshRecord, type FreshModel } from '../../realtime/fresh-record.js';
import { assertBrandAccess, notFound } from '../../realtime/subscriber-auth.js';
import { builder } from '../builder.js';
import type { Context } from '../context.js';
import { parseGlobalId } from '../ids.js';

builder.subscriptionType({});

export const ChangeSourceEnum = builder.enumType(ChangeSource, { name: 'ChangeSource' });

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** A Brand global id (as every query returns it); a bare UUID is accepted too. */
export function brandIdArg(value: string | number): string {
  const raw = String(value);
  return UUID.test(raw) ? raw.toLowerCase() : parseGlobalId(raw, 'Brand');
}

function sequenceArg(value: string | null | undefined): bigint | null {
  if (value == null || value === '') return null;
  if (!/^\d{1,18}$/.test(value)) throw new GraphQLError('afterSequence must be a non-negative integer string', { extensions: { code: 'BAD_USER_INPUT' } });
  return BigInt(value);
}

const num = (v: unknown) => (typeof v === 'number' && Number.isFinite(v) ? Math.trunc(v) : null);
const str = (v: unknown) => (typeof v === 'string' ? v : null);

const InventoryQuantities = builder.objectRef<Record<string, unknown>>('InventoryQuantities').implement({
  description: 'Quantities of the item before this change.',
  fields: (t) => ({
    awaiting: t.int({ nullable: true, resolve: (p) => num(p.awaiting) }),
    onHand: t.int({ nullable: true, resolve: (p) => num(p.onHand) }),
    committed: t.int({ nullable: true, resolve: (p) => num(p.committed) }),
    unfulfillable: t.int({ nullable: true, resolve: (p) => num(p.unfulfillable) }),
    fulfillable: t.int({ nullable: true, resolve: (p) => num(p.fulfillable) }),
    sellable: t.int({ nullable: true, resolve: (p) => num(p.sellable) }),
  }),
});

const PreviousStatus = builder.objectRef<Record<string, unknown>>('PreviousStatus').implement({
  description: 'The status before this change.',
  fields: (t) => ({ status: t.string({ nullable: true, resolve: (p) => str(p.status) }) }),
});

const previousOf = (n: ChangeNotice) => (n.previous && typeof n.previous === 'object' ? n.previous : null);

type EventSpec = { field: string; typeName: string; kind: ChangeKind; recordField: string; recordType: string; model: FreshModel; previous?: 'quantities' | 'status' };

const SPECS: EventSpec[] = [
  { field: 'inventoryChanged', typeName: 'InventoryChangeEvent', kind: 'INVENTORY', recordField: 'item', recordType: 'InventoryItem', model: 'inventoryItem', previous: 'quantities' },
  { field: 'orderChanged', typeName: 'OrderChangeEvent', kind: 'ORDER', recordField: 'order', recordType: 'Order', model: 'order', previous: 'status' },
  { field: 'syncStatusChanged', typeName: 'SyncStatusChangeEvent', kind: 'SYNC_STATUS', recordField: 'syncState', recordType: 'SyncState', model: 'syncState' },
  { field: 'integrationStatusChanged', typeName: 'IntegrationStatusChangeEvent', kind: 'INTEGRATION_STATUS', recordField: 'integration', recordType: 'BrandIntegration', model: 'brandIntegration', previous: 'status' },
];

for (const spec of SPECS) {
  const EventRef = builder.objectRef<ChangeNotice>(spec.typeName).implement({
    fields: (t) => ({
      sequence: t.string({ description: 'Per-brand, commit-ordered; pass it back as afterSequence to resume.', resolve: (n) => n.sequence }),
      source: t.field({ type: ChangeSourceEnum, resolve: (n) => n.source }),
      ...(spec.previous === 'quantities'
        ? { previous: t.field({ type: InventoryQuantities, nullable: true, resolve: previousOf }) }
        : spec.previous === 'status'
          ? { previous: t.field({ type: PreviousStatus, nullable: true, resolve: previousOf }) }
          : {}),
      [spec.recordField]: t.prismaField({
        // Read fresh with the client's selection (shared across subscribers asking the same),
        // typed exactly like the queries' objects.
        type: spec.recordType as never,
        nullable: true,
        description: 'The record as it is now (null if it was deleted since).',
        resolve: (query: Record<string, unknown>, n: ChangeNotice) => freshRecord(spec.model, n.entityId, n.sequence, query) as never,
      } as never),
    }),
  });

  builder.subscriptionField(spec.field, (t) =>
    t.field({
      type: EventRef,
      authScopes: { authenticated: true },
      args: {
        brandId: t.arg.id({ required: true }),
        afterSequence: t.arg.string({ required: false, description: 'Resume after this sequence: missed changes are replayed first.' }),
      },
      subscribe: async (_root, args, ctx: Context) => {
        let brandId: string;
        try {
          brandId = brandIdArg(args.brandId);
        } catch {
          throw notFound();
        }
        const afterSequence = sequenceArg(args.afterSequence);
        await assertBrandAccess(ctx.credential, brandId);
        const socket = (ctx as Context & { socket?: WebSocket }).socket ?? null;
        return openChangeStream({ brandId, kind: spec.kind, afterSequence, socket, authorize: () => assertBrandAccess(ctx.credential, brandId) });
      },
      resolve: (notice: ChangeNotice) => notice,
    }),
  );
}

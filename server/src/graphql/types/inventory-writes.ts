// Stock adjustments through Trackstar: adjustInventory and the bulk adjustInventoryBatch
// (services/wms-writes.ts, services/bulk-writes.ts). Each answers the item as Packr now stores it.
import { db } from '../../db.js';
import { MAX_BATCH_ROWS, adjustInventoryBatch, type BatchResult, type BatchRowResult } from '../../services/bulk-writes.js';
import { adjustInventory, type WriteResult } from '../../services/wms-writes.js';
import { builder } from '../builder.js';
import { answer } from '../service-errors.js';
import { IDEMPOTENCY_KEY_DESCRIPTION, noRecord, WmsWriteErrorRef, writeOutcomeFields } from './wms-write.js';

const MEMBERS = 'OWNER, ADMIN and OPERATOR only; brand viewers get FORBIDDEN.';

const InventoryAdjustmentTypeEnum = builder.enumType('InventoryAdjustmentType', {
  description: 'Which way a stock adjustment moves on-hand units.',
  values: {
    INCREASE: { description: 'Adds units (found, returned to stock, counted more).' },
    DECREASE: { description: "Removes units (damaged, lost, counted fewer); the WMS refuses more than the warehouse's fulfillable units." },
  },
});

const AdjustInventoryInputRef = builder.inputType('AdjustInventoryInput', {
  description: 'A stock adjustment of one inventory item in one warehouse.',
  fields: (t) => ({
    idempotencyKey: t.string({ description: IDEMPOTENCY_KEY_DESCRIPTION }),
    inventoryItemId: t.id({ required: true, description: 'The InventoryItem global ID; its brand is the brand written to.' }),
    warehouseId: t.id({ required: true, description: "The Warehouse global ID (of the item's brand)." }),
    quantity: t.int({ required: true, description: 'Units to add or remove: 1 to 1000000.' }),
    adjustmentType: t.field({ type: InventoryAdjustmentTypeEnum, required: true, description: 'INCREASE or DECREASE.' }),
    locationId: t.string({ description: "The WMS's id of a storage location in that warehouse (Warehouse.locations.externalId)." }),
    reason: t.string({ description: "Why (at most 500 characters). Kept in Packr's write log; Trackstar's adjustment has no field for it." }),
  }),
});

const InventoryAdjustmentPayloadRef = builder.objectRef<WriteResult>('InventoryAdjustmentPayload').implement({
  description: "The outcome of a stock adjustment: the item as Packr now stores it (Trackstar's answer, applied at once), the idempotency key, and userErrors.",
  fields: (t) => ({
    inventoryItem: t.prismaField({
      type: 'InventoryItem',
      nullable: true,
      description: 'The item as Trackstar now stores it; null when userErrors explain why nothing was written.',
      resolve: (query, r) => (r.recordId ? db.inventoryItem.findUnique({ ...query, where: { id: r.recordId } }) : noRecord(query)),
    }),
    ...writeOutcomeFields(t),
  }),
});

const InventoryAdjustmentResultRef = builder.objectRef<BatchRowResult>('InventoryAdjustmentResult').implement({
  description: 'The outcome of one row of adjustInventoryBatch.',
  fields: (t) => ({
    index: t.exposeInt('index', { description: "The row's position in inputs (0-based)." }),
    inventoryItem: t.prismaField({
      type: 'InventoryItem',
      nullable: true,
      description: 'The item as Trackstar now stores it; null when userErrors explain why the row was not written.',
      resolve: (query, r) => (r.recordId ? db.inventoryItem.findUnique({ ...query, where: { id: r.recordId } }) : noRecord(query)),
    }),
    ...writeOutcomeFields(t),
  }),
});

const AdjustInventoryBatchPayloadRef = builder.objectRef<BatchResult>('AdjustInventoryBatchPayload').implement({
  description: 'One result per row of adjustInventoryBatch, in input order.',
  fields: (t) => ({
    results: t.field({ type: [InventoryAdjustmentResultRef], description: 'A result per row, in input order; empty when userErrors refused the call as a whole.', resolve: (b) => b.results }),
    succeeded: t.int({ description: 'Rows written (or already written under their key).', resolve: (b) => b.results.filter((r) => r.errors.length === 0).length }),
    failed: t.int({ description: 'Rows with userErrors.', resolve: (b) => b.results.filter((r) => r.errors.length > 0).length }),
    userErrors: t.field({ type: [WmsWriteErrorRef], description: 'Problems with the call as a whole (no rows, too many rows); rows have their own.', resolve: (b) => b.errors }),
  }),
});

builder.mutationField('adjustInventory', (t) =>
  t.field({
    type: InventoryAdjustmentPayloadRef,
    authScopes: { member: true },
    description: `Adjusts an item's stock in one warehouse of the WMS through Trackstar (adjust_inventory). An item the caller may not read is NOT_FOUND. ${MEMBERS}`,
    args: { input: t.arg({ type: AdjustInventoryInputRef, required: true, description: 'The adjustment.' }) },
    resolve: (_root, args, ctx) => answer(() => adjustInventory(ctx.viewer!, args.input)),
  }),
);

builder.mutationField('adjustInventoryBatch', (t) =>
  t.field({
    type: AdjustInventoryBatchPayloadRef,
    authScopes: { member: true },
    description:
      `Adjusts stock in up to ${MAX_BATCH_ROWS} rows (items of any brands you may write), one result per row; a bad row (including an item you may not read: NOT_FOUND) never stops the others. ` +
      `Rows go out at Trackstar's write limit. To resume an interrupted call, send it again with the same idempotency keys: rows already written are reported (replayed), not sent again. ${MEMBERS}`,
    args: { inputs: t.arg({ type: [AdjustInventoryInputRef], required: true, description: `The adjustments: 1 to ${MAX_BATCH_ROWS}; give each an idempotencyKey to be able to resume.` }) },
    resolve: (_root, args, ctx) => answer(() => adjustInventoryBatch(ctx.viewer!, args.inputs)),
  }),
);

// Inventory page: item rows, per-warehouse levels of the items written, and a snapshot row only
// for items whose quantities actually changed (or that are new).
import type { PoolClient } from 'pg';
import { defaultStamp, type AuditStamp } from '../../audit/entries.js';
import type { ChangeInput } from '../../changes/change-log.js';
import type { ChangeSource } from '../../generated/prisma/enums.js';
import type { InventoryItem } from '../../../../trackstar-contract/contract.js';
import { mapInventoryItem, mapInventoryLevels, quantitiesDiffer, quantitiesOf, type Quantities } from '../map/inventory.js';
import type { ValidRecord } from '../validate.js';
import { insertRows, replaceChildren, revivedFrom, upsertParents, type ParentOutcome, type SameSecondRule } from './bulk.js';
import { INVENTORY_ITEM, INVENTORY_LEVEL, INVENTORY_SNAPSHOT_COLUMNS } from './tables.js';

export async function writeInventory(
  tx: PoolClient, brandId: string, records: ValidRecord<InventoryItem>[], source: ChangeSource, sameSecond?: SameSecondRule, audit: AuditStamp = defaultStamp(source),
) {
  const rows = records.map((r) => mapInventoryItem(r.record, r.raw));
  const outcomes = await upsertParents(tx, brandId, INVENTORY_ITEM, rows, sameSecond, audit);
  const byExternalId = new Map(rows.map((r, i) => [r.externalId, { row: r, record: records[i].record }]));

  const levels: Record<string, unknown>[] = [];
  const snapshots: Record<string, unknown>[] = [];
  const changes: ChangeInput[] = [];
  const written: ParentOutcome[] = [];
  for (const outcome of outcomes) {
    if (!outcome.written) continue;
    written.push(outcome);
    const { row, record } = byExternalId.get(outcome.externalId)!;
    for (const level of mapInventoryLevels(record)) levels.push({ ...level, brandId, inventoryItemId: outcome.id });
    const now = quantitiesOf(row);
    const before = outcome.previous ? quantitiesOf(outcome.previous as unknown as Quantities) : null;
    if (!before || quantitiesDiffer(before, now)) {
      snapshots.push({ ...now, brandId, inventoryItemId: outcome.id, updatedAtRemote: row.updatedAtRemote });
    }
    changes.push({ kind: 'INVENTORY', entityId: outcome.id, source, previous: before && { ...before, ...revivedFrom(outcome) } });
  }
  await replaceChildren(tx, INVENTORY_LEVEL, written, levels);
  await insertRows(tx, 'inventory_snapshot', INVENTORY_SNAPSHOT_COLUMNS, snapshots);
  return { outcomes, changes };
}

// inventoryChanged for one brand: each event carries the item as it is now, shaped like a table row.
import { graphql } from '../../gql';
import type { InventoryRowFragment } from '../../gql/graphql';
import type { ChangeCursor } from '../../live/useChangeCursor';
import { useRecordEvents } from '../../live/useRecordEvents';

const InventoryChanged = graphql(`
  subscription InventoryChanged($brandId: ID!, $afterSequence: String) {
    inventoryChanged(brandId: $brandId, afterSequence: $afterSequence) {
      sequence
      source
      deleted
      item {
        ...InventoryRow
      }
    }
  }
`);

/** Subscribes once the cursor is ready, starting after it (see live/useRecordEvents.ts); an item deleted in the WMS goes to `onDeleted`. */
export function useInventoryEvents(brandId: string, cursor: ChangeCursor, onRecord: (record: InventoryRowFragment) => void, onDeleted?: (record: InventoryRowFragment) => void): void {
  useRecordEvents(InventoryChanged, brandId, cursor, (data) => data.inventoryChanged.item && { ...data.inventoryChanged.item, deleted: data.inventoryChanged.deleted }, ({ deleted, ...item }) => {
    if (deleted && onDeleted) onDeleted(item);
    else onRecord(item);
  });
}

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
      item {
        ...InventoryRow
      }
    }
  }
`);

/** Subscribes once the cursor is ready, starting after it (see live/useRecordEvents.ts). */
export function useInventoryEvents(brandId: string, cursor: ChangeCursor, onRecord: (record: InventoryRowFragment) => void): void {
  useRecordEvents(InventoryChanged, brandId, cursor, (data) => data.inventoryChanged.item, onRecord);
}

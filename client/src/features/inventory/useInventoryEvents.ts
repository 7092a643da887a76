// inventoryChanged for one brand: each event carries the item as it is now, shaped like a table row.
import { graphql } from '../../gql';
import type { InventoryRowFragment } from '../../gql/graphql';
import type { ChangeCursor } from '../../live/useChangeCursor';
import { useLiveEvents } from '../../live/useLiveEvents';

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

/** Subscribes once the cursor is ready, starting after it (see live/useChangeCursor.ts). */
export function useInventoryEvents(brandId: string, cursor: ChangeCursor, onRecord: (record: InventoryRowFragment) => void): void {
  useLiveEvents(
    InventoryChanged,
    { brandId, afterSequence: cursor.afterSequence },
    (data) => {
      const item = data.inventoryChanged.item;
      if (item) onRecord(item);
    },
    { pause: !cursor.ready },
  );
}

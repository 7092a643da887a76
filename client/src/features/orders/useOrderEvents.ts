// orderChanged for one brand: patches the order row in place and highlights a status change.
import { graphql } from '../../gql';
import { useFlash, type Flashes } from '../../live/useFlash';
import type { ChangeCursor } from '../../live/useChangeCursor';
import { useRecordEvents } from '../../live/useRecordEvents';

const OrderChanged = graphql(`
  subscription OrderChanged($brandId: ID!, $afterSequence: String) {
    orderChanged(brandId: $brandId, afterSequence: $afterSequence) {
      sequence
      source
      order {
        ...OrderRow
      }
    }
  }
`);

const FIELDS = ['status', 'shippingMethodName'] as const;

/** Subscribes once the cursor is ready, starting after it (see live/useRecordEvents.ts). */
export function useOrderEvents(brandId: string, cursor: ChangeCursor, patch: (record: { id: string }, fields: readonly string[]) => string[]): Flashes {
  const { flashes, flash } = useFlash();
  useRecordEvents(OrderChanged, brandId, cursor, (data) => data.orderChanged.order, (order) => flash(order.id, patch(order, FIELDS)));
  return flashes;
}

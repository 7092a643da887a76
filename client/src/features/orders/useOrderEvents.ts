// orderChanged for one brand: patches the order row in place and highlights a status change; an
// order deleted in the WMS goes to `onDeleted` instead.
import { graphql } from '../../gql';
import type { OrderRowFragment } from '../../gql/graphql';
import { useFlash, type Flashes } from '../../live/useFlash';
import type { ChangeCursor } from '../../live/useChangeCursor';
import { useRecordEvents } from '../../live/useRecordEvents';

const OrderChanged = graphql(`
  subscription OrderChanged($brandId: ID!, $afterSequence: String) {
    orderChanged(brandId: $brandId, afterSequence: $afterSequence) {
      sequence
      source
      deleted
      order {
        ...OrderRow
      }
    }
  }
`);

const FIELDS = ['status', 'shippingMethodName'] as const;

/** Subscribes once the cursor is ready, starting after it (see live/useRecordEvents.ts). */
export function useOrderEvents(
  brandId: string,
  cursor: ChangeCursor,
  patch: (record: OrderRowFragment, fields: readonly string[]) => string[],
  onDeleted?: (order: OrderRowFragment) => void,
): Flashes {
  const { flashes, flash } = useFlash();
  useRecordEvents(OrderChanged, brandId, cursor, (data) => data.orderChanged.order && { ...data.orderChanged.order, deleted: data.orderChanged.deleted }, ({ deleted, ...order }) => {
    if (deleted && onDeleted) onDeleted(order);
    else flash(order.id, patch(order, FIELDS));
  });
  return flashes;
}

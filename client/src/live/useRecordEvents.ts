// One brand's change events for one kind of record, from its change cursor on: subscribes once the
// cursor is ready, starting after its afterSequence (see live/useChangeCursor.ts), so nothing the
// list missed is lost, and hands each event's record on. Events without a record are skipped.
import type { TypedDocumentNode } from 'urql';
import type { ChangeCursor } from './useChangeCursor';
import { useLiveEvents } from './useLiveEvents';

type CursorVariables = { brandId: string; afterSequence?: string | null };

export function useRecordEvents<Data, Item>(
  subscription: TypedDocumentNode<Data, CursorVariables>,
  brandId: string,
  cursor: ChangeCursor,
  pick: (data: Data) => Item | null | undefined,
  onRecord: (record: Item) => void,
): void {
  useLiveEvents(
    subscription,
    { brandId, afterSequence: cursor.afterSequence },
    (data) => {
      const record = pick(data);
      if (record) onRecord(record);
    },
    { pause: !cursor.ready },
  );
}

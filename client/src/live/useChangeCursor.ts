// The starting cursor of a brand's live subscriptions. The brand's changeSequence is read in its
// own request *before* the list query is sent: every change the list might miss was committed after
// this read, so subscribing with afterSequence = it replays them (sibling root fields of one request
// give no such order). Duplicates are harmless: rows merge by id and the resume state drops
// sequences at or below the last one seen.
import { useState } from 'react';
import { useQuery } from 'urql';
import { graphql } from '../gql';

export const BrandChangeSequenceQuery = graphql(`
  query BrandChangeSequence($id: ID!) {
    brand(id: $id) {
      id
      changeSequence
    }
  }
`);

export type ChangeCursor = {
  /** False until the cursor was read (or failed to be): hold the list query and the subscriptions until then. */
  ready: boolean;
  /** The initial afterSequence, or null (read failed, brand hidden): subscribe from now. */
  afterSequence: string | null;
};

export function useChangeCursor(brandId: string): ChangeCursor {
  const [result] = useQuery({ query: BrandChangeSequenceQuery, variables: { id: brandId }, requestPolicy: 'network-only' });
  // Frozen once per brand: a later refetch (cache invalidation) must not restart the subscriptions
  // from a newer cursor, which would skip what happened between their last event and it.
  const [frozen, setFrozen] = useState<{ brandId: string; afterSequence: string | null } | null>(null);
  const answered = (result.data || result.error) && !result.fetching && (result.operation?.variables as { id?: string } | undefined)?.id === brandId;
  if (answered && frozen?.brandId !== brandId) {
    // Derived state set during render (React's pattern), so the list is released in the same pass.
    const afterSequence = result.data?.brand?.changeSequence ?? null;
    setFrozen({ brandId, afterSequence });
    return { ready: true, afterSequence };
  }
  return frozen?.brandId === brandId ? { ready: true, afterSequence: frozen.afterSequence } : { ready: false, afterSequence: null };
}

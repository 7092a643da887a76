// Brand-level live events (integration status, sync status) for a set of brands. The screens that
// use it show aggregates (counts, data age), so an event triggers a throttled refetch.
import { useEffect, useRef } from 'react';
import { useClient } from 'urql';
import { graphql } from '../../gql';

const IntegrationStatusChanged = graphql(`
  subscription IntegrationStatusChanged($brandId: ID!, $afterSequence: String) {
    integrationStatusChanged(brandId: $brandId, afterSequence: $afterSequence) {
      sequence
    }
  }
`);

const SyncStatusChanged = graphql(`
  subscription SyncStatusChanged($brandId: ID!, $afterSequence: String) {
    syncStatusChanged(brandId: $brandId, afterSequence: $afterSequence) {
      sequence
    }
  }
`);

const THROTTLE_MS = 1_000;

export function useBrandEvents(brandIds: readonly string[], onEvent: () => void): void {
  const client = useClient();
  const handler = useRef(onEvent);
  handler.current = onEvent;
  const key = [...brandIds].sort().join(',');

  useEffect(() => {
    if (!key) return;
    let timer: ReturnType<typeof setTimeout> | null = null;
    // A backfill emits many sync events; refetch at most once a second.
    const schedule = () => {
      timer ??= setTimeout(() => {
        timer = null;
        handler.current();
      }, THROTTLE_MS);
    };
    const subs = key.split(',').flatMap((brandId) => [
      client.subscription(IntegrationStatusChanged, { brandId }).subscribe((r) => r.data && schedule()),
      client.subscription(SyncStatusChanged, { brandId }).subscribe((r) => r.data && schedule()),
    ]);
    return () => {
      subs.forEach((s) => s.unsubscribe());
      if (timer) clearTimeout(timer);
    };
  }, [client, key]);
}

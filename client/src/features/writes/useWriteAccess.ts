// The viewer's role and the brand's connection, for showing or explaining write actions. Follows
// the brand's integration events, so a connection that breaks disables its actions at once.
import { useCallback } from 'react';
import { useQuery } from 'urql';
import { graphql } from '../../gql';
import { useBrandEvents } from '../brands/useBrandEvents';
import { canWrite, unavailableReason, wmsName, type WriteAction } from './access';

const WriteAccessQuery = graphql(`
  query WriteAccess($brandId: ID!) {
    viewer {
      role
    }
    integration(brandId: $brandId) {
      id
      status
      integrationName
      availableActions
    }
  }
`);

export type WriteAccess = {
  /** False until the role is known, and for brand viewers: write actions are not shown at all. */
  member: boolean;
  /** Why an action cannot be done now (shown next to it), or null. */
  reason(action: WriteAction): string | null;
  wms: string;
};

export function useWriteAccess(brandId: string): WriteAccess {
  const [{ data }, refetch] = useQuery({ query: WriteAccessQuery, variables: { brandId } });
  useBrandEvents([brandId], useCallback(() => refetch({ requestPolicy: 'network-only' }), [refetch]));
  const integration = data?.integration;
  return {
    member: canWrite(data?.viewer.role),
    reason: (action) => unavailableReason(integration, action),
    wms: wmsName(integration),
  };
}

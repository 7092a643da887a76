// Calls `onEvent` once per subscription result, in order. (urql's useSubscription runs its handler
// inside a state updater, which StrictMode calls twice; events must be applied exactly once.)
import { useEffect, useRef } from 'react';
import { useClient, type AnyVariables, type TypedDocumentNode } from 'urql';

export function useLiveEvents<Data, Variables extends AnyVariables>(
  query: TypedDocumentNode<Data, Variables>,
  variables: Variables,
  onEvent: (data: Data) => void,
  options: { pause?: boolean } = {},
): void {
  const client = useClient();
  const handler = useRef(onEvent);
  handler.current = onEvent;
  const key = JSON.stringify(variables);

  useEffect(() => {
    if (options.pause) return;
    const { unsubscribe } = client.subscription(query, JSON.parse(key) as Variables).subscribe((result) => {
      if (result.data) handler.current(result.data);
    });
    return unsubscribe;
  }, [client, query, key, options.pause]);
}

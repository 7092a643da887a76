// A Relay connection shown as a growing list: first page, then "Load more" appends the next page
// by cursor. Rows live in state so live events can patch them in place (live/merge.ts).
import { useCallback, useEffect, useRef, useState } from 'react';
import { useQuery, type AnyVariables, type TypedDocumentNode } from 'urql';
import { appendPage, insertInOrder, mergeById, removeById, type Identified, type RowOrder } from './merge';

type Connection<Node> = { edges: { node: Node }[]; pageInfo: { hasNextPage: boolean; endCursor?: string | null } };

export function usePagedConnection<Node extends Identified, Data, Variables extends AnyVariables>(options: {
  query: TypedDocumentNode<Data, Variables>;
  /** Everything but `after`; a change starts again from the first page. */
  variables: Omit<Variables, 'after'>;
  pick: (data: Data) => Connection<Node> | null | undefined;
  pause?: boolean;
}) {
  const { query, pick } = options;
  const key = JSON.stringify(options.variables);
  const [state, setState] = useState<{ key: string; after: string | null; rows: Node[]; hasNext: boolean; endCursor: string | null; loaded: boolean }>(
    { key, after: null, rows: [], hasNext: false, endCursor: null, loaded: false },
  );
  // Filters changed: start over (setState during render is React's pattern for derived resets).
  if (state.key !== key) setState({ key, after: null, rows: [], hasNext: false, endCursor: null, loaded: false });

  const variables = { ...(JSON.parse(key) as object), after: state.key === key ? state.after : null } as unknown as Variables;
  const [result, reexecute] = useQuery({ query, variables, requestPolicy: 'cache-and-network', pause: options.pause });

  useEffect(() => {
    if (!result.data || !result.operation) return;
    const vars = result.operation.variables as Record<string, unknown>;
    const { after, ...rest } = vars;
    if (JSON.stringify(rest) !== key) return; // an answer for filters we no longer show
    const conn = pick(result.data);
    if (!conn) return;
    const page = conn.edges.map((e) => e.node);
    setState((s) => {
      if (s.key !== key || (after ?? null) !== s.after) return s;
      return { ...s, rows: after == null ? page : appendPage(s.rows, page), hasNext: conn.pageInfo.hasNextPage, endCursor: conn.pageInfo.endCursor ?? null, loaded: true };
    });
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [result.data, result.operation, key]);

  const rowsRef = useRef(state.rows);
  rowsRef.current = state.rows;

  /** Patches one row from a live record; returns the compared fields that changed. */
  const patch = useCallback((record: Partial<Node> & Identified, fields: readonly string[]) => {
    const { rows, changed } = mergeById(rowsRef.current, record, fields);
    if (rows !== rowsRef.current) {
      rowsRef.current = rows;
      setState((s) => ({ ...s, rows: mergeById(s.rows, record, fields).rows }));
    }
    return changed;
  }, []);

  const hasNextRef = useRef(state.hasNext);
  hasNextRef.current = state.hasNext;

  /**
   * Shows a live record that is not on screen where the list's order puts it (see insertInOrder):
   * a new SKU on a full page, or on a later page already loaded, appears without a refresh. The
   * caller checks that the record passes the list's filter. Returns whether it was inserted.
   */
  const insert = useCallback((record: Node, order: RowOrder<Node>) => {
    const rows = insertInOrder(rowsRef.current, record, order, hasNextRef.current);
    if (rows === rowsRef.current) return false;
    rowsRef.current = rows;
    setState((s) => ({ ...s, rows: insertInOrder(s.rows, record, order, s.hasNext) }));
    return true;
  }, []);

  /** Takes one row off the list (its record was deleted in the WMS); returns whether it was on screen. */
  const remove = useCallback((id: string) => {
    const rows = removeById(rowsRef.current, id);
    if (rows === rowsRef.current) return false;
    rowsRef.current = rows;
    setState((s) => ({ ...s, rows: removeById(s.rows, id) }));
    return true;
  }, []);

  const loadMore = useCallback(() => setState((s) => (s.endCursor ? { ...s, after: s.endCursor } : s)), []);
  // Back to the first page, straight from the server (after a sync, or when events may be missed).
  const refresh = useCallback(() => {
    if (state.after === null) reexecute({ requestPolicy: 'network-only' });
    else setState((s) => ({ ...s, after: null }));
  }, [reexecute, state.after]);

  return {
    rows: state.rows,
    loaded: state.loaded,
    hasNext: state.hasNext,
    fetching: result.fetching || result.stale,
    error: result.error,
    loadMore,
    refresh,
    patch,
    insert,
    remove,
  };
}

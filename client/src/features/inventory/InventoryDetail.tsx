// Expanded row: per-warehouse levels (already on the row) and the quantity history (fetched on open).
import { useEffect, useRef, useState } from 'react';
import { useQuery } from 'urql';
import { graphql } from '../../gql';
import type { InventoryRowFragment } from '../../gql/graphql';
import { formatNumber } from '../../lib/format';
import { RecordHistory } from '../audit/HistoryTimeline';
import { HistoryChart } from './HistoryChart';

const HistoryQuery = graphql(`
  query InventoryHistory($id: ID!) {
    inventoryItem(id: $id) {
      id
      history(first: 100) {
        recordedAt
        updatedAt
        onHand
        fulfillable
      }
    }
  }
`);

type Measure = 'onHand' | 'fulfillable';

export function InventoryDetail({ item, warehouseNames }: { item: InventoryRowFragment; warehouseNames?: ReadonlyMap<string, string> }) {
  const [measure, setMeasure] = useState<Measure>('onHand');
  const [{ data, fetching, error }, refetch] = useQuery({ query: HistoryQuery, variables: { id: item.id }, requestPolicy: 'cache-and-network' });
  // The row changed live: fetch the history again so the chart gains the new point.
  const seen = useRef(item.updatedAt);
  useEffect(() => {
    if (seen.current === item.updatedAt) return;
    seen.current = item.updatedAt;
    refetch({ requestPolicy: 'network-only' });
  }, [item.updatedAt, refetch]);
  const points = (data?.inventoryItem?.history ?? []).map((s) => ({ at: s.updatedAt, value: s[measure] }));

  return (
    <div className="detail-grid">
      <div>
        <h3>By warehouse</h3>
        {item.levels.length === 0 ? (
          <p className="muted small">No per-warehouse breakdown from the WMS.</p>
        ) : (
          <table className="subtable">
            <thead>
              <tr>
                <th>Warehouse</th>
                <th className="num">On hand</th>
                <th className="num">Fulfillable</th>
                <th className="num">Committed</th>
                <th className="num">Unfulfillable</th>
                <th className="num">Awaiting</th>
              </tr>
            </thead>
            <tbody>
              {item.levels.map((l) => (
                <tr key={l.warehouseExternalId}>
                  <td>
                    {warehouseNames?.get(l.warehouseExternalId) ?? <span className="mono">{l.warehouseExternalId}</span>}
                  </td>
                  <td className="num">{formatNumber(l.onHand)}</td>
                  <td className="num">{formatNumber(l.fulfillable)}</td>
                  <td className="num">{formatNumber(l.committed)}</td>
                  <td className="num">{formatNumber(l.unfulfillable)}</td>
                  <td className="num">{formatNumber(l.awaiting)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </div>
      <div>
        <div style={{ display: 'flex', justifyContent: 'space-between', alignItems: 'center' }}>
          <h3>History</h3>
          <div className="chips" role="group" aria-label="Chart measure">
            {(['onHand', 'fulfillable'] as const).map((m) => (
              <button key={m} type="button" className="chip" aria-pressed={measure === m} onClick={() => setMeasure(m)}>
                {m === 'onHand' ? 'On hand' : 'Fulfillable'}
              </button>
            ))}
          </div>
        </div>
        {error && !data && <p className="error-text small">Could not load history.</p>}
        {fetching && !data && <p className="muted small">Loading history…</p>}
        {data && <HistoryChart points={points} label={measure === 'onHand' ? 'On hand' : 'Fulfillable'} />}
      </div>
      <div className="detail-wide">
        <h3 id={`changes-${item.id}`}>Changes</h3>
        <RecordHistory kind="inventoryItem" id={item.id} version={item.updatedAt} labelledBy={`changes-${item.id}`} />
      </div>
    </div>
  );
}

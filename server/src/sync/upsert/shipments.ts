// An order's shipments are replaced with the order (delete the old set, insert the new), but a
// shipment that is still there keeps its row id, so its global id stays stable for clients and the
// shipment change stream can name it. The one statement also tells which rows are new or differ
// from the ones they replace: a write of an order whose shipments did not change emits no
// SHIPMENT change.
import type { PoolClient } from 'pg';
import { columnParams, insertRows, q, runNamed, unnestOf, type ParentOutcome } from './bulk.js';
import { SHIPMENT } from './tables.js';

export type ShipmentOutcome = { id: string; orderId: string; externalId: string; inserted: boolean; changed: boolean; previousStatus: string | null };

/**
 * Everything a client can see of a shipment row except the order's updated date (copied onto every
 * shipment of a written order, so it would make every shipment look changed). Packages are not in
 * it: their tracking numbers and carrier reach the row; the rest changes with an ORDER notice.
 */
const fingerprint = (alias: string) =>
  `md5(row(${['status', 'rawStatus', 'warehouseExternalId', 'shippedDate', 'carrierName', 'serviceName', 'trackingNumbers', 'lineItems', 'shipFrom', 'shipTo']
    .map((c) => `${alias}.${q(c)}`)
    .join(', ')})::text)`;

const key = (orderId: string, externalId: string) => `${orderId}\u0000${externalId}`;

const { columns } = SHIPMENT;
const REPLACE_SQL = `
  WITH gone AS (
    DELETE FROM shipment s WHERE s."orderId" = ANY($1::uuid[])
    RETURNING s.id, s."orderId", s."externalId", s.status::text AS status, ${fingerprint('s')} AS fp
  ),
  barrier AS (SELECT count(*) AS deleted FROM gone),
  up AS (
    INSERT INTO shipment AS t (${columns.map((c) => q(c.name)).join(', ')})
    SELECT ${columns.map((c) => (c.name === 'id' ? 'coalesce(g.id, u."id")' : c.expr ? c.expr(`u.${q(c.name)}`) : `u.${q(c.name)}`)).join(', ')}
      FROM ${unnestOf(columns, 2)} CROSS JOIN barrier
      LEFT JOIN gone g ON g."orderId" = u."orderId" AND g."externalId" = u."externalId"
    RETURNING t.id, t."orderId", t."externalId", ${fingerprint('t')} AS fp
  )
  SELECT up.id, up."orderId", up."externalId", g.id IS NULL AS inserted, g.status AS "previousStatus",
         (g.id IS NULL OR g.fp IS DISTINCT FROM up.fp) AS changed
    FROM up LEFT JOIN gone g ON g."orderId" = up."orderId" AND g."externalId" = up."externalId"`;

/**
 * Replaces the shipments of the written orders and points `packages` (whose shipmentId is the id
 * mapOrderChildren generated) at the row each shipment ended up in. Returns one outcome per
 * shipment row now stored for those orders.
 */
export async function replaceShipments(
  tx: PoolClient, written: ParentOutcome[], rows: Record<string, unknown>[], packages: Record<string, unknown>[],
): Promise<ShipmentOutcome[]> {
  const replaced = written.filter((o) => !o.inserted).map((o) => o.id);
  if (replaced.length === 0) {
    // Orders new in this page have no shipments yet: a plain insert, every shipment new.
    await insertRows(tx, SHIPMENT.table, columns, rows);
    return rows.map((r) => ({ id: r.id as string, orderId: r.orderId as string, externalId: r.externalId as string, inserted: true, changed: true, previousStatus: null }));
  }
  const result = await runNamed(tx, REPLACE_SQL, [replaced, ...columnParams(columns, rows)]);
  const outcomes: ShipmentOutcome[] = result.rows;
  const finalId = new Map(outcomes.map((o) => [key(o.orderId, o.externalId), o.id]));
  const generated = new Map(rows.map((r) => [r.id as string, finalId.get(key(r.orderId as string, r.externalId as string))]));
  for (const p of packages) p.shipmentId = generated.get(p.shipmentId as string) ?? p.shipmentId;
  return outcomes;
}

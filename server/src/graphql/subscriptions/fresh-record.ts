// Subscription events carry ids only; each delivered event re-reads its record from the database.
// A thousand subscribers of one brand receive the same change at the same moment, so the read of
// one (model, id, sequence, selection) is shared for a few seconds instead of repeated per
// subscriber. The selection is Pothos' `query` (include/select of the client's document), so
// subscribers asking for the same fields share one query and each still gets what it asked for.
import { db } from '../../db.js';

export type FreshModel = 'inventoryItem' | 'order' | 'syncState' | 'brandIntegration' | 'product' | 'shipment' | 'return' | 'inboundShipment' | 'brand';

const SHARE_MS = 3_000;
const shared = new Map<string, { at: number; row: Promise<unknown> }>();

type Query = Record<string, unknown>;

function load(model: FreshModel, id: string, query: Query): Promise<unknown> {
  switch (model) {
    case 'inventoryItem':
      return db.inventoryItem.findUnique({ ...query, where: { id } });
    case 'order':
      return db.order.findUnique({ ...query, where: { id } });
    case 'syncState':
      return db.syncState.findUnique({ ...query, where: { id } });
    case 'brandIntegration':
      return db.brandIntegration.findUnique({ ...query, where: { id } });
    case 'product':
      return db.product.findUnique({ ...query, where: { id } });
    case 'shipment':
      return db.shipment.findUnique({ ...query, where: { id } });
    case 'return':
      return db.return.findUnique({ ...query, where: { id } });
    case 'inboundShipment':
      return db.inboundShipment.findUnique({ ...query, where: { id } });
    case 'brand':
      return db.brand.findUnique({ ...query, where: { id } });
  }
}

/** The row as of this change (or later), loaded with the caller's Prisma selection. */
export async function freshRecord<T>(model: FreshModel, id: string, sequence: string, query: Query = {}): Promise<T | null> {
  const now = Date.now();
  const key = `${model}:${id}:${sequence}:${JSON.stringify(query)}`;
  let hit = shared.get(key);
  if (!hit || now - hit.at > SHARE_MS) {
    if (shared.size > 5_000) for (const [k, v] of shared) if (now - v.at > SHARE_MS) shared.delete(k);
    hit = { at: now, row: load(model, id, query).catch((error) => { shared.delete(key); throw error; }) };
    shared.set(key, hit);
  }
  return (await hit.row) as T | null;
}

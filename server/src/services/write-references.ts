// Packr ids in a write's input, turned into the WMS ids Trackstar expects. Every lookup is inside
// one brand (the write's), so an id of another brand or tenant reads as unknown. Results are
// remembered per instance: the rows of a bulk call often name the same products and warehouses.
import { db } from '../db.js';

export type Found = { externalId: string } | { missing: string };

export class BrandReferences {
  private readonly memo = new Map<string, Promise<Found>>();

  constructor(readonly brandId: string) {}

  private remember(key: string, load: () => Promise<Found>): Promise<Found> {
    let found = this.memo.get(key);
    if (!found) {
      found = load();
      this.memo.set(key, found);
    }
    return found;
  }

  warehouse(id: string): Promise<Found> {
    return this.remember(`warehouse:${id}`, async () => {
      const row = await db.warehouse.findFirst({ where: { id, brandId: this.brandId }, select: { externalId: true } });
      return row ?? { missing: 'No such warehouse in this brand' };
    });
  }

  shippingMethod(id: string): Promise<Found> {
    return this.remember(`shipping-method:${id}`, async () => {
      const row = await db.shippingMethod.findFirst({ where: { id, brandId: this.brandId }, select: { externalId: true } });
      return row ?? { missing: 'No such shipping method in this brand' };
    });
  }

  order(id: string): Promise<Found> {
    return this.remember(`order:${id}`, async () => {
      const row = await db.order.findFirst({ where: { id, brandId: this.brandId }, select: { externalId: true } });
      return row ?? { missing: 'No such order in this brand' };
    });
  }

  product(id: string): Promise<Found> {
    return this.remember(`product:${id}`, async () => {
      const row = await db.product.findFirst({ where: { id, brandId: this.brandId }, select: { externalId: true } });
      return row ?? { missing: 'No such product in this brand' };
    });
  }

  /** The brand's product with this SKU; an active one wins over inactive ones, two active ones are ambiguous. */
  productBySku(sku: string): Promise<Found> {
    return this.remember(`sku:${sku}`, async () => {
      const rows = await db.product.findMany({ where: { brandId: this.brandId, sku, deletedAt: null }, select: { externalId: true, active: true }, take: 5 });
      const active = rows.filter((r) => r.active);
      const candidates = active.length > 0 ? active : rows;
      if (candidates.length === 1) return { externalId: candidates[0].externalId };
      if (candidates.length === 0) return { missing: `No product with SKU ${sku} in this brand` };
      return { missing: `Several products have SKU ${sku} in this brand; give productId instead` };
    });
  }
}

// Seeds a bench database with raw SQL (generate_series): one 3PL, BRANDS brands, ORDERS orders
// spread evenly over them, each with 3 line items, 1 shipment and 1 package. About 10 s for 50k.
import pg from 'pg';

export type Seeded = { brandIds: string[]; orders: number };

const STATUSES = ['OPEN', 'CONFIRMED', 'PROCESSING', 'PICKED', 'PACKED', 'FULFILLED', 'BACKORDERED', 'CANCELLED'];

export async function seedOrders(url: string, threePLId: string, brands: number, orders: number): Promise<Seeded> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const created = await client.query<{ id: string }>(
      `INSERT INTO brand (id, "threePLId", name, "updatedAt")
       SELECT gen_random_uuid(), $1, 'Bench brand ' || lpad(g::text, 2, '0'), now() FROM generate_series(1, $2::int) g
       RETURNING id::text`,
      [threePLId, brands],
    );
    const brandIds = created.rows.map((r) => r.id);
    await client.query('BEGIN');
    await client.query(
      `INSERT INTO "order" (id, "brandId", "externalId", "orderNumber", "referenceId", status, currency, "totalPrice", "totalTax",
                            tags, "shipTo", "rawData", "createdAtRemote", "updatedAtRemote")
       SELECT gen_random_uuid(), ($1::uuid[])[1 + g % $2::int], 'ord_' || g, '#' || (100000 + g), 'REF-' || g,
              ($3::text[])[1 + g % array_length($3::text[], 1)]::"OrderStatus", 'USD', 42.5, 3.4,
              ARRAY['bench'], jsonb_build_object('city', 'Rotterdam', 'country', 'NL'),
              jsonb_build_object('id', 'ord_' || g, 'channel', 'shopify', 'note', repeat('x', 200)),
              now() - g * interval '1 minute', now() - g * interval '1 minute'
         FROM generate_series(1, $4::int) g`,
      [brandIds, brands, STATUSES, orders],
    );
    await client.query(
      `INSERT INTO order_line_item (id, "brandId", "orderId", position, sku, quantity, "unitPrice", "productExternalId")
       SELECT gen_random_uuid(), o."brandId", o.id, p, 'SKU-' || (abs(hashtext(o.id::text || p)) % 5000), 1 + p, 9.99, 'prod_' || p
         FROM "order" o CROSS JOIN generate_series(0, 2) p`,
    );
    await client.query(
      `INSERT INTO shipment (id, "brandId", "orderId", "externalId", status, "trackingNumbers", "lineItems", "shippedDate", "carrierName", "updatedAtRemote")
       SELECT gen_random_uuid(), o."brandId", o.id, 'shp_' || o."externalId", 'SHIPPED', ARRAY['1Z' || o."orderNumber"], '[]'::jsonb,
              o."updatedAtRemote", 'UPS', o."updatedAtRemote"
         FROM "order" o`,
    );
    await client.query(
      `INSERT INTO package (id, "brandId", "shipmentId", "externalId", "trackingNumber", "trackingUrl", "shippingCost", "lineItems")
       SELECT gen_random_uuid(), s."brandId", s.id, 'pkg_' || s."externalId", s."trackingNumbers"[1],
              'https://track.example/' || s."trackingNumbers"[1], 5.25, '[]'::jsonb
         FROM shipment s`,
    );
    await client.query('COMMIT');
    await client.query('ANALYZE');
    return { brandIds, orders };
  } catch (error) {
    await client.query('ROLLBACK').catch(() => {});
    throw error;
  } finally {
    await client.end();
  }
}

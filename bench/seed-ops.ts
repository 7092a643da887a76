// Seeds the operations benchmark's database in SQL (generate_series, deterministic through
// setseed): one large 3PL with BRANDS brands and a second small tenant whose rows must never show.
// Orders are spread over a year with a skewed brand size (a few large brands, a long tail) and
// statuses like a working warehouse: almost everything older than three days FULFILLED (with a
// shipment, 3 % without a shipment date) or CANCELLED, a fraction of a percent stuck in EXCEPTION,
// BACKORDERED, on hold or open past its requiredShipDate; the last three days still in flight.
// Inventory: a fifth as many items as orders, 3 % out of stock and 7 % low, with a snapshot at
// creation and, for 30 % of items, a change within the last 30 days (so the stock-outs chart has
// history). Per brand: an integration with sync state and hourly sync runs over 30 days, and ten
// inbound shipments, two of them overdue. No line items (none of the measured queries reads them).
import pg from 'pg';

export type OpsSeed = { brandIds: string[]; otherBrandIds: string[]; orders: number; inventoryItems: number };

const NOW = `timezone('UTC', now())`;

/** Orders of `brandIds` (skewed: brand 1 largest), numbered from `first`. */
async function seedOrders(client: pg.Client, brandIds: string[], first: number, count: number) {
  await client.query(
    `INSERT INTO "order" (id, "brandId", "externalId", "orderNumber", "referenceId", status, "rawStatus", currency, "totalPrice", tags,
                          "shipTo", "rawData", "requiredShipDate", "createdAtRemote", "updatedAtRemote")
     SELECT gen_random_uuid(), brand, 'ord_' || g, '#' || g, 'REF-' || g, status::"OrderStatus",
            CASE WHEN status = 'OTHER' THEN 'on_hold' ELSE lower(status) END, 'USD', 42.5, ARRAY['bench'],
            jsonb_build_object('city', 'Rotterdam', 'country', 'NL'),
            jsonb_build_object('id', 'ord_' || g, 'channel', 'shopify', 'note', repeat('x', 200)),
            CASE WHEN r_req < 0.9 THEN created + (1 + floor(r_req * 3.3)) * interval '1 day' END,
            created, LEAST(${NOW}, created + lead)
       FROM (SELECT g, brand, created, r_req, lead,
                    CASE WHEN created < ${NOW} - interval '3 days' THEN
                           CASE WHEN r_st < 0.967 THEN 'FULFILLED' WHEN r_st < 0.987 THEN 'CANCELLED' WHEN r_st < 0.992 THEN 'EXCEPTION'
                                WHEN r_st < 0.995 THEN 'BACKORDERED' WHEN r_st < 0.997 THEN 'OTHER' ELSE 'PROCESSING' END
                         ELSE
                           CASE WHEN created + lead > ${NOW} THEN (ARRAY['OPEN', 'OPEN', 'PROCESSING', 'PICKED', 'PACKED'])[1 + floor(r_st * 5)::int]
                                WHEN r_st < 0.97 THEN 'FULFILLED' WHEN r_st < 0.985 THEN 'EXCEPTION' ELSE 'OTHER' END
                    END AS status
               FROM (SELECT g, ($1::uuid[])[1 + floor(array_length($1::uuid[], 1) * power(random(), 1.6))::int] AS brand,
                            ${NOW} - random() * interval '365 days' AS created,
                            random() AS r_st, random() AS r_req,
                            (2 + 70 * power(random(), 2)) * interval '1 hour' AS lead
                       FROM generate_series($2::int, $2::int + $3::int - 1) g) r) o`,
    [brandIds, first, count],
  );
}

/** Inventory items spread evenly over `brandIds`, with their history. */
async function seedInventory(client: pg.Client, brandIds: string[], first: number, count: number) {
  await client.query(
    `INSERT INTO inventory_item (id, "brandId", "externalId", sku, name, awaiting, "onHand", committed, unfulfillable, fulfillable, sellable,
                                 "rawData", "createdAtRemote", "updatedAtRemote")
     SELECT gen_random_uuid(), ($1::uuid[])[1 + g % array_length($1::uuid[], 1)], 'inv_' || g, 'SKU-' || g, 'Item ' || g,
            0, GREATEST(f, 0) + c, c, 0, f, f, jsonb_build_object('id', 'inv_' || g), created,
            CASE WHEN r_changed < 0.3 THEN ${NOW} - r_when * interval '30 days' ELSE created END
       FROM (SELECT g, floor(random() * 5)::int AS c, random() AS r_changed, random() AS r_when,
                    ${NOW} - interval '150 days' + random() * interval '30 days' AS created,
                    (SELECT CASE WHEN r < 0.02 THEN 0 WHEN r < 0.03 THEN -1 - floor(r * 1000)::int % 5
                                 WHEN r < 0.10 THEN 1 + floor(r * 1000)::int % 10 ELSE 11 + floor(r * 100000)::int % 490 END
                       FROM (SELECT random() + 0 * g AS r) x) AS f
               FROM generate_series($2::int, $2::int + $3::int - 1) g) i`,
    [brandIds, first, count],
  );
}

/** A snapshot at creation (a different level for changed items: some were out and restocked), one at the change. */
async function seedSnapshots(client: pg.Client) {
  await client.query(
    `INSERT INTO inventory_snapshot ("brandId", "inventoryItemId", awaiting, "onHand", committed, unfulfillable, fulfillable, sellable, "updatedAtRemote", "recordedAt")
     SELECT "brandId", id, 0, GREATEST(f, 0), 0, 0, f, f, "createdAtRemote", "createdAtRemote"
       FROM (SELECT i.*, CASE WHEN i."updatedAtRemote" = i."createdAtRemote" THEN i.fulfillable
                              WHEN i.fulfillable <= 0 THEN 20
                              WHEN abs(hashtext(i.id::text)) % 4 = 0 THEN 0 ELSE i.fulfillable + 7 END AS f
               FROM inventory_item i) x
     UNION ALL
     SELECT "brandId", id, awaiting, "onHand", committed, unfulfillable, fulfillable, sellable, "updatedAtRemote", "updatedAtRemote"
       FROM inventory_item WHERE "updatedAtRemote" <> "createdAtRemote"`,
  );
}

export async function seedOps(url: string, large: { threePLId: string }, small: { threePLId: string }, brands: number, orders: number): Promise<OpsSeed> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  const items = Math.round(orders / 5);
  const smallOrders = Math.max(100, Math.round(orders / 500));
  try {
    await client.query('SELECT setseed(0.42)');
    const brand = (threePLId: string, n: number, label: string) =>
      client
        .query<{ id: string }>(
          `INSERT INTO brand (id, "threePLId", name, "updatedAt")
           SELECT gen_random_uuid(), $1, $3 || lpad(g::text, 3, '0'), now() FROM generate_series(1, $2::int) g ORDER BY g RETURNING id::text`,
          [threePLId, n, label],
        )
        .then((r) => r.rows.map((row) => row.id));
    const brandIds = await brand(large.threePLId, brands, 'Ops brand ');
    const otherBrandIds = await brand(small.threePLId, 3, 'Other tenant brand ');

    await client.query('BEGIN');
    await seedOrders(client, brandIds, 1, orders);
    await seedOrders(client, otherBrandIds, orders + 1, smallOrders);
    await client.query(
      `INSERT INTO shipment (id, "brandId", "orderId", "externalId", status, "trackingNumbers", "lineItems", "shippedDate", "carrierName", "updatedAtRemote")
       SELECT gen_random_uuid(), o."brandId", o.id, 'shp_' || o."externalId", 'SHIPPED', ARRAY['1Z' || o."externalId"], '[]'::jsonb,
              o."updatedAtRemote", 'UPS', o."updatedAtRemote"
         FROM "order" o WHERE o.status = 'FULFILLED' AND abs(hashtext(o.id::text)) % 33 <> 0`,
    );
    await seedInventory(client, brandIds, 1, items);
    await seedInventory(client, otherBrandIds, items + 1, Math.max(50, Math.round(items / 500)));
    await seedSnapshots(client);
    await client.query(
      `INSERT INTO brand_integration (id, "brandId", status, "connectionId", "integrationName", "connectedAt", "lastSyncedAt", "lastError", "updatedAt")
       SELECT gen_random_uuid(), b.id, CASE WHEN row_number() OVER (ORDER BY b.name) <= 2 THEN 'ERROR' ELSE 'ACTIVE' END::"IntegrationStatus",
              'conn_' || b.id, 'sandbox', ${NOW} - interval '200 days', ${NOW}, NULL, now()
         FROM brand b`,
    );
    // Fresh data everywhere except three brands whose inventory was last confirmed a day ago.
    await client.query(
      `INSERT INTO sync_state (id, "integrationId", resource, status, cursor, "lastSucceededAt", "confirmedAt", "confirmedBy", "updatedAt")
       SELECT gen_random_uuid(), i.id, r::"SyncResource", 'IDLE', ${NOW}, ${NOW},
              CASE WHEN r = 'INVENTORY' AND row_number() OVER (PARTITION BY r ORDER BY i.id) <= 3 THEN ${NOW} - interval '1 day' ELSE ${NOW} END,
              'SYNC', now()
         FROM brand_integration i CROSS JOIN unnest(ARRAY['ORDERS', 'INVENTORY']) r`,
    );
    await client.query(
      `INSERT INTO sync_run ("integrationId", resource, reason, "startedAt", "finishedAt", outcome, records, pages, "durationMs")
       SELECT i.id, 'ORDERS', 'schedule', h, h + interval '20 seconds', 'COMPLETED', floor(random() * 500)::int, 1, 20000
         FROM brand_integration i CROSS JOIN generate_series(${NOW} - interval '30 days', ${NOW}, interval '1 hour') h`,
    );
    await client.query(
      `INSERT INTO inbound_shipment (id, "brandId", "externalId", status, "expectedArrivalDate", "trackingNumbers", "lineItems", receipts, "rawData",
                                     "createdAtRemote", "updatedAtRemote")
       SELECT gen_random_uuid(), b.id, 'inb_' || k, 'IN_TRANSIT', ${NOW} + (k - 3) * interval '1 day', ARRAY[]::text[], '[]', '[]', '{}',
              ${NOW} - interval '20 days', ${NOW} - interval '20 days'
         FROM brand b CROSS JOIN generate_series(1, 10) k`,
    );
    await client.query('COMMIT');
    await client.query('ANALYZE');
    return { brandIds, otherBrandIds, orders, inventoryItems: items };
  } catch (error) {
    await client.query('ROLLBACK').catch(() => {});
    throw error;
  } finally {
    await client.end();
  }
}

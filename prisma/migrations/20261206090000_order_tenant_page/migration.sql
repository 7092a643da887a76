-- Order."threePLId": the 3PL of the order's brand, copied onto the order so that an operator's
-- default orders view (every brand of the 3PL, newest change first) is ONE range of one index
-- instead of the per-brand merge of server/src/graphql/cross-brand-page.ts (about two index probes
-- per brand per page: 400 for 200 brands). See server/src/graphql/order-page.ts.
--
-- Kept by the trigger below from brand."threePLId", on every insert path (the sync's bulk upsert,
-- Prisma creates, seeds), so no writer has to know about it. That is correct because
--   * a brand never moves to another 3PL (enforced by "brand_three_pl_fixed" below), and
--   * an order never changes brand (the sync upserts on ("brandId", "externalId"); the trigger
--     also re-reads the brand should "brandId" ever be updated).

-- AlterTable
ALTER TABLE "order" ADD COLUMN     "threePLId" UUID;

CREATE FUNCTION "order_three_pl_of_brand"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  SELECT b."threePLId" INTO NEW."threePLId" FROM brand b WHERE b.id = NEW."brandId";
  IF NOT FOUND THEN
    -- The error the "brandId" foreign key would have raised (instead of a NOT NULL violation here).
    RAISE EXCEPTION 'insert or update on table "order" violates foreign key constraint "order_brandId_fkey"'
      USING ERRCODE = 'foreign_key_violation', DETAIL = format('Key ("brandId")=(%s) is not present in table "brand".', NEW."brandId");
  END IF;
  RETURN NEW;
END;
$$;

-- Always overwritten (never trusted from the writer). BEFORE INSERT also fires for an upsert that
-- ends as an update; that costs one primary-key probe of the small brand table per row.
CREATE TRIGGER "order_three_pl_of_brand" BEFORE INSERT OR UPDATE OF "brandId" ON "order"
  FOR EACH ROW EXECUTE FUNCTION "order_three_pl_of_brand"();

CREATE FUNCTION "brand_three_pl_fixed"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'a brand cannot move to another 3PL (order."threePLId" copies brand."threePLId")'
    USING ERRCODE = 'check_violation';
END;
$$;

CREATE TRIGGER "brand_three_pl_fixed" BEFORE UPDATE OF "threePLId" ON "brand"
  FOR EACH ROW WHEN (OLD."threePLId" IS DISTINCT FROM NEW."threePLId") EXECUTE FUNCTION "brand_three_pl_fixed"();

-- Backfill in one statement, before NOT NULL and before the index exists (one index build is much
-- cheaper than maintaining it row by row). The ALTER TABLE above holds the table's lock, so no
-- insert slips in between.
UPDATE "order" o SET "threePLId" = b."threePLId" FROM brand b WHERE b.id = o."brandId";

ALTER TABLE "order" ALTER COLUMN "threePLId" SET NOT NULL;

-- Partial index (Prisma's schema cannot express it; it lives here only): the live orders of a 3PL,
-- newest change first, in the keyset order of the orders page (updatedAtRemote DESC, id DESC).
CREATE INDEX "order_threePLId_updatedAtRemote_id_live_idx" ON "order"("threePLId", "updatedAtRemote" DESC, "id" DESC)
  WHERE "deletedAt" IS NULL;

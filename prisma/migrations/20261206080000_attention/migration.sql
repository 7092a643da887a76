-- The attention board (server/src/attention/): open items, their event log, thresholds.

-- CreateEnum
CREATE TYPE "AttentionKind" AS ENUM ('LATE_ORDER', 'ORDER_EXCEPTION', 'OVERDUE_INBOUND', 'RETURN_NOT_RESTOCKED', 'LOW_STOCK', 'CONNECTION');

-- CreateEnum
CREATE TYPE "AttentionChange" AS ENUM ('OPENED', 'UPDATED', 'RESOLVED');

-- AlterTable
ALTER TABLE "three_pl" ADD COLUMN     "attentionSeq" BIGINT NOT NULL DEFAULT 0;

-- AlterTable
ALTER TABLE "inventory_item" ADD COLUMN     "lowStockThreshold" INTEGER;

-- CreateTable
CREATE TABLE "attention_item" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "threePLId" UUID NOT NULL,
    "brandId" UUID NOT NULL,
    "kind" "AttentionKind" NOT NULL,
    "recordType" TEXT NOT NULL,
    "recordId" UUID NOT NULL,
    "reason" TEXT NOT NULL,
    "rawStatus" TEXT,
    "since" TIMESTAMP(3) NOT NULL,
    "detectedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "orderId" UUID,
    "inventoryItemId" UUID,
    "inboundShipmentId" UUID,
    "returnId" UUID,
    "integrationId" UUID,

    CONSTRAINT "attention_item_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "attention_event" (
    "id" BIGSERIAL NOT NULL,
    "threePLId" UUID NOT NULL,
    "sequence" BIGINT NOT NULL,
    "brandId" UUID NOT NULL,
    "itemId" UUID NOT NULL,
    "kind" "AttentionKind" NOT NULL,
    "change" "AttentionChange" NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "attention_event_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "attention_settings" (
    "threePLId" UUID NOT NULL,
    "lateOrderWindowHours" INTEGER NOT NULL DEFAULT 24,
    "returnRestockDays" INTEGER NOT NULL DEFAULT 3,
    "lowStockThreshold" INTEGER NOT NULL DEFAULT 10,
    "freshnessWindowMinutes" INTEGER NOT NULL DEFAULT 120,
    "updatedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "attention_settings_pkey" PRIMARY KEY ("threePLId")
);

-- CreateTable
CREATE TABLE "brand_attention_settings" (
    "brandId" UUID NOT NULL,
    "threePLId" UUID NOT NULL,
    "lateOrderWindowHours" INTEGER,
    "returnRestockDays" INTEGER,
    "lowStockThreshold" INTEGER,
    "freshnessWindowMinutes" INTEGER,
    "updatedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "brand_attention_settings_pkey" PRIMARY KEY ("brandId")
);

-- CreateIndex
CREATE UNIQUE INDEX "attention_item_brandId_kind_recordId_key" ON "attention_item"("brandId", "kind", "recordId");

-- CreateIndex
CREATE INDEX "attention_item_threePLId_since_id_idx" ON "attention_item"("threePLId", "since", "id");

-- CreateIndex
CREATE INDEX "attention_item_threePLId_kind_brandId_idx" ON "attention_item"("threePLId", "kind", "brandId");

-- CreateIndex
CREATE INDEX "attention_item_threePLId_kind_since_id_idx" ON "attention_item"("threePLId", "kind", "since", "id");

-- CreateIndex
CREATE INDEX "attention_item_brandId_since_id_idx" ON "attention_item"("brandId", "since", "id");

-- CreateIndex (partial: these columns exist for the cascades, and most rows leave all but one null)
CREATE INDEX "attention_item_orderId_idx" ON "attention_item"("orderId") WHERE "orderId" IS NOT NULL;

-- CreateIndex
CREATE INDEX "attention_item_inventoryItemId_idx" ON "attention_item"("inventoryItemId") WHERE "inventoryItemId" IS NOT NULL;

-- CreateIndex
CREATE INDEX "attention_item_inboundShipmentId_idx" ON "attention_item"("inboundShipmentId") WHERE "inboundShipmentId" IS NOT NULL;

-- CreateIndex
CREATE INDEX "attention_item_returnId_idx" ON "attention_item"("returnId") WHERE "returnId" IS NOT NULL;

-- CreateIndex
CREATE INDEX "attention_item_integrationId_idx" ON "attention_item"("integrationId") WHERE "integrationId" IS NOT NULL;

-- CreateIndex
CREATE UNIQUE INDEX "attention_event_threePLId_sequence_key" ON "attention_event"("threePLId", "sequence");

-- CreateIndex
CREATE INDEX "attention_event_createdAt_idx" ON "attention_event"("createdAt");

-- AddForeignKey
ALTER TABLE "attention_item" ADD CONSTRAINT "attention_item_brandId_fkey" FOREIGN KEY ("brandId") REFERENCES "brand"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "attention_item" ADD CONSTRAINT "attention_item_orderId_fkey" FOREIGN KEY ("orderId") REFERENCES "order"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "attention_item" ADD CONSTRAINT "attention_item_inventoryItemId_fkey" FOREIGN KEY ("inventoryItemId") REFERENCES "inventory_item"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "attention_item" ADD CONSTRAINT "attention_item_inboundShipmentId_fkey" FOREIGN KEY ("inboundShipmentId") REFERENCES "inbound_shipment"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "attention_item" ADD CONSTRAINT "attention_item_returnId_fkey" FOREIGN KEY ("returnId") REFERENCES "return"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "attention_item" ADD CONSTRAINT "attention_item_integrationId_fkey" FOREIGN KEY ("integrationId") REFERENCES "brand_integration"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "attention_event" ADD CONSTRAINT "attention_event_threePLId_fkey" FOREIGN KEY ("threePLId") REFERENCES "three_pl"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "attention_settings" ADD CONSTRAINT "attention_settings_threePLId_fkey" FOREIGN KEY ("threePLId") REFERENCES "three_pl"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "brand_attention_settings" ADD CONSTRAINT "brand_attention_settings_brandId_fkey" FOREIGN KEY ("brandId") REFERENCES "brand"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- The rules' partial indexes (Prisma's schema cannot express them; they live here only). Each rule
-- of attention/rules.ts reads one brand's rows through one of these, and its WHERE repeats the
-- index predicate word for word so the planner can prove it.

-- LATE_ORDER: open orders with a required ship date, by that date.
CREATE INDEX "order_attention_late_idx" ON "order"("brandId", "requiredShipDate")
  WHERE "deletedAt" IS NULL AND "requiredShipDate" IS NOT NULL AND "status" NOT IN ('FULFILLED', 'CANCELLED');

-- ORDER_EXCEPTION: exception, backordered, or on hold (no OrderStatus of its own: OTHER with a raw status naming it).
CREATE INDEX "order_attention_exception_idx" ON "order"("brandId")
  WHERE "deletedAt" IS NULL AND ("status" IN ('EXCEPTION', 'BACKORDERED') OR ("status" = 'OTHER' AND "rawStatus" ILIKE '%hold%'));

-- OVERDUE_INBOUND: inbound shipments not yet received, by expected arrival.
CREATE INDEX "inbound_shipment_attention_overdue_idx" ON "inbound_shipment"("brandId", "expectedArrivalDate")
  WHERE "deletedAt" IS NULL AND "expectedArrivalDate" IS NOT NULL AND "status" NOT IN ('RECEIVED', 'CANCELLED');

-- RETURN_NOT_RESTOCKED: whether a return's line items (Trackstar's JSON as stored) hold received units not (yet)
-- restocked. A line whose WMS does not report restocking (restocked_quantity null) is not counted.
CREATE FUNCTION "attention_return_unrestocked"(items JSONB) RETURNS BOOLEAN
  LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT coalesce(bool_or((l->>'received_quantity')::numeric > (l->>'restocked_quantity')::numeric), false)
    FROM jsonb_array_elements(CASE WHEN jsonb_typeof(items) = 'array' THEN items ELSE '[]'::jsonb END) AS l
   WHERE jsonb_typeof(l->'received_quantity') = 'number' AND jsonb_typeof(l->'restocked_quantity') = 'number'
$$;

CREATE INDEX "return_attention_unrestocked_idx" ON "return"("brandId")
  WHERE "deletedAt" IS NULL AND "status" IN ('RECEIVING', 'RECEIVED') AND attention_return_unrestocked("lineItems");

-- Deletion reconcile (server/src/sync/deletions.ts), honest freshness and stalled runs.

-- AlterEnum
ALTER TYPE "ChangeSource" ADD VALUE 'RECONCILE';

-- AlterTable
ALTER TABLE "sync_state" ADD COLUMN     "confirmedAt" TIMESTAMP(3),
ADD COLUMN     "confirmedBy" "ChangeSource",
ADD COLUMN     "lastStalledAt" TIMESTAMP(3),
ADD COLUMN     "reconcileDeleted" INTEGER NOT NULL DEFAULT 0,
ADD COLUMN     "reconcileRequestedAt" TIMESTAMP(3),
ADD COLUMN     "reconcileSkippedAt" TIMESTAMP(3),
ADD COLUMN     "reconciledAt" TIMESTAMP(3);

-- AlterTable
ALTER TABLE "warehouse" ADD COLUMN     "deletedAt" TIMESTAMP(3);

-- AlterTable
ALTER TABLE "warehouse_location" ADD COLUMN     "deletedAt" TIMESTAMP(3);

-- AlterTable
ALTER TABLE "shipping_method" ADD COLUMN     "deletedAt" TIMESTAMP(3);

-- AlterTable
ALTER TABLE "product" ADD COLUMN     "deletedAt" TIMESTAMP(3);

-- AlterTable
ALTER TABLE "inventory_item" ADD COLUMN     "deletedAt" TIMESTAMP(3);

-- AlterTable
ALTER TABLE "order" ADD COLUMN     "deletedAt" TIMESTAMP(3);

-- AlterTable
ALTER TABLE "return" ADD COLUMN     "deletedAt" TIMESTAMP(3);

-- AlterTable
ALTER TABLE "inbound_shipment" ADD COLUMN     "deletedAt" TIMESTAMP(3);

-- Partial indexes (Prisma's schema cannot express them; they live here only).
-- The counts the dashboard shows per brand stay index-only over live rows.
CREATE INDEX "order_brandId_status_live_idx" ON "order"("brandId", "status") WHERE "deletedAt" IS NULL;
CREATE INDEX "inventory_item_brandId_fulfillable_live_idx" ON "inventory_item"("brandId", "fulfillable") WHERE "deletedAt" IS NULL AND "active";
-- The deleted rows of a brand: what a reconcile restores and what includeDeleted adds. Live rows
-- are not in these indexes, so they cost nothing on the write path.
CREATE INDEX "warehouse_brandId_deleted_idx" ON "warehouse"("brandId") WHERE "deletedAt" IS NOT NULL;
CREATE INDEX "warehouse_location_brandId_deleted_idx" ON "warehouse_location"("brandId") WHERE "deletedAt" IS NOT NULL;
CREATE INDEX "shipping_method_brandId_deleted_idx" ON "shipping_method"("brandId") WHERE "deletedAt" IS NOT NULL;
CREATE INDEX "product_brandId_deleted_idx" ON "product"("brandId") WHERE "deletedAt" IS NOT NULL;
CREATE INDEX "inventory_item_brandId_deleted_idx" ON "inventory_item"("brandId") WHERE "deletedAt" IS NOT NULL;
CREATE INDEX "order_brandId_deleted_idx" ON "order"("brandId") WHERE "deletedAt" IS NOT NULL;
CREATE INDEX "return_brandId_deleted_idx" ON "return"("brandId") WHERE "deletedAt" IS NOT NULL;
CREATE INDEX "inbound_shipment_brandId_deleted_idx" ON "inbound_shipment"("brandId") WHERE "deletedAt" IS NOT NULL;
-- Trackstar's reports of its own stuck sync jobs and schedules, for the health report (a handful of rows).
CREATE INDEX "trackstar_webhook_event_brandId_stuck_idx" ON "trackstar_webhook_event"("brandId", "receivedAt")
  WHERE "eventType" IN ('connection.sync-job-stuck', 'connection.schedule-stuck');

-- CreateEnum
CREATE TYPE "MembershipRole" AS ENUM ('OWNER', 'ADMIN', 'OPERATOR');

-- CreateEnum
CREATE TYPE "IntegrationProvider" AS ENUM ('TRACKSTAR');

-- CreateEnum
CREATE TYPE "IntegrationStatus" AS ENUM ('PENDING', 'ACTIVE', 'ERROR', 'DISCONNECTED');

-- CreateEnum
CREATE TYPE "SyncResource" AS ENUM ('WAREHOUSES', 'WAREHOUSE_LOCATIONS', 'SHIPPING_METHODS', 'PRODUCTS', 'INVENTORY', 'ORDERS', 'RETURNS', 'INBOUND_SHIPMENTS');

-- CreateEnum
CREATE TYPE "SyncStatus" AS ENUM ('IDLE', 'QUEUED', 'RUNNING', 'SUCCEEDED', 'FAILED', 'PAUSED');

-- CreateEnum
CREATE TYPE "WebhookEventStatus" AS ENUM ('PENDING', 'PROCESSED', 'FAILED', 'IGNORED');

-- CreateEnum
CREATE TYPE "ChangeKind" AS ENUM ('INVENTORY', 'ORDER', 'SYNC_STATUS', 'INTEGRATION_STATUS');

-- CreateEnum
CREATE TYPE "ChangeSource" AS ENUM ('SYNC', 'WEBHOOK', 'MANUAL');

-- CreateEnum
CREATE TYPE "OrderStatus" AS ENUM ('OPEN', 'CONFIRMED', 'PROCESSING', 'PICKED', 'PACKED', 'PARTIALLY_FULFILLED', 'FULFILLED', 'BACKORDERED', 'EXCEPTION', 'CANCELLED', 'OTHER');

-- CreateEnum
CREATE TYPE "ShipmentStatus" AS ENUM ('OPEN', 'SHIPPED', 'CANCELLED', 'OTHER');

-- CreateEnum
CREATE TYPE "ReceivingStatus" AS ENUM ('OPEN', 'IN_TRANSIT', 'RECEIVING', 'RECEIVED', 'CANCELLED', 'OTHER');

-- CreateTable
CREATE TABLE "three_pl" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "name" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "three_pl_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "app_user" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "email" TEXT NOT NULL,
    "name" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "app_user_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "membership" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "userId" UUID NOT NULL,
    "threePLId" UUID NOT NULL,
    "role" "MembershipRole" NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "membership_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "brand_viewer" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "userId" UUID NOT NULL,
    "brandId" UUID NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "brand_viewer_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "api_key" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "userId" UUID NOT NULL,
    "threePLId" UUID NOT NULL,
    "name" TEXT NOT NULL,
    "prefix" TEXT NOT NULL,
    "hash" TEXT NOT NULL,
    "scopes" TEXT[],
    "lastUsedAt" TIMESTAMP(3),
    "revokedAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "api_key_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "brand" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "threePLId" UUID NOT NULL,
    "name" TEXT NOT NULL,
    "changeSeq" BIGINT NOT NULL DEFAULT 0,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "brand_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "brand_integration" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "brandId" UUID NOT NULL,
    "provider" "IntegrationProvider" NOT NULL DEFAULT 'TRACKSTAR',
    "status" "IntegrationStatus" NOT NULL DEFAULT 'PENDING',
    "accessToken" TEXT,
    "connectionId" TEXT,
    "integrationName" TEXT,
    "availableActions" TEXT[],
    "lastError" TEXT,
    "lastSyncedAt" TIMESTAMP(3),
    "lastWebhookAt" TIMESTAMP(3),
    "connectedAt" TIMESTAMP(3),
    "disconnectedAt" TIMESTAMP(3),
    "config" JSONB NOT NULL DEFAULT '{}',
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "brand_integration_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "sync_state" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "integrationId" UUID NOT NULL,
    "resource" "SyncResource" NOT NULL,
    "status" "SyncStatus" NOT NULL DEFAULT 'IDLE',
    "cursor" TIMESTAMP(3),
    "runStartedAt" TIMESTAMP(3),
    "runFilters" JSONB,
    "pageToken" TEXT,
    "pagesFetched" INTEGER NOT NULL DEFAULT 0,
    "runRecords" INTEGER NOT NULL DEFAULT 0,
    "backfillCompletedAt" TIMESTAMP(3),
    "lastStartedAt" TIMESTAMP(3),
    "lastSucceededAt" TIMESTAMP(3),
    "lastFailedAt" TIMESTAMP(3),
    "lastError" TEXT,
    "lastDurationMs" INTEGER,
    "recordsSynced" INTEGER NOT NULL DEFAULT 0,
    "recordsSkipped" INTEGER NOT NULL DEFAULT 0,
    "historicalSyncCompletedAt" TIMESTAMP(3),
    "updatedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "sync_state_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "trackstar_webhook_event" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "deliveryId" TEXT,
    "eventType" TEXT NOT NULL,
    "connectionId" TEXT,
    "integrationId" UUID,
    "brandId" UUID,
    "signatureValid" BOOLEAN NOT NULL,
    "payload" JSONB,
    "status" "WebhookEventStatus" NOT NULL DEFAULT 'PENDING',
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "error" TEXT,
    "sentAt" TIMESTAMP(3),
    "receivedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "processedAt" TIMESTAMP(3),

    CONSTRAINT "trackstar_webhook_event_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "change_log" (
    "id" BIGSERIAL NOT NULL,
    "brandId" UUID NOT NULL,
    "sequence" BIGINT NOT NULL,
    "kind" "ChangeKind" NOT NULL,
    "entityId" TEXT NOT NULL,
    "source" "ChangeSource" NOT NULL,
    "previous" JSONB,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "publishedAt" TIMESTAMP(3),

    CONSTRAINT "change_log_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "warehouse" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "brandId" UUID NOT NULL,
    "externalId" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "code" TEXT,
    "address" JSONB,
    "rawData" JSONB NOT NULL,
    "createdAtRemote" TIMESTAMP(3) NOT NULL,
    "updatedAtRemote" TIMESTAMP(3) NOT NULL,
    "syncedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "warehouse_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "warehouse_location" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "brandId" UUID NOT NULL,
    "externalId" TEXT NOT NULL,
    "warehouseExternalId" TEXT NOT NULL,
    "name" TEXT,
    "type" TEXT,
    "rawData" JSONB NOT NULL,
    "createdAtRemote" TIMESTAMP(3) NOT NULL,
    "updatedAtRemote" TIMESTAMP(3) NOT NULL,
    "syncedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "warehouse_location_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "shipping_method" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "brandId" UUID NOT NULL,
    "externalId" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "carrierId" TEXT,
    "carrierName" TEXT,
    "scac" TEXT,
    "rawData" JSONB NOT NULL,
    "createdAtRemote" TIMESTAMP(3) NOT NULL,
    "updatedAtRemote" TIMESTAMP(3) NOT NULL,
    "syncedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "shipping_method_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "product" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "brandId" UUID NOT NULL,
    "externalId" TEXT NOT NULL,
    "warehouseCustomerId" TEXT,
    "sku" TEXT,
    "name" TEXT NOT NULL,
    "gtin" TEXT,
    "unitPrice" DECIMAL(14,4),
    "isKit" BOOLEAN NOT NULL DEFAULT false,
    "active" BOOLEAN NOT NULL DEFAULT true,
    "rawData" JSONB NOT NULL,
    "createdAtRemote" TIMESTAMP(3) NOT NULL,
    "updatedAtRemote" TIMESTAMP(3) NOT NULL,
    "syncedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "product_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "product_inventory_item" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "productId" UUID NOT NULL,
    "inventoryItemExternalId" TEXT NOT NULL,
    "sku" TEXT,
    "unitQuantity" INTEGER NOT NULL,

    CONSTRAINT "product_inventory_item_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "inventory_item" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "brandId" UUID NOT NULL,
    "externalId" TEXT NOT NULL,
    "warehouseCustomerId" TEXT,
    "sku" TEXT,
    "name" TEXT NOT NULL,
    "unitCost" DECIMAL(14,4),
    "active" BOOLEAN NOT NULL DEFAULT true,
    "awaiting" INTEGER NOT NULL,
    "onHand" INTEGER NOT NULL,
    "committed" INTEGER NOT NULL,
    "unfulfillable" INTEGER NOT NULL,
    "fulfillable" INTEGER NOT NULL,
    "sellable" INTEGER NOT NULL,
    "rawData" JSONB NOT NULL,
    "createdAtRemote" TIMESTAMP(3) NOT NULL,
    "updatedAtRemote" TIMESTAMP(3) NOT NULL,
    "syncedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "inventory_item_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "inventory_level" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "brandId" UUID NOT NULL,
    "inventoryItemId" UUID NOT NULL,
    "warehouseExternalId" TEXT NOT NULL,
    "awaiting" INTEGER,
    "onHand" INTEGER NOT NULL,
    "committed" INTEGER,
    "unfulfillable" INTEGER,
    "fulfillable" INTEGER,
    "sellable" INTEGER,

    CONSTRAINT "inventory_level_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "inventory_snapshot" (
    "id" BIGSERIAL NOT NULL,
    "brandId" UUID NOT NULL,
    "inventoryItemId" UUID NOT NULL,
    "awaiting" INTEGER NOT NULL,
    "onHand" INTEGER NOT NULL,
    "committed" INTEGER NOT NULL,
    "unfulfillable" INTEGER NOT NULL,
    "fulfillable" INTEGER NOT NULL,
    "sellable" INTEGER NOT NULL,
    "updatedAtRemote" TIMESTAMP(3) NOT NULL,
    "recordedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "inventory_snapshot_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "order" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "brandId" UUID NOT NULL,
    "externalId" TEXT NOT NULL,
    "warehouseCustomerId" TEXT,
    "warehouseExternalId" TEXT,
    "orderNumber" TEXT NOT NULL,
    "referenceId" TEXT NOT NULL,
    "status" "OrderStatus" NOT NULL,
    "rawStatus" TEXT,
    "channel" TEXT,
    "type" TEXT,
    "shippingMethodName" TEXT,
    "carrierName" TEXT,
    "currency" TEXT NOT NULL DEFAULT 'USD',
    "totalPrice" DECIMAL(14,4),
    "totalTax" DECIMAL(14,4),
    "totalDiscount" DECIMAL(14,4),
    "totalShipping" DECIMAL(14,4),
    "shipTo" JSONB,
    "tags" TEXT[],
    "requiredShipDate" TIMESTAMP(3),
    "rawData" JSONB NOT NULL,
    "createdAtRemote" TIMESTAMP(3) NOT NULL,
    "updatedAtRemote" TIMESTAMP(3) NOT NULL,
    "syncedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "order_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "order_line_item" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "brandId" UUID NOT NULL,
    "orderId" UUID NOT NULL,
    "position" INTEGER NOT NULL,
    "productExternalId" TEXT,
    "sku" TEXT,
    "quantity" INTEGER NOT NULL,
    "unitPrice" DECIMAL(14,4),
    "discountAmount" DECIMAL(14,4),
    "isPicked" BOOLEAN NOT NULL DEFAULT false,

    CONSTRAINT "order_line_item_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "shipment" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "brandId" UUID NOT NULL,
    "orderId" UUID NOT NULL,
    "externalId" TEXT NOT NULL,
    "status" "ShipmentStatus" NOT NULL,
    "rawStatus" TEXT,
    "warehouseExternalId" TEXT,
    "shippedDate" TIMESTAMP(3),
    "carrierName" TEXT,
    "serviceName" TEXT,
    "trackingNumbers" TEXT[],
    "lineItems" JSONB NOT NULL,
    "shipFrom" JSONB,
    "shipTo" JSONB,
    "updatedAtRemote" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "shipment_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "package" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "brandId" UUID NOT NULL,
    "shipmentId" UUID NOT NULL,
    "externalId" TEXT NOT NULL,
    "packageName" TEXT,
    "trackingNumber" TEXT,
    "trackingUrl" TEXT,
    "carrierName" TEXT,
    "shippingMethodName" TEXT,
    "shippingCost" DECIMAL(14,4),
    "measurements" JSONB,
    "lineItems" JSONB NOT NULL,

    CONSTRAINT "package_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "return" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "brandId" UUID NOT NULL,
    "externalId" TEXT NOT NULL,
    "warehouseCustomerId" TEXT,
    "orderExternalId" TEXT,
    "status" "ReceivingStatus" NOT NULL,
    "rawStatus" TEXT,
    "lineItems" JSONB NOT NULL,
    "shipments" JSONB NOT NULL,
    "notes" TEXT[],
    "rawData" JSONB NOT NULL,
    "createdAtRemote" TIMESTAMP(3) NOT NULL,
    "updatedAtRemote" TIMESTAMP(3) NOT NULL,
    "syncedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "return_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "inbound_shipment" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "brandId" UUID NOT NULL,
    "externalId" TEXT NOT NULL,
    "warehouseCustomerId" TEXT,
    "warehouseExternalId" TEXT,
    "purchaseOrderNumber" TEXT,
    "status" "ReceivingStatus" NOT NULL,
    "rawStatus" TEXT,
    "supplierName" TEXT,
    "expectedArrivalDate" TIMESTAMP(3),
    "trackingNumbers" TEXT[],
    "lineItems" JSONB NOT NULL,
    "receipts" JSONB NOT NULL,
    "rawData" JSONB NOT NULL,
    "createdAtRemote" TIMESTAMP(3) NOT NULL,
    "updatedAtRemote" TIMESTAMP(3) NOT NULL,
    "syncedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "inbound_shipment_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "app_user_email_key" ON "app_user"("email");

-- CreateIndex
CREATE INDEX "membership_threePLId_idx" ON "membership"("threePLId");

-- CreateIndex
CREATE UNIQUE INDEX "membership_userId_threePLId_key" ON "membership"("userId", "threePLId");

-- CreateIndex
CREATE INDEX "brand_viewer_brandId_idx" ON "brand_viewer"("brandId");

-- CreateIndex
CREATE UNIQUE INDEX "brand_viewer_userId_brandId_key" ON "brand_viewer"("userId", "brandId");

-- CreateIndex
CREATE UNIQUE INDEX "api_key_prefix_key" ON "api_key"("prefix");

-- CreateIndex
CREATE UNIQUE INDEX "api_key_hash_key" ON "api_key"("hash");

-- CreateIndex
CREATE INDEX "api_key_threePLId_idx" ON "api_key"("threePLId");

-- CreateIndex
CREATE UNIQUE INDEX "brand_threePLId_name_key" ON "brand"("threePLId", "name");

-- CreateIndex
CREATE UNIQUE INDEX "brand_integration_brandId_key" ON "brand_integration"("brandId");

-- CreateIndex
CREATE UNIQUE INDEX "brand_integration_connectionId_key" ON "brand_integration"("connectionId");

-- CreateIndex
CREATE UNIQUE INDEX "sync_state_integrationId_resource_key" ON "sync_state"("integrationId", "resource");

-- CreateIndex
CREATE UNIQUE INDEX "trackstar_webhook_event_deliveryId_key" ON "trackstar_webhook_event"("deliveryId");

-- CreateIndex
CREATE INDEX "trackstar_webhook_event_status_receivedAt_idx" ON "trackstar_webhook_event"("status", "receivedAt");

-- CreateIndex
CREATE INDEX "trackstar_webhook_event_brandId_receivedAt_idx" ON "trackstar_webhook_event"("brandId", "receivedAt");

-- CreateIndex
CREATE INDEX "change_log_createdAt_idx" ON "change_log"("createdAt");

-- CreateIndex
CREATE UNIQUE INDEX "change_log_brandId_sequence_key" ON "change_log"("brandId", "sequence");

-- CreateIndex
CREATE INDEX "warehouse_brandId_updatedAtRemote_idx" ON "warehouse"("brandId", "updatedAtRemote");

-- CreateIndex
CREATE UNIQUE INDEX "warehouse_brandId_externalId_key" ON "warehouse"("brandId", "externalId");

-- CreateIndex
CREATE INDEX "warehouse_location_brandId_warehouseExternalId_idx" ON "warehouse_location"("brandId", "warehouseExternalId");

-- CreateIndex
CREATE INDEX "warehouse_location_brandId_updatedAtRemote_idx" ON "warehouse_location"("brandId", "updatedAtRemote");

-- CreateIndex
CREATE UNIQUE INDEX "warehouse_location_brandId_externalId_key" ON "warehouse_location"("brandId", "externalId");

-- CreateIndex
CREATE INDEX "shipping_method_brandId_updatedAtRemote_idx" ON "shipping_method"("brandId", "updatedAtRemote");

-- CreateIndex
CREATE UNIQUE INDEX "shipping_method_brandId_externalId_key" ON "shipping_method"("brandId", "externalId");

-- CreateIndex
CREATE INDEX "product_brandId_updatedAtRemote_idx" ON "product"("brandId", "updatedAtRemote");

-- CreateIndex
CREATE INDEX "product_brandId_sku_idx" ON "product"("brandId", "sku");

-- CreateIndex
CREATE UNIQUE INDEX "product_brandId_externalId_key" ON "product"("brandId", "externalId");

-- CreateIndex
CREATE INDEX "product_inventory_item_productId_idx" ON "product_inventory_item"("productId");

-- CreateIndex
CREATE INDEX "inventory_item_brandId_updatedAtRemote_idx" ON "inventory_item"("brandId", "updatedAtRemote");

-- CreateIndex
CREATE INDEX "inventory_item_brandId_sku_idx" ON "inventory_item"("brandId", "sku");

-- CreateIndex
CREATE INDEX "inventory_item_brandId_fulfillable_idx" ON "inventory_item"("brandId", "fulfillable");

-- CreateIndex
CREATE UNIQUE INDEX "inventory_item_brandId_externalId_key" ON "inventory_item"("brandId", "externalId");

-- CreateIndex
CREATE INDEX "inventory_level_brandId_warehouseExternalId_idx" ON "inventory_level"("brandId", "warehouseExternalId");

-- CreateIndex
CREATE UNIQUE INDEX "inventory_level_inventoryItemId_warehouseExternalId_key" ON "inventory_level"("inventoryItemId", "warehouseExternalId");

-- CreateIndex
CREATE INDEX "inventory_snapshot_inventoryItemId_recordedAt_idx" ON "inventory_snapshot"("inventoryItemId", "recordedAt");

-- CreateIndex
CREATE INDEX "inventory_snapshot_brandId_recordedAt_idx" ON "inventory_snapshot"("brandId", "recordedAt");

-- CreateIndex
CREATE INDEX "order_brandId_updatedAtRemote_idx" ON "order"("brandId", "updatedAtRemote");

-- CreateIndex
CREATE INDEX "order_brandId_status_updatedAtRemote_idx" ON "order"("brandId", "status", "updatedAtRemote");

-- CreateIndex
CREATE INDEX "order_brandId_orderNumber_idx" ON "order"("brandId", "orderNumber");

-- CreateIndex
CREATE INDEX "order_brandId_referenceId_idx" ON "order"("brandId", "referenceId");

-- CreateIndex
CREATE UNIQUE INDEX "order_brandId_externalId_key" ON "order"("brandId", "externalId");

-- CreateIndex
CREATE INDEX "order_line_item_orderId_position_idx" ON "order_line_item"("orderId", "position");

-- CreateIndex
CREATE INDEX "order_line_item_brandId_sku_idx" ON "order_line_item"("brandId", "sku");

-- CreateIndex
CREATE INDEX "shipment_brandId_updatedAtRemote_idx" ON "shipment"("brandId", "updatedAtRemote");

-- CreateIndex
CREATE INDEX "shipment_brandId_status_idx" ON "shipment"("brandId", "status");

-- CreateIndex
CREATE UNIQUE INDEX "shipment_orderId_externalId_key" ON "shipment"("orderId", "externalId");

-- CreateIndex
CREATE INDEX "package_shipmentId_idx" ON "package"("shipmentId");

-- CreateIndex
CREATE INDEX "package_brandId_trackingNumber_idx" ON "package"("brandId", "trackingNumber");

-- CreateIndex
CREATE INDEX "return_brandId_updatedAtRemote_idx" ON "return"("brandId", "updatedAtRemote");

-- CreateIndex
CREATE INDEX "return_brandId_status_idx" ON "return"("brandId", "status");

-- CreateIndex
CREATE UNIQUE INDEX "return_brandId_externalId_key" ON "return"("brandId", "externalId");

-- CreateIndex
CREATE INDEX "inbound_shipment_brandId_updatedAtRemote_idx" ON "inbound_shipment"("brandId", "updatedAtRemote");

-- CreateIndex
CREATE INDEX "inbound_shipment_brandId_status_idx" ON "inbound_shipment"("brandId", "status");

-- CreateIndex
CREATE UNIQUE INDEX "inbound_shipment_brandId_externalId_key" ON "inbound_shipment"("brandId", "externalId");

-- AddForeignKey
ALTER TABLE "membership" ADD CONSTRAINT "membership_userId_fkey" FOREIGN KEY ("userId") REFERENCES "app_user"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "membership" ADD CONSTRAINT "membership_threePLId_fkey" FOREIGN KEY ("threePLId") REFERENCES "three_pl"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "brand_viewer" ADD CONSTRAINT "brand_viewer_userId_fkey" FOREIGN KEY ("userId") REFERENCES "app_user"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "brand_viewer" ADD CONSTRAINT "brand_viewer_brandId_fkey" FOREIGN KEY ("brandId") REFERENCES "brand"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "api_key" ADD CONSTRAINT "api_key_userId_fkey" FOREIGN KEY ("userId") REFERENCES "app_user"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "api_key" ADD CONSTRAINT "api_key_threePLId_fkey" FOREIGN KEY ("threePLId") REFERENCES "three_pl"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "brand" ADD CONSTRAINT "brand_threePLId_fkey" FOREIGN KEY ("threePLId") REFERENCES "three_pl"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "brand_integration" ADD CONSTRAINT "brand_integration_brandId_fkey" FOREIGN KEY ("brandId") REFERENCES "brand"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "sync_state" ADD CONSTRAINT "sync_state_integrationId_fkey" FOREIGN KEY ("integrationId") REFERENCES "brand_integration"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "trackstar_webhook_event" ADD CONSTRAINT "trackstar_webhook_event_integrationId_fkey" FOREIGN KEY ("integrationId") REFERENCES "brand_integration"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "trackstar_webhook_event" ADD CONSTRAINT "trackstar_webhook_event_brandId_fkey" FOREIGN KEY ("brandId") REFERENCES "brand"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "change_log" ADD CONSTRAINT "change_log_brandId_fkey" FOREIGN KEY ("brandId") REFERENCES "brand"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "warehouse" ADD CONSTRAINT "warehouse_brandId_fkey" FOREIGN KEY ("brandId") REFERENCES "brand"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "warehouse_location" ADD CONSTRAINT "warehouse_location_brandId_fkey" FOREIGN KEY ("brandId") REFERENCES "brand"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "shipping_method" ADD CONSTRAINT "shipping_method_brandId_fkey" FOREIGN KEY ("brandId") REFERENCES "brand"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "product" ADD CONSTRAINT "product_brandId_fkey" FOREIGN KEY ("brandId") REFERENCES "brand"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "product_inventory_item" ADD CONSTRAINT "product_inventory_item_productId_fkey" FOREIGN KEY ("productId") REFERENCES "product"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "inventory_item" ADD CONSTRAINT "inventory_item_brandId_fkey" FOREIGN KEY ("brandId") REFERENCES "brand"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "inventory_level" ADD CONSTRAINT "inventory_level_inventoryItemId_fkey" FOREIGN KEY ("inventoryItemId") REFERENCES "inventory_item"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "inventory_level" ADD CONSTRAINT "inventory_level_brandId_fkey" FOREIGN KEY ("brandId") REFERENCES "brand"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "inventory_snapshot" ADD CONSTRAINT "inventory_snapshot_inventoryItemId_fkey" FOREIGN KEY ("inventoryItemId") REFERENCES "inventory_item"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "inventory_snapshot" ADD CONSTRAINT "inventory_snapshot_brandId_fkey" FOREIGN KEY ("brandId") REFERENCES "brand"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "order" ADD CONSTRAINT "order_brandId_fkey" FOREIGN KEY ("brandId") REFERENCES "brand"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "order_line_item" ADD CONSTRAINT "order_line_item_orderId_fkey" FOREIGN KEY ("orderId") REFERENCES "order"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "order_line_item" ADD CONSTRAINT "order_line_item_brandId_fkey" FOREIGN KEY ("brandId") REFERENCES "brand"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "shipment" ADD CONSTRAINT "shipment_orderId_fkey" FOREIGN KEY ("orderId") REFERENCES "order"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "shipment" ADD CONSTRAINT "shipment_brandId_fkey" FOREIGN KEY ("brandId") REFERENCES "brand"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "package" ADD CONSTRAINT "package_shipmentId_fkey" FOREIGN KEY ("shipmentId") REFERENCES "shipment"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "package" ADD CONSTRAINT "package_brandId_fkey" FOREIGN KEY ("brandId") REFERENCES "brand"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "return" ADD CONSTRAINT "return_brandId_fkey" FOREIGN KEY ("brandId") REFERENCES "brand"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "inbound_shipment" ADD CONSTRAINT "inbound_shipment_brandId_fkey" FOREIGN KEY ("brandId") REFERENCES "brand"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- CreateEnum
CREATE TYPE "WmsWriteAction" AS ENUM ('CREATE_ORDER', 'UPDATE_ORDER', 'CANCEL_ORDER', 'SHIP_ORDER', 'ADJUST_INVENTORY', 'CREATE_INBOUND_SHIPMENT', 'CREATE_RETURN');

-- CreateEnum
CREATE TYPE "WmsWriteOutcome" AS ENUM ('SUCCEEDED', 'REFUSED', 'REJECTED', 'FAILED');

-- CreateTable
CREATE TABLE "wms_write" (
    "id" BIGSERIAL NOT NULL,
    "threePLId" UUID NOT NULL,
    "brandId" UUID NOT NULL,
    "userId" UUID,
    "apiKeyId" UUID,
    "action" "WmsWriteAction" NOT NULL,
    "idempotencyKey" TEXT NOT NULL,
    "requestHash" TEXT,
    "request" JSONB NOT NULL,
    "outcome" "WmsWriteOutcome" NOT NULL,
    "replayed" BOOLEAN NOT NULL DEFAULT false,
    "upstreamRecordId" TEXT,
    "upstreamStatus" INTEGER,
    "upstreamRequestId" TEXT,
    "error" TEXT,
    "startedAt" TIMESTAMP(3) NOT NULL,
    "finishedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "wms_write_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "wms_write_brandId_idempotencyKey_idx" ON "wms_write"("brandId", "idempotencyKey");

-- CreateIndex
CREATE INDEX "wms_write_threePLId_startedAt_idx" ON "wms_write"("threePLId", "startedAt");

-- CreateEnum
CREATE TYPE "AuditSource" AS ENUM ('SYNC', 'WEBHOOK', 'RECONCILE', 'USER');

-- CreateEnum
CREATE TYPE "AuditRecordType" AS ENUM ('ORDER', 'INVENTORY_ITEM', 'PRODUCT', 'WAREHOUSE', 'WAREHOUSE_LOCATION', 'SHIPPING_METHOD', 'RETURN', 'INBOUND_SHIPMENT', 'INTEGRATION', 'CONNECT_LINK', 'WEBHOOK_EVENT', 'BRAND');

-- CreateTable
CREATE TABLE "audit_log" (
    "id" BIGSERIAL NOT NULL,
    "threePLId" UUID NOT NULL,
    "brandId" UUID,
    "at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "source" "AuditSource" NOT NULL,
    "actorUserId" UUID,
    "actorApiKeyId" UUID,
    "recordType" "AuditRecordType" NOT NULL,
    "recordId" UUID,
    "externalId" TEXT,
    "event" TEXT NOT NULL,
    "changes" JSONB,
    "detail" JSONB,
    "idempotencyKey" TEXT,

    CONSTRAINT "audit_log_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "audit_log_brandId_recordId_at_id_idx" ON "audit_log"("brandId", "recordId", "at", "id");

-- CreateIndex
CREATE INDEX "audit_log_brandId_at_id_idx" ON "audit_log"("brandId", "at", "id");

-- CreateIndex
CREATE INDEX "audit_log_at_idx" ON "audit_log" USING BRIN ("at");

-- Append-only (not in the Prisma model): no row is ever updated, and only the retention prune
-- (server/src/audit/retention.ts), which sets packr.audit_prune for its own transaction, deletes.
CREATE FUNCTION "audit_log_append_only"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'DELETE' AND current_setting('packr.audit_prune', true) = 'on' THEN
    RETURN OLD;
  END IF;
  RAISE EXCEPTION 'audit_log is append-only (% refused)', TG_OP USING ERRCODE = 'insufficient_privilege';
END;
$$;

CREATE TRIGGER "audit_log_append_only" BEFORE UPDATE OR DELETE ON "audit_log"
  FOR EACH ROW EXECUTE FUNCTION "audit_log_append_only"();

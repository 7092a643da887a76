-- Alerts (server/src/alerts/) and outbound webhooks (server/src/outbound/).
-- Alerts: rules per 3PL with per-brand overrides, incidents opened once and resolved, a per-user
-- read mark for the bell. Outbound: endpoints, events stored in the transaction that caused them
-- (outbound_enqueue below), one delivery per event and endpoint, and every HTTP try.

-- CreateEnum
CREATE TYPE "AlertKind" AS ENUM ('CONNECTION_ERROR', 'STALE_DATA', 'SYNC_STALLED', 'WEBHOOK_FAILURES', 'LOW_STOCK', 'STOCK_OUT', 'LATE_ORDERS', 'ENDPOINT_DISABLED');

-- CreateEnum
CREATE TYPE "OutboundDeliveryStatus" AS ENUM ('PENDING', 'SUCCEEDED', 'FAILED');

-- AlterTable
ALTER TABLE "three_pl" ADD COLUMN     "alertSeq" BIGINT NOT NULL DEFAULT 0;

-- CreateTable
CREATE TABLE "alert_rule" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "threePLId" UUID NOT NULL,
    "brandId" UUID,
    "kind" "AlertKind" NOT NULL,
    "enabled" BOOLEAN,
    "threshold" INTEGER,
    "updatedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "alert_rule_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "alert" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "threePLId" UUID NOT NULL,
    "brandId" UUID,
    "kind" "AlertKind" NOT NULL,
    "subject" TEXT NOT NULL DEFAULT '',
    "title" TEXT NOT NULL,
    "detail" TEXT NOT NULL,
    "value" INTEGER,
    "threshold" INTEGER,
    "openedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "resolvedAt" TIMESTAMP(3),
    "sequence" BIGINT NOT NULL,

    CONSTRAINT "alert_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "alert_read" (
    "userId" UUID NOT NULL,
    "threePLId" UUID NOT NULL,
    "sequence" BIGINT NOT NULL DEFAULT 0,
    "updatedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "alert_read_pkey" PRIMARY KEY ("userId","threePLId")
);

-- CreateTable
CREATE TABLE "webhook_endpoint" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "threePLId" UUID NOT NULL,
    "url" TEXT NOT NULL,
    "description" TEXT NOT NULL DEFAULT '',
    "eventTypes" TEXT[],
    "brandIds" UUID[],
    "secretCiphertext" TEXT NOT NULL,
    "enabled" BOOLEAN NOT NULL DEFAULT true,
    "disabledAt" TIMESTAMP(3),
    "disabledReason" TEXT,
    "failingSince" TIMESTAMP(3),
    "lastSuccessAt" TIMESTAMP(3),
    "lastFailureAt" TIMESTAMP(3),
    "createdById" UUID,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "webhook_endpoint_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "outbound_event" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "threePLId" UUID NOT NULL,
    "brandId" UUID,
    "type" TEXT NOT NULL,
    "payload" JSONB NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT timezone('UTC', clock_timestamp()),
    "fannedOutAt" TIMESTAMP(3),

    CONSTRAINT "outbound_event_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "outbound_delivery" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "threePLId" UUID NOT NULL,
    "endpointId" UUID NOT NULL,
    "eventId" UUID NOT NULL,
    "status" "OutboundDeliveryStatus" NOT NULL DEFAULT 'PENDING',
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "nextAttemptAt" TIMESTAMP(3),
    "leaseUntil" TIMESTAMP(3),
    "lastAttemptAt" TIMESTAMP(3),
    "lastStatusCode" INTEGER,
    "lastError" TEXT,
    "deliveredAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "outbound_delivery_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "outbound_attempt" (
    "id" BIGSERIAL NOT NULL,
    "deliveryId" UUID NOT NULL,
    "endpointId" UUID NOT NULL,
    "at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "statusCode" INTEGER,
    "error" TEXT,
    "durationMs" INTEGER NOT NULL,
    "responseBody" TEXT,

    CONSTRAINT "outbound_attempt_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "alert_rule_threePLId_idx" ON "alert_rule"("threePLId");

-- CreateIndex
CREATE INDEX "alert_threePLId_sequence_idx" ON "alert"("threePLId", "sequence");

-- CreateIndex
CREATE INDEX "alert_threePLId_openedAt_idx" ON "alert"("threePLId", "openedAt");

-- CreateIndex
CREATE INDEX "alert_brandId_openedAt_idx" ON "alert"("brandId", "openedAt");

-- CreateIndex
CREATE INDEX "webhook_endpoint_threePLId_idx" ON "webhook_endpoint"("threePLId");

-- CreateIndex
CREATE INDEX "outbound_event_createdAt_idx" ON "outbound_event"("createdAt");

-- CreateIndex
CREATE INDEX "outbound_delivery_endpointId_createdAt_id_idx" ON "outbound_delivery"("endpointId", "createdAt", "id");

-- CreateIndex
CREATE INDEX "outbound_delivery_eventId_idx" ON "outbound_delivery"("eventId");

-- CreateIndex
CREATE UNIQUE INDEX "outbound_delivery_endpointId_eventId_key" ON "outbound_delivery"("endpointId", "eventId");

-- CreateIndex
CREATE INDEX "outbound_attempt_deliveryId_at_idx" ON "outbound_attempt"("deliveryId", "at");

-- CreateIndex
CREATE INDEX "outbound_attempt_endpointId_at_idx" ON "outbound_attempt"("endpointId", "at");

-- AddForeignKey
ALTER TABLE "alert_rule" ADD CONSTRAINT "alert_rule_threePLId_fkey" FOREIGN KEY ("threePLId") REFERENCES "three_pl"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "alert_rule" ADD CONSTRAINT "alert_rule_brandId_fkey" FOREIGN KEY ("brandId") REFERENCES "brand"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "alert" ADD CONSTRAINT "alert_threePLId_fkey" FOREIGN KEY ("threePLId") REFERENCES "three_pl"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "alert" ADD CONSTRAINT "alert_brandId_fkey" FOREIGN KEY ("brandId") REFERENCES "brand"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "alert_read" ADD CONSTRAINT "alert_read_userId_fkey" FOREIGN KEY ("userId") REFERENCES "app_user"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "alert_read" ADD CONSTRAINT "alert_read_threePLId_fkey" FOREIGN KEY ("threePLId") REFERENCES "three_pl"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "webhook_endpoint" ADD CONSTRAINT "webhook_endpoint_threePLId_fkey" FOREIGN KEY ("threePLId") REFERENCES "three_pl"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "outbound_delivery" ADD CONSTRAINT "outbound_delivery_endpointId_fkey" FOREIGN KEY ("endpointId") REFERENCES "webhook_endpoint"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "outbound_delivery" ADD CONSTRAINT "outbound_delivery_eventId_fkey" FOREIGN KEY ("eventId") REFERENCES "outbound_event"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "outbound_attempt" ADD CONSTRAINT "outbound_attempt_deliveryId_fkey" FOREIGN KEY ("deliveryId") REFERENCES "outbound_delivery"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- One 3PL-wide setting and one override per brand for each rule (brandId NULL is the 3PL's).
CREATE UNIQUE INDEX "alert_rule_threepl_kind_key" ON "alert_rule"("threePLId", "kind") WHERE "brandId" IS NULL;
CREATE UNIQUE INDEX "alert_rule_brand_kind_key" ON "alert_rule"("brandId", "kind") WHERE "brandId" IS NOT NULL;

-- At most one open incident per rule and subject: an incident fires once, however often it is evaluated.
CREATE UNIQUE INDEX "alert_open_key" ON "alert"("threePLId", coalesce("brandId", '00000000-0000-0000-0000-000000000000'::uuid), "kind", "subject") WHERE "resolvedAt" IS NULL;

-- The dispatcher's reads: events not yet fanned out, deliveries due.
CREATE INDEX "outbound_event_unfanned_idx" ON "outbound_event"("createdAt") WHERE "fannedOutAt" IS NULL;
CREATE INDEX "outbound_delivery_due_idx" ON "outbound_delivery"("nextAttemptAt") WHERE "status" = 'PENDING';

-- Stores an outbound event in the caller's transaction when an enabled endpoint of the 3PL wants
-- its type (an empty eventTypes wants every type) and brand (an empty brandIds wants every brand);
-- otherwise stores nothing, so a 3PL without endpoints pays one index probe. NOTIFY is sent on
-- COMMIT only, so the dispatcher never wakes for an event that rolled back.
CREATE FUNCTION outbound_enqueue(p_three_pl uuid, p_brand uuid, p_type text, p_payload jsonb) RETURNS uuid
LANGUAGE plpgsql AS $$
DECLARE
  event_id uuid;
BEGIN
  IF NOT EXISTS (
    SELECT 1 FROM webhook_endpoint e
     WHERE e."threePLId" = p_three_pl AND e.enabled
       AND (coalesce(cardinality(e."eventTypes"), 0) = 0 OR p_type = ANY (e."eventTypes"))
       AND (coalesce(cardinality(e."brandIds"), 0) = 0 OR p_brand = ANY (e."brandIds"))
  ) THEN
    RETURN NULL;
  END IF;
  INSERT INTO outbound_event ("threePLId", "brandId", type, payload)
  VALUES (p_three_pl, p_brand, p_type, p_payload)
  RETURNING id INTO event_id;
  PERFORM pg_notify('packr_outbound', '');
  RETURN event_id;
END
$$;

-- operationsStats (server/src/stats/): each aggregate reads only its window of days, per brand.

-- CreateIndex
CREATE INDEX "order_brandId_createdAtRemote_idx" ON "order"("brandId", "createdAtRemote");

-- CreateIndex
CREATE INDEX "order_brandId_requiredShipDate_idx" ON "order"("brandId", "requiredShipDate");

-- CreateIndex
CREATE INDEX "shipment_brandId_shippedDate_idx" ON "shipment"("brandId", "shippedDate");

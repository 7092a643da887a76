-- Magic links a 3PL sends its brands (connect_link), and the 3PL's Link filter (connect_settings).

-- CreateTable
CREATE TABLE "connect_link" (
    "id" UUID NOT NULL,
    "brandId" UUID NOT NULL,
    "trackstarId" TEXT NOT NULL,
    "customerId" TEXT NOT NULL,
    "url" TEXT,
    "integrationsWithEndpoints" TEXT[],
    "expiresAt" TIMESTAMP(3) NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "revokedAt" TIMESTAMP(3),
    "usedAt" TIMESTAMP(3),
    "connectionId" TEXT,

    CONSTRAINT "connect_link_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "connect_settings" (
    "threePLId" UUID NOT NULL,
    "integrationsWithEndpoints" TEXT[],
    "updatedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "connect_settings_pkey" PRIMARY KEY ("threePLId")
);

-- CreateIndex
CREATE UNIQUE INDEX "connect_link_trackstarId_key" ON "connect_link"("trackstarId");

-- CreateIndex
CREATE UNIQUE INDEX "connect_link_customerId_key" ON "connect_link"("customerId");

-- CreateIndex
CREATE INDEX "connect_link_brandId_createdAt_idx" ON "connect_link"("brandId", "createdAt");

-- AddForeignKey
ALTER TABLE "connect_link" ADD CONSTRAINT "connect_link_brandId_fkey" FOREIGN KEY ("brandId") REFERENCES "brand"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "connect_settings" ADD CONSTRAINT "connect_settings_threePLId_fkey" FOREIGN KEY ("threePLId") REFERENCES "three_pl"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- CreateEnum
CREATE TYPE "SyncRunOutcome" AS ENUM ('COMPLETED', 'FAILED', 'STOPPED', 'AUTH_FAILED', 'UNSUPPORTED', 'SKIPPED');

-- CreateTable
CREATE TABLE "sync_run" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "integrationId" UUID NOT NULL,
    "resource" "SyncResource" NOT NULL,
    "reason" TEXT NOT NULL,
    "resumed" BOOLEAN NOT NULL DEFAULT false,
    "startedAt" TIMESTAMP(3) NOT NULL,
    "finishedAt" TIMESTAMP(3) NOT NULL,
    "outcome" "SyncRunOutcome" NOT NULL,
    "records" INTEGER NOT NULL DEFAULT 0,
    "pages" INTEGER NOT NULL DEFAULT 0,
    "durationMs" INTEGER NOT NULL DEFAULT 0,
    "rateLimitWaitMs" INTEGER NOT NULL DEFAULT 0,
    "error" TEXT,

    CONSTRAINT "sync_run_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "sync_run_integrationId_startedAt_idx" ON "sync_run"("integrationId", "startedAt");

-- CreateIndex
CREATE INDEX "sync_run_startedAt_idx" ON "sync_run"("startedAt");

-- AddForeignKey
ALTER TABLE "sync_run" ADD CONSTRAINT "sync_run_integrationId_fkey" FOREIGN KEY ("integrationId") REFERENCES "brand_integration"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- Team and access (#17): invitations (only a hash of each token), archived brands, and audit
-- record types for team actions.

-- AlterEnum
ALTER TYPE "AuditRecordType" ADD VALUE 'MEMBER';
ALTER TYPE "AuditRecordType" ADD VALUE 'INVITATION';
ALTER TYPE "AuditRecordType" ADD VALUE 'API_KEY';

-- AlterTable
ALTER TABLE "brand" ADD COLUMN     "archivedAt" TIMESTAMP(3);

-- CreateTable
CREATE TABLE "invitation" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "threePLId" UUID NOT NULL,
    "email" TEXT NOT NULL,
    "role" "MembershipRole",
    "brandIds" UUID[],
    "tokenHash" TEXT NOT NULL,
    "invitedById" UUID NOT NULL,
    "expiresAt" TIMESTAMP(3) NOT NULL,
    "acceptedAt" TIMESTAMP(3),
    "acceptedById" UUID,
    "revokedAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "invitation_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "invitation_tokenHash_key" ON "invitation"("tokenHash");

-- CreateIndex
CREATE INDEX "invitation_threePLId_createdAt_idx" ON "invitation"("threePLId", "createdAt");

-- AddForeignKey
ALTER TABLE "invitation" ADD CONSTRAINT "invitation_threePLId_fkey" FOREIGN KEY ("threePLId") REFERENCES "three_pl"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "invitation" ADD CONSTRAINT "invitation_invitedById_fkey" FOREIGN KEY ("invitedById") REFERENCES "app_user"("id") ON DELETE CASCADE ON UPDATE CASCADE;

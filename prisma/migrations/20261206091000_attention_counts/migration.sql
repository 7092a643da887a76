-- Open attention items per brand and kind (attention_count), kept by the attention refresh in the
-- transaction that changes attention_item, so attentionCounts reads at most brands × kinds rows
-- instead of grouping every open item (attention/refresh.ts, graphql/types/attention.ts).

-- CreateTable
CREATE TABLE "attention_count" (
    "threePLId" UUID NOT NULL,
    "brandId" UUID NOT NULL,
    "kind" "AttentionKind" NOT NULL,
    "count" INTEGER NOT NULL,

    CONSTRAINT "attention_count_pkey" PRIMARY KEY ("brandId","kind")
);

-- CreateIndex
CREATE INDEX "attention_count_threePLId_idx" ON "attention_count"("threePLId");

-- AddForeignKey
ALTER TABLE "attention_count" ADD CONSTRAINT "attention_count_brandId_fkey" FOREIGN KEY ("brandId") REFERENCES "brand"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- Backfill from the items open now; from here on each brand's refresh keeps its rows.
INSERT INTO "attention_count" ("threePLId", "brandId", "kind", "count")
SELECT "threePLId", "brandId", "kind", count(*)::int
  FROM "attention_item"
 GROUP BY "threePLId", "brandId", "kind";

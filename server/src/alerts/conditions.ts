// What one brand's alert rules measure, read in one statement: the connection's state, its sync
// resources' staleness and stalls (the same tests as attention's CONNECTION rule), the share of
// failed inbound webhooks of the last hour, and counts over the attention items the refresh just
// brought up to date (low stock, late orders, exceptions, overdue inbound, returns to restock: the
// same thresholds and precedence as the board).
import type { PoolClient } from 'pg';
import { env } from '../env.js';
import { NOW } from '../pg.js';

export type BrandConditions = {
  threePLId: string;
  brandName: string;
  archived: boolean;
  connectionError: boolean;
  lastError: string | null;
  /** Resources not confirmed within the STALE_DATA threshold, and the oldest one's age in minutes. */
  staleResources: string | null;
  staleMinutes: number | null;
  stalledResources: string | null;
  failedResources: string | null;
  webhooksLastHour: number;
  webhooksFailedLastHour: number;
  lowStockItems: number;
  stockOutItems: number;
  lateOrders: number;
  orderExceptions: number;
  overdueInbound: number;
  returnsNotRestocked: number;
  /** Connected for longer than the WEBHOOKS_SILENT window, no webhook within it, and sync changed records within it. */
  webhooksSilent: boolean;
  /** The brand's latest Trackstar webhook delivery, "YYYY-MM-DD HH:MI" UTC (text: the column has no zone), if any. */
  lastWebhookAt: string | null;
};

const RESOURCE_LABEL = `lower(replace(s.resource::text, '_', ' '))`;

// $1 brand, $2 STALE_DATA threshold (minutes), $3 stall time (seconds), $4 WEBHOOKS_SILENT window (minutes). Paused resources are left
// out as on the board (paused on purpose, or by a connection error, which CONNECTION_ERROR reports).
const CONDITIONS_SQL = `
SELECT b."threePLId", b.name AS "brandName", b."archivedAt" IS NOT NULL AS archived,
       coalesce(i.status = 'ERROR', false) AS "connectionError", left(i."lastError", 300) AS "lastError",
       st.stale AS "staleResources", st."staleMinutes", st.stalled AS "stalledResources", st.failed AS "failedResources",
       wh.total AS "webhooksLastHour", wh.failed AS "webhooksFailedLastHour",
       (SELECT count(*)::int FROM attention_item a WHERE a."brandId" = b.id AND a.kind = 'LOW_STOCK') AS "lowStockItems",
       (SELECT count(*)::int FROM inventory_item v
         WHERE v."brandId" = b.id AND v."deletedAt" IS NULL AND v."active" AND v.fulfillable <= 0) AS "stockOutItems",
       (SELECT count(*)::int FROM attention_item a WHERE a."brandId" = b.id AND a.kind = 'LATE_ORDER' AND a.since <= ${NOW}) AS "lateOrders",
       (SELECT count(*)::int FROM attention_item a WHERE a."brandId" = b.id AND a.kind = 'ORDER_EXCEPTION') AS "orderExceptions",
       (SELECT count(*)::int FROM attention_item a WHERE a."brandId" = b.id AND a.kind = 'OVERDUE_INBOUND') AS "overdueInbound",
       (SELECT count(*)::int FROM attention_item a WHERE a."brandId" = b.id AND a.kind = 'RETURN_NOT_RESTOCKED') AS "returnsNotRestocked",
       -- Silent webhooks: changes reached Packr only through sync (audit entries of source SYNC)
       -- during a window in which no webhook arrived at all, on a connection older than the window
       -- (so its first backfill does not count). The latest delivery reads the (brandId, receivedAt) index.
       coalesce(i.status = 'ACTIVE' AND i."connectedAt" < ${NOW} - make_interval(mins => $4::int)
         AND (wh.latest IS NULL OR wh.latest < ${NOW} - make_interval(mins => $4::int))
         AND EXISTS (SELECT 1 FROM audit_log g WHERE g."brandId" = b.id AND g.at > ${NOW} - make_interval(mins => $4::int) AND g.source = 'SYNC'), false) AS "webhooksSilent",
       to_char(wh.latest, 'YYYY-MM-DD HH24:MI') AS "lastWebhookAt"
  FROM brand b
  LEFT JOIN brand_integration i ON i."brandId" = b.id AND i.status IN ('ACTIVE', 'ERROR')
  LEFT JOIN LATERAL (
    SELECT string_agg(${RESOURCE_LABEL}, ', ' ORDER BY p.age DESC) FILTER (WHERE p.age > $2::int) AS stale,
           floor(max(p.age) FILTER (WHERE p.age > $2::int))::int AS "staleMinutes",
           string_agg(${RESOURCE_LABEL}, ', ' ORDER BY s.resource) FILTER (WHERE p.stalled) AS stalled,
           string_agg(${RESOURCE_LABEL}, ', ' ORDER BY s.resource) FILTER (WHERE s.status = 'FAILED' AND NOT p.stalled) AS failed
      FROM sync_state s
      CROSS JOIN LATERAL (
        SELECT extract(epoch FROM ${NOW} - coalesce(s."confirmedAt", i."connectedAt")) / 60 AS age,
               (s.status = 'RUNNING' AND s."updatedAt" < ${NOW} - make_interval(secs => $3::int))
                 OR coalesce(s."lastStalledAt" > coalesce(s."lastSucceededAt", '-infinity'), false) AS stalled
      ) p
     WHERE s."integrationId" = i.id AND s.status <> 'PAUSED'
  ) st ON i.id IS NOT NULL
  CROSS JOIN LATERAL (
    SELECT count(*)::int AS total, count(*) FILTER (WHERE w.status = 'FAILED')::int AS failed,
           (SELECT max(l."receivedAt") FROM trackstar_webhook_event l WHERE l."brandId" = b.id) AS latest
      FROM trackstar_webhook_event w
     WHERE w."brandId" = b.id AND w."receivedAt" > ${NOW} - interval '1 hour'
  ) wh
 WHERE b.id = $1`;

/** null for an unknown brand. */
export async function readBrandConditions(
  tx: Pick<PoolClient, 'query'>,
  brandId: string,
  windows: { staleMinutes: number; silentMinutes: number },
): Promise<BrandConditions | null> {
  const { rows } = await tx.query<BrandConditions>({
    name: 'alert-brand-conditions',
    text: CONDITIONS_SQL,
    values: [brandId, windows.staleMinutes, env.SYNC_STALL_MINUTES * 60, windows.silentMinutes],
  });
  return rows[0] ?? null;
}

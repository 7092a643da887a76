// Evaluates one brand's alert rules and brings its incidents in line: a condition that starts to
// hold opens an alert (once: at most one open per brand and kind), one whose numbers or text moved
// is revised without firing again, one that stopped holding (or whose rule was turned off, or whose
// brand was archived) is resolved. One transaction under a per-brand advisory lock, so two workers
// evaluating a brand at once cannot open it twice; notices go out after COMMIT. Runs after every
// attention refresh (jobs/attention.worker.ts), whose items it counts.
import type { PoolClient } from 'pg';
import { inLockedTransaction } from '../lib/locked-transaction.js';
import { publishAlerts, type AlertNotice } from './alert-log.js';
import { openAlert, resolveAlert, reviseAlert, type AlertText } from './alert-writes.js';
import { readBrandConditions, type BrandConditions } from './conditions.js';
import { brandAlertRules, type AlertKindName, type AlertRule } from './rule-settings.js';

export type AlertEvaluation = { brandId: string; threePLId: string; notices: AlertNotice[] };

const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;

/** An age in a unit coarse enough that the text (and the alert) changes hourly, not every minute. */
export function formatAge(minutes: number): { minutes: number; text: string } {
  if (minutes < 60) return { minutes, text: `${minutes} min` };
  if (minutes < 48 * 60) return { minutes: Math.floor(minutes / 60) * 60, text: `${Math.floor(minutes / 60)} h` };
  return { minutes: Math.floor(minutes / 1440) * 1440, text: `${Math.floor(minutes / 1440)} d` };
}

/** The alert each rule wants open for the brand now, or null when its condition does not hold. */
function wanted(kind: AlertKindName, threshold: number | null, c: BrandConditions): AlertText | null {
  const name = c.brandName;
  const t = threshold ?? 0;
  // Count rules name their threshold when it is above the default "any".
  const over = t > 1 ? ` (threshold ${t})` : '';
  switch (kind) {
    case 'CONNECTION_ERROR':
      return c.connectionError
        ? { title: `${name}: connection error`, detail: c.lastError ?? 'Trackstar reports the connection in error.', value: null, threshold: null }
        : null;
    case 'STALE_DATA': {
      if (!c.staleResources || c.staleMinutes === null) return null;
      const age = formatAge(c.staleMinutes);
      return {
        title: `${name}: ${c.staleResources} data ${age.text} old`,
        detail: `No ${c.staleResources} data confirmed from Trackstar for ${age.text} (threshold ${t} min).`,
        value: age.minutes,
        threshold,
      };
    }
    case 'SYNC_STALLED': {
      if (!c.stalledResources && !c.failedResources) return null;
      const parts = [c.stalledResources && `stalled (${c.stalledResources})`, c.failedResources && `failed (${c.failedResources})`].filter(Boolean);
      const detail = [c.stalledResources && `Sync stalled: ${c.stalledResources}`, c.failedResources && `Sync failed: ${c.failedResources}`].filter(Boolean);
      return { title: `${name}: sync ${parts.join(', ')}`, detail: `${detail.join('; ')}.`, value: null, threshold: null };
    }
    case 'WEBHOOK_FAILURES': {
      // Below 5 deliveries a single failure would be 20%: too few to call a failure rate.
      if (c.webhooksLastHour < 5) return null;
      const percent = Math.round((100 * c.webhooksFailedLastHour) / c.webhooksLastHour);
      if (c.webhooksFailedLastHour === 0 || percent < t) return null;
      return {
        title: `${name}: ${percent}% of webhooks failed (threshold ${t}%)`,
        detail: `${c.webhooksFailedLastHour} of ${c.webhooksLastHour} Trackstar webhook deliveries in the last hour failed.`,
        value: percent,
        threshold,
      };
    }
    case 'LOW_STOCK':
      return c.lowStockItems >= t && c.lowStockItems > 0
        ? {
            title: `${name}: ${plural(c.lowStockItems, 'SKU', 'SKUs')} low on stock${over}`,
            detail: `${plural(c.lowStockItems, 'active SKU is', 'active SKUs are')} at or under the low-stock threshold.`,
            value: c.lowStockItems,
            threshold,
          }
        : null;
    case 'STOCK_OUT':
      return c.stockOutItems >= t && c.stockOutItems > 0
        ? {
            title: `${name}: ${plural(c.stockOutItems, 'SKU', 'SKUs')} out of stock${over}`,
            detail: `${plural(c.stockOutItems, 'active SKU has', 'active SKUs have')} nothing fulfillable.`,
            value: c.stockOutItems,
            threshold,
          }
        : null;
    case 'LATE_ORDERS':
      return c.lateOrders >= t && c.lateOrders > 0
        ? {
            title: `${name}: ${plural(c.lateOrders, 'order', 'orders')} late (threshold ${t})`,
            detail: `${plural(c.lateOrders, 'open order is', 'open orders are')} past the required ship date.`,
            value: c.lateOrders,
            threshold,
          }
        : null;
    case 'ORDER_EXCEPTIONS':
      return countAlert(c.orderExceptions, t, {
        title: `${name}: ${plural(c.orderExceptions, 'order', 'orders')} in exception or on hold${over}`,
        detail: `${plural(c.orderExceptions, 'order is', 'orders are')} in exception, backordered or on hold in the WMS.`,
      }, threshold);
    case 'OVERDUE_INBOUND':
      return countAlert(c.overdueInbound, t, {
        title: `${name}: ${plural(c.overdueInbound, 'inbound shipment', 'inbound shipments')} overdue${over}`,
        detail: `${plural(c.overdueInbound, 'inbound shipment is', 'inbound shipments are')} past the expected arrival and not received.`,
      }, threshold);
    case 'RETURNS_NOT_RESTOCKED':
      return countAlert(c.returnsNotRestocked, t, {
        title: `${name}: ${plural(c.returnsNotRestocked, 'return', 'returns')} waiting to be restocked${over}`,
        detail: `${plural(c.returnsNotRestocked, 'return was', 'returns were')} received and not restocked within the restock days.`,
      }, threshold);
    case 'WEBHOOKS_SILENT': {
      if (!c.webhooksSilent) return null;
      const window = formatAge(t);
      return {
        title: `${name}: no webhooks for ${window.text}`,
        detail:
          `No Trackstar webhook arrived in ${window.text} (${c.lastWebhookAt ? `the last on ${c.lastWebhookAt} UTC` : 'none ever'}), ` +
          "yet sync found changes: Trackstar may have disabled Packr's webhook endpoint. Check the webhook settings in Trackstar's dashboard.",
        value: null,
        threshold,
      };
    }
    case 'ENDPOINT_DISABLED':
      return null;
  }
}

/** A count rule's alert: open while the count is at least the threshold (and above zero). */
function countAlert(count: number, t: number, text: { title: string; detail: string }, threshold: number | null): AlertText | null {
  return count >= t && count > 0 ? { ...text, value: count, threshold } : null;
}

type OpenRow = AlertText & { id: string; kind: AlertKindName };

const same = (a: AlertText, b: AlertText) => a.title === b.title && a.detail === b.detail && a.value === b.value && a.threshold === b.threshold;

async function evaluateInTransaction(tx: PoolClient, brandId: string): Promise<AlertEvaluation | null> {
  const rules = await brandAlertRules(brandId, tx);
  const windowOf = (kind: AlertKindName) => rules.find((r) => r.kind === kind)!.threshold!;
  const conditions = await readBrandConditions(tx, brandId, { staleMinutes: windowOf('STALE_DATA'), silentMinutes: windowOf('WEBHOOKS_SILENT') });
  if (!conditions) return null;
  const { threePLId } = conditions;
  const { rows: open } = await tx.query<OpenRow>({
    name: 'alert-open-of-brand',
    text: `SELECT id, kind::text AS kind, title, detail, value, threshold FROM alert WHERE "brandId" = $1 AND subject = '' AND "resolvedAt" IS NULL`,
    values: [brandId],
  });
  const notices: AlertNotice[] = [];
  const ref = (id: string) => ({ threePLId, brandId, id });
  for (const rule of rules as AlertRule[]) {
    const want = rule.enabled && !conditions.archived ? wanted(rule.kind, rule.threshold, conditions) : null;
    const current = open.find((o) => o.kind === rule.kind);
    if (want && !current) notices.push(await openAlert(tx, { ...want, threePLId, brandId, kind: rule.kind, subject: '' }));
    else if (want && current && !same(want, current)) notices.push(await reviseAlert(tx, ref(current.id), want));
    else if (!want && current) notices.push(await resolveAlert(tx, ref(current.id)));
  }
  return { brandId, threePLId, notices };
}

/** Brings the brand's alerts up to date; returns what changed (already published). null for an unknown brand. */
export async function evaluateBrandAlerts(brandId: string): Promise<AlertEvaluation | null> {
  const result = await inLockedTransaction(`alerts:${brandId}`, (tx) => evaluateInTransaction(tx, brandId));
  if (result) await publishAlerts(result.threePLId, result.notices);
  return result;
}

// Settings -> Alerts: saving one rule and bringing the alerts it governs in line. A brand's rule
// is re-evaluated at once; a 3PL rule touches every brand, so their evaluations are queued (the
// attention queue, whose job evaluates alerts after the refresh) and follow within seconds. Turning
// ENDPOINT_DISABLED off resolves its open 3PL-level alerts here (nothing evaluates that kind).
import { pool } from '../pg.js';
import { enqueueAttentionRefresh } from '../jobs/attention-queue.js';
import { evaluateBrandAlerts } from './evaluate.js';
import { brandAlertRules, saveRule, threePLAlertRules, type AlertRule, type RuleUpdate } from './rule-settings.js';
import { resolveOpenThreePLAlerts } from './threepl-alerts.js';

/** The brand must be the 3PL's (the caller checked it is readable). Returns the rule as now in force. */
export async function updateAlertRule(threePLId: string, update: RuleUpdate): Promise<AlertRule> {
  await saveRule(threePLId, update);
  if (update.brandId) {
    await evaluateBrandAlerts(update.brandId);
    return (await brandAlertRules(update.brandId)).find((r) => r.kind === update.kind)!;
  }
  const rule = (await threePLAlertRules(threePLId)).find((r) => r.kind === update.kind)!;
  if (update.kind === 'ENDPOINT_DISABLED') {
    if (!rule.enabled) await resolveOpenThreePLAlerts(threePLId, 'ENDPOINT_DISABLED');
  } else {
    const { rows } = await pool.query<{ id: string }>({ name: 'alert-brands-of-threepl', text: 'SELECT id FROM brand WHERE "threePLId" = $1', values: [threePLId] });
    await enqueueAttentionRefresh(rows.map((r) => r.id));
  }
  return rule;
}

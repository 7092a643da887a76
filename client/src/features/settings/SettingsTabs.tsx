// Settings' sections, as tabs on every settings screen (the top bar has one "Settings" entry: with
// every section in it the bar no longer fitted). Team, API keys and Webhooks show only to those who
// may use them (TeamLinks, WebhooksLink decide).
import { Link, useRouter, type Route } from '../../app/router';
import { TeamLinks } from '../team/TeamLinks';
import { WebhooksLink } from '../webhooks/WebhooksLink';

/** The routes of settings screens: the top bar's "Settings" is current on any of them. */
export const SETTINGS_ROUTES: ReadonlySet<Route['name']> = new Set(['attentionSettings', 'alertRules', 'webhooks', 'webhookDeliveries', 'team', 'apiKeys']);

export function SettingsTabs() {
  const { route } = useRouter();
  return (
    <nav className="tabs" aria-label="Settings">
      <Link to="/settings/attention" className="tab" aria-current={route.name === 'attentionSettings' ? 'page' : undefined}>
        Thresholds
      </Link>
      <Link to="/settings/alerts" className="tab" aria-current={route.name === 'alertRules' ? 'page' : undefined}>
        Alert rules
      </Link>
      <WebhooksLink className="tab" />
      <TeamLinks className="tab" />
    </nav>
  );
}

// The frame around every signed-in screen: top bar, live indicator, GraphiQL, the queue board
// (OWNER/ADMIN), sign out.
import type { LiveStatusStore } from '../live/connection-state';
import { LiveBanner, LiveIndicator } from './LiveIndicator';
import { QueuesLink } from './QueuesLink';
import { Link, useRouter } from './router';
import { BrandsPage } from '../features/brands/BrandsPage';
import { BrandPage } from '../features/brands/BrandPage';
import { Empty } from './ui';
import { OperationsPage } from '../features/operations/OperationsPage';
import { AllOrdersPage } from '../features/operations/AllOrdersPage';
import { AllInventoryPage } from '../features/operations/AllInventoryPage';
import { AttentionSettingsPage } from '../features/settings/AttentionSettingsPage';
import { SettingsTabs, SETTINGS_ROUTES } from '../features/settings/SettingsTabs';
import { TeamPage } from '../features/team/TeamPage';
import { ApiKeysPage } from '../features/team/ApiKeysPage';
import { AlertBell } from '../features/alerts/AlertBell';
import { AlertsPage } from '../features/alerts/AlertsPage';
import { AlertRulesPage } from '../features/alerts/AlertRulesPage';
import { WebhooksPage } from '../features/webhooks/WebhooksPage';
import { DeliveryLogPage } from '../features/webhooks/DeliveryLogPage';

export function Shell({ live, onSignOut }: { live: LiveStatusStore; onSignOut(): void }) {
  const { route } = useRouter();
  return (
    <div className="app">
      <header className="topbar">
        <Link to="/" className="brandmark">
          <span className="brandmark-box" aria-hidden="true" /> Packr
        </Link>
        <nav className="topnav" aria-label="Main">
          <Link to="/" aria-current={route.name === 'operations' || route.name === 'allOrders' || route.name === 'allInventory' ? 'page' : undefined}>
            Operations
          </Link>
          <Link to="/brands" aria-current={route.name === 'brands' || route.name === 'brand' ? 'page' : undefined}>
            Brands
          </Link>
          <Link to="/settings/attention" aria-current={SETTINGS_ROUTES.has(route.name) ? 'page' : undefined}>
            Settings
          </Link>
          <a href="/graphql" target="_blank" rel="noreferrer">
            GraphiQL ↗
          </a>
          <QueuesLink />
        </nav>
        <div className="topbar-end">
          <AlertBell live={live} />
          <LiveIndicator store={live} />
          <button type="button" className="btn btn-ghost btn-small" onClick={onSignOut}>
            Sign out
          </button>
        </div>
      </header>
      <main className="page">
        <LiveBanner store={live} />
        {SETTINGS_ROUTES.has(route.name) && <SettingsTabs />}
        {route.name === 'operations' && <OperationsPage />}
        {route.name === 'allOrders' && <AllOrdersPage />}
        {route.name === 'allInventory' && <AllInventoryPage />}
        {route.name === 'attentionSettings' && <AttentionSettingsPage />}
        {route.name === 'team' && <TeamPage />}
        {route.name === 'apiKeys' && <ApiKeysPage />}
        {route.name === 'alerts' && <AlertsPage />}
        {route.name === 'alertRules' && <AlertRulesPage />}
        {route.name === 'webhooks' && <WebhooksPage />}
        {route.name === 'webhookDeliveries' && <DeliveryLogPage key={route.endpointId} endpointId={route.endpointId} />}
        {route.name === 'brands' && <BrandsPage />}
        {route.name === 'brand' && <BrandPage key={route.brandId} brandId={route.brandId} tab={route.tab} />}
        {route.name === 'notFound' && (
          <Empty title="Page not found">
            <Link to="/brands">Back to brands</Link>
          </Empty>
        )}
      </main>
    </div>
  );
}

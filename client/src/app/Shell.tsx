// The frame around every signed-in screen: top bar, live indicator, GraphiQL, the queue board
// (OWNER/ADMIN), sign out.
import type { LiveStatusStore } from '../live/connection-state';
import { LiveBanner, LiveIndicator } from './LiveIndicator';
import { QueuesLink } from './QueuesLink';
import { Link, useRouter } from './router';
import { BrandsPage } from '../features/brands/BrandsPage';
import { BrandPage } from '../features/brands/BrandPage';
import { Empty } from './ui';

export function Shell({ live, onSignOut }: { live: LiveStatusStore; onSignOut(): void }) {
  const { route } = useRouter();
  return (
    <div className="app">
      <header className="topbar">
        <Link to="/" className="brandmark">
          <span className="brandmark-box" aria-hidden="true" /> Packr
        </Link>
        <nav className="topnav" aria-label="Main">
          <Link to="/" aria-current={route.name === 'brands' ? 'page' : undefined}>
            Brands
          </Link>
          <a href="/graphql" target="_blank" rel="noreferrer">
            GraphiQL ↗
          </a>
          <QueuesLink />
        </nav>
        <div className="topbar-end">
          <LiveIndicator store={live} />
          <button type="button" className="btn btn-ghost btn-small" onClick={onSignOut}>
            Sign out
          </button>
        </div>
      </header>
      <main className="page">
        <LiveBanner store={live} />
        {route.name === 'brands' && <BrandsPage />}
        {route.name === 'brand' && <BrandPage key={route.brandId} brandId={route.brandId} tab={route.tab} />}
        {route.name === 'notFound' && (
          <Empty title="Page not found">
            <Link to="/">Back to brands</Link>
          </Empty>
        )}
      </main>
    </div>
  );
}

// A tiny History-API router: the dashboard has a handful of fixed routes, not worth a library.
import { createContext, useCallback, useContext, useEffect, useState, type MouseEvent, type ReactNode } from 'react';

export type Route =
  | { name: 'operations' }
  | { name: 'brands' }
  | { name: 'allOrders' }
  | { name: 'allInventory' }
  | { name: 'attentionSettings' }
  | { name: 'team' }
  | { name: 'apiKeys' }
  | { name: 'alerts' }
  | { name: 'alertRules' }
  | { name: 'webhooks' }
  | { name: 'webhookDeliveries'; endpointId: string }
  | { name: 'brand'; brandId: string; tab: BrandTab }
  | { name: 'notFound' };

/** The cross-brand screens, one path segment each ('/' is the operations room). */
const TOP_LEVEL: Record<string, Route> = {
  brands: { name: 'brands' },
  orders: { name: 'allOrders' },
  inventory: { name: 'allInventory' },
  alerts: { name: 'alerts' },
};

export const BRAND_TABS = ['inventory', 'orders', 'returns', 'inbound', 'integration'] as const;
export type BrandTab = (typeof BRAND_TABS)[number];

export function parseRoute(pathname: string): Route {
  const parts = pathname.split(/[?#]/)[0].split('/').filter(Boolean).map(decodeURIComponent);
  if (parts.length === 0) return { name: 'operations' };
  if (parts.length === 1 && TOP_LEVEL[parts[0]]) return TOP_LEVEL[parts[0]];
  if (parts.length === 2 && parts[0] === 'settings' && parts[1] === 'attention') return { name: 'attentionSettings' };
  if (parts.length === 2 && parts[0] === 'settings' && parts[1] === 'team') return { name: 'team' };
  if (parts.length === 2 && parts[0] === 'settings' && parts[1] === 'api-keys') return { name: 'apiKeys' };
  if (parts.length === 2 && parts[0] === 'settings' && parts[1] === 'alerts') return { name: 'alertRules' };
  if (parts.length === 2 && parts[0] === 'settings' && parts[1] === 'webhooks') return { name: 'webhooks' };
  if (parts.length === 3 && parts[0] === 'settings' && parts[1] === 'webhooks') return { name: 'webhookDeliveries', endpointId: parts[2] };
  if (parts[0] === 'brands' && parts[1]) {
    const tab = (parts[2] ?? 'inventory') as BrandTab;
    if (parts.length <= 3 && BRAND_TABS.includes(tab)) return { name: 'brand', brandId: parts[1], tab };
  }
  return { name: 'notFound' };
}

export const brandPath = (brandId: string, tab: BrandTab = 'inventory') => `/brands/${encodeURIComponent(brandId)}/${tab}`;

const RouterContext = createContext<{ route: Route; navigate(path: string): void }>({ route: { name: 'operations' }, navigate: () => {} });

export function RouterProvider({ children }: { children: ReactNode }) {
  const [path, setPath] = useState(() => window.location.pathname + window.location.search);
  useEffect(() => {
    const onPop = () => setPath(window.location.pathname + window.location.search);
    window.addEventListener('popstate', onPop);
    return () => window.removeEventListener('popstate', onPop);
  }, []);
  const navigate = useCallback((to: string) => {
    if (to !== window.location.pathname + window.location.search) window.history.pushState(null, '', to);
    setPath(to);
    window.scrollTo?.(0, 0);
  }, []);
  return <RouterContext.Provider value={{ route: parseRoute(path), navigate }}>{children}</RouterContext.Provider>;
}

export const useRouter = () => useContext(RouterContext);

/** An <a> that navigates in-app on plain clicks and still opens new tabs on modified ones. */
export function Link({ to, children, className, ...rest }: { to: string; children: ReactNode; className?: string; 'aria-current'?: 'page' | undefined }) {
  const { navigate } = useRouter();
  const onClick = (e: MouseEvent<HTMLAnchorElement>) => {
    if (e.defaultPrevented || e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey || e.altKey) return;
    e.preventDefault();
    navigate(to);
  };
  return (
    <a href={to} onClick={onClick} className={className} {...rest}>
      {children}
    </a>
  );
}

// The operations room's sections: the attention board and the cross-brand lists. (Tabs inside the
// page, not the top bar: a brand page has its own Orders and Inventory tabs.)
import { Link, useRouter } from '../../app/router';

const TABS = [
  { to: '/', route: 'operations', label: 'Attention' },
  { to: '/orders', route: 'allOrders', label: 'Orders' },
  { to: '/inventory', route: 'allInventory', label: 'Inventory' },
] as const;

export function OpsTabs() {
  const { route } = useRouter();
  return (
    <nav className="tabs" aria-label="Operations sections">
      {TABS.map((t) => (
        <Link key={t.to} to={t.to} className="tab" aria-current={route.name === t.route ? 'page' : undefined}>
          {t.label}
        </Link>
      ))}
    </nav>
  );
}

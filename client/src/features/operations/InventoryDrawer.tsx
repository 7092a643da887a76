// An inventory item opened from a cross-brand screen: the same detail as the inventory tab's
// expanded row (warehouses, history chart, changes) in a side drawer that keeps focus inside,
// closes on Escape and gives focus back to the row that opened it.
import { useEffect, useRef } from 'react';
import type { InventoryRowFragment } from '../../gql/graphql';
import { useFocusTrap } from '../../app/useFocusTrap';
import { formatNumber } from '../../lib/format';
import { InventoryDetail } from '../inventory/InventoryDetail';

export function InventoryDrawer({ item, brandName, onClose }: { item: InventoryRowFragment; brandName?: string; onClose(): void }) {
  const ref = useRef<HTMLElement>(null);
  useFocusTrap(ref);
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => e.key === 'Escape' && onClose();
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [onClose]);
  const title = `SKU ${item.sku ?? item.name}`;
  return (
    <>
      <div className="drawer-backdrop" onClick={onClose} />
      <aside ref={ref} tabIndex={-1} className="drawer drawer-wide" role="dialog" aria-modal="true" aria-label={title} data-testid="inventory-drawer">
        <div className="drawer-head">
          <div>
            <h2>{title}</h2>
            <p className="muted small">
              {item.name}
              {brandName ? ` · ${brandName}` : ''} · {formatNumber(item.fulfillable)} fulfillable of {formatNumber(item.onHand)} on hand
            </p>
          </div>
          <button type="button" className="btn btn-ghost btn-small" onClick={onClose} aria-label="Close" data-autofocus>
            ✕
          </button>
        </div>
        <div className="drawer-body">
          <InventoryDetail item={item} />
        </div>
      </aside>
    </>
  );
}

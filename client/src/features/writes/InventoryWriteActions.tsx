// The inventory tab's write actions: "Import adjustments (CSV)" in the toolbar and "Adjust…" on
// each row, with their dialogs.
import { useState, type ReactNode } from 'react';
import type { InventoryRowFragment } from '../../gql/graphql';
import { AdjustStockDialog } from './AdjustStockDialog';
import { CsvImportDialog } from './CsvImport';
import { ADJUSTMENTS_IMPORT } from './import-items';
import { useWriteAccess } from './useWriteAccess';
import { WriteActionButton } from './WriteActionButton';

/** The toolbar part, the per-row button (null when rows get none) and the open dialog. */
export function useInventoryWriteActions(brandId: string): { toolbar: ReactNode; rowAction: ((item: InventoryRowFragment) => ReactNode) | undefined; dialog: ReactNode } {
  const access = useWriteAccess(brandId);
  const [importing, setImporting] = useState(false);
  const [adjusting, setAdjusting] = useState<InventoryRowFragment | null>(null);
  // The reason an adjustment is not possible is said once, next to the import button, not on every row.
  const canAdjust = access.member && access.reason('adjust_inventory') === null;
  return {
    toolbar: (
      <span className="write-toolbar-actions">
        <WriteActionButton access={access} action="adjust_inventory" label="Import adjustments (CSV)" onClick={() => setImporting(true)} />
      </span>
    ),
    rowAction: canAdjust
      ? (item) => (
          <button type="button" className="btn btn-small" onClick={() => setAdjusting(item)} aria-label={`Adjust stock of ${item.sku ?? item.name}`} data-testid="adjust-stock">
            Adjust…
          </button>
        )
      : undefined,
    dialog: (
      <>
        {importing && <CsvImportDialog spec={ADJUSTMENTS_IMPORT} brandId={brandId} wms={access.wms} onClose={() => setImporting(false)} />}
        {adjusting && <AdjustStockDialog brandId={brandId} item={adjusting} wms={access.wms} onClose={() => setAdjusting(null)} />}
      </>
    ),
  };
}

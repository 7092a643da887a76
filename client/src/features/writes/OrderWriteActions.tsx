// The orders tab's write actions: "New order" and "Import CSV", with their dialogs.
import { useState } from 'react';
import { CsvImportDialog } from './CsvImport';
import { ORDERS_IMPORT } from './import-items';
import { NewOrderForm } from './NewOrderForm';
import { useWriteAccess } from './useWriteAccess';
import { WriteActionButton } from './WriteActionButton';

export function OrderWriteActions({ brandId, onOpenOrder }: { brandId: string; onOpenOrder(orderId: string): void }) {
  const access = useWriteAccess(brandId);
  const [open, setOpen] = useState<'new' | 'import' | null>(null);
  return (
    <span className="write-toolbar-actions">
      <WriteActionButton access={access} action="create_order" label="New order" primary onClick={() => setOpen('new')} />
      <WriteActionButton access={access} action="create_order" label="Import orders (CSV)" onClick={() => setOpen('import')} />
      {open === 'new' && (
        <NewOrderForm
          brandId={brandId}
          wms={access.wms}
          onClose={() => setOpen(null)}
          onOpenOrder={(id) => {
            setOpen(null);
            onOpenOrder(id);
          }}
        />
      )}
      {open === 'import' && <CsvImportDialog spec={ORDERS_IMPORT} brandId={brandId} wms={access.wms} onClose={() => setOpen(null)} />}
    </span>
  );
}

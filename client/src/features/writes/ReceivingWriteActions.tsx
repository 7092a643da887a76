// The returns and inbound tabs' write action: "New return" or "New inbound shipment". These lists
// have no live stream, so the list is refreshed once the write is done.
import { useState } from 'react';
import { NewInboundForm } from './NewInboundForm';
import { NewReturnForm } from './NewReturnForm';
import { useWriteAccess } from './useWriteAccess';
import { WriteActionButton } from './WriteActionButton';

export function ReceivingWriteActions({ brandId, kind, onWritten }: { brandId: string; kind: 'returns' | 'inbound'; onWritten(): void }) {
  const access = useWriteAccess(brandId);
  const [open, setOpen] = useState(false);
  const close = () => {
    setOpen(false);
    onWritten();
  };
  return (
    <span className="write-toolbar-actions">
      {kind === 'returns' ? (
        <WriteActionButton access={access} action="create_return" label="New return" primary onClick={() => setOpen(true)} />
      ) : (
        <WriteActionButton access={access} action="create_inbound_shipment" label="New inbound shipment" primary onClick={() => setOpen(true)} />
      )}
      {open && kind === 'returns' && <NewReturnForm brandId={brandId} wms={access.wms} onClose={close} />}
      {open && kind === 'inbound' && <NewInboundForm brandId={brandId} wms={access.wms} onClose={close} />}
    </span>
  );
}

// "Cancel order…" in the order drawer: asks first, then cancels the order in the WMS (cancelOrder).
// The drawer's status follows live; the dialog says when it is done or why it was not.
import { useRef, useState, type FormEvent } from 'react';
import type { CancelOrderWriteMutation, OrderStatus } from '../../gql/graphql';
import { CancelOrderWrite } from './documents';
import { sortErrors } from './field-errors';
import { WriteDone, useFocusFirstError, useFormId } from './FormFields';
import { useWrite } from './useWrite';
import { useWriteAccess } from './useWriteAccess';
import { WriteDialog } from './WriteDialog';
import { WriteFormFooter } from './WriteFormFooter';

/** Orders past the point of cancelling (the WMS would refuse). */
const FINAL: readonly OrderStatus[] = ['CANCELLED', 'FULFILLED'];

const pick = (d: CancelOrderWriteMutation) => ({ record: d.cancelOrder.order, replayed: d.cancelOrder.replayed, userErrors: d.cancelOrder.userErrors });

export function CancelOrderButton({ brandId, order }: { brandId: string; order: { id: string; orderNumber: string; status: OrderStatus } }) {
  const access = useWriteAccess(brandId);
  const [open, setOpen] = useState(false);
  // Once cancelled (live, while the dialog still says so) the button goes; the dialog stays until closed.
  const final = FINAL.includes(order.status);
  if (!access.member || (final && !open)) return null;
  const reason = access.reason('cancel_order');
  const noteId = `cancel-note-${order.id.replace(/[^a-zA-Z0-9_-]/g, '')}`;
  return (
    <div className="inline-form">
      {!final && (
        <button
          type="button"
          className="btn btn-danger btn-small"
          aria-disabled={reason ? true : undefined}
          aria-describedby={reason ? noteId : undefined}
          onClick={() => !reason && setOpen(true)}
        >
          Cancel order…
        </button>
      )}
      {!final && reason && (
        <span id={noteId} className="muted small">
          {reason}
        </span>
      )}
      {open && <CancelOrderDialog order={order} wms={access.wms} onClose={() => setOpen(false)} />}
    </div>
  );
}

function CancelOrderDialog({ order, wms, onClose }: { order: { id: string; orderNumber: string }; wms: string; onClose(): void }) {
  const form = useFormId('cancel-order');
  const write = useWrite(CancelOrderWrite, pick);
  const summaryRef = useRef<HTMLDivElement>(null);
  const errors = sortErrors(write.outcome.status === 'refused' ? write.outcome.errors : [], []);
  useFocusFirstError(write.outcome, errors, form, summaryRef);

  function onSubmit(e: FormEvent) {
    e.preventDefault();
    void write.submit((idempotencyKey) => ({ orderId: order.id, idempotencyKey }));
  }

  const done = write.outcome.status === 'done' ? write.outcome : null;
  return (
    <WriteDialog title={`Cancel order ${order.orderNumber}?`} subtitle={`In ${wms}, through Trackstar`} busy={write.busy} onClose={onClose} testId="cancel-order-dialog">
      {done ? (
        <WriteDone closeLabel="Done" onClose={onClose}>
          {done.replayed ? `Order ${order.orderNumber} had already been cancelled under this request; nothing was done twice.` : `Order ${order.orderNumber} is cancelled in ${wms}; its committed stock is released.`}
        </WriteDone>
      ) : (
        <form className="write-form" noValidate onSubmit={onSubmit} aria-busy={write.busy || undefined}>
          <p>The warehouse will not ship it and its committed stock is released. This cannot be undone from Packr.</p>
          <WriteFormFooter form={form} errors={errors} summaryRef={summaryRef} write={write} onClose={onClose} closeLabel="Keep order" focusClose submitLabel="Cancel order" busyLabel="Cancelling…" danger />
        </form>
      )}
    </WriteDialog>
  );
}

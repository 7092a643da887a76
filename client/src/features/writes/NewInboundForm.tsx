// "New inbound shipment" (createInboundShipment): an ASN, stock a supplier is sending to one of the
// brand's warehouses. Every field is required by Trackstar's write.
import { useMemo, useRef, useState, type FormEvent } from 'react';
import { useQuery } from 'urql';
import type { CreateInboundShipmentWriteMutation } from '../../gql/graphql';
import { CreateInboundShipmentWrite, WriteChoicesQuery } from './documents';
import { sortErrors, type FieldError, type ShownField } from './field-errors';
import { quantityError, required } from './form-checks';
import { ErrorSummary, SelectField, SubmitButton, TextField, WriteSuccess, useFocusFirstError, useFormId } from './FormFields';
import { inDoubt, keyReused, useWrite } from './useWrite';
import { WriteDialog } from './WriteDialog';

type Line = { uid: number; sku: string; quantity: string };
let nextUid = 1;
const newLine = (): Line => ({ uid: nextUid++, sku: '', quantity: '' });

const pick = (d: CreateInboundShipmentWriteMutation) => ({ record: d.createInboundShipment.inboundShipment, replayed: d.createInboundShipment.replayed, userErrors: d.createInboundShipment.userErrors });

/** A date picked in the form, as the instant the API takes: noon that day, local time. */
export const dateToInstant = (date: string) => new Date(`${date}T12:00:00`).toISOString();

export function NewInboundForm({ brandId, wms, onClose }: { brandId: string; wms: string; onClose(): void }) {
  const form = useFormId('new-inbound');
  const [{ data: choices }] = useQuery({ query: WriteChoicesQuery, variables: { brandId } });
  const write = useWrite(CreateInboundShipmentWrite, pick);
  const summaryRef = useRef<HTMLDivElement>(null);
  const [head, setHead] = useState({ purchaseOrderNumber: '', supplier: '', expectedArrivalDate: '', warehouseId: '', trackingNumber: '' });
  const [lines, setLines] = useState<Line[]>(() => [newLine()]);
  const warehouses = choices?.warehouses ?? [];
  const warehouseId = head.warehouseId || (warehouses.length === 1 ? warehouses[0].id : '');

  const shown: ShownField[] = useMemo(
    () => [
      { path: 'purchaseOrderNumber', label: 'Purchase order' },
      { path: 'supplier', label: 'Supplier' },
      { path: 'warehouseId', label: 'Warehouse' },
      { path: 'expectedArrivalDate', label: 'Expected arrival' },
      { path: 'trackingNumber', label: 'Tracking number' },
      ...lines.flatMap((_, i) => [
        { path: `lineItems.${i}.sku`, label: `Line ${i + 1} SKU` },
        { path: `lineItems.${i}.expectedQuantity`, label: `Line ${i + 1} units` },
      ]),
    ],
    [lines],
  );
  const errors = sortErrors(write.outcome.status === 'refused' ? write.outcome.errors : [], shown);
  useFocusFirstError(write.outcome, errors, form, summaryRef);

  function onSubmit(e: FormEvent) {
    e.preventDefault();
    const problems: FieldError[] = [];
    required(problems, ['purchaseOrderNumber'], head.purchaseOrderNumber);
    required(problems, ['supplier'], head.supplier);
    required(problems, ['warehouseId'], warehouseId);
    required(problems, ['expectedArrivalDate'], head.expectedArrivalDate);
    required(problems, ['trackingNumber'], head.trackingNumber);
    lines.forEach((l, i) => {
      required(problems, ['lineItems', String(i), 'sku'], l.sku);
      quantityError(problems, ['lineItems', String(i), 'expectedQuantity'], l.quantity);
    });
    if (problems.length > 0) return write.refuse(problems);
    void write.submit((idempotencyKey) => ({
      brandId,
      input: {
        idempotencyKey,
        purchaseOrderNumber: head.purchaseOrderNumber.trim(),
        supplier: head.supplier.trim(),
        expectedArrivalDate: dateToInstant(head.expectedArrivalDate),
        warehouseId,
        trackingNumber: head.trackingNumber.trim(),
        lineItems: lines.map((l) => ({ sku: l.sku.trim(), expectedQuantity: Number(l.quantity.trim()) })),
      },
    }));
  }

  const setLine = (uid: number, patch: Partial<Line>) => setLines((ls) => ls.map((l) => (l.uid === uid ? { ...l, ...patch } : l)));
  const products = choices?.products.edges.map((e) => e.node).filter((p) => p.sku) ?? [];
  const done = write.outcome.status === 'done' ? write.outcome : null;
  const created = done?.record as CreateInboundShipmentWriteMutation['createInboundShipment']['inboundShipment'];

  return (
    <WriteDialog title="New inbound shipment" subtitle={`Announced to ${wms} through Trackstar`} busy={write.busy} onClose={onClose} testId="new-inbound-dialog">
      {done ? (
        <WriteSuccess
          testId="write-success"
          actions={
            <button type="button" className="btn btn-primary" onClick={onClose} data-autofocus>
              Back to inbound shipments
            </button>
          }
        >
          {done.replayed ? 'This inbound shipment had already been created (the earlier attempt went through); nothing was created twice.' : `Inbound shipment for purchase order ${created?.purchaseOrderNumber ?? head.purchaseOrderNumber} created in ${wms}`}
          {created && <> (WMS id <span className="mono">{created.externalId}</span>). It is listed with the inbound shipments.</>}
        </WriteSuccess>
      ) : (
        <form className="write-form" noValidate onSubmit={onSubmit} aria-busy={write.busy || undefined}>
          <div className="form-grid">
            <TextField form={form} path="purchaseOrderNumber" label="Purchase order" errors={errors} value={head.purchaseOrderNumber} onChange={(e) => setHead({ ...head, purchaseOrderNumber: e.target.value })} data-autofocus maxLength={100} />
            <TextField form={form} path="supplier" label="Supplier" errors={errors} value={head.supplier} onChange={(e) => setHead({ ...head, supplier: e.target.value })} maxLength={200} />
            <SelectField
              form={form}
              path="warehouseId"
              label="Warehouse"
              errors={errors}
              value={warehouseId}
              onChange={(v) => setHead({ ...head, warehouseId: v })}
              placeholder={warehouses.length === 0 ? 'Loading warehouses…' : 'Choose a warehouse'}
              options={warehouses.map((w) => ({ value: w.id, label: w.name }))}
            />
            <TextField form={form} path="expectedArrivalDate" label="Expected arrival" type="date" errors={errors} value={head.expectedArrivalDate} onChange={(e) => setHead({ ...head, expectedArrivalDate: e.target.value })} />
            <TextField form={form} path="trackingNumber" label="Tracking number" className="span-2" errors={errors} value={head.trackingNumber} onChange={(e) => setHead({ ...head, trackingNumber: e.target.value })} maxLength={100} />
          </div>
          <fieldset>
            <legend>Expected stock</legend>
            <datalist id={`${form}-skus`}>
              {products.map((p) => (
                <option key={p.id} value={p.sku!}>
                  {p.name}
                </option>
              ))}
            </datalist>
            <div className="line-rows">
              {lines.map((l, i) => (
                <div className="line-row line-row-2" key={l.uid}>
                  <TextField form={form} path={`lineItems.${i}.sku`} label="SKU" labelPrefix={`Line ${i + 1}`} errors={errors} list={`${form}-skus`} autoComplete="off" value={l.sku} onChange={(e) => setLine(l.uid, { sku: e.target.value })} maxLength={100} />
                  <TextField form={form} path={`lineItems.${i}.expectedQuantity`} label="Units" labelPrefix={`Line ${i + 1}`} errors={errors} inputMode="numeric" value={l.quantity} onChange={(e) => setLine(l.uid, { quantity: e.target.value })} />
                  <button type="button" className="btn btn-ghost btn-small" onClick={() => setLines((ls) => ls.filter((x) => x.uid !== l.uid))} disabled={lines.length === 1} aria-label={`Remove line ${i + 1}`}>
                    Remove
                  </button>
                </div>
              ))}
            </div>
            <button type="button" className="btn btn-small" style={{ marginTop: 10 }} onClick={() => setLines((ls) => [...ls, newLine()])} disabled={lines.length >= 500}>
              Add line
            </button>
          </fieldset>
          <ErrorSummary
            form={form}
            errors={errors}
            outcome={write.outcome}
            summaryRef={summaryRef}
            actions={
              keyReused(write.outcome) && (
                <div>
                  <button type="button" className="btn btn-small" onClick={write.startOver}>
                    Send as a new inbound shipment
                  </button>
                </div>
              )
            }
          />
          <div className="write-actions">
            <button type="button" className="btn" onClick={onClose} disabled={write.busy}>
              Cancel
            </button>
            <SubmitButton busy={write.busy} label="Create inbound shipment" busyLabel="Creating…" retry={inDoubt(write.outcome)} />
          </div>
          <p className="write-key" data-testid="idempotency-key">
            Idempotency key {write.key}
          </p>
        </form>
      )}
    </WriteDialog>
  );
}

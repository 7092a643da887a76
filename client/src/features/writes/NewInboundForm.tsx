// "New inbound shipment" (createInboundShipment): an ASN, stock a supplier is sending to one of the
// brand's warehouses. Every field is required by Trackstar's write.
import { useMemo, useRef, useState, type FormEvent } from 'react';
import { useQuery } from 'urql';
import type { CreateInboundShipmentWriteMutation } from '../../gql/graphql';
import { CreateInboundShipmentWrite, WriteChoicesQuery } from './documents';
import { sortErrors, type FieldError, type ShownField } from './field-errors';
import { quantityError, required } from './form-checks';
import { SelectField, TextField, WriteDone, useFocusFirstError, useFormId } from './FormFields';
import { LineItemsFieldset, skuListId } from './LineItemsFieldset';
import { useWrite } from './useWrite';
import { WriteDialog } from './WriteDialog';
import { WriteFormFooter } from './WriteFormFooter';

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

  const products = choices?.products.edges.map((e) => e.node).filter((p) => p.sku) ?? [];
  const done = write.outcome.status === 'done' ? write.outcome : null;
  const created = done?.record as CreateInboundShipmentWriteMutation['createInboundShipment']['inboundShipment'];

  return (
    <WriteDialog title="New inbound shipment" subtitle={`Announced to ${wms} through Trackstar`} busy={write.busy} onClose={onClose} testId="new-inbound-dialog">
      {done ? (
        <WriteDone closeLabel="Back to inbound shipments" onClose={onClose}>
          {done.replayed ? 'This inbound shipment had already been created (the earlier attempt went through); nothing was created twice.' : `Inbound shipment for purchase order ${created?.purchaseOrderNumber ?? head.purchaseOrderNumber} created in ${wms}`}
          {created && <> (WMS id <span className="mono">{created.externalId}</span>). It is listed with the inbound shipments.</>}
        </WriteDone>
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
          <LineItemsFieldset form={form} legend="Expected stock" products={products} lines={lines} setLines={setLines} newLine={newLine} maxLines={500} rowClassName="line-row line-row-2"
            fields={(l, i, update) => (
              <>
                <TextField form={form} path={`lineItems.${i}.sku`} label="SKU" labelPrefix={`Line ${i + 1}`} errors={errors} list={skuListId(form)} autoComplete="off" value={l.sku} onChange={(e) => update({ sku: e.target.value })} maxLength={100} />
                <TextField form={form} path={`lineItems.${i}.expectedQuantity`} label="Units" labelPrefix={`Line ${i + 1}`} errors={errors} inputMode="numeric" value={l.quantity} onChange={(e) => update({ quantity: e.target.value })} />
              </>
            )}
          />
          <WriteFormFooter form={form} errors={errors} summaryRef={summaryRef} write={write} onClose={onClose} submitLabel="Create inbound shipment" busyLabel="Creating…" startOverLabel="Send as a new inbound shipment" />
        </form>
      )}
    </WriteDialog>
  );
}

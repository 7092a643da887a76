// "New return" (createReturn): units a customer sends back, optionally tied to their order (found by
// its number) and to the warehouse receiving them.
import { useMemo, useRef, useState, type FormEvent } from 'react';
import { useClient, useQuery } from 'urql';
import type { CreateReturnWriteMutation } from '../../gql/graphql';
import { CreateReturnWrite, OrderLookupQuery, WriteChoicesQuery } from './documents';
import { sortErrors, type FieldError, type ShownField } from './field-errors';
import { quantityError, required } from './form-checks';
import { SelectField, TextField, WriteDone, useFocusFirstError, useFormId } from './FormFields';
import { LineItemsFieldset, skuListId } from './LineItemsFieldset';
import { useWrite } from './useWrite';
import { WriteDialog } from './WriteDialog';
import { WriteFormFooter } from './WriteFormFooter';
import { errorMessage } from '../../app/ui';

type Line = { uid: number; sku: string; quantity: string };
let nextUid = 1;
const newLine = (sku = '', quantity = ''): Line => ({ uid: nextUid++, sku, quantity });

const pick = (d: CreateReturnWriteMutation) => ({ record: d.createReturn.return, replayed: d.createReturn.replayed, userErrors: d.createReturn.userErrors });

export function NewReturnForm({ brandId, wms, onClose }: { brandId: string; wms: string; onClose(): void }) {
  const form = useFormId('new-return');
  const client = useClient();
  const [{ data: choices }] = useQuery({ query: WriteChoicesQuery, variables: { brandId } });
  const write = useWrite(CreateReturnWrite, pick);
  const summaryRef = useRef<HTMLDivElement>(null);
  const [orderNumber, setOrderNumber] = useState('');
  const [warehouseId, setWarehouseId] = useState('');
  const [lines, setLines] = useState<Line[]>(() => [newLine()]);
  const [lookingUp, setLookingUp] = useState(false);

  const shown: ShownField[] = useMemo(
    () => [
      { path: 'orderId', label: 'Order number' },
      { path: 'warehouseId', label: 'Warehouse' },
      ...lines.flatMap((_, i) => [
        { path: `lineItems.${i}.sku`, label: `Line ${i + 1} SKU` },
        { path: `lineItems.${i}.quantity`, label: `Line ${i + 1} units` },
      ]),
    ],
    [lines],
  );
  const errors = sortErrors(write.outcome.status === 'refused' ? write.outcome.errors : [], shown);
  useFocusFirstError(write.outcome, errors, form, summaryRef);

  /** The order numbered exactly so, or a problem on the order field. */
  async function findOrder(number: string): Promise<{ id: string; lineItems: readonly { sku?: string | null; quantity: number }[] } | FieldError> {
    const result = await client.query(OrderLookupQuery, { brandId, search: number }, { requestPolicy: 'network-only' }).toPromise();
    if (result.error) return { field: ['orderId'], message: `Could not look the order up: ${errorMessage(result.error)}` };
    const match = result.data?.orders.edges.map((e) => e.node).find((o) => o.orderNumber === number);
    return match ?? { field: ['orderId'], message: `No order numbered ${number} in this brand` };
  }

  async function fillFromOrder() {
    const number = orderNumber.trim();
    if (!number) return write.refuse([{ field: ['orderId'], message: 'Enter the order number first' }]);
    setLookingUp(true);
    const found = await findOrder(number);
    setLookingUp(false);
    if ('message' in found) return write.refuse([found]);
    const fromOrder = found.lineItems.filter((l) => l.sku).map((l) => newLine(l.sku!, String(l.quantity)));
    if (fromOrder.length > 0) setLines(fromOrder);
  }

  async function onSubmit(e: FormEvent) {
    e.preventDefault();
    const problems: FieldError[] = [];
    lines.forEach((l, i) => {
      required(problems, ['lineItems', String(i), 'sku'], l.sku);
      quantityError(problems, ['lineItems', String(i), 'quantity'], l.quantity);
    });
    let orderId: string | undefined;
    const number = orderNumber.trim();
    if (number) {
      setLookingUp(true);
      const found = await findOrder(number);
      setLookingUp(false);
      if ('message' in found) problems.unshift(found);
      else orderId = found.id;
    }
    if (problems.length > 0) return write.refuse(problems);
    void write.submit((idempotencyKey) => ({
      brandId,
      input: { idempotencyKey, orderId, warehouseId: warehouseId || undefined, lineItems: lines.map((l) => ({ sku: l.sku.trim(), quantity: Number(l.quantity.trim()) })) },
    }));
  }

  const products = choices?.products.edges.map((e) => e.node).filter((p) => p.sku) ?? [];
  const done = write.outcome.status === 'done' ? write.outcome : null;
  const created = done?.record as CreateReturnWriteMutation['createReturn']['return'];
  const busy = write.busy || lookingUp;

  return (
    <WriteDialog title="New return" subtitle={`Announced to ${wms} through Trackstar`} busy={busy} onClose={onClose} testId="new-return-dialog">
      {done ? (
        <WriteDone closeLabel="Back to returns" onClose={onClose}>
          {done.replayed ? 'This return had already been created (the earlier attempt went through); nothing was created twice.' : `Return created in ${wms}`}
          {created && <> (WMS id <span className="mono">{created.externalId}</span>). It is listed with the returns.</>}
        </WriteDone>
      ) : (
        <form className="write-form" noValidate onSubmit={onSubmit} aria-busy={busy || undefined}>
          <div className="form-grid">
            <div className="field">
              <TextField form={form} path="orderId" label="Order number" optional errors={errors} value={orderNumber} onChange={(e) => setOrderNumber(e.target.value)} data-autofocus maxLength={100} hint="The order being returned" />
              <button type="button" className="btn btn-small" style={{ alignSelf: 'flex-start' }} onClick={() => void fillFromOrder()} disabled={busy}>
                Fill lines from the order
              </button>
            </div>
            <SelectField
              form={form}
              path="warehouseId"
              label="Warehouse"
              optional
              errors={errors}
              value={warehouseId}
              onChange={setWarehouseId}
              placeholder="Let the WMS choose"
              options={(choices?.warehouses ?? []).map((w) => ({ value: w.id, label: w.name }))}
            />
          </div>
          <LineItemsFieldset form={form} legend="Units coming back" products={products} lines={lines} setLines={setLines} newLine={newLine} maxLines={200} rowClassName="line-row line-row-2"
            fields={(l, i, update) => (
              <>
                <TextField form={form} path={`lineItems.${i}.sku`} label="SKU" labelPrefix={`Line ${i + 1}`} errors={errors} list={skuListId(form)} autoComplete="off" value={l.sku} onChange={(e) => update({ sku: e.target.value })} maxLength={100} />
                <TextField form={form} path={`lineItems.${i}.quantity`} label="Units" labelPrefix={`Line ${i + 1}`} errors={errors} inputMode="numeric" value={l.quantity} onChange={(e) => update({ quantity: e.target.value })} />
              </>
            )}
          />
          <WriteFormFooter form={form} errors={errors} summaryRef={summaryRef} write={write} busy={busy} onClose={onClose} submitLabel="Create return" busyLabel={lookingUp ? 'Finding the order…' : 'Creating…'} startOverLabel="Send as a new return" />
        </form>
      )}
    </WriteDialog>
  );
}

// "New order": creates an order in the brand's WMS (createOrder). The order then shows in the
// orders list through the live order stream; the success message opens it.
import { useMemo, useRef, useState, type FormEvent } from 'react';
import { useQuery } from 'urql';
import type { CreateOrderInput, CreateOrderWriteMutation, OrderRowFragment } from '../../gql/graphql';
import { CreateOrderWrite, WriteChoicesQuery } from './documents';
import { sortErrors, type FieldError, type ShownField } from './field-errors';
import { SelectField, TextField, WriteSuccess, useFocusFirstError, useFormId } from './FormFields';
import { LineItemsFieldset, skuListId } from './LineItemsFieldset';
import { useWrite } from './useWrite';
import { WriteDialog } from './WriteDialog';
import { WriteFormFooter } from './WriteFormFooter';
import { amountError, quantityError, required } from './form-checks';

type Line = { uid: number; sku: string; quantity: string; unitPrice: string };

const ADDRESS: { key: string; label: string; optional?: boolean; autoComplete: string; span?: boolean }[] = [
  { key: 'fullName', label: 'Recipient', optional: true, autoComplete: 'name' },
  { key: 'company', label: 'Company', optional: true, autoComplete: 'organization' },
  { key: 'address1', label: 'Address', autoComplete: 'address-line1', span: true },
  { key: 'address2', label: 'Apartment, suite, floor', optional: true, autoComplete: 'address-line2', span: true },
  { key: 'city', label: 'City', autoComplete: 'address-level2' },
  { key: 'state', label: 'State or region', autoComplete: 'address-level1' },
  { key: 'postalCode', label: 'Postal code', autoComplete: 'postal-code' },
  { key: 'country', label: 'Country code', autoComplete: 'country' },
];

const pick = (d: CreateOrderWriteMutation) => ({ record: d.createOrder.order, replayed: d.createOrder.replayed, userErrors: d.createOrder.userErrors });

let nextUid = 1;
const newLine = (): Line => ({ uid: nextUid++, sku: '', quantity: '1', unitPrice: '' });

export function NewOrderForm({ brandId, wms, onClose, onOpenOrder }: { brandId: string; wms: string; onClose(): void; onOpenOrder(orderId: string): void }) {
  const form = useFormId('new-order');
  const [{ data: choices }] = useQuery({ query: WriteChoicesQuery, variables: { brandId } });
  const write = useWrite(CreateOrderWrite, pick);
  const [order, setOrder] = useState({ orderNumber: '', referenceId: '', shippingMethodId: '', serviceLevel: '' });
  const [address, setAddress] = useState<Record<string, string>>({ country: 'US' });
  const [lines, setLines] = useState<Line[]>(() => [newLine()]);
  const summaryRef = useRef<HTMLDivElement>(null);

  const shown: ShownField[] = useMemo(
    () => [
      { path: 'orderNumber', label: 'Order number' },
      { path: 'referenceId', label: 'Reference' },
      { path: 'shippingMethodId', label: 'Shipping method' },
      { path: 'serviceLevel', label: 'Service level' },
      ...ADDRESS.map((a) => ({ path: `shipToAddress.${a.key}`, label: a.label })),
      ...lines.flatMap((_, i) => [
        { path: `lineItems.${i}.sku`, label: `Line ${i + 1} SKU` },
        { path: `lineItems.${i}.quantity`, label: `Line ${i + 1} quantity` },
        { path: `lineItems.${i}.unitPrice`, label: `Line ${i + 1} unit price` },
      ]),
    ],
    [lines],
  );
  const errors = sortErrors(write.outcome.status === 'refused' ? write.outcome.errors : [], shown);
  useFocusFirstError(write.outcome, errors, form, summaryRef);

  const text = (v: string) => (v.trim() === '' ? undefined : v.trim());
  function buildInput(): { input: Omit<CreateOrderInput, 'idempotencyKey'> | null; problems: FieldError[] } {
    const problems: FieldError[] = [];
    required(problems, ['orderNumber'], order.orderNumber);
    for (const a of ADDRESS) if (!a.optional) required(problems, ['shipToAddress', a.key], address[a.key] ?? '');
    lines.forEach((l, i) => {
      required(problems, ['lineItems', String(i), 'sku'], l.sku);
      quantityError(problems, ['lineItems', String(i), 'quantity'], l.quantity);
      amountError(problems, ['lineItems', String(i), 'unitPrice'], l.unitPrice);
    });
    if (problems.length > 0) return { input: null, problems };
    const shipToAddress = Object.fromEntries(ADDRESS.flatMap((a) => (text(address[a.key] ?? '') ? [[a.key, text(address[a.key])]] : [])));
    return {
      problems,
      input: {
        orderNumber: order.orderNumber.trim(),
        referenceId: text(order.referenceId),
        shippingMethodId: order.shippingMethodId || undefined,
        serviceLevel: text(order.serviceLevel),
        shipToAddress: shipToAddress as CreateOrderInput['shipToAddress'],
        lineItems: lines.map((l) => ({ sku: l.sku.trim(), quantity: Number(l.quantity), unitPrice: l.unitPrice.trim() === '' ? undefined : Number(l.unitPrice) })),
      },
    };
  }

  function onSubmit(e: FormEvent) {
    e.preventDefault();
    const { input, problems } = buildInput();
    if (!input) return write.refuse(problems);
    void write.submit((idempotencyKey) => ({ brandId, input: { ...input, idempotencyKey } }));
  }

  const products = choices?.products.edges.map((e) => e.node).filter((p) => p.sku) ?? [];
  const done = write.outcome.status === 'done' ? write.outcome : null;
  const created = done?.record as OrderRowFragment | null | undefined;

  return (
    <WriteDialog title="New order" subtitle={`Created in ${wms} through Trackstar`} busy={write.busy} onClose={onClose} testId="new-order-dialog">
      {done ? (
        <WriteSuccess
          testId="write-success"
          actions={
            <>
              <button type="button" className="btn" onClick={onClose}>
                Close
              </button>
              {created && (
                <button type="button" className="btn btn-primary" onClick={() => onOpenOrder(created.id)}>
                  Open order {created.orderNumber}
                </button>
              )}
            </>
          }
        >
          {done.replayed ? 'This order had already been created (the earlier attempt went through); nothing was created twice.' : `Order ${created?.orderNumber ?? order.orderNumber} was created in ${wms}.`}{' '}
          {created ? 'It is in the orders list now.' : 'It appears in the orders list once Trackstar confirms it.'}
        </WriteSuccess>
      ) : (
        <form className="write-form" noValidate onSubmit={onSubmit} aria-busy={write.busy || undefined}>
          <div className="form-grid">
            <TextField form={form} path="orderNumber" label="Order number" errors={errors} value={order.orderNumber} onChange={(e) => setOrder({ ...order, orderNumber: e.target.value })} data-autofocus maxLength={100} />
            <TextField form={form} path="referenceId" label="Reference" optional hint="The order id in the sales channel" errors={errors} value={order.referenceId} onChange={(e) => setOrder({ ...order, referenceId: e.target.value })} maxLength={100} />
            <SelectField
              form={form}
              path="shippingMethodId"
              label="Shipping method"
              optional
              errors={errors}
              value={order.shippingMethodId}
              onChange={(v) => setOrder({ ...order, shippingMethodId: v })}
              placeholder="Let the warehouse choose"
              options={(choices?.shippingMethods ?? []).map((m) => ({ value: m.id, label: [m.carrierName, m.name].filter(Boolean).join(' · ') }))}
            />
            <TextField form={form} path="serviceLevel" label="Service level" optional errors={errors} value={order.serviceLevel} onChange={(e) => setOrder({ ...order, serviceLevel: e.target.value })} maxLength={100} />
          </div>

          <fieldset>
            <legend>Ship to</legend>
            <div className="form-grid">
              {ADDRESS.map((a) => (
                <TextField
                  key={a.key}
                  form={form}
                  path={`shipToAddress.${a.key}`}
                  label={a.label}
                  optional={a.optional}
                  className={a.span ? 'span-2' : undefined}
                  errors={errors}
                  autoComplete={`shipping ${a.autoComplete}`}
                  value={address[a.key] ?? ''}
                  onChange={(e) => setAddress({ ...address, [a.key]: e.target.value })}
                  maxLength={a.key === 'postalCode' ? 20 : 200}
                />
              ))}
            </div>
          </fieldset>

          <LineItemsFieldset form={form} legend="Lines" products={products} lines={lines} setLines={setLines} newLine={newLine} maxLines={200} rowClassName="line-row" rowTestId="order-line"
            fields={(l, i, update) => (
              <>
                <TextField form={form} path={`lineItems.${i}.sku`} label="SKU" labelPrefix={`Line ${i + 1}`} errors={errors} list={skuListId(form)} value={l.sku} onChange={(e) => update({ sku: e.target.value })} maxLength={100} autoComplete="off" />
                <TextField form={form} path={`lineItems.${i}.quantity`} label="Quantity" labelPrefix={`Line ${i + 1}`} errors={errors} inputMode="numeric" value={l.quantity} onChange={(e) => update({ quantity: e.target.value })} />
                <TextField form={form} path={`lineItems.${i}.unitPrice`} label="Unit price" labelPrefix={`Line ${i + 1}`} optional errors={errors} inputMode="decimal" value={l.unitPrice} onChange={(e) => update({ unitPrice: e.target.value })} />
              </>
            )}
          />

          <WriteFormFooter form={form} errors={errors} summaryRef={summaryRef} write={write} onClose={onClose} submitLabel="Create order" busyLabel="Creating…" startOverLabel="Send as a new order" />
        </form>
      )}
    </WriteDialog>
  );
}

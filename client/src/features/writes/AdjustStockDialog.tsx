// "Adjust stock" from an inventory row (adjustInventory): a warehouse, which way, how many units and
// why. The row itself updates through the live inventory stream; the dialog says what the WMS
// now counts.
import { useMemo, useRef, useState, type FormEvent } from 'react';
import { useQuery } from 'urql';
import type { AdjustInventoryWriteMutation, InventoryAdjustmentType, InventoryRowFragment } from '../../gql/graphql';
import { formatNumber } from '../../lib/format';
import { AdjustInventoryWrite, WriteChoicesQuery } from './documents';
import { sortErrors, type FieldError, type ShownField } from './field-errors';
import { quantityError, required } from './form-checks';
import { SelectField, TextField, WriteDone, useFocusFirstError, useFormId } from './FormFields';
import { useWrite } from './useWrite';
import { WriteDialog } from './WriteDialog';
import { WriteFormFooter } from './WriteFormFooter';

const pick = (d: AdjustInventoryWriteMutation) => ({ record: d.adjustInventory.inventoryItem, replayed: d.adjustInventory.replayed, userErrors: d.adjustInventory.userErrors });

const SHOWN: ShownField[] = [
  { path: 'warehouseId', label: 'Warehouse' },
  { path: 'adjustmentType', label: 'Direction' },
  { path: 'quantity', label: 'Units' },
  { path: 'reason', label: 'Reason' },
];

export function AdjustStockDialog({ brandId, item, wms, onClose }: { brandId: string; item: InventoryRowFragment; wms: string; onClose(): void }) {
  const form = useFormId('adjust-stock');
  const [{ data: choices }] = useQuery({ query: WriteChoicesQuery, variables: { brandId } });
  const write = useWrite(AdjustInventoryWrite, pick);
  const summaryRef = useRef<HTMLDivElement>(null);
  const warehouses = choices?.warehouses ?? [];
  const levelOf = useMemo(() => new Map(item.levels.map((l) => [l.warehouseExternalId, l])), [item.levels]);
  // The warehouse holding the item is the likely one; with several, the person picks.
  const [warehouseId, setWarehouseId] = useState('');
  const holding = warehouses.filter((w) => levelOf.has(w.externalId));
  const chosen = warehouseId || (holding.length === 1 ? holding[0].id : warehouses.length === 1 ? warehouses[0].id : '');
  const [direction, setDirection] = useState<InventoryAdjustmentType>('INCREASE');
  const [quantity, setQuantity] = useState('');
  const [reason, setReason] = useState('');
  const [before] = useState(item.onHand);

  const errors = sortErrors(write.outcome.status === 'refused' ? write.outcome.errors : [], SHOWN);
  useFocusFirstError(write.outcome, errors, form, summaryRef);

  function onSubmit(e: FormEvent) {
    e.preventDefault();
    const problems: FieldError[] = [];
    required(problems, ['warehouseId'], chosen);
    quantityError(problems, ['quantity'], quantity);
    if (problems.length > 0) return write.refuse(problems);
    void write.submit((idempotencyKey) => ({
      input: { idempotencyKey, inventoryItemId: item.id, warehouseId: chosen, adjustmentType: direction, quantity: Number(quantity.trim()), reason: reason.trim() || undefined },
    }));
  }

  const done = write.outcome.status === 'done' ? write.outcome : null;
  const after = done?.record as InventoryRowFragment | null | undefined;
  const label = item.sku ?? item.name;

  return (
    <WriteDialog title={`Adjust stock: ${label}`} subtitle={`${item.name} · on hand ${formatNumber(item.onHand)} · in ${wms}`} busy={write.busy} onClose={onClose} testId="adjust-stock-dialog">
      {done ? (
        <WriteDone closeLabel="Done" onClose={onClose}>
          {done.replayed ? 'This adjustment had already been made (the earlier attempt went through); it was not made twice.' : `Stock of ${label} adjusted in ${wms}.`}{' '}
          {after && `On hand is now ${formatNumber(after.onHand)} (was ${formatNumber(before)}); fulfillable ${formatNumber(after.fulfillable)}.`}
        </WriteDone>
      ) : (
        <form className="write-form" noValidate onSubmit={onSubmit} aria-busy={write.busy || undefined}>
          <SelectField
            form={form}
            path="warehouseId"
            label="Warehouse"
            errors={errors}
            value={chosen}
            onChange={setWarehouseId}
            placeholder={warehouses.length === 0 ? 'Loading warehouses…' : 'Choose a warehouse'}
            options={warehouses.map((w) => {
              const level = levelOf.get(w.externalId);
              return { value: w.id, label: level ? `${w.name} · on hand ${formatNumber(level.onHand)}, fulfillable ${formatNumber(level.fulfillable)}` : `${w.name} · none held` };
            })}
          />
          <fieldset aria-describedby={errors.byField.get('adjustmentType') ? `${form}-adjustmentType-error` : undefined}>
            <legend>Direction</legend>
            <div className="inline-form">
              {(['INCREASE', 'DECREASE'] as const).map((d, i) => (
                <label key={d} className="check">
                  <input
                    type="radio"
                    id={i === 0 ? `${form}-adjustmentType` : undefined}
                    name={`${form}-direction`}
                    value={d}
                    checked={direction === d}
                    onChange={() => setDirection(d)}
                  />
                  {d === 'INCREASE' ? 'Add units (found, returned to stock, counted more)' : 'Remove units (damaged, lost, counted fewer)'}
                </label>
              ))}
            </div>
            {errors.byField.get('adjustmentType') && (
              <p id={`${form}-adjustmentType-error`} className="field-error">
                {errors.byField.get('adjustmentType')}
              </p>
            )}
          </fieldset>
          <TextField form={form} path="quantity" label="Units" errors={errors} inputMode="numeric" value={quantity} onChange={(e) => setQuantity(e.target.value)} data-autofocus hint="A whole number from 1 to 1,000,000" />
          <TextField form={form} path="reason" label="Reason" optional errors={errors} value={reason} onChange={(e) => setReason(e.target.value)} maxLength={500} hint="Kept in Packr's write log (e.g. cycle count, damaged)" />
          <WriteFormFooter form={form} errors={errors} summaryRef={summaryRef} write={write} onClose={onClose} submitLabel={direction === 'INCREASE' ? 'Add units' : 'Remove units'} busyLabel="Adjusting…" startOverLabel="Send as a new adjustment" />
        </form>
      )}
    </WriteDialog>
  );
}

// The line items of a write form (an order's lines, the stock of an inbound shipment, the units of a
// return): a row of fields per line with its Remove button, "Add line" below, and the brand's SKUs
// offered as suggestions to every line's SKU field. Each form says which fields a line has.
import type { Dispatch, ReactNode, SetStateAction } from 'react';

/** The id of the form's SKU suggestions, for a line's SKU field's `list`. */
export const skuListId = (form: string) => `${form}-skus`;

export function LineItemsFieldset<L extends { uid: number }>({
  form, legend, products, lines, setLines, newLine, maxLines, rowClassName, rowTestId, fields,
}: {
  /** The form's id prefix (see useFormId). */
  form: string;
  legend: string;
  /** Products with a SKU, suggested in the SKU fields. */
  products: readonly { id: string; sku?: string | null; name: string }[];
  lines: readonly L[];
  setLines: Dispatch<SetStateAction<L[]>>;
  newLine(): L;
  maxLines: number;
  rowClassName: string;
  rowTestId?: string;
  /** A line's fields; `update` changes that line. */
  fields(line: L, index: number, update: (patch: Partial<L>) => void): ReactNode;
}) {
  const update = (uid: number) => (patch: Partial<L>) => setLines((ls) => ls.map((l) => (l.uid === uid ? { ...l, ...patch } : l)));
  return (
    <fieldset>
      <legend>{legend}</legend>
      <datalist id={skuListId(form)}>
        {products.map((p) => (
          <option key={p.id} value={p.sku!}>
            {p.name}
          </option>
        ))}
      </datalist>
      <div className="line-rows">
        {lines.map((l, i) => (
          <div className={rowClassName} key={l.uid} data-testid={rowTestId}>
            {fields(l, i, update(l.uid))}
            <button type="button" className="btn btn-ghost btn-small" onClick={() => setLines((ls) => ls.filter((x) => x.uid !== l.uid))} disabled={lines.length === 1} aria-label={`Remove line ${i + 1}`}>
              Remove
            </button>
          </div>
        ))}
      </div>
      <button type="button" className="btn btn-small" style={{ marginTop: 10 }} onClick={() => setLines((ls) => [...ls, newLine()])} disabled={lines.length >= maxLines}>
        Add line
      </button>
    </fieldset>
  );
}

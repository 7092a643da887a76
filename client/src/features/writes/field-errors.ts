// A write's userErrors (and the form's own checks) sorted for display: those whose `field` path
// names an input the form shows go next to it; the rest (field null, or a path the form does not
// show) go in the form's summary. Paths are joined with dots: ["lineItems", "0", "sku"] is
// "lineItems.0.sku".

export type FieldError = { field?: readonly string[] | null; message: string; code?: string };

export type SortedErrors = {
  /** Message(s) per shown field path. */
  byField: Map<string, string>;
  /** Errors about the write as a whole, or about inputs the form does not show. */
  general: FieldError[];
  /** Shown fields with an error, in the order the form lists them. */
  fieldsInOrder: { path: string; label: string }[];
};

/** A field the form shows: its path and the label people see. */
export type ShownField = { path: string; label: string };

export const pathKey = (field: readonly string[]) => field.join('.');

/** `shown`: the inputs the form renders, in their on-screen order. */
export function sortErrors(errors: readonly FieldError[], shown: readonly ShownField[]): SortedErrors {
  const known = new Set(shown.map((f) => f.path));
  const byField = new Map<string, string>();
  const general: FieldError[] = [];
  for (const e of errors) {
    const key = e.field && e.field.length > 0 ? pathKey(e.field) : null;
    if (key !== null && known.has(key)) byField.set(key, byField.has(key) ? `${byField.get(key)} ${e.message}` : e.message);
    else general.push(key === null ? e : { ...e, message: `${describePath(e.field!)}: ${e.message}` });
  }
  return { byField, general, fieldsInOrder: shown.filter((f) => byField.has(f.path)) };
}

/** ["lineItems", "2", "quantity"] → "Line 3, quantity" for messages about fields the form does not show. */
export function describePath(field: readonly string[]): string {
  const parts: string[] = [];
  for (let i = 0; i < field.length; i++) {
    const part = field[i];
    const next = field[i + 1];
    if (part === 'lineItems' && next !== undefined && /^\d+$/.test(next)) {
      parts.push(`Line ${Number(next) + 1}`);
      i++;
    } else {
      parts.push(part.replace(/([a-z])([A-Z])/g, '$1 $2').toLowerCase());
    }
  }
  const text = parts.join(', ');
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/** The DOM id of the input for a path, inside a form whose ids start with `prefix`. */
export const fieldId = (prefix: string, path: string) => `${prefix}-${path.replace(/\./g, '-')}`;

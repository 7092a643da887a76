// previous_attributes: the old values of changed fields only, flattened to dot paths where numbers
// are array positions (`line_items.1.received_quantity`). An array whose length changed is reported
// whole under its own key (e.g. the old `shipments` on order.shipment.created).

type Json = unknown;

export function previousAttributes(before: Json, after: Json): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  walk(before, after, '', out);
  return out;
}

function isObject(v: Json): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function walk(a: Json, b: Json, path: string, out: Record<string, unknown>): void {
  if (Array.isArray(a) && Array.isArray(b)) {
    if (a.length !== b.length) {
      out[path] = a;
      return;
    }
    a.forEach((v, i) => walk(v, b[i], join(path, String(i)), out));
    return;
  }
  if (isObject(a) && isObject(b)) {
    for (const k of new Set([...Object.keys(a), ...Object.keys(b)])) walk(a[k], b[k], join(path, k), out);
    return;
  }
  if (a !== b && path) out[path] = a === undefined ? null : a;
}

function join(path: string, key: string): string {
  return path ? `${path}.${key}` : key;
}

/** A deep copy (records are plain JSON). */
export function clone<T>(value: T): T {
  return structuredClone(value);
}

// How an audit entry reads in a timeline: "on hand 120 → 96 · webhook inventory.updated · 14:02:11".
// Pure functions, so the wording is tested without a browser.

export type FieldChange = { field: string; before?: unknown; after?: unknown };
export type EntryLike = { at: string; source: string; event: string; changes: readonly FieldChange[]; actor?: { userId: string } | null };

/** Words for the field names entries use (the rest: camelCase split into lower-case words). */
const FIELD_LABELS: Record<string, string> = {
  onHand: 'on hand',
  unitCost: 'unit cost',
  sku: 'SKU',
  shipTo: 'ship-to address',
  totalPrice: 'total',
  warehouseCustomerId: 'warehouse customer',
  warehouseExternalId: 'warehouse',
};

export function fieldLabel(field: string): string {
  if (FIELD_LABELS[field]) return FIELD_LABELS[field];
  // Settings paths ("resources.RETURNS.paused") read as "RETURNS paused".
  const parts = field.split('.').filter((p) => p !== 'resources');
  return parts.map((p) => (/^[A-Z_]+$/.test(p) ? p : p.replace(/([a-z0-9])([A-Z])/g, '$1 $2').toLowerCase())).join(' ');
}

const ISO = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z$/;

export function formatValue(value: unknown): string {
  if (value === null || value === undefined) return '—';
  if (typeof value === 'string') {
    if (ISO.test(value)) return new Date(value).toLocaleString('en-US', { dateStyle: 'medium', timeStyle: 'short' });
    return value.length > 60 ? `${value.slice(0, 57)}…` : value;
  }
  if (typeof value === 'number') return new Intl.NumberFormat('en-US', { maximumFractionDigits: 4 }).format(value);
  if (typeof value === 'boolean') return value ? 'yes' : 'no';
  if (Array.isArray(value)) return value.length === 0 ? 'none' : value.map(formatValue).join(', ');
  return 'changed';
}

/** A new record: every field came from nothing (a deletion mark is not a field of the record). */
export const isCreate = (changes: readonly FieldChange[]) =>
  changes.length > 0 && changes.every((c) => c.field !== 'deletedAt' && (c.before === null || c.before === undefined));

/** "on hand 120 → 96"; a JSON object (an address) reads as "ship-to address changed". */
export function describeChange(change: FieldChange): string {
  // Soft delete: marked deleted when a complete listing missed it, live again when it came back.
  if (change.field === 'deletedAt') return change.after == null ? 'found again in the WMS' : 'deleted in the WMS';
  const label = fieldLabel(change.field);
  const structured = (v: unknown) => typeof v === 'object' && v !== null && !Array.isArray(v);
  if (structured(change.before) || structured(change.after)) return `${label} changed`;
  return `${label} ${formatValue(change.before)} → ${formatValue(change.after)}`;
}

/** The fields people look for first (status, quantities, names); the rest follow alphabetically. */
const FIELD_ORDER = ['status', 'onHand', 'fulfillable', 'committed', 'unfulfillable', 'awaiting', 'sellable', 'orderNumber', 'sku', 'name', 'totalPrice', 'active'];
const rank = (field: string) => {
  const i = FIELD_ORDER.indexOf(field);
  return i === -1 ? FIELD_ORDER.length : i;
};
export const byImportance = (changes: readonly FieldChange[]) =>
  [...changes].sort((a, b) => rank(a.field) - rank(b.field) || (a.field < b.field ? -1 : a.field > b.field ? 1 : 0));

/** What happened, in one line: the changes, or "created", or the action when nothing field-like changed. */
export function describeEntry(entry: EntryLike, createdFieldsShown = 3): string {
  if (entry.changes.length === 0) return entry.source === 'USER' ? actionLabel(entry.event) : 'updated';
  const changes = byImportance(entry.changes);
  if (isCreate(changes)) {
    const shown = changes.filter((c) => typeof c.after !== 'object' || c.after === null).slice(0, createdFieldsShown);
    return `created${shown.length ? ` (${shown.map((c) => `${fieldLabel(c.field)} ${formatValue(c.after)}`).join(', ')}${changes.length > shown.length ? ', …' : ''})` : ''}`;
  }
  return changes.map(describeChange).join(', ');
}

/** "adjustInventory" → "adjust inventory". */
export const actionLabel = (event: string) => event.replace(/([a-z0-9])([A-Z])/g, '$1 $2').toLowerCase();

/**
 * Where it came from: "webhook inventory.updated", "sync", "reconcile", "user: adjust inventory"
 * (just "user" when the action itself is the description).
 */
export function sourceLabel(entry: Pick<EntryLike, 'source' | 'event' | 'changes'>): string {
  switch (entry.source) {
    case 'WEBHOOK': return entry.event === 'webhook' ? 'webhook' : `webhook ${entry.event}`;
    case 'SYNC': return 'sync';
    case 'RECONCILE': return 'reconcile';
    case 'USER': return entry.changes.length === 0 ? 'user' : `user: ${actionLabel(entry.event)}`;
    default: return entry.event;
  }
}

/** "14:02:11" today, "Mar 1, 14:02:11" on another day (local time, 24-hour). */
export function formatTime(iso: string, now = new Date()): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return '—';
  const time = d.toLocaleTimeString('en-GB', { hour: '2-digit', minute: '2-digit', second: '2-digit' });
  const sameDay = d.toDateString() === now.toDateString();
  return sameDay ? time : `${d.toLocaleDateString('en-US', { month: 'short', day: 'numeric', ...(d.getFullYear() !== now.getFullYear() ? { year: 'numeric' } : {}) })}, ${time}`;
}

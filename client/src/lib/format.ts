// Display helpers shared by the screens.
const number = new Intl.NumberFormat('en-US');

export const formatNumber = (n: number | null | undefined) => (n == null ? '—' : number.format(n));

/** "just now", "4 min ago", "3 h ago", "2 d ago" from an ISO string, relative to `now`. */
export function formatAge(iso: string | null | undefined, now: number = Date.now()): string {
  if (!iso) return 'never';
  const t = Date.parse(iso);
  if (Number.isNaN(t)) return '—';
  const s = Math.max(0, Math.round((now - t) / 1000));
  if (s < 45) return 'just now';
  const m = Math.round(s / 60);
  if (m < 60) return `${m} min ago`;
  const h = Math.round(m / 60);
  if (h < 48) return `${h} h ago`;
  return `${Math.round(h / 24)} d ago`;
}

export function formatDateTime(iso: string | null | undefined): string {
  if (!iso) return '—';
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? '—' : d.toLocaleString('en-US', { dateStyle: 'medium', timeStyle: 'short' });
}

export function formatDate(iso: string | null | undefined): string {
  if (!iso) return '—';
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? '—' : d.toLocaleDateString('en-US', { dateStyle: 'medium' });
}

/** ENUM_VALUE → "Enum value". */
export const humanize = (value: string) => value.charAt(0).toUpperCase() + value.slice(1).toLowerCase().replace(/_/g, ' ');

/** The secondary "(+3 last run)" of a records cell; empty before the first complete run. */
export function formatLastRun(lastRun: number | null | undefined, hasRun: boolean): string {
  return hasRun && lastRun != null ? `(+${number.format(lastRun)} last run)` : '';
}

// Idempotency keys of the dashboard's WMS writes. A form draws one random key when it opens and
// keeps it until the write is done (see useWrite.ts); a CSV row gets a key derived from what it
// says, so importing the same file again is answered "replayed" instead of acting twice.
import { sha256Hex } from './sha256';

/** A random key for one form submission attempt (retries reuse it). */
export function newIdempotencyKey(): string {
  // getRandomValues works outside secure contexts too (crypto.randomUUID does not).
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  const hex = Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
  return `packr-ui-${hex}`;
}

/** Stable JSON: object keys sorted, so the same input always hashes the same. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value ?? null);
}

/**
 * An imported order's key: the brand and the order's content. The same order imported again (the
 * same file, a re-saved copy, or a corrected file whose other orders are unchanged) gets the same
 * key and is answered "replayed"; an order whose content was corrected gets a new one.
 */
export function orderImportKey(brandId: string, input: unknown): string {
  return `packr-csv-order-${sha256Hex(`${brandId}\n${canonicalJson(input)}`).slice(0, 40)}`;
}

/**
 * An imported stock adjustment's key: the file's content and the row's number. Adjustments have no
 * identity of their own (the same +5 of a SKU may well happen on two days), so two rows are the
 * same write only when they are the same row of the same file.
 */
export function adjustmentImportKey(fileHash: string, row: number): string {
  return `packr-csv-adjust-${fileHash.slice(0, 32)}-r${row}`;
}

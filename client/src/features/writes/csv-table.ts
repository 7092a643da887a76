// Reading an import CSV into rows keyed by column name, with every problem reported against the
// spreadsheet row it is on (the header is row 1). Parsing is papaparse's; this module decides what
// a usable file is: known headers (any case, spaces or underscores), the required ones present, no
// broken quoting, a sane size. The orders and stock-adjustment imports build on it.
import Papa from 'papaparse';
import { canonicalJson } from './idempotency';
import { sha256Hex } from './sha256';

/** Bigger files are refused before they are read: an import sends at most this many rows anyway. */
export const MAX_FILE_BYTES = 5 * 1024 * 1024;
export const MAX_DATA_ROWS = 10_000;

export type CsvColumn = {
  /** The column's name in the template (snake_case). */
  name: string;
  required?: boolean;
  description: string;
  example: string;
};

/** A problem with the file (row null) or with one cell or row of it. */
export type RowProblem = { row: number | null; column?: string; message: string };

export type CsvRow = {
  /** The row's number as a spreadsheet shows it: the header is row 1. */
  row: number;
  /** Trimmed cell values by column name; absent or empty cells are "". */
  values: Record<string, string>;
  /** The cells as read, in the file's column order (for the error report). */
  cells: string[];
};

export type CsvTable =
  | {
      ok: true;
      /** The header as written in the file. */
      header: string[];
      rows: CsvRow[];
      /** Headers that name no column of this import (left out, listed so a typo is noticed). */
      ignoredColumns: string[];
      /** Rows that could not be read as rows (left out of `rows`); the file is not to be sent while there are any. */
      problems: RowProblem[];
      /** SHA-256 of the rows' values by column: the same data gives the same hash, whatever the quoting, line endings or column order. */
      contentHash: string;
    }
  | { ok: false; problems: RowProblem[] };

/** Columns the dashboard's own error report adds; reading a report back ignores them silently. */
export const REPORT_COLUMNS = ['error', 'result'];

/** "Order Number", "order_number" and "orderNumber" are the same column. */
export const normalizeHeader = (header: string) => header.trim().toLowerCase().replace(/[^a-z0-9]/g, '');

const fileProblem = (message: string): CsvTable => ({ ok: false, problems: [{ row: null, message }] });

export function formatBytes(bytes: number): string {
  if (bytes >= 1024 * 1024) return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
  if (bytes >= 1024) return `${Math.round(bytes / 1024)} KB`;
  return `${bytes} bytes`;
}

/** Checks what can be checked before reading: the size. */
export function checkFileSize(size: number): string | null {
  if (size === 0) return 'The file is empty.';
  if (size > MAX_FILE_BYTES) return `The file is ${formatBytes(size)}; at most ${formatBytes(MAX_FILE_BYTES)} can be imported at once. Split it into smaller files.`;
  return null;
}

/**
 * `anyOf`: groups of columns of which at least one must be present (e.g. sku or inventory_item_id).
 */
export function readCsv(text: string, columns: readonly CsvColumn[], options: { anyOf?: string[][] } = {}): CsvTable {
  if (text.length > MAX_FILE_BYTES) return fileProblem(checkFileSize(text.length)!);
  const body = text.replace(/^\uFEFF/, '');
  if (body.trim() === '') return fileProblem('The file is empty.');
  if (body.includes('\u0000')) return fileProblem('This is not a text file. Save the spreadsheet as CSV (comma-separated values) and choose that file.');

  const parsed = Papa.parse<string[]>(body, { header: false, skipEmptyLines: false, delimitersToGuess: [',', ';', '\t', '|'] });
  // A quote that is never closed swallows the rest of the file: nothing after it can be trusted.
  const quoting = parsed.errors.filter((e, i, all) => e.type === 'Quotes' && all.findIndex((o) => o.type === 'Quotes' && o.row === e.row) === i);
  if (quoting.length > 0) {
    return {
      ok: false,
      problems: quoting.slice(0, 20).map((e) => ({
        row: typeof e.row === 'number' ? e.row + 1 : null,
        message: e.code === 'MissingQuotes' ? 'A quoted value is not closed: a " has no closing ". Quote the whole value and double any " inside it.' : 'Misplaced quote: a value that starts with " must end with " (double any " inside it).',
      })),
    };
  }

  const records = parsed.data;
  const headerIndex = records.findIndex((r) => r.some((cell) => cell.trim() !== ''));
  if (headerIndex < 0) return fileProblem('The file is empty.');
  const header = records[headerIndex].map((h) => h.trim());
  const byName = new Map(columns.map((c) => [normalizeHeader(c.name), c.name]));
  const positions: (string | null)[] = [];
  const seen = new Map<string, number>();
  const ignored: string[] = [];
  const problems: RowProblem[] = [];
  header.forEach((h, i) => {
    const name = byName.get(normalizeHeader(h)) ?? null;
    positions.push(name);
    if (name) {
      if (seen.has(name)) problems.push({ row: headerIndex + 1, column: name, message: `The column ${name} appears twice (columns ${seen.get(name)! + 1} and ${i + 1}); keep one.` });
      else seen.set(name, i);
    } else if (h !== '' && !REPORT_COLUMNS.includes(normalizeHeader(h))) {
      ignored.push(h);
    }
  });
  const missing = columns.filter((c) => c.required && !seen.has(c.name)).map((c) => c.name);
  for (const group of options.anyOf ?? []) if (!group.some((name) => seen.has(name))) missing.push(group.join(' or '));
  if (missing.length > 0) {
    const expected = columns.map((c) => c.name).join(', ');
    const found = header.filter(Boolean).join(', ') || 'none';
    problems.push({ row: headerIndex + 1, message: `Missing column${missing.length > 1 ? 's' : ''}: ${missing.join(', ')}. The first row must name the columns (${expected}); found: ${found}. Start from the template.` });
  }
  if (problems.length > 0) return { ok: false, problems };

  const rows: CsvRow[] = [];
  for (let r = headerIndex + 1; r < records.length; r++) {
    const cells = records[r];
    if (cells.every((cell) => cell.trim() === '')) continue;
    const row = r + 1;
    const extra = cells.slice(header.length).filter((cell) => cell.trim() !== '');
    if (extra.length > 0) {
      problems.push({ row, message: `This row has ${cells.length} values but the header names ${header.length} columns. Check for a stray comma, or quote values that contain one.` });
      continue;
    }
    const values: Record<string, string> = Object.fromEntries(columns.map((c) => [c.name, '']));
    positions.forEach((name, i) => {
      if (name) values[name] = (cells[i] ?? '').trim();
    });
    rows.push({ row, values, cells });
  }
  if (rows.length === 0 && problems.length === 0) return fileProblem('The file has a header row but no data rows.');
  if (rows.length > MAX_DATA_ROWS) {
    return fileProblem(`The file has ${rows.length.toLocaleString('en-US')} rows; at most ${MAX_DATA_ROWS.toLocaleString('en-US')} can be imported at once. Split it into smaller files.`);
  }
  return { ok: true, header, rows, ignoredColumns: ignored, problems, contentHash: sha256Hex(canonicalJson(rows.map((r) => r.values))) };
}

// ---- cell checks shared by the imports (the same rules the API applies, so a file is refused here, not row by row upstream)

const NULL_LIKE = new Set(['null', 'none', 'nil', 'undefined']);

/** Why a text cell is unusable, or null. Empty cells are the caller's business (required or not). */
export function textProblem(value: string, max: number): string | null {
  if (value.length > max) return `At most ${max} characters (this one has ${value.length})`;
  if (NULL_LIKE.has(value.toLowerCase())) return `"${value}" reads as an empty value; leave the cell empty instead`;
  return null;
}

const quoted = (value: string) => `"${value.length > 40 ? `${value.slice(0, 37)}...` : value}"`;

/** A whole number, optionally signed; null for anything else ("1.5", "1,000", "ten"). */
export function parseWholeNumber(value: string): number | null {
  return /^[+-]?\d{1,9}$/.test(value) ? Number(value) : null;
}

/** A non-negative amount such as 19.99; null for anything else ("1,5", "$3", "-2"). */
export function parseAmount(value: string): number | null {
  return /^\d{1,10}(\.\d{1,6})?$/.test(value) ? Number(value) : null;
}

export function quantityProblem(value: string, options: { signed?: boolean } = {}): string | null {
  const n = parseWholeNumber(value);
  const range = 'from 1 to 1,000,000';
  if (n === null) return `Must be a whole number ${options.signed ? `${range}, with - to decrease` : range} (got ${quoted(value)})`;
  if (!options.signed && n < 0) return `Must be ${range}; a negative quantity is not allowed here (got ${quoted(value)})`;
  if (n === 0) return 'Must not be 0';
  if (Math.abs(n) > 1_000_000) return `At most 1,000,000 (got ${quoted(value)})`;
  return null;
}

/** Printable ASCII, no surrounding spaces, at most 255 characters: it travels as an HTTP header. */
export function idempotencyKeyProblem(value: string): string | null {
  if (value.length > 255) return 'At most 255 characters';
  if (!/^[\x21-\x7e](?:[\x20-\x7e]*[\x21-\x7e])?$/.test(value)) return 'Printable ASCII characters only (letters, digits, punctuation)';
  return null;
}

export const describeValue = quoted;

// ---- writing CSV: templates and the error report

/** A CSV text (RFC 4180 quoting, CRLF line ends as spreadsheets expect). */
export function toCsv(header: readonly string[], rows: readonly (readonly string[])[]): string {
  return Papa.unparse({ fields: [...header], data: rows.map((r) => [...r]) }, { newline: '\r\n' });
}

/** A message from Packr or the WMS put in a report cell: never starts a spreadsheet formula. */
export function safeReportText(text: string): string {
  return /^[=+\-@\t\r]/.test(text) ? `'${text}` : text;
}

export function templateCsv(columns: readonly CsvColumn[], examples: readonly (readonly string[])[]): string {
  return toCsv(columns.map((c) => c.name), examples);
}

/** A link target for a download, usable as href (no object URL to revoke). */
export const csvDataUrl = (csv: string) => `data:text/csv;charset=utf-8,${encodeURIComponent(`\uFEFF${csv}`)}`;

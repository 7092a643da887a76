// What the import screen needs of each kind of file, in one shape: the rows to send (each with
// its idempotency key and the spreadsheet rows it came from), how to send a chunk of them, and
// the error report to download afterwards.
import type { Client, CombinedError } from 'urql';
import { errorMessage } from '../../app/ui';
import { ADJUSTMENT_COLUMNS, ADJUSTMENTS_TEMPLATE, parseAdjustmentsCsv, resolveAdjustments, type InventoryIndexItem } from './csv-adjustments';
import { ORDER_COLUMNS, ORDERS_TEMPLATE, parseOrdersCsv } from './csv-orders';
import { safeReportText, toCsv, type CsvColumn, type CsvRow, type RowProblem } from './csv-table';
import { AdjustInventoryImport, CreateOrdersImport, InventoryIndexQuery } from './documents';
import type { ChunkAnswer, RowError, RowOutcome } from './import-runner';

export type ImportKind = 'orders' | 'adjustments';

export type ImportItem = {
  /** Spreadsheet rows it came from (an order spans its lines' rows). */
  rows: number[];
  label: string;
  idempotencyKey: string;
  input: unknown;
};

export type PreparedFile =
  | { ok: true; items: ImportItem[]; rows: CsvRow[]; header: string[]; ignoredColumns: string[] }
  | { ok: false; problems: RowProblem[] };

export type ImportSpec = {
  kind: ImportKind;
  /** "order", "adjustment" */
  noun: string;
  nouns: string;
  columns: CsvColumn[];
  template: string;
  templateName: string;
  /** Notes under the column table. */
  notes: string[];
  prepare(text: string, context: { client: Client; brandId: string; onStep(message: string): void }): Promise<PreparedFile>;
  send(client: Client, brandId: string, inputs: unknown[]): Promise<ChunkAnswer>;
};

/** Whether sending the same rows again is worth it: the answer was lost, or Packr could not answer just now. */
function retryable(error: CombinedError): boolean {
  if (error.networkError) return true;
  const status = error.response?.status as number | undefined;
  if (status !== undefined && status >= 500) return true;
  return error.graphQLErrors.some((e) => ['SERVICE_UNAVAILABLE', 'INTERNAL_SERVER_ERROR'].includes(String(e.extensions?.code)));
}

type BulkResult = { results: { index: number; replayed: boolean; userErrors: RowError[] }[]; userErrors: RowError[] };

function chunkAnswer<T extends BulkResult>(result: { data?: unknown; error?: CombinedError }, payload: T | undefined, recordId: (r: T['results'][number]) => string | null): ChunkAnswer {
  if (result.error) return { ok: false, message: errorMessage(result.error), retryable: retryable(result.error) };
  if (!payload) return { ok: false, message: 'Packr answered without results', retryable: true };
  return {
    ok: true,
    callErrors: payload.userErrors,
    results: payload.results.map((r) => ({ index: r.index, replayed: r.replayed, recordId: recordId(r), errors: r.userErrors })),
  };
}

export const ORDERS_IMPORT: ImportSpec = {
  kind: 'orders',
  noun: 'order',
  nouns: 'orders',
  columns: ORDER_COLUMNS,
  template: ORDERS_TEMPLATE,
  templateName: 'packr-orders-template.csv',
  notes: [
    'One row per order line. Rows with the same order_number make one order; an order with one line is one row. The order columns (address, reference…) are read from its first row; its other rows may repeat them or leave them empty.',
    'Importing the same orders again never creates them twice: each order is sent with a key derived from its content, and orders already created are reported as replayed.',
  ],
  async prepare(text, { brandId }) {
    const file = parseOrdersCsv(text, brandId);
    if (!file.ok) return file;
    return {
      ok: true,
      rows: file.rows,
      header: file.header,
      ignoredColumns: file.ignoredColumns,
      items: file.orders.map((o) => ({
        rows: o.rows,
        label: `${o.orderNumber} (${o.input.lineItems.length} line${o.input.lineItems.length === 1 ? '' : 's'})`,
        idempotencyKey: o.idempotencyKey,
        input: { ...o.input, idempotencyKey: o.idempotencyKey },
      })),
    };
  },
  async send(client, brandId, inputs) {
    const result = await client.mutation(CreateOrdersImport, { brandId, inputs: inputs as never }, { requestPolicy: 'network-only' }).toPromise();
    return chunkAnswer(result, result.data?.createOrders, (r) => (r as { order?: { id: string } | null }).order?.id ?? null);
  },
};

/** Every item of the brand (id and SKU), page by page: an adjustments file names items by SKU. */
async function loadInventoryIndex(client: Client, brandId: string, onStep: (message: string) => void) {
  const items: InventoryIndexItem[] = [];
  let after: string | null = null;
  let warehouses: { id: string; externalId: string; name: string }[] = [];
  for (;;) {
    const result = await client.query(InventoryIndexQuery, { brandId, after }, { requestPolicy: 'network-only' }).toPromise();
    if (result.error || !result.data) throw new Error(`Could not read the brand's items: ${result.error ? errorMessage(result.error) : 'no answer'}`);
    warehouses = result.data.warehouses;
    items.push(...result.data.inventory.edges.map((e) => e.node));
    onStep(`Reading the brand's items… ${items.length.toLocaleString('en-US')}`);
    if (!result.data.inventory.pageInfo.hasNextPage || !result.data.inventory.pageInfo.endCursor) break;
    after = result.data.inventory.pageInfo.endCursor;
  }
  return { items, warehouses };
}

export const ADJUSTMENTS_IMPORT: ImportSpec = {
  kind: 'adjustments',
  noun: 'adjustment',
  nouns: 'adjustments',
  columns: ADJUSTMENT_COLUMNS,
  template: ADJUSTMENTS_TEMPLATE,
  templateName: 'packr-stock-adjustments-template.csv',
  notes: [
    'One adjustment per row. Name the item by sku (or inventory_item_id) and the warehouse by its WMS id or name. A quantity of -3 removes three units; with adjustment_type, give a positive quantity.',
    'Importing the same file again never adjusts twice: each row is sent with a key derived from the file and its row, and rows already done are reported as replayed. To retry failed rows, download the error report, fix it and import it: it keeps each row’s key.',
  ],
  async prepare(text, { client, brandId, onStep }) {
    const file = parseAdjustmentsCsv(text);
    if (!file.ok) return file;
    const { items, warehouses } = await loadInventoryIndex(client, brandId, onStep);
    const { resolved, problems } = resolveAdjustments(file.adjustments, items, warehouses);
    if (problems.length > 0) return { ok: false, problems };
    return {
      ok: true,
      rows: file.rows,
      header: file.header,
      ignoredColumns: file.ignoredColumns,
      items: resolved.map((r) => ({ rows: [r.row], label: r.label, idempotencyKey: r.input.idempotencyKey!, input: r.input })),
    };
  },
  async send(client, _brandId, inputs) {
    const result = await client.mutation(AdjustInventoryImport, { inputs: inputs as never }, { requestPolicy: 'network-only' }).toPromise();
    return chunkAnswer(result, result.data?.adjustInventoryBatch, (r) => (r as { inventoryItem?: { id: string } | null }).inventoryItem?.id ?? null);
  },
};

export const outcomeMessage = (o: RowOutcome): string => (o.status === 'failed' ? o.errors.map((e) => e.message).join('; ') : '');

/**
 * The rows that did not go through, as a CSV to fix and import again: the file's own columns (its
 * cells as written), each row's idempotency key (so a row whose outcome is unknown still acts at
 * most once when re-imported), what happened and why.
 */
export function errorReport(file: { header: string[]; rows: CsvRow[] }, items: readonly ImportItem[], outcomes: readonly RowOutcome[]): { csv: string; rows: number } {
  const keyColumn = file.header.findIndex((h) => h.trim().toLowerCase().replace(/[^a-z0-9]/g, '') === 'idempotencykey');
  const header = [...file.header.filter((h) => !['error', 'result'].includes(h.trim().toLowerCase())), ...(keyColumn < 0 ? ['idempotency_key'] : []), 'result', 'error'];
  const dropped = new Set(file.header.flatMap((h, i) => (['error', 'result'].includes(h.trim().toLowerCase()) ? [i] : [])));
  const byRow = new Map(file.rows.map((r) => [r.row, r]));
  const out: string[][] = [];
  items.forEach((item, i) => {
    const o = outcomes[i];
    if (o.status === 'succeeded' || o.status === 'replayed') return;
    const result = o.status === 'failed' ? (o.errors.some((e) => e.code === 'UNAVAILABLE') ? 'unknown' : 'failed') : 'not sent';
    for (const row of item.rows) {
      const cells = [...(byRow.get(row)?.cells ?? [])];
      while (cells.length < file.header.length) cells.push('');
      if (keyColumn >= 0) cells[keyColumn] = item.idempotencyKey;
      const kept = cells.slice(0, file.header.length).filter((_, c) => !dropped.has(c));
      out.push([...kept, ...(keyColumn < 0 ? [item.idempotencyKey] : []), result, safeReportText(outcomeMessage(o) || 'Not sent yet')]);
    }
  });
  return { csv: toCsv(header, out), rows: out.length };
}

/** The problems found before sending, as a CSV (row, column, problem). */
export function problemsReport(problems: readonly RowProblem[]): string {
  return toCsv(['row', 'column', 'problem'], problems.map((p) => [p.row === null ? '' : String(p.row), p.column ?? '', safeReportText(p.message)]));
}

// Bulk WMS writes: up to 500 orders or stock adjustments per call, one result per row, in input
// order. Each row goes through the same path as a single write (wms-writes.ts), so a row is
// validated, logged and applied on its own and never fails its neighbours. Rows run a few at a
// time; the pace is set by the write budget of the shared limiter (trackstar/rate-limiter.ts), so
// a batch runs at the write limit and never above it.
//
// Resuming: send the same rows with the same idempotency keys again. Rows whose write already
// succeeded are answered from the write log (replayed) without another request; the others are
// sent now, under their keys, so a row the earlier call left in doubt still acts at most once.
import type { Viewer } from '../auth/viewer.js';
import { ServiceError } from './errors.js';
import { rawIdempotencyKey } from './write-inputs.js';
import { adjustInventory, createOrder, newIdempotencyKey, WriteSession, type WmsWriteError, type WriteResult } from './wms-writes.js';

export const MAX_BATCH_ROWS = 500;

/**
 * Rows in flight at once. A batch runs at min(write budget, rows in flight / time per row), and a
 * row's own work (its queries, the round trip, the transaction applying the answer) takes a few
 * hundred milliseconds on a busy machine: 12 rows in flight left a 45/s budget at 40/s there.
 * Rows waiting for their turn in the budget hold no database connection.
 */
const ROWS_IN_FLIGHT = 32;

export type BatchRowResult = WriteResult & { index: number };
export type BatchResult = { results: BatchRowResult[]; errors: WmsWriteError[] };

async function inPool<T>(count: number, limit: number, work: (index: number) => Promise<T>): Promise<T[]> {
  const out = new Array<T>(count);
  let next = 0;
  const worker = async () => {
    while (next < count) {
      const index = next++;
      out[index] = await work(index);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, count) }, worker));
  return out;
}

function batchProblem(inputs: unknown): WmsWriteError | null {
  if (!Array.isArray(inputs)) return { field: ['inputs'], message: 'inputs must be a list', code: 'INVALID' };
  if (inputs.length === 0) return { field: ['inputs'], message: 'Give at least one row', code: 'INVALID' };
  if (inputs.length > MAX_BATCH_ROWS) return { field: ['inputs'], message: `At most ${MAX_BATCH_ROWS} rows per call; split the rest into further calls`, code: 'INVALID' };
  return null;
}

/** Rows after the first that repeat a key: two different rows under one key would act once between them. */
function repeatedKeys(inputs: unknown[]): Map<number, number> {
  const first = new Map<string, number>();
  const repeats = new Map<number, number>();
  inputs.forEach((input, index) => {
    const key = rawIdempotencyKey(input);
    if (key === undefined) return;
    const seen = first.get(key);
    if (seen === undefined) first.set(key, index);
    else repeats.set(index, seen);
  });
  return repeats;
}

type RowWrite = (input: unknown, session: WriteSession) => Promise<WriteResult>;

/** `targetField`: the input field naming the record each row acts on, when rows name their own. */
async function runBatch(inputs: unknown, write: RowWrite, session: WriteSession, targetField: string[] | null): Promise<BatchResult> {
  const problem = batchProblem(inputs);
  if (problem) return { results: [], errors: [problem] };
  const rows = inputs as unknown[];
  const repeats = repeatedKeys(rows);
  const results = await inPool(rows.length, ROWS_IN_FLIGHT, async (index): Promise<BatchRowResult> => {
    const key = rawIdempotencyKey(rows[index]);
    const firstUse = repeats.get(index);
    if (firstUse !== undefined) {
      const message = `Row ${firstUse} uses the same idempotency key; give each row its own key`;
      return { index, idempotencyKey: key!, replayed: false, recordId: null, errors: [{ field: ['idempotencyKey'], message, code: 'IDEMPOTENCY_KEY_REUSED' }] };
    }
    try {
      return { index, ...(await write(rows[index], session)) };
    } catch (error) {
      // The row's target is unknown or not the caller's: that row is refused, the batch goes on.
      if (!(error instanceof ServiceError) || (error.code !== 'NOT_FOUND' && error.code !== 'BAD_USER_INPUT')) throw error;
      const code = error.code === 'NOT_FOUND' ? 'NOT_FOUND' : 'INVALID';
      return { index, idempotencyKey: key ?? newIdempotencyKey(), replayed: false, recordId: null, errors: [{ field: targetField, message: error.message, code }] };
    }
  });
  return { results, errors: [] };
}

/** `brandId`: a brand the caller may read. */
export function createOrders(viewer: Viewer, brandId: string, inputs: unknown): Promise<BatchResult> {
  return runBatch(inputs, (input, session) => createOrder(viewer, brandId, input, { session }), new WriteSession(viewer), null);
}

/**
 * Rows may adjust items of several brands; each row's item names its brand and connection.
 * `brandId`: only items of this brand (others are NOT_FOUND), for the REST route under a brand.
 */
export function adjustInventoryBatch(viewer: Viewer, inputs: unknown, brandId?: string): Promise<BatchResult> {
  return runBatch(inputs, (input, session) => adjustInventory(viewer, input, { session, brandId }), new WriteSession(viewer), ['inventoryItemId']);
}

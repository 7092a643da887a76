// Sends an import's rows to a bulk mutation in chunks and keeps one outcome per row. Every row
// carries its idempotency key, so a chunk whose answer was lost (a dropped connection, a 502) is
// simply sent again: rows already written come back "replayed", the rest are written once.

export type RowError = { field?: readonly string[] | null; message: string; code: string };

export type RowOutcome =
  | { status: 'pending' }
  | { status: 'sending' }
  | { status: 'succeeded' | 'replayed'; recordId: string | null }
  | { status: 'failed'; errors: RowError[] };

/** What one bulk call answered, per row in the order sent. */
export type ChunkAnswer =
  | { ok: true; results: { index: number; replayed: boolean; recordId: string | null; errors: RowError[] }[]; callErrors: RowError[] }
  | { ok: false; message: string; retryable: boolean };

export type SendChunk<Input> = (inputs: Input[]) => Promise<ChunkAnswer>;

/** Rows per call. The API takes 500, but smaller calls let the progress bar move every few seconds. */
export const CHUNK_ROWS = 100;
/** Calls in flight: one starts while another's last rows finish, so the write budget stays in use. */
export const CHUNKS_IN_FLIGHT = 2;
/** Waits before re-sending a chunk whose answer was lost; then the import stops and can be resumed. */
export const RETRY_DELAYS_MS = [1_000, 3_000, 8_000];

export type RunOptions<Input> = {
  inputs: readonly Input[];
  /** Which rows to send (indexes into inputs), e.g. those not yet done when resuming. */
  indexes: readonly number[];
  send: SendChunk<Input>;
  onOutcomes: (updates: Map<number, RowOutcome>) => void;
  signal?: AbortSignal;
  chunkRows?: number;
  inFlight?: number;
  retryDelaysMs?: readonly number[];
  sleep?: (ms: number) => Promise<void>;
};

/** Why the run ended early, or null when every chosen row got an answer. */
export type RunEnd = { stopped: null } | { stopped: 'aborted' } | { stopped: 'failed'; message: string };

const wait = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export async function runImport<Input>(options: RunOptions<Input>): Promise<RunEnd> {
  const { inputs, indexes, send, onOutcomes, signal } = options;
  const size = options.chunkRows ?? CHUNK_ROWS;
  const delays = options.retryDelaysMs ?? RETRY_DELAYS_MS;
  const sleep = options.sleep ?? wait;
  const chunks: number[][] = [];
  for (let i = 0; i < indexes.length; i += size) chunks.push(indexes.slice(i, i + size));

  let next = 0;
  let failure: string | null = null;

  async function sendChunk(chunk: number[]): Promise<void> {
    onOutcomes(new Map(chunk.map((i) => [i, { status: 'sending' }])));
    for (let attempt = 0; ; attempt++) {
      const answer = await send(chunk.map((i) => inputs[i])).catch((error: unknown): ChunkAnswer => ({ ok: false, retryable: true, message: (error as Error)?.message ?? String(error) }));
      if (answer.ok && answer.callErrors.length > 0 && answer.results.length === 0) {
        // The call as a whole was refused (too many rows, none): every row gets the reason.
        onOutcomes(new Map(chunk.map((i) => [i, { status: 'failed', errors: answer.callErrors }])));
        return;
      }
      if (answer.ok) {
        const updates = new Map<number, RowOutcome>();
        for (const r of answer.results) {
          const row = chunk[r.index];
          if (row === undefined) continue;
          updates.set(row, r.errors.length > 0 ? { status: 'failed', errors: r.errors } : { status: r.replayed ? 'replayed' : 'succeeded', recordId: r.recordId });
        }
        // A row the answer skipped is not known to be done: it stays to be sent again.
        for (const row of chunk) if (!updates.has(row)) updates.set(row, { status: 'pending' });
        onOutcomes(updates);
        return;
      }
      if (!answer.retryable || attempt >= delays.length || signal?.aborted) {
        onOutcomes(new Map(chunk.map((i) => [i, { status: 'pending' }])));
        failure ??= answer.message;
        return;
      }
      await sleep(delays[attempt]);
    }
  }

  async function worker(): Promise<void> {
    while (next < chunks.length && !signal?.aborted && failure === null) await sendChunk(chunks[next++]);
  }
  await Promise.all(Array.from({ length: Math.min(options.inFlight ?? CHUNKS_IN_FLIGHT, chunks.length) }, worker));
  if (failure !== null) return { stopped: 'failed', message: failure };
  if (signal?.aborted && next < chunks.length) return { stopped: 'aborted' };
  return { stopped: null };
}

/** Counts of a run's outcomes, for the summary and the progress bar. */
export function tally(outcomes: readonly RowOutcome[]) {
  const counts = { total: outcomes.length, pending: 0, sending: 0, succeeded: 0, replayed: 0, failed: 0, done: 0 };
  for (const o of outcomes) counts[o.status]++;
  counts.done = counts.succeeded + counts.replayed + counts.failed;
  return counts;
}

/** Rows worth sending again as they are: never sent, or Trackstar did not complete them (safe under the same key). */
export function resendable(outcomes: readonly RowOutcome[]): number[] {
  return outcomes.flatMap((o, i) => (o.status === 'pending' || (o.status === 'failed' && o.errors.some((e) => e.code === 'UNAVAILABLE')) ? [i] : []));
}

// The import runner against a small in-memory "WMS" that honours idempotency keys the way Packr
// does: it shows chunking, retries after lost answers without double effects, stopping and resuming.
import { describe, expect, it } from 'vitest';
import { errorReport, type ImportItem } from './import-items';
import { resendable, runImport, tally, type ChunkAnswer, type RowOutcome } from './import-runner';

type Row = { key: string; bad?: boolean };

/** Writes each key once; a second send of a key is a replay. `lose` answers are dropped after the write (like a 502). */
function fakeWms(options: { lose?: number; refuse?: boolean } = {}) {
  const written = new Set<string>();
  let lose = options.lose ?? 0;
  const calls: number[] = [];
  const send = async (inputs: Row[]): Promise<ChunkAnswer> => {
    calls.push(inputs.length);
    if (options.refuse) return { ok: false, retryable: false, message: 'FORBIDDEN' };
    const results = inputs.map((row, index) => {
      if (row.bad) return { index, replayed: false, recordId: null, errors: [{ field: ['quantity'], message: 'Must be at least 1', code: 'INVALID' }] };
      const replayed = written.has(row.key);
      written.add(row.key);
      return { index, replayed, recordId: `rec-${row.key}`, errors: [] };
    });
    if (lose > 0) {
      lose--;
      return { ok: false, retryable: true, message: 'Could not reach Packr' };
    }
    return { ok: true, results, callErrors: [] };
  };
  return { send, written, calls };
}

const rows = (n: number, bad: number[] = []): Row[] => Array.from({ length: n }, (_, i) => ({ key: `k${i}`, bad: bad.includes(i) }));
const noSleep = async () => {};

async function run(inputs: Row[], send: (i: Row[]) => Promise<ChunkAnswer>, indexes = inputs.map((_, i) => i), signal?: AbortSignal, start?: RowOutcome[]) {
  let outcomes: RowOutcome[] = start ?? inputs.map(() => ({ status: 'pending' }));
  const end = await runImport({ inputs, indexes, send, signal, chunkRows: 10, inFlight: 2, sleep: noSleep, onOutcomes: (u) => (outcomes = outcomes.map((o, i) => u.get(i) ?? o)) });
  return { end, outcomes };
}

describe('runImport', () => {
  it('sends rows in chunks and records one outcome per row', async () => {
    const wms = fakeWms();
    const { end, outcomes } = await run(rows(25, [7]), wms.send);
    expect(end).toEqual({ stopped: null });
    expect(wms.calls.sort()).toEqual([10, 10, 5]);
    expect(tally(outcomes)).toMatchObject({ total: 25, succeeded: 24, failed: 1, done: 25, pending: 0 });
    expect(outcomes[7]).toEqual({ status: 'failed', errors: [{ field: ['quantity'], message: 'Must be at least 1', code: 'INVALID' }] });
    expect(outcomes[0]).toEqual({ status: 'succeeded', recordId: 'rec-k0' });
  });

  it('re-sends a chunk whose answer was lost under the same keys: written once, reported replayed', async () => {
    const wms = fakeWms({ lose: 1 });
    const { end, outcomes } = await run(rows(10), wms.send);
    expect(end).toEqual({ stopped: null });
    expect(wms.calls).toEqual([10, 10]);
    expect(wms.written.size).toBe(10);
    expect(tally(outcomes)).toMatchObject({ replayed: 10, succeeded: 0 });
  });

  it('stops after the retries, leaves the rest to resume, and a resume finishes without doing anything twice', async () => {
    const wms = fakeWms({ lose: 8 });
    const first = await run(rows(30), wms.send);
    expect(first.end).toEqual({ stopped: 'failed', message: 'Could not reach Packr' });
    expect(tally(first.outcomes).done).toBeLessThan(30);
    const again = resendable(first.outcomes);
    expect(again.length).toBe(tally(first.outcomes).pending);
    const second = await run(rows(30), wms.send, again, undefined, first.outcomes);
    expect(second.end).toEqual({ stopped: null });
    expect(tally(second.outcomes)).toMatchObject({ done: 30, pending: 0 });
    expect(wms.written.size).toBe(30);
  });

  it('does not retry a refusal of the whole request, and stops when aborted', async () => {
    const refused = fakeWms({ refuse: true });
    const { end } = await run(rows(30), refused.send);
    expect(end).toEqual({ stopped: 'failed', message: 'FORBIDDEN' });
    expect(refused.calls.length).toBeLessThanOrEqual(2);

    const controller = new AbortController();
    const wms = fakeWms();
    const slowSend = async (inputs: Row[]) => {
      controller.abort();
      return wms.send(inputs);
    };
    const stopped = await run(rows(50), slowSend, undefined, controller.signal);
    expect(stopped.end).toEqual({ stopped: 'aborted' });
    expect(tally(stopped.outcomes)).toMatchObject({ done: 10, pending: 40 });
  });

  it('offers rows Trackstar did not complete for another try, not rows it refused', () => {
    const outcomes: RowOutcome[] = [
      { status: 'succeeded', recordId: 'a' },
      { status: 'failed', errors: [{ message: 'no answer', code: 'UNAVAILABLE' }] },
      { status: 'failed', errors: [{ message: 'bad', code: 'REJECTED' }] },
      { status: 'pending' },
    ];
    expect(resendable(outcomes)).toEqual([1, 3]);
  });
});

describe('errorReport', () => {
  it("lists the rows that did not go through with the file's cells, each row's key, the result and why", () => {
    const file = {
      header: ['order_number', 'sku', 'quantity'],
      rows: [
        { row: 2, values: {}, cells: ['SO-1', 'A', '1'] },
        { row: 3, values: {}, cells: ['SO-1', 'B', '2'] },
        { row: 4, values: {}, cells: ['SO-2', 'C', '1'] },
        { row: 5, values: {}, cells: ['SO-3', 'D', '1'] },
      ],
    };
    const items: ImportItem[] = [
      { rows: [2, 3], label: 'SO-1', idempotencyKey: 'k1', input: {} },
      { rows: [4], label: 'SO-2', idempotencyKey: 'k2', input: {} },
      { rows: [5], label: 'SO-3', idempotencyKey: 'k3', input: {} },
    ];
    const outcomes: RowOutcome[] = [
      { status: 'failed', errors: [{ message: '=The WMS (sandbox) refused the write: Unknown product', code: 'REJECTED' }] },
      { status: 'succeeded', recordId: 'x' },
      { status: 'pending' },
    ];
    const report = errorReport(file, items, outcomes);
    expect(report.rows).toBe(3);
    expect(report.csv.split('\r\n')).toEqual([
      'order_number,sku,quantity,idempotency_key,result,error',
      `SO-1,A,1,k1,failed,'=The WMS (sandbox) refused the write: Unknown product`,
      `SO-1,B,2,k1,failed,'=The WMS (sandbox) refused the write: Unknown product`,
      'SO-3,D,1,k3,not sent,Not sent yet',
    ]);
  });
});

import { describe, expect, it } from 'vitest';
import { batchRecorder } from './success-batch.js';

describe('batchRecorder', () => {
  it('records what arrives within the wait in one call, and a full batch at once', async () => {
    const calls: number[][] = [];
    const recorder = batchRecorder<number>(async (items) => {
      calls.push(items);
    }, { maxBatch: 3, maxWaitMs: 20 });
    await Promise.all([recorder.add(1), recorder.add(2)]);
    expect(calls).toEqual([[1, 2]]);
    await Promise.all([recorder.add(3), recorder.add(4), recorder.add(5), recorder.add(6)]);
    expect(calls).toEqual([[1, 2], [3, 4, 5], [6]]);
  });

  it('fails every item of a batch whose recording failed, and keeps working afterwards', async () => {
    let fail = true;
    const recorder = batchRecorder<string>(async () => {
      if (fail) throw new Error('database down');
    }, { maxBatch: 10, maxWaitMs: 5 });
    const results = await Promise.allSettled([recorder.add('a'), recorder.add('b')]);
    expect(results.map((r) => r.status)).toEqual(['rejected', 'rejected']);
    fail = false;
    await expect(recorder.add('c')).resolves.toBeUndefined();
  });
});

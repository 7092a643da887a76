import { describe, expect, it } from 'vitest';
import { PushIterator, QueueOverflowError } from './push-iterator.js';

describe('PushIterator', () => {
  it('hands pushed values to a waiting consumer in order', async () => {
    let closed = 0;
    const it = new PushIterator<number>(10, () => closed++);
    const first = it.next();
    it.push(1);
    it.push(2);
    expect(await first).toEqual({ value: 1, done: false });
    expect(await it.next()).toEqual({ value: 2, done: false });
    expect(closed).toBe(0);
  });

  it('return() ends a pending next() at once and runs the cleanup once', async () => {
    let closed = 0;
    const it = new PushIterator<number>(10, () => closed++);
    const pending = it.next();
    await it.return();
    await it.return();
    expect(await pending).toEqual({ value: undefined, done: true });
    expect(closed).toBe(1);
    it.push(5);
    expect(await it.next()).toEqual({ value: undefined, done: true });
  });

  it('fails with QueueOverflowError instead of growing past its limit', async () => {
    let closed = 0;
    const it = new PushIterator<number>(3, () => closed++);
    for (let i = 0; i < 4; i++) it.push(i);
    await expect(it.next()).rejects.toBeInstanceOf(QueueOverflowError);
    expect(closed).toBe(1);
    expect(it.size).toBe(0);
  });

  it('waitBelow resolves once the consumer catches up', async () => {
    const it = new PushIterator<number>(100, () => {});
    for (let i = 0; i < 5; i++) it.push(i);
    let released = false;
    const wait = it.waitBelow(3).then(() => (released = true));
    await it.next();
    await it.next();
    await Promise.resolve();
    expect(released).toBe(false);
    await it.next();
    await wait;
    expect(released).toBe(true);
  });
});

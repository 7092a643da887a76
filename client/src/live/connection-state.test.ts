import { describe, expect, it, vi } from 'vitest';
import { createLiveStatusStore } from './connection-state';

describe('live connection status', () => {
  it('reads "connecting" before the first connection and "reconnecting" after a drop', () => {
    const store = createLiveStatusStore();
    expect(store.get()).toBe('connecting');
    store.closed();
    expect(store.get()).toBe('connecting');
    store.connected();
    expect(store.get()).toBe('connected');
    store.closed();
    expect(store.get()).toBe('reconnecting');
    store.connecting();
    expect(store.get()).toBe('reconnecting');
    store.connected();
    expect(store.get()).toBe('connected');
  });

  it('notifies subscribers only on real changes, and stops after unsubscribe', () => {
    const store = createLiveStatusStore();
    const listener = vi.fn();
    const unsubscribe = store.subscribe(listener);
    store.connected();
    store.connected();
    expect(listener).toHaveBeenCalledTimes(1);
    unsubscribe();
    store.offline();
    expect(listener).toHaveBeenCalledTimes(1);
    expect(store.get()).toBe('offline');
  });
});

// Outbound webhooks in the worker: the dispatcher (outbound/dispatcher.ts, its own pg pool and
// LISTEN connection, nothing in Redis) and the hourly retention prune.
import { startDispatcher, type DispatcherOptions } from '../outbound/dispatcher.js';
import { pruneOutbound } from '../outbound/retention.js';
import { runEvery } from './periodic.js';

export type OutboundWorkerOptions = DispatcherOptions;

export function startOutboundWorker(options: OutboundWorkerOptions = {}): { close(): Promise<void> } {
  const dispatcher = startDispatcher(options);
  const pruner = runEvery('outbound prune', 60 * 60_000, () => pruneOutbound());
  void pruner.runNow();
  return {
    async close() {
      await pruner.stop();
      await dispatcher.stop();
    },
  };
}

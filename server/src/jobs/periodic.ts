// Chained setTimeout rather than setInterval: a slow run (database under load) never overlaps the
// next one, and stop() waits for the run in flight.
import { logger } from '../lib/logger.js';

export type Periodic = { stop(): Promise<void>; runNow(): Promise<void> };

export function runEvery(name: string, everyMs: number, task: () => Promise<unknown>): Periodic {
  let timer: NodeJS.Timeout | null = null;
  let running: Promise<void> | null = null;
  let stopped = false;

  const run = (): Promise<void> => {
    running ??= (async () => {
      try {
        await task();
      } catch (error) {
        logger.warn(`${name} failed; retrying on the next tick`, { error });
      } finally {
        running = null;
      }
    })();
    return running;
  };
  const schedule = () => {
    if (stopped) return;
    timer = setTimeout(() => void run().then(schedule), everyMs);
    timer.unref();
  };
  schedule();

  return {
    runNow: run,
    async stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      await running;
    },
  };
}

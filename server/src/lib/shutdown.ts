// One idempotent close per process, wired to SIGINT/SIGTERM, with a deadline so a stuck
// dependency can never keep the process alive forever.
import { logger } from './logger.js';

export function onShutdown(name: string, close: () => Promise<void>, deadlineMs = 10_000): void {
  let closing = false;
  const run = async (signal: string) => {
    if (closing) return;
    closing = true;
    logger.info(`${name} shutting down`, { signal });
    const timer = setTimeout(() => {
      logger.error(`${name} shutdown timed out`);
      process.exit(1);
    }, deadlineMs);
    timer.unref();
    try {
      await close();
      process.exit(0);
    } catch (error) {
      logger.error(`${name} shutdown failed`, { error });
      process.exit(1);
    }
  };
  process.on('SIGINT', () => void run('SIGINT'));
  process.on('SIGTERM', () => void run('SIGTERM'));
  process.on('unhandledRejection', (reason) => logger.error('unhandled rejection', { error: reason }));
  process.on('uncaughtException', (error) => logger.error('uncaught exception', { error }));
}

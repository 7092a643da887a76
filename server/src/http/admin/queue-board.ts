// The BullMQ board (@bull-board) at /admin/queues, served from an Express app on the raw Node
// request once admin-route.ts has let the caller in. It opens its own Redis connection and queues
// on the first request, so API processes nobody opens the board on never connect for it.
//
// What an operator may do there: inspect every queue and job, retry, promote, remove and clean
// jobs, pause and resume queues. Refused (403): adding jobs and editing job data (payloads have a
// shape the workers rely on: jobs/queues.ts), emptying or obliterating a queue, and changing
// concurrency, rate limits or job schedulers (the schedulers are rebuilt from PostgreSQL by the
// reconciler, so an edit would not last anyway).
import type { IncomingMessage, ServerResponse } from 'node:http';
import { createBullBoard } from '@bull-board/api';
import { BullMQAdapter } from '@bull-board/api/bullMQAdapter';
import { ExpressAdapter } from '@bull-board/express';
import { Queue } from 'bullmq';
import express from 'express';
import type { Redis } from 'ioredis';
import { QUEUE_NAMES } from '../../jobs/queue-names.js';
import { logger } from '../../lib/logger.js';
import { createRedis } from '../../redis.js';
import { sendJson } from '../node-route.js';

export const BOARD_PATH = '/admin/queues';

/** "<method> <route>" of bull-board API routes the board refuses (see the header comment). */
const REFUSED_ACTIONS = new Set([
  'post /api/queues/:queueName/add',
  'patch /api/queues/:queueName/:jobId/update-data',
  'put /api/queues/:queueName/empty',
  'put /api/queues/:queueName/obliterate',
  'put /api/queues/:queueName/concurrency',
  'put /api/queues/:queueName/rate-limit',
  'put /api/queues/:queueName/rate-limit/release',
  'put /api/queues/:queueName/job-schedulers/:schedulerId/remove',
  'patch /api/queues/:queueName/job-schedulers/:schedulerId',
  'put /api/queues/:queueName/job-schedulers/:schedulerId/run',
  'post /api/metrics/history/purge',
]);

export const isRefusedBoardAction = (method: string, route: string) => REFUSED_ACTIONS.has(`${method.toLowerCase()} ${route}`);

const SECRET_KEY = /token|secret|password|authorization|api[-_]?key|cookie/i;

/**
 * Job payloads carry ids only (jobs/queues.ts), so nothing is hidden today; this keeps it that way
 * on the board should a payload ever grow a credential-like field.
 */
export function redactSecrets(value: unknown, depth = 0): unknown {
  if (depth > 8 || value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) return value.map((v) => redactSecrets(v, depth + 1));
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, SECRET_KEY.test(k) ? '[redacted]' : redactSecrets(v, depth + 1)]));
}

/**
 * The board's pages may load code, styles, images and data from Packr's origin only. Its
 * template links a Google Fonts stylesheet; that is refused, so the board renders in system
 * fonts and opening it sends nothing off the machine.
 */
export const BOARD_CSP = [
  "default-src 'none'",
  "script-src 'self'",
  // The board's React UI sets style attributes at run time.
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "font-src 'self' data:",
  "connect-src 'self'",
  // The template sets <base href="/admin/queues/">.
  "base-uri 'self'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

export type QueueBoard = {
  handle(req: IncomingMessage, res: ServerResponse): void;
  close(): Promise<void>;
};

export function createQueueBoard(): QueueBoard {
  let connection: Redis | null = null;
  let queues: Queue[] = [];
  let app: express.Express | null = null;

  const build = (): express.Express => {
    // Offline queue on with a short timeout: a board request during a reconnect waits briefly,
    // then fails with the board's own error message instead of hanging.
    connection = createRedis('cache', { enableOfflineQueue: true, commandTimeout: 5_000 });
    queues = QUEUE_NAMES.map((name) => {
      const queue = new Queue(name, { connection: connection! });
      queue.on('error', () => {});
      return queue;
    });
    const adapters = queues.map((queue) => {
      const adapter = new BullMQAdapter(queue, { allowRetries: true });
      adapter.setFormatter('data', (data) => redactSecrets(data));
      adapter.setFormatter('returnValue', (value) => redactSecrets(value));
      return adapter;
    });
    const serverAdapter = new ExpressAdapter();
    serverAdapter.setBasePath(BOARD_PATH);
    createBullBoard({
      queues: adapters,
      serverAdapter,
      options: {
        uiConfig: {
          boardTitle: 'Packr queues',
          hideDocsLink: true,
          miscLinks: [
            { text: 'Packr dashboard', url: '/' },
            { text: 'Sign out', url: '/admin/sign-out' },
          ],
        },
        handlerHooks: {
          before: ({ method, route }) =>
            isRefusedBoardAction(method, route)
              ? { allow: false, status: 403, message: 'Packr does not allow this action from the board (see README: Queue board)' }
              : { allow: true },
        },
      },
    });
    const board = serverAdapter.getRouter() as express.Express;
    board.disable('x-powered-by');
    const outer = express();
    outer.disable('x-powered-by');
    outer.use(BOARD_PATH, board);
    outer.use((_req: express.Request, res: express.Response) => sendJson(res, 404, { error: { code: 'NOT_FOUND', message: 'not found' } }));
    // Express's own error page would show a stack trace outside production.
    outer.use((error: Error, _req: express.Request, res: express.Response, _next: express.NextFunction) => {
      logger.error('queue board request failed', { error });
      if (!res.headersSent) sendJson(res, 500, { error: { code: 'INTERNAL', message: 'the queue board could not answer' } });
    });
    return outer;
  };

  return {
    handle(req, res) {
      app ??= build();
      app(req as express.Request, res as express.Response);
    },
    async close() {
      await Promise.all(queues.map((q) => q.close().catch(() => {})));
      connection?.disconnect();
      queues = [];
      connection = null;
      app = null;
    },
  };
}

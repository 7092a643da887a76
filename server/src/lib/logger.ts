// Logs through pino: one JSON object per line when the output is a file or a pipe (for log
// shippers), one readable line on a terminal (pino-pretty, synchronous so lines never interleave
// mid-line with other output). LOG_FORMAT forces either. Secrets are redacted by key name before
// anything is written, so a token passed in by mistake never reaches the log.
import { pino, type Logger as PinoLogger } from 'pino';
import pretty from 'pino-pretty';
import { env } from '../env.js';

type Level = 'debug' | 'info' | 'warn' | 'error';

const SECRET_KEY = /token|secret|password|authorization|api[-_]?key|cookie/i;

export function redact(value: unknown, depth = 0): unknown {
  if (depth > 5 || value === null || typeof value !== 'object') return value;
  if (value instanceof Error) return { name: value.name, message: value.message };
  if (Array.isArray(value)) return value.map((v) => redact(v, depth + 1));
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) out[k] = SECRET_KEY.test(k) ? '[redacted]' : redact(v, depth + 1);
  return out;
}

export type Logger = Record<Level, (msg: string, fields?: Record<string, unknown>) => void> & {
  child(fields: Record<string, unknown>): Logger;
};

function usePretty(): boolean {
  return env.LOG_FORMAT === 'pretty' || (env.LOG_FORMAT === 'auto' && process.stdout.isTTY === true);
}

function createRoot(): PinoLogger {
  const options = {
    level: env.LOG_LEVEL,
    base: { pid: process.pid },
    timestamp: pino.stdTimeFunctions.isoTime,
    formatters: { level: (label: string) => ({ level: label }) },
  };
  if (!usePretty()) return pino(options);
  return pino(options, pretty({ sync: true, colorize: true, singleLine: true, errorLikeObjectKeys: [], translateTime: 'SYS:HH:MM:ss.l', ignore: 'pid,hostname' }));
}

function wrap(target: PinoLogger): Logger {
  const write = (level: Level) => (msg: string, fields?: Record<string, unknown>) => {
    if (!target.isLevelEnabled(level)) return;
    if (fields) target[level](redact(fields) as object, msg);
    else target[level](msg);
  };
  return {
    debug: write('debug'),
    info: write('info'),
    warn: write('warn'),
    error: write('error'),
    child: (fields) => wrap(target.child(redact(fields) as Record<string, unknown>)),
  };
}

export function createLogger(base: Record<string, unknown> = {}): Logger {
  return wrap(Object.keys(base).length ? root.child(redact(base) as Record<string, unknown>) : root);
}

const root = createRoot();
export const logger = createLogger();

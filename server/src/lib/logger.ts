// Structured one-line JSON logs. Secrets are redacted by key name before anything is written,
// so a token passed in by mistake never reaches the log.
import { env } from '../env.js';

const order = { debug: 10, info: 20, warn: 30, error: 40, silent: 100 } as const;
type Level = Exclude<keyof typeof order, 'silent'>;

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

export function createLogger(base: Record<string, unknown> = {}): Logger {
  const threshold = order[env.LOG_LEVEL];
  const write = (level: Level) => (msg: string, fields?: Record<string, unknown>) => {
    if (order[level] < threshold) return;
    const line = JSON.stringify({ t: new Date().toISOString(), level, msg, ...(redact({ ...base, ...fields }) as object) });
    (level === 'error' || level === 'warn' ? process.stderr : process.stdout).write(line + '\n');
  };
  return {
    debug: write('debug'),
    info: write('info'),
    warn: write('warn'),
    error: write('error'),
    child: (fields) => createLogger({ ...base, ...fields }),
  };
}

export const logger = createLogger();

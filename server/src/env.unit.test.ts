import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ZodError } from 'zod';
import { configSource, formatEnvError, isTrackstarSandbox, parseEnv } from './env.js';

function errorLine(source: Record<string, string>): string {
  try {
    parseEnv(source);
  } catch (error) {
    return formatEnvError(error as ZodError);
  }
  return 'no error';
}

describe('environment', () => {
  it('has working defaults', () => {
    const env = parseEnv({});
    expect(env.PORT).toBe(4000);
    expect(env.DATABASE_URL).toBe('postgresql://postgres@127.0.0.1:5432/packr');
    expect(env.REDIS_URL).toBe('redis://127.0.0.1:6379');
  });

  it.each([
    [{ PORT: 'eighty' }, 'PORT'],
    [{ PORT: '70000' }, 'PORT'],
    [{ DATABASE_URL: 'mysql://x' }, 'DATABASE_URL'],
    [{ REDIS_URL: 'localhost:6379' }, 'REDIS_URL'],
    [{ PACKR_ENCRYPTION_KEY: 'too-short' }, 'PACKR_ENCRYPTION_KEY'],
    [{ TRACKSTAR_BASE_URL: 'ftp://trackstar' }, 'TRACKSTAR_BASE_URL'],
    [{ LOG_LEVEL: 'loud' }, 'LOG_LEVEL'],
  ])('names the bad variable in one line: %o', (source, name) => {
    const line = errorLine(source);
    expect(line).toMatch(new RegExp(`^Invalid configuration: ${name} `));
    expect(line).not.toContain('\n');
  });

  it('treats empty strings as unset', () => {
    expect(parseEnv({ TRACKSTAR_BASE_URL: '', PORT: '' }).TRACKSTAR_BASE_URL).toBeUndefined();
  });

  it('accepts a 32-byte key as hex or base64', () => {
    expect(() => parseEnv({ PACKR_ENCRYPTION_KEY: 'ab'.repeat(32) })).not.toThrow();
    expect(() => parseEnv({ PACKR_ENCRYPTION_KEY: Buffer.alloc(32, 7).toString('base64') })).not.toThrow();
  });

  it('knows real Trackstar from the sandbox', () => {
    expect(isTrackstarSandbox({ TRACKSTAR_BASE_URL: 'https://production.trackstarhq.com' })).toBe(false);
    expect(isTrackstarSandbox({ TRACKSTAR_BASE_URL: 'http://127.0.0.1:4010' })).toBe(true);
    expect(isTrackstarSandbox({ TRACKSTAR_BASE_URL: undefined })).toBe(true);
  });
});

describe('configuration source: .env, then the environment', () => {
  const dir = mkdtempSync(join(tmpdir(), 'packr-config-'));
  const file = join(dir, '.env');
  writeFileSync(file, ['PORT=5001', 'LOG_LEVEL=warn', 'TRACKSTAR_BASE_URL=https://production.trackstarhq.com', 'SANDBOX_ORDERS=42', 'SANDBOX_PORT=4999'].join('\n'));

  it('reads .env when nothing in the environment says otherwise', () => {
    const env = parseEnv(configSource({ PACKR_ENV_FILE: file }));
    expect(env.PORT).toBe(5001);
    expect(env.LOG_LEVEL).toBe('warn');
    expect(env.TRACKSTAR_BASE_URL).toBe('https://production.trackstarhq.com');
    expect(isTrackstarSandbox(env)).toBe(false);
  });

  it('lets the environment win over .env', () => {
    const env = parseEnv(configSource({ PACKR_ENV_FILE: file, PORT: '6001', SANDBOX_ORDERS: '7' }));
    expect(env.PORT).toBe(6001);
    expect(env.sandbox.SANDBOX_ORDERS).toBe(7);
    expect(env.sandbox.SANDBOX_PORT).toBe(4999);
  });

  it('takes an empty environment variable as "unset", overriding .env', () => {
    const env = parseEnv(configSource({ PACKR_ENV_FILE: file, TRACKSTAR_BASE_URL: '' }));
    expect(env.TRACKSTAR_BASE_URL).toBeUndefined();
    expect(isTrackstarSandbox(env)).toBe(true);
  });

  it('reads no file with PACKR_ENV_FILE=none, and none when the file is missing', () => {
    expect(parseEnv(configSource({ PACKR_ENV_FILE: 'none' })).PORT).toBe(4000);
    expect(parseEnv(configSource({ PACKR_ENV_FILE: join(dir, 'missing.env') })).PORT).toBe(4000);
  });

  it('parses the sandbox settings with the rest, and names a bad one', () => {
    expect(parseEnv({}).sandbox.SANDBOX_PORT).toBe(4010);
    expect(errorLine({ SANDBOX_FAULTS: '{not json' })).toMatch(/^Invalid configuration: SANDBOX_FAULTS /);
    expect(errorLine({ SANDBOX_RATE_LIMIT: 'lots' })).toMatch(/^Invalid configuration: SANDBOX_RATE_LIMIT /);
  });
});

import { describe, expect, it } from 'vitest';
import { ZodError } from 'zod';
import { formatEnvError, isTrackstarSandbox, parseEnv } from './env.js';

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

// The monitoring settings (README: Monitoring): their defaults, accepted forms and the one-line
// refusal naming the variable.
import { describe, expect, it } from 'vitest';
import { ZodError } from 'zod';
import { formatEnvError, parseEnv } from './env.js';

const refusal = (source: Record<string, string>) => {
  try {
    parseEnv(source);
    return 'no error';
  } catch (error) {
    return formatEnvError(error as ZodError);
  }
};

describe('monitoring settings', () => {
  it('default to a 30-day run history and no configured queue-board tenants', () => {
    const env = parseEnv({});
    expect(env.SYNC_RUN_RETENTION_DAYS).toBe(30);
    expect(env.ADMIN_QUEUE_TENANTS).toEqual([]);
  });

  it('take a comma-separated list of tenant ids, trimmed and lower-cased', () => {
    const env = parseEnv({ ADMIN_QUEUE_TENANTS: ' 0B7F6D4E-1C2A-4B3C-8D9E-0F1A2B3C4D5E , 9a8b7c6d-5e4f-4a3b-9c2d-1e0f9a8b7c6d,', SYNC_RUN_RETENTION_DAYS: '7' });
    expect(env.ADMIN_QUEUE_TENANTS).toEqual(['0b7f6d4e-1c2a-4b3c-8d9e-0f1a2b3c4d5e', '9a8b7c6d-5e4f-4a3b-9c2d-1e0f9a8b7c6d']);
    expect(env.SYNC_RUN_RETENTION_DAYS).toBe(7);
  });

  it('refuse bad values with a line naming the variable', () => {
    expect(refusal({ ADMIN_QUEUE_TENANTS: 'acme-3pl' })).toBe('Invalid configuration: ADMIN_QUEUE_TENANTS must be comma-separated tenant ids (UUIDs)');
    expect(refusal({ SYNC_RUN_RETENTION_DAYS: '0' })).toMatch(/^Invalid configuration: SYNC_RUN_RETENTION_DAYS /);
    expect(refusal({ SYNC_RUN_RETENTION_DAYS: 'a month' })).toMatch(/^Invalid configuration: SYNC_RUN_RETENTION_DAYS /);
  });
});

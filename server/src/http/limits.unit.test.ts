// The pieces of the HTTP limits that need no services: where a request comes from, and the
// environment variables that configure the limits.
import type { IncomingMessage } from 'node:http';
import { describe, expect, it } from 'vitest';
import { ZodError } from 'zod';
import { formatEnvError, parseEnv } from '../env.js';
import { clientAddress, isLoopback } from './client-address.js';

const request = (remoteAddress: string | undefined, forwardedFor?: string) =>
  ({ socket: { remoteAddress }, headers: forwardedFor === undefined ? {} : { 'x-forwarded-for': forwardedFor } }) as unknown as IncomingMessage;

describe('clientAddress', () => {
  it('uses the socket address and ignores X-Forwarded-For when no proxy is trusted', () => {
    expect(clientAddress(request('10.0.0.5', '127.0.0.1'), 0)).toBe('10.0.0.5');
    expect(clientAddress(request('::ffff:192.0.2.7'), 0)).toBe('192.0.2.7');
    expect(clientAddress(request('2001:DB8::1'), 0)).toBe('2001:db8::1');
    expect(clientAddress(undefined, 0)).toBeNull();
  });

  it('believes only the entries the trusted proxies appended', () => {
    // One proxy: the client is the last entry, whatever the client wrote before it.
    expect(clientAddress(request('10.0.0.1', '127.0.0.1, 203.0.113.9'), 1)).toBe('203.0.113.9');
    // Two proxies: the entry before the one the nearer proxy appended.
    expect(clientAddress(request('10.0.0.1', '198.51.100.4, 203.0.113.9, 10.0.0.2'), 2)).toBe('203.0.113.9');
    // Fewer entries than hops: the furthest one known.
    expect(clientAddress(request('10.0.0.1', '203.0.113.9'), 3)).toBe('203.0.113.9');
    // No header at all: the socket.
    expect(clientAddress(request('10.0.0.1'), 1)).toBe('10.0.0.1');
  });

  it('knows loopback addresses', () => {
    expect(['127.0.0.1', '127.8.9.10', '::1'].map(isLoopback)).toEqual([true, true, true]);
    expect(['10.0.0.1', '::2', '1127.0.0.1', null].map(isLoopback)).toEqual([false, false, false, false]);
  });
});

describe('limit settings', () => {
  const errorLine = (source: Record<string, string>) => {
    try {
      parseEnv(source);
      return 'no error';
    } catch (error) {
      return formatEnvError(error as ZodError);
    }
  };

  it('has defaults: 1 MiB bodies, 30 refused keys and 60 refused webhooks per minute, same-origin only', () => {
    const env = parseEnv({});
    expect(env.GRAPHQL_MAX_BODY_BYTES).toBe(1024 * 1024);
    expect(env.AUTH_FAILURES_PER_MINUTE).toBe(30);
    expect(env.WEBHOOK_REFUSALS_PER_MINUTE).toBe(60);
    expect(env.WEBHOOK_REFUSALS_STORED_PER_MINUTE).toBe(10);
    expect(env.WEBHOOK_REFUSED_ROWS_KEPT).toBe(1000);
    expect(env.TRUSTED_PROXY_HOPS).toBe(0);
    expect(env.METRICS_TOKEN).toBeUndefined();
    expect(env.CORS_ORIGINS).toEqual([]);
  });

  it('reads a comma-separated origin list', () => {
    expect(parseEnv({ CORS_ORIGINS: 'https://app.example.com, http://localhost:5173' }).CORS_ORIGINS).toEqual(['https://app.example.com', 'http://localhost:5173']);
  });

  it.each([
    [{ CORS_ORIGINS: 'https://app.example.com/' }, 'CORS_ORIGINS'],
    [{ CORS_ORIGINS: 'app.example.com' }, 'CORS_ORIGINS'],
    [{ CORS_ORIGINS: '*' }, 'CORS_ORIGINS'],
    [{ GRAPHQL_MAX_BODY_BYTES: 'lots' }, 'GRAPHQL_MAX_BODY_BYTES'],
    [{ GRAPHQL_MAX_BODY_BYTES: '10' }, 'GRAPHQL_MAX_BODY_BYTES'],
    [{ AUTH_FAILURES_PER_MINUTE: '0' }, 'AUTH_FAILURES_PER_MINUTE'],
    [{ METRICS_TOKEN: 'short' }, 'METRICS_TOKEN'],
  ])('names a bad limit setting: %o', (source, name) => {
    expect(errorLine(source)).toMatch(new RegExp(`^Invalid configuration: ${name} `));
  });
});

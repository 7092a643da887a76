import { Redis, type RedisOptions } from 'ioredis';
import { env } from './env.js';

export type RedisRole = 'producer' | 'worker' | 'pub' | 'sub' | 'cache';

/**
 * One ioredis connection per role. Workers and subscribers block or wait forever by design
 * (maxRetriesPerRequest: null); producers on a request path fail fast so callers can answer 503
 * or fall back instead of hanging while Redis is down.
 */
export function createRedis(role: RedisRole, overrides: RedisOptions = {}): Redis {
  const failFast = role === 'producer' || role === 'cache';
  const client = new Redis(env.REDIS_URL, {
    connectionName: `packr:${role}`,
    maxRetriesPerRequest: failFast ? 1 : null,
    enableOfflineQueue: !failFast,
    keepAlive: 10_000,
    retryStrategy: (times) => Math.min(times * 200, 2_000),
    lazyConnect: false,
    ...overrides,
  });
  client.on('error', () => {
    // Reconnection is automatic; callers see failures on their own commands.
  });
  return client;
}

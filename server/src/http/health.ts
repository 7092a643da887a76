// /health: the process is up. /ready: it can reach PostgreSQL and Redis (for load balancers).
import type { Plugin } from 'graphql-yoga';
import { db } from '../db.js';
import { createRedis } from '../redis.js';
import type { Redis } from 'ioredis';

let redis: Redis | null = null;

async function probe(name: string, fn: () => Promise<unknown>): Promise<[string, boolean]> {
  const timeout = new Promise<never>((_, reject) => setTimeout(() => reject(new Error('timeout')), 1_000).unref());
  try {
    await Promise.race([fn(), timeout]);
    return [name, true];
  } catch {
    return [name, false];
  }
}

export const useHealthRoutes = (): Plugin => ({
  async onRequest({ url, endResponse, fetchAPI }) {
    if (url.pathname === '/health') {
      return endResponse(fetchAPI.Response.json({ status: 'ok' }));
    }
    if (url.pathname === '/ready') {
      // Offline queue on: the first probe may run before the connection is up; probe() bounds the wait.
      redis ??= createRedis('cache', { enableOfflineQueue: true });
      const checks = Object.fromEntries(
        await Promise.all([probe('postgres', () => db.$queryRaw`SELECT 1`), probe('redis', () => redis!.ping())]),
      );
      const ready = Object.values(checks).every(Boolean);
      return endResponse(fetchAPI.Response.json({ status: ready ? 'ready' : 'unavailable', checks }, { status: ready ? 200 : 503 }));
    }
  },
});

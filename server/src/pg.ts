// A plain node-postgres pool for the raw-SQL paths (bulk ingestion, migrations, LISTEN-free
// maintenance queries). Prisma keeps its own pool for everything else.
import pg from 'pg';
import { env } from './env.js';

// jit=off: the cross-brand pages (graphql/cross-brand-page.ts) are planned pessimistically for their
// first executions (the brand list is a parameter), which passes jit_above_cost: compiling took
// 20-30 ms for a statement that runs in about 1 ms. JIT's compile time only pays off on scans of seconds.
export const pool = new pg.Pool({ connectionString: env.DATABASE_URL, max: env.DB_POOL_MAX, connectionTimeoutMillis: 5_000, options: '-c jit=off' });
pool.on('error', () => {
  // An idle client lost its connection; the pool replaces it. Without a listener Node would crash.
});

/** SQL for "now" as UTC: the timestamp(3) columns hold UTC (Prisma's convention) whatever the session time zone. */
export const NOW = `timezone('UTC', now())`;

// A plain node-postgres pool for the raw-SQL paths (bulk ingestion, migrations, LISTEN-free
// maintenance queries). Prisma keeps its own pool for everything else.
import pg from 'pg';
import { env } from './env.js';

export const pool = new pg.Pool({ connectionString: env.DATABASE_URL, max: env.DB_POOL_MAX, connectionTimeoutMillis: 5_000 });
pool.on('error', () => {
  // An idle client lost its connection; the pool replaces it. Without a listener Node would crash.
});

/** SQL for "now" as UTC: the timestamp(3) columns hold UTC (Prisma's convention) whatever the session time zone. */
export const NOW = `timezone('UTC', now())`;

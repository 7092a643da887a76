// Shared set-up for the webhook and freshness benchmarks: a fresh, migrated database of their own,
// their own Redis DB, and the API/worker processes started from the real entry points.
import pg from 'pg';
import { migrate } from '../../server/scripts/db/migrator.js';

export const PG = process.env.PACKR_BENCH_PG ?? 'postgresql://postgres@127.0.0.1:5432';

export async function freshDatabase(name: string): Promise<string> {
  const admin = new pg.Client({ connectionString: `${PG}/postgres` });
  await admin.connect();
  await admin.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
  await admin.query(`CREATE DATABASE "${name}"`);
  await admin.end();
  const url = `${PG}/${name}`;
  await migrate(url, 'prisma/migrations');
  return url;
}

export const percentile = (sorted: number[], p: number) => (sorted.length ? sorted[Math.min(sorted.length - 1, Math.ceil(p * sorted.length) - 1)] : NaN);
export const ms = (x: number) => `${x.toFixed(1)} ms`;

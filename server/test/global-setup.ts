// Runs once per `vitest run`: a fresh, migrated database and an empty Redis DB.
import { Redis } from 'ioredis';
import pg from 'pg';
import { migrate } from '../scripts/db/migrator.js';

export default async function setup() {
  const database = process.env.PACKR_TEST_DATABASE ?? 'packr_test';
  const pgHost = process.env.PACKR_TEST_PG ?? 'postgresql://postgres@127.0.0.1:5432';
  const admin = new pg.Client({ connectionString: `${pgHost}/postgres` });
  await admin.connect();
  await admin.query(`DROP DATABASE IF EXISTS "${database}" WITH (FORCE)`);
  await admin.query(`CREATE DATABASE "${database}"`);
  await admin.end();
  await migrate(`${pgHost}/${database}`, 'prisma/migrations');

  const redis = new Redis(`${process.env.PACKR_TEST_REDIS ?? 'redis://127.0.0.1:6379'}/${process.env.PACKR_TEST_REDIS_DB ?? '1'}`);
  await redis.flushdb();
  await redis.quit();
}

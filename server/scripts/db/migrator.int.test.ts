import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureDatabase, migrate, readMigrations } from './migrator.js';

const base = (process.env.DATABASE_URL ?? '').replace(/\/[^/]*$/, '');
const url = `${base}/packr_migrator_test`;

async function dropDatabase() {
  const admin = new pg.Client({ connectionString: `${base}/postgres` });
  await admin.connect();
  await admin.query('DROP DATABASE IF EXISTS packr_migrator_test WITH (FORCE)');
  await admin.end();
}

function migrationsDir(files: Record<string, string>) {
  const dir = mkdtempSync(join(tmpdir(), 'packr-migrations-'));
  for (const [name, sql] of Object.entries(files)) {
    mkdirSync(join(dir, name));
    writeFileSync(join(dir, name, 'migration.sql'), sql);
  }
  return dir;
}

describe('migration runner', () => {
  beforeAll(dropDatabase);
  afterAll(dropDatabase);

  it('creates the database, applies in order once, and records rows like prisma migrate deploy', async () => {
    await ensureDatabase(url);
    await ensureDatabase(url); // idempotent
    const dir = migrationsDir({ '002_b': 'ALTER TABLE t ADD COLUMN b int;', '001_a': 'CREATE TABLE t (a int);' });
    expect(await migrate(url, dir)).toEqual(['001_a', '002_b']);
    expect(await migrate(url, dir)).toEqual([]);

    const client = new pg.Client({ connectionString: url });
    await client.connect();
    const rows = await client.query('SELECT migration_name, checksum, finished_at, applied_steps_count FROM "_prisma_migrations" ORDER BY migration_name');
    await client.end();
    expect(rows.rows.map((r) => r.migration_name)).toEqual(['001_a', '002_b']);
    expect(rows.rows[0].checksum).toBe(readMigrations(dir)[0].checksum);
    expect(rows.rows[0].checksum).toMatch(/^[0-9a-f]{64}$/);
    expect(rows.rows.every((r) => r.finished_at && r.applied_steps_count === 1)).toBe(true);
  });

  it('refuses an applied migration that was edited, and rolls back a failing one', async () => {
    const edited = migrationsDir({ '001_a': 'CREATE TABLE t (a bigint);', '002_b': 'ALTER TABLE t ADD COLUMN b int;' });
    await expect(migrate(url, edited)).rejects.toThrow('001_a was edited after it was applied');

    const failing = migrationsDir({
      '001_a': 'CREATE TABLE t (a int);',
      '002_b': 'ALTER TABLE t ADD COLUMN b int;',
      '003_bad': 'CREATE TABLE u (x int); SELECT no_such_function();',
    });
    await expect(migrate(url, failing)).rejects.toThrow('migration 003_bad failed');
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    const u = await client.query("SELECT to_regclass('u') AS t");
    await client.end();
    expect(u.rows[0].t).toBeNull(); // the partial migration was rolled back
  });
});

// Each benchmark measures on a database of its own, dropped and migrated anew at every run.
import pg from 'pg';
import { migrate } from '../../server/scripts/db/migrator.js';

export async function freshDatabase(pgHost: string, database: string): Promise<string> {
  const admin = new pg.Client({ connectionString: `${pgHost}/postgres` });
  await admin.connect();
  await admin.query(`DROP DATABASE IF EXISTS "${database}" WITH (FORCE)`);
  await admin.query(`CREATE DATABASE "${database}"`);
  await admin.end();
  const url = `${pgHost}/${database}`;
  await migrate(url, 'prisma/migrations');
  return url;
}

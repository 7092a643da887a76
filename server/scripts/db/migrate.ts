// npm run db:migrate: create the database if needed, then apply pending migrations.
import { env } from '../../src/env.js';
import { ensureDatabase, migrate } from './migrator.js';

try {
  await ensureDatabase(env.DATABASE_URL);
  const applied = await migrate(env.DATABASE_URL, 'prisma/migrations', (l) => console.log(l));
  console.log(applied.length ? `${applied.length} migration(s) applied` : 'database is up to date');
} catch (error) {
  console.error(`db:migrate failed: ${(error as Error).message}`);
  process.exit(1);
}

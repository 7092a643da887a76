// Prints the SQL that turns one Prisma schema into another, without a database and without
// Prisma's native schema engine (which cannot be downloaded on our machines; STACK.md §4).
//
//   npm run db:diff                      # HEAD's prisma/schema.prisma -> working copy
//   npm run db:diff -- --from-empty      # everything, for a first migration
//
// Review the output and save it as prisma/migrations/<timestamp>_<name>/migration.sql.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { PrismaPg } from '@prisma/adapter-pg';
import { bindMigrationAwareSqlAdapterFactory } from '@prisma/driver-adapter-utils';
import { SchemaEngine } from '@prisma/schema-engine-wasm';

const schemaPath = 'prisma/schema.prisma';
const fromEmpty = process.argv.includes('--from-empty');

function headSchema(): string | null {
  try {
    return execFileSync('git', ['show', `HEAD:${schemaPath}`], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
  } catch {
    return null; // no commit holds the schema yet
  }
}

const target = readFileSync(schemaPath, 'utf8');
const previous = fromEmpty ? null : headSchema();
const datamodel = (content: string) => ({ tag: 'schemaDatamodel' as const, files: [{ path: schemaPath, content }] });

// Diffing two datamodels reads no tables, but the engine insists on a live connection to learn the
// server; any reachable PostgreSQL will do.
const url = process.env.DATABASE_URL ?? 'postgresql://postgres@127.0.0.1:5432/postgres';
const adapter = bindMigrationAwareSqlAdapterFactory(new PrismaPg({ connectionString: url }));
const engine = await SchemaEngine.new({ datamodels: [[schemaPath, target]] }, () => {}, adapter);
const result = await engine.diff({
  from: previous === null ? { tag: 'empty' } : datamodel(previous),
  to: datamodel(target),
  script: true,
  exitCode: null,
  filters: { externalTables: [], externalEnums: [] },
});
process.stdout.write(result.stdout ?? '');

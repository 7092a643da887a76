// After the global setup applied every migration to a fresh database, the tables must be exactly
// what Prisma's data model expects: tables, columns, nullability, primary and unique keys. Catches
// a schema.prisma edit without a migration (or a migration that drifted from the model).
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import pg from 'pg';
import { env } from '../../src/env.js';
import { getDatamodel } from '../../src/generated/pothos-prisma-types.js';

type Field = { name: string; kind: string; isRequired: boolean; isList: boolean; isId: boolean; isUnique: boolean };
type Model = { fields: Field[]; primaryKey: { fields: string[] } | null; uniqueIndexes: { fields: string[] }[] };

/** Model name → table name, from the @@map lines of schema.prisma (the datamodel omits dbName). */
function tableNames(): Map<string, string> {
  const source = readFileSync(new URL('../../../prisma/schema.prisma', import.meta.url), 'utf8');
  const names = new Map<string, string>();
  for (const match of source.matchAll(/^model (\w+) \{([\s\S]*?)^\}/gm)) {
    names.set(match[1]!, /@@map\("([^"]+)"\)/.exec(match[2]!)?.[1] ?? match[1]!);
  }
  return names;
}

async function databaseShape() {
  const client = new pg.Client({ connectionString: env.DATABASE_URL });
  await client.connect();
  try {
    const columns = await client.query<{ table: string; column: string; nullable: string }>(
      `SELECT table_name::text AS table, column_name::text AS column, is_nullable::text AS nullable
         FROM information_schema.columns WHERE table_schema = 'public'`,
    );
    // Prisma creates unique keys as unique indexes, so read pg_index rather than table_constraints.
    // Partial and expression unique indexes (one open alert per rule, one 3PL-wide rule per kind)
    // cannot be said in schema.prisma; their models name them in comments, and they are left out here.
    const keys = await client.query<{ table: string; primary: boolean; columns: string[] }>(
      `SELECT t.relname::text AS table, i.indisprimary AS primary,
              array_agg(a.attname::text ORDER BY array_position(i.indkey::int2[], a.attnum)) AS columns
         FROM pg_index i
         JOIN pg_class t ON t.oid = i.indrelid
         JOIN pg_namespace n ON n.oid = t.relnamespace AND n.nspname = 'public'
         JOIN pg_attribute a ON a.attrelid = t.oid AND a.attnum = ANY(i.indkey)
        WHERE i.indisunique AND i.indpred IS NULL AND i.indexprs IS NULL
        GROUP BY t.relname, i.indexrelid, i.indisprimary`,
    );
    return { columns: columns.rows, keys: keys.rows };
  } finally {
    await client.end();
  }
}

describe('migration drift', () => {
  it('every model matches its table: columns, nullability, primary and unique keys', async () => {
    const models = getDatamodel().datamodel.models as unknown as Record<string, Model>;
    const tables = tableNames();
    const db = await databaseShape();
    const problems: string[] = [];

    for (const [model, definition] of Object.entries(models)) {
      const table = tables.get(model);
      if (!table) {
        problems.push(`${model}: no model block found in schema.prisma`);
        continue;
      }
      const scalars = definition.fields.filter((f) => f.kind === 'scalar' || f.kind === 'enum');
      const actual = new Map(db.columns.filter((c) => c.table === table).map((c) => [c.column, c.nullable === 'YES']));
      if (actual.size === 0) problems.push(`${model}: table "${table}" is missing`);
      for (const field of scalars) {
        if (!actual.has(field.name)) problems.push(`${table}.${field.name}: column missing`);
        // Prisma writes scalar lists (String[]) without NOT NULL.
        else if (!field.isList && actual.get(field.name) !== !field.isRequired) {
          problems.push(`${table}.${field.name}: nullable is ${actual.get(field.name)}, model says required=${field.isRequired}`);
        }
      }
      for (const column of actual.keys()) {
        if (!scalars.some((f) => f.name === column)) problems.push(`${table}.${column}: column not in the model`);
      }
      const key = (cols: string[]) => [...cols].sort().join(',');
      const tableKeys = db.keys.filter((k) => k.table === table);
      const expectedPrimary = definition.primaryKey?.fields ?? scalars.filter((f) => f.isId).map((f) => f.name);
      const primary = tableKeys.find((k) => k.primary);
      if (!primary || key(primary.columns) !== key(expectedPrimary)) problems.push(`${table}: primary key ${primary?.columns} != ${expectedPrimary}`);
      const expectedUnique = new Set([
        ...scalars.filter((f) => f.isUnique).map((f) => f.name),
        ...definition.uniqueIndexes.map((u) => key(u.fields)),
      ]);
      const actualUnique = new Set(tableKeys.filter((k) => !k.primary).map((k) => key(k.columns)));
      for (const u of expectedUnique) if (!actualUnique.has(u)) problems.push(`${table}: unique (${u}) missing`);
      for (const u of actualUnique) if (!expectedUnique.has(u)) problems.push(`${table}: unique (${u}) not in the model`);
    }
    const modelTables = new Set([...tables.values()]);
    for (const table of new Set(db.columns.map((c) => c.table))) {
      if (!modelTables.has(table) && table !== '_prisma_migrations') problems.push(`table "${table}" has no model`);
    }
    expect(Object.keys(models).length).toBeGreaterThan(20);
    expect(problems).toEqual([]);
  });
});

// npm run schema:print: writes schema.graphql from the Pothos schema (committed; a test fails when stale).
// Importing this module only exposes printedSchema(); it writes nothing unless run as the entry script.
import { writeFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { lexicographicSortSchema, printSchema } from 'graphql';
import { schema } from '../src/graphql/schema.js';

export const printedSchema = () => printSchema(lexicographicSortSchema(schema)) + '\n';

const runAsScript = process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href;

if (runAsScript) {
  writeFileSync('schema.graphql', printedSchema());
  console.log('wrote schema.graphql');
  process.exit(0);
}

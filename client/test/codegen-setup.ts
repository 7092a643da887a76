// Vitest global setup: the client's typed documents (client/src/gql) are generated, not committed,
// so regenerate them before tests when the schema or any client source is newer.
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { generate } from '@graphql-codegen/cli';
import config from '../../codegen.js';

function newest(dir: string): number {
  let max = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.name === 'gql') continue;
    const path = join(dir, entry.name);
    max = Math.max(max, entry.isDirectory() ? newest(path) : statSync(path).mtimeMs);
  }
  return max;
}

export function clientCodegenIsStale(): boolean {
  const output = 'client/src/gql/graphql.ts';
  if (!existsSync(output)) return true;
  return Math.max(statSync('schema.graphql').mtimeMs, newest('client/src')) > statSync(output).mtimeMs;
}

export default async function setup() {
  if (clientCodegenIsStale()) await generate(config, true);
}

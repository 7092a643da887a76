// schema.graphql is committed for clients and codegen: it must equal the schema the server runs.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { printedSchema } from '../../scripts/print-schema.js';

describe('GraphQL schema drift', () => {
  it('schema.graphql matches the printed Pothos schema (run `npm run schema:print`)', () => {
    const committed = readFileSync(new URL('../../../schema.graphql', import.meta.url), 'utf8');
    expect(committed).toBe(printedSchema());
  });
});

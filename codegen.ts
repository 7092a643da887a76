// Typed documents for the dashboard: schema.graphql (printed from Pothos) + the operations and
// fragments written next to the components in client/src. Output is generated, not committed:
// build:client, client:check and the test setup run codegen first.
import type { CodegenConfig } from '@graphql-codegen/cli';

const config: CodegenConfig = {
  schema: 'schema.graphql',
  documents: ['client/src/**/*.tsx', 'client/src/**/*.ts', '!client/src/gql/**/*', '!client/src/**/*.test.tsx'],
  ignoreNoDocuments: true,
  silent: true,
  generates: {
    'client/src/gql/': {
      preset: 'client',
      // Fragments stay colocated with their components; unmasked so a row can be merged by id.
      presetConfig: { fragmentMasking: false },
      config: {
        useTypeImports: true,
        enumsAsTypes: true,
        skipTypename: false,
        scalars: { DateTime: 'string', JSON: 'unknown', ID: 'string' },
      },
    },
  },
};

export default config;

import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

// Each developer (or parallel agent) may pick its own database and Redis DB number so test runs
// never share state: PACKR_TEST_DATABASE, PACKR_TEST_REDIS_DB.
const database = process.env.PACKR_TEST_DATABASE ?? 'packr_test';
const redisDb = process.env.PACKR_TEST_REDIS_DB ?? '1';
const pgHost = process.env.PACKR_TEST_PG ?? 'postgresql://postgres@127.0.0.1:5432';
const redisHost = process.env.PACKR_TEST_REDIS ?? 'redis://127.0.0.1:6379';

export default defineConfig({
  resolve: {
    // graphql ships CJS and ESM builds; Yoga loads the CJS one. Two copies break `instanceof
    // GraphQLError` (our deliberate errors would be masked), so every import gets the CJS build.
    alias: [{ find: /^graphql$/, replacement: fileURLToPath(new URL('./node_modules/graphql/index.js', import.meta.url)) }],
  },
  test: {
    env: {
      NODE_ENV: 'test',
      // A developer's .env must not change what the tests see.
      PACKR_ENV_FILE: 'none',
      DATABASE_URL: `${pgHost}/${database}`,
      REDIS_URL: `${redisHost}/${redisDb}`,
      // A fixed test-only key; real installs generate their own into .env.
      PACKR_ENCRYPTION_KEY: '0f1e2d3c4b5a69788796a5b4c3d2e1f00f1e2d3c4b5a69788796a5b4c3d2e1f0',
      LOG_LEVEL: process.env.LOG_LEVEL ?? 'silent',
      // Every test talks from 127.0.0.1: the per-address failure limits would let one file's
      // deliberate refusals lock the next files out. Their own tests pass small limits explicitly.
      AUTH_FAILURES_PER_MINUTE: '1000000',
      WEBHOOK_REFUSALS_PER_MINUTE: '1000000',
      TRACKSTAR_BASE_URL: '',
      TRACKSTAR_API_KEY: '',
      WEBHOOK_TRACKSTAR_SECRET: '',
    },
    globalSetup: ['server/test/global-setup.ts', 'client/test/codegen-setup.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // One `vitest run` runs both projects: the unit tests first, in parallel, then the integration
    // tests one file at a time.
    projects: [
      {
        extends: true,
        test: {
          name: 'unit',
          // No PostgreSQL or Redis: each file owns what it starts (the sandbox on port 0, jsdom).
          include: ['server/**/*.unit.test.ts', 'sandbox/**/*.test.ts', 'client/src/**/*.test.{ts,tsx}'],
          fileParallelism: true,
          sequence: { groupOrder: 0 },
        },
      },
      {
        extends: true,
        test: {
          name: 'integration',
          // These share one database and Redis DB: run files one at a time.
          include: ['server/**/*.int.test.ts', 'client/e2e/**/*.e2e.test.ts'],
          fileParallelism: false,
          sequence: { groupOrder: 1 },
        },
      },
    ],
  },
});

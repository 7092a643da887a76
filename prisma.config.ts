import { defineConfig } from 'prisma/config';

// env('DATABASE_URL') would throw during `prisma generate` when the variable is unset (STACK.md §4).
export default defineConfig({
  schema: 'prisma/schema.prisma',
  migrations: { path: 'prisma/migrations' },
  datasource: { url: process.env.DATABASE_URL ?? 'postgresql://postgres@127.0.0.1:5432/packr' },
});

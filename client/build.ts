// `npm run build:client` (codegen, then vite build) is the one command that builds the dashboard.
// ensureClientBuilt() runs it once when client/dist is missing or older than the client sources/schema,
// `npm start` (server/src/start.ts) and the browser tests both use it.
import { execFileSync, type StdioOptions } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

function newest(dir: string): number {
  let max = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.name === 'dist' || entry.name === 'gql' || entry.name === 'e2e' || entry.name === 'node_modules') continue;
    const path = join(dir, entry.name);
    max = Math.max(max, entry.isDirectory() ? newest(path) : statSync(path).mtimeMs);
  }
  return max;
}

export function clientBuildIsStale(): boolean {
  const built = 'client/dist/index.html';
  if (!existsSync(built)) return true;
  return Math.max(newest('client'), statSync('schema.graphql').mtimeMs) > statSync(built).mtimeMs;
}

export function ensureClientBuilt(options: { stdio?: StdioOptions } = {}): void {
  if (!clientBuildIsStale()) return;
  // NODE_ENV=test (vitest) would make Vite bundle React's development build.
  execFileSync('npm', ['run', '--silent', 'build:client'], { stdio: options.stdio ?? 'inherit', env: { ...process.env, NODE_ENV: 'production' } });
}

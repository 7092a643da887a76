// Generated code is never committed, so every entry point (npm start, api, worker, cli,
// db:migrate) runs this first as its npm `pre` script: it regenerates the Prisma client and Pothos
// types when they are missing or were made from another schema or generator version, and with
// --dashboard also builds the dashboard (typed documents + Vite) when missing or stale.
// Messages go to stderr so commands with machine-readable output (cli --json) stay clean.
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
const STAMP = 'server/src/generated/.schema-stamp';
const OUTPUTS = ['server/src/generated/prisma/client.ts', 'server/src/generated/pothos-prisma-types.ts'];

/** What the generated code depends on: the schema and the two generators' versions. */
function prismaInputsHash(): string {
  // Read from node_modules directly: not every package exports its package.json.
  const versions = ['prisma', '@prisma/client', '@pothos/plugin-prisma'].map(
    (name) => (JSON.parse(readFileSync(`node_modules/${name}/package.json`, 'utf8')) as { version: string }).version,
  );
  return createHash('sha256').update(readFileSync('prisma/schema.prisma')).update(versions.join(',')).digest('hex');
}

function ensurePrismaGenerated(): void {
  const hash = prismaInputsHash();
  const current = OUTPUTS.every((f) => existsSync(f)) && existsSync(STAMP) && readFileSync(STAMP, 'utf8') === hash;
  if (current) return;
  console.error('[packr] generating the Prisma client and Pothos types...');
  execFileSync('npm', ['run', '--silent', 'generate'], { stdio: ['ignore', 2, 2] });
  writeFileSync(STAMP, hash);
}

async function ensureDashboardBuilt(): Promise<void> {
  const { clientBuildIsStale, ensureClientBuilt } = await import('../../client/build.js');
  if (!clientBuildIsStale()) return;
  console.error('[packr] building the dashboard (first start or sources changed)...');
  ensureClientBuilt({ stdio: ['ignore', 2, 2] });
}

try {
  ensurePrismaGenerated();
  if (process.argv.includes('--dashboard')) await ensureDashboardBuilt();
} catch (error) {
  console.error(`[packr] preparing generated code failed: ${(error as Error).message}`);
  process.exit(1);
}

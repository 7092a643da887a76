// `npm start`: the whole product in one command. Prepares .env secrets and the database, runs the
// embedded Trackstar sandbox when no Trackstar is configured (in .env or the environment), builds
// the dashboard if needed, supervises the API and worker processes (which can also run on their
// own: npm run api / worker), and ends with a banner saying where everything is.
// (`prestart` has generated the Prisma client and Pothos types before this file is loaded.)
import { spawn, type ChildProcess } from 'node:child_process';
import { ensureSecretsInDotEnv, hexKey, sandboxApiKey, whsecSecret } from './bootstrap/dotenv-file.js';

const envFile = process.env.PACKR_ENV_FILE || '.env';
if (envFile !== 'none') {
  // The sandbox's key and secret are generated even when real Trackstar is configured: they cost
  // nothing and keep the sandbox usable by switching TRACKSTAR_BASE_URL off again.
  ensureSecretsInDotEnv(envFile, [
    { name: 'PACKR_ENCRYPTION_KEY', generate: hexKey },
    { name: 'SANDBOX_API_KEY', generate: sandboxApiKey },
    { name: 'SANDBOX_WEBHOOK_SECRET', generate: whsecSecret },
  ]);
}

// Imported only now: env.ts reads .env and the environment when first imported.
const { env } = await import('./env.js');
const { ensureDatabase, migrate } = await import('../scripts/db/migrator.js');
const { waitForHttp } = await import('./bootstrap/wait.js');
const { clientBuildIsStale, ensureClientBuilt } = await import('../../client/build.js');
const { startEmbeddedSandbox } = await import('./bootstrap/sandbox.js');
const { printBanner } = await import('./bootstrap/banner.js');

const say = (line: string) => console.log(`[packr] ${line}`);

await ensureDatabase(env.DATABASE_URL);
const applied = await migrate(env.DATABASE_URL, 'prisma/migrations');
if (applied.length) say(`applied ${applied.length} migration(s)`);

// Children read the same .env; only what start decides at run time goes through their environment.
const childEnv: NodeJS.ProcessEnv = { ...process.env };
let sandbox: Awaited<ReturnType<typeof startEmbeddedSandbox>> | null = null;
if (!env.TRACKSTAR_BASE_URL) {
  sandbox = await startEmbeddedSandbox(env);
  Object.assign(childEnv, { TRACKSTAR_BASE_URL: sandbox.url, TRACKSTAR_API_KEY: sandbox.apiKey, WEBHOOK_TRACKSTAR_SECRET: sandbox.webhookSecret });
  say(`Trackstar sandbox on ${sandbox.url} (set TRACKSTAR_BASE_URL to use real Trackstar)`);
} else {
  say(`Trackstar at ${env.TRACKSTAR_BASE_URL}`);
}

if (clientBuildIsStale()) {
  say('building the dashboard (first start or sources changed)...');
  ensureClientBuilt();
}

const children: ChildProcess[] = [];
let stopping = false;
function run(name: string, file: string) {
  const child = spawn(process.execPath, ['--import', 'tsx', file], { env: childEnv, stdio: 'inherit' });
  child.on('exit', (code, signal) => {
    if (stopping) return;
    say(`${name} exited (${signal ?? code}); stopping everything`);
    void stop(1);
  });
  children.push(child);
}

async function stop(code = 0) {
  if (stopping) return;
  stopping = true;
  for (const c of children) c.kill('SIGTERM');
  await Promise.all(children.map((c) => (c.exitCode !== null ? null : new Promise((r) => c.once('exit', r)))));
  await sandbox?.stop();
  process.exit(code);
}
process.on('SIGINT', () => void stop(0));
process.on('SIGTERM', () => void stop(0));

run('api', 'server/src/main.ts');
run('worker', 'server/src/worker.ts');
const apiUrl = `http://127.0.0.1:${env.PORT}`;
await waitForHttp(`${apiUrl}/ready`);

const { bootstrapDemo, isEmptyInstallation } = await import('./bootstrap/demo.js');
let adminKey: string | null = null;
let demoLine: string | null = null;
if (await isEmptyInstallation()) {
  const demo = await bootstrapDemo(apiUrl, sandbox?.url ?? null);
  adminKey = demo.apiKey;
  demoLine = `Demo 3PL with ${demo.brands} brands, ${demo.connected} connected to the Trackstar sandbox`;
}
printBanner({ apiUrl, adminKey, demoLine, trackstar: sandbox ? `sandbox at ${sandbox.url}` : env.TRACKSTAR_BASE_URL! });

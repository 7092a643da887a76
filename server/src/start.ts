// `npm start`: the whole product in one command. Prepares .env secrets and the database, runs the
// embedded Trackstar sandbox when no Trackstar is configured, builds the dashboard if needed, and
// supervises the API and worker processes (which can also run on their own: npm run api / worker).
import { spawn, type ChildProcess } from 'node:child_process';
import { hexKey, loadDotEnv, sandboxApiKey, whsecSecret } from './bootstrap/dotenv-file.js';

const embeddedSandbox = !process.env.TRACKSTAR_BASE_URL;
loadDotEnv('.env', [
  { name: 'PACKR_ENCRYPTION_KEY', generate: hexKey },
  ...(embeddedSandbox
    ? [
        { name: 'PACKR_SANDBOX_API_KEY', generate: sandboxApiKey },
        { name: 'PACKR_SANDBOX_WEBHOOK_SECRET', generate: whsecSecret },
      ]
    : []),
]);

// Imported only now: env.ts parses process.env when first imported.
const { env } = await import('./env.js');
const { ensureDatabase, migrate } = await import('../scripts/db/migrator.js');
const { waitForHttp } = await import('./bootstrap/wait.js');
const { clientBuildIsStale, ensureClientBuilt } = await import('../../client/build.js');
const { startEmbeddedSandbox } = await import('./bootstrap/sandbox.js');

const say = (line: string) => console.log(`[packr] ${line}`);

await ensureDatabase(env.DATABASE_URL);
const applied = await migrate(env.DATABASE_URL, 'prisma/migrations');
if (applied.length) say(`applied ${applied.length} migration(s)`);

const childEnv: NodeJS.ProcessEnv = { ...process.env };
let sandbox: Awaited<ReturnType<typeof startEmbeddedSandbox>> | null = null;
if (embeddedSandbox) {
  sandbox = await startEmbeddedSandbox({
    port: Number(process.env.SANDBOX_PORT ?? 4010),
    apiKey: process.env.PACKR_SANDBOX_API_KEY!,
    webhookSecret: process.env.PACKR_SANDBOX_WEBHOOK_SECRET!,
    webhookUrl: `http://127.0.0.1:${env.PORT}/api/webhooks/trackstar`,
  });
  Object.assign(childEnv, {
    TRACKSTAR_BASE_URL: sandbox.url,
    TRACKSTAR_API_KEY: process.env.PACKR_SANDBOX_API_KEY,
    WEBHOOK_TRACKSTAR_SECRET: process.env.PACKR_SANDBOX_WEBHOOK_SECRET,
  });
  say(`Trackstar sandbox on ${sandbox.url} (set TRACKSTAR_BASE_URL to use real Trackstar)`);
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
if (await isEmptyInstallation()) {
  const demo = await bootstrapDemo(apiUrl, sandbox?.url ?? null);
  say(`created a demo 3PL with ${demo.brands} brands, ${demo.connected} connected to the Trackstar sandbox`);
  say(`admin API key (shown once): ${demo.apiKey}`);
} else {
  say('existing installation: sign in with your key (new key: npm run cli -- create-api-key --help)');
}
say(`dashboard: ${apiUrl}/   GraphiQL: ${apiUrl}/graphql`);

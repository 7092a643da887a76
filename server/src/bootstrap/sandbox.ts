// The Trackstar sandbox embedded in `npm start` when no Trackstar is configured, with the same
// SANDBOX_* settings as `npm run sandbox` (env.ts). Its state is kept in a file by default so the
// demo's connections (and their access tokens, stored in Packr) survive restarts.
import { createSandbox } from '../../../sandbox/src/server.js';
import { sandboxOptionsFromSettings } from '../../../sandbox/src/settings.js';
import type { Env } from '../env.js';

export async function startEmbeddedSandbox(env: Env) {
  const sandbox = createSandbox(
    sandboxOptionsFromSettings(env.sandbox, {
      webhookUrl: `http://127.0.0.1:${env.PORT}/api/webhooks/trackstar`,
      stateFile: '.sandbox-state.json',
      // One line per request is useful alone (npm run sandbox) but drowns npm start's output:
      // embedded, the sandbox logs only with SANDBOX_LOG=on set explicitly.
      logByDefault: false,
      logLine: (line) => console.log(`[sandbox] ${line}`),
    }),
  );
  const { url } = await sandbox.start(env.sandbox.SANDBOX_PORT, env.sandbox.SANDBOX_HOST);
  return { url, apiKey: sandbox.apiKey, webhookSecret: sandbox.webhookSecret, stop: () => sandbox.stop() };
}

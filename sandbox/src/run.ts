// The sandbox as a long-running process: start, say where it listens, stop on SIGINT/SIGTERM.
// Packr's `npm run sandbox` calls it with settings from Packr's configuration (.env included);
// sandbox/src/main.ts calls it with settings from the environment alone.
import { mask } from './options.js';
import { createSandbox } from './server.js';
import { activityPerMinute, sandboxOptionsFromSettings, type SandboxSettings } from './settings.js';

export async function runSandboxProcess(settings: SandboxSettings, defaults: Parameters<typeof sandboxOptionsFromSettings>[1] = {}) {
  const options = sandboxOptionsFromSettings(settings, defaults);
  const sandbox = createSandbox(options);
  try {
    const { url } = await sandbox.start(settings.SANDBOX_PORT, settings.SANDBOX_HOST);
    const perMinute = activityPerMinute(settings);
    console.log(`Trackstar sandbox listening on ${url}`);
    console.log(`  api key ${mask(sandbox.apiKey)} (SANDBOX_API_KEY), webhooks -> ${options.webhookUrl ?? 'nowhere (event log only)'}`);
    if (!settings.SANDBOX_WEBHOOK_SECRET) console.log(`  generated webhook secret (set SANDBOX_WEBHOOK_SECRET to keep it): ${sandbox.webhookSecret}`);
    console.log(`  activity ${perMinute > 0 ? `${perMinute} steps/min per connection` : 'off'}, ${settings.SANDBOX_ORDERS} orders per connection`);
    console.log(`  Link script: ${url}/link/main.js`);
  } catch (error) {
    console.error(`sandbox: cannot listen on ${settings.SANDBOX_HOST}:${settings.SANDBOX_PORT}: ${(error as Error).message}`);
    process.exit(1);
  }

  let closing = false;
  const close = (signal: string) => {
    if (closing) return;
    closing = true;
    console.log(`sandbox: ${signal}, stopping`);
    sandbox.stop().then(
      () => process.exit(0),
      (error: Error) => {
        console.error(`sandbox: stop failed: ${error.message}`);
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', () => close('SIGINT'));
  process.on('SIGTERM', () => close('SIGTERM'));
}

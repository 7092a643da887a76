// The Trackstar sandbox embedded in `npm start` when no Trackstar is configured. Its state is kept
// in a file so the demo's connections (and their access tokens, stored in Packr) survive restarts.
import { createSandbox } from '../../../sandbox/src/server.js';

export type EmbeddedSandboxOptions = { port: number; apiKey: string; webhookSecret: string; webhookUrl: string };

export async function startEmbeddedSandbox(o: EmbeddedSandboxOptions) {
  const sandbox = createSandbox({
    apiKey: o.apiKey,
    webhookSecret: o.webhookSecret,
    webhookUrl: o.webhookUrl,
    // Same parsing as `npm run sandbox`: digits are a number seed (string seeds are hashed).
    seed: /^\d+$/.test(process.env.SANDBOX_SEED ?? '') ? Number(process.env.SANDBOX_SEED) : (process.env.SANDBOX_SEED ?? 1),
    orders: Number(process.env.SANDBOX_ORDERS ?? 3000),
    // A live warehouse: about one change every two seconds per connection.
    activity: process.env.SANDBOX_ACTIVITY === 'off' ? false : { intervalMs: 2_000, steps: 1 },
    stateFile: process.env.SANDBOX_STATE_FILE ?? '.sandbox-state.json',
    // One line per request is useful alone (npm run sandbox) but drowns npm start's output.
    log: process.env.SANDBOX_LOG === 'on' ? (line) => console.log(`[sandbox] ${line}`) : false,
  });
  const { url } = await sandbox.start(o.port, '127.0.0.1');
  return { url, stop: () => sandbox.stop() };
}

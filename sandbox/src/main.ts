// `npm run sandbox`: the Trackstar sandbox as a process, configured by SANDBOX_* variables.
import { z } from 'zod';
import { FaultRequestSchema } from './faults.js';
import { mask } from './options.js';
import { createSandbox } from './server.js';

const onOff = z.enum(['on', 'off', 'true', 'false', '1', '0']);
const env = z.object({
  SANDBOX_PORT: z.coerce.number().int().min(0).max(65535).default(4010),
  SANDBOX_HOST: z.string().default('127.0.0.1'),
  SANDBOX_API_KEY: z.string().min(1).default('sandbox-api-key'),
  SANDBOX_WEBHOOK_URL: z.string().default('http://127.0.0.1:4000/api/webhooks/trackstar'),
  SANDBOX_WEBHOOK_SECRET: z.string().startsWith('whsec_').optional(),
  SANDBOX_SEED: z.string().default('1'),
  SANDBOX_ORDERS: z.coerce.number().int().min(0).max(1_000_000).default(5000),
  SANDBOX_PRODUCTS: z.coerce.number().int().min(10).max(100_000).default(300),
  /** on | off | steps per minute per connection (on = 30). */
  SANDBOX_ACTIVITY: z.union([onOff, z.coerce.number().positive()]).default('on'),
  SANDBOX_STATE_FILE: z.string().optional(),
  SANDBOX_FAULTS: z.string().optional(),
  /** off | "<reads>,<writes>" per second. */
  SANDBOX_RATE_LIMIT: z.string().default('10,50'),
  SANDBOX_RATE_LIMIT_HEADERS: z.enum(['current', 'legacy']).default('current'),
  SANDBOX_HISTORICAL_SYNC_DELAY_MS: z.coerce.number().int().min(0).default(1500),
  SANDBOX_PUBLIC_URL: z.string().optional(),
  SANDBOX_LOG: onOff.default('on'),
});

function main() {
  const parsed = env.safeParse(process.env);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    console.error(`sandbox: ${issue.path.join('.')}: ${issue.message}`);
    process.exit(1);
  }
  const e = parsed.data;
  const truthy = (v: string) => ['on', 'true', '1'].includes(v);
  const perMinute = typeof e.SANDBOX_ACTIVITY === 'number' ? e.SANDBOX_ACTIVITY : truthy(e.SANDBOX_ACTIVITY) ? 30 : 0;
  const [reads, writes] = e.SANDBOX_RATE_LIMIT.split(',').map(Number);
  const faults = e.SANDBOX_FAULTS ? FaultRequestSchema.parse(JSON.parse(e.SANDBOX_FAULTS)) : undefined;
  const webhookUrl = ['', 'off', 'none'].includes(e.SANDBOX_WEBHOOK_URL) ? null : e.SANDBOX_WEBHOOK_URL;

  const sandbox = createSandbox({
    apiKey: e.SANDBOX_API_KEY,
    seed: /^\d+$/.test(e.SANDBOX_SEED) ? Number(e.SANDBOX_SEED) : e.SANDBOX_SEED,
    orders: e.SANDBOX_ORDERS,
    products: e.SANDBOX_PRODUCTS,
    webhookUrl,
    webhookSecret: e.SANDBOX_WEBHOOK_SECRET,
    activity: perMinute > 0 ? { intervalMs: Math.max(50, Math.round(60_000 / perMinute)), steps: 1 } : false,
    stateFile: e.SANDBOX_STATE_FILE ?? null,
    faults,
    rateLimit: e.SANDBOX_RATE_LIMIT === 'off' ? false : { read: reads || 10, write: writes || 50 },
    rateLimitHeaderStyle: e.SANDBOX_RATE_LIMIT_HEADERS,
    historicalSyncDelayMs: e.SANDBOX_HISTORICAL_SYNC_DELAY_MS,
    publicUrl: e.SANDBOX_PUBLIC_URL,
    log: truthy(e.SANDBOX_LOG),
  });

  sandbox.start(e.SANDBOX_PORT, e.SANDBOX_HOST).then(({ url }) => {
    console.log(`Trackstar sandbox listening on ${url}`);
    console.log(`  api key ${mask(sandbox.apiKey)} (SANDBOX_API_KEY), webhooks -> ${webhookUrl ?? 'nowhere (event log only)'}`);
    if (!e.SANDBOX_WEBHOOK_SECRET) {
      console.log(`  generated webhook secret (set SANDBOX_WEBHOOK_SECRET to keep it): ${sandbox.webhookSecret}`);
    }
    console.log(`  activity ${perMinute > 0 ? `${perMinute} steps/min per connection` : 'off'}, ${e.SANDBOX_ORDERS} orders per connection`);
    console.log(`  Link script: ${url}/link/main.js`);
  }, (err: Error) => {
    console.error(`sandbox: cannot listen on ${e.SANDBOX_HOST}:${e.SANDBOX_PORT}: ${err.message}`);
    process.exit(1);
  });

  let closing = false;
  const close = (signal: string) => {
    if (closing) return;
    closing = true;
    console.log(`sandbox: ${signal}, stopping`);
    sandbox.stop().then(() => process.exit(0), (err: Error) => {
      console.error(`sandbox: stop failed: ${err.message}`);
      process.exit(1);
    });
  };
  process.on('SIGINT', () => close('SIGINT'));
  process.on('SIGTERM', () => close('SIGTERM'));
}

main();

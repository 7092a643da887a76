// npm run sandbox: the Trackstar sandbox as its own process, configured like every other entry
// point (SANDBOX_* from .env and the environment, read by env.ts).
import { env } from '../src/env.js';
import { runSandboxProcess } from '../../sandbox/src/run.js';

await runSandboxProcess(env.sandbox, { webhookUrl: `http://127.0.0.1:${env.PORT}/api/webhooks/trackstar` });

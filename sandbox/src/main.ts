// The sandbox on its own, without Packr: SANDBOX_* settings from the environment only.
// (Inside Packr, `npm run sandbox` reads the same settings through Packr's configuration, .env included.)
import { runSandboxProcess } from './run.js';
import { SandboxSettingsSchema } from './settings.js';

const cleaned = Object.fromEntries(Object.entries(process.env).filter(([k, v]) => k.startsWith('SANDBOX_') && v !== ''));
const parsed = SandboxSettingsSchema.safeParse(cleaned);
if (!parsed.success) {
  const issue = parsed.error.issues[0];
  console.error(`sandbox: ${issue.path.join('.')}: ${issue.message}`);
  process.exit(1);
}
await runSandboxProcess(parsed.data);

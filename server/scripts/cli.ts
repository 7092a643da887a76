// Admin CLI (npm run cli -- <command> ...). Works against DATABASE_URL as it is; it never migrates.
//   create-tenant  --name "Acme 3PL" --email admin@acme.test [--json]
//   create-brand   --threepl <id> --name "Brand" [--json]
//   create-api-key --user <email> --threepl <id> [--name "CI key"] [--json]
// With --json, prints exactly one JSON line; otherwise a short human summary. Bad input: exit 2.
import { parseArgs } from 'node:util';
import { db } from '../src/db.js';
import { isUuid } from '../src/lib/uuid.js';
import { createBrand } from '../src/services/brands.js';
import { ServiceError } from '../src/services/errors.js';
import { createTenant, issueApiKey } from '../src/services/tenants.js';

class UsageError extends Error {}

const EMAIL = /^[^\s@]{1,64}@[^\s@]{1,190}\.[^\s@]{2,63}$/;
const USAGE = `usage:
  cli create-tenant  --name <3PL name> --email <owner email> [--json]
  cli create-brand   --threepl <3PL id> --name <brand name> [--json]
  cli create-api-key --user <email> --threepl <3PL id> [--name <key name>] [--json]`;

function required(values: Record<string, unknown>, name: string): string {
  const value = values[name];
  if (typeof value !== 'string' || value.trim() === '') throw new UsageError(`missing --${name}`);
  return value.trim();
}

function text(value: string, name: string, max = 120): string {
  if (value.length > max) throw new UsageError(`--${name} must be at most ${max} characters`);
  return value;
}

function email(value: string): string {
  if (!EMAIL.test(value)) throw new UsageError(`--email/--user "${value.slice(0, 80)}" is not a valid email address`);
  return value.toLowerCase();
}

function threePLId(value: string): string {
  if (!isUuid(value)) throw new UsageError(`--threepl must be a 3PL id (uuid), got "${value.slice(0, 80)}"`);
  return value;
}

type Output = Record<string, string>;

const commands: Record<string, (v: Record<string, unknown>) => Promise<Output>> = {
  async 'create-tenant'(v) {
    const t = await createTenant({ name: text(required(v, 'name'), 'name'), email: email(required(v, 'email')) });
    return { threeplId: t.threePLId, userId: t.userId, apiKey: t.apiKey };
  },
  async 'create-brand'(v) {
    const id = threePLId(required(v, 'threepl'));
    const name = required(v, 'name');
    if (!(await db.threePL.findUnique({ where: { id }, select: { id: true } }))) throw new UsageError(`no 3PL with id ${id}`);
    const brand = await createBrand(id, name);
    return { brandId: brand.id, threeplId: id };
  },
  async 'create-api-key'(v) {
    const id = threePLId(required(v, 'threepl'));
    const user = await db.user.findUnique({ where: { email: email(required(v, 'user')) }, select: { id: true } });
    const member = user && (await db.membership.findFirst({ where: { userId: user.id, threePLId: id }, select: { id: true } }));
    const viewer = user && (await db.brandViewer.findFirst({ where: { userId: user.id, brand: { threePLId: id } }, select: { id: true } }));
    if (!user || (!member && !viewer)) throw new UsageError('that user has no role in that 3PL');
    const name = typeof v.name === 'string' ? text(v.name.trim() || 'CLI key', 'name', 100) : 'CLI key';
    const key = await issueApiKey({ userId: user.id, threePLId: id, name });
    return { apiKeyId: key.id, userId: user.id, apiKey: key.key };
  },
};

async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  const run = command ? commands[command] : undefined;
  if (!run) {
    console.error(command ? `unknown command "${command}"\n${USAGE}` : USAGE);
    return 2;
  }
  let values: Record<string, unknown>;
  try {
    values = parseArgs({
      args: rest,
      options: { name: { type: 'string' }, email: { type: 'string' }, threepl: { type: 'string' }, user: { type: 'string' }, json: { type: 'boolean' } },
      strict: true,
    }).values;
  } catch (error) {
    console.error(`${(error as Error).message}\n${USAGE}`);
    return 2;
  }
  try {
    const out = await run(values);
    console.log(values.json ? JSON.stringify(out) : Object.entries(out).map(([k, val]) => `${k}: ${val}`).join('\n'));
    return 0;
  } catch (error) {
    // Bad input the service refused (a taken or too long name) is a usage error like the CLI's own checks.
    if (error instanceof UsageError || error instanceof ServiceError) {
      console.error(`error: ${error.message}`);
      return 2;
    }
    // Unexpected (database down, ...): one line, no stack, no connection string.
    console.error(`error: ${(error as { code?: string }).code ?? 'failed'}: ${String((error as Error).message ?? error).split('\n')[0]!.slice(0, 200)}`);
    return 1;
  } finally {
    await db.$disconnect();
  }
}

process.exitCode = await main(process.argv.slice(2));

// The admin CLI as an operator runs it: a child process against the test database.
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { buildApp } from '../src/http/app.js';
import { gql } from '../test/fixtures.js';

const run = promisify(execFile);
const app = buildApp();
afterAll(() => app.stop());

async function cli(...args: string[]) {
  try {
    const { stdout, stderr } = await run('npx', ['tsx', 'server/scripts/cli.ts', ...args], { env: { ...process.env, LOG_LEVEL: 'info' } });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

describe('cli', () => {
  it('create-tenant --json prints one JSON line whose key works against the API', async () => {
    const res = await cli('create-tenant', '--name', 'Acme 3PL', '--email', `admin-${Date.now()}@acme.test`, '--json');
    expect(res.code, res.stderr).toBe(0);
    const lines = res.stdout.trim().split('\n');
    expect(lines).toHaveLength(1);
    const out = JSON.parse(lines[0]!);
    expect(Object.keys(out)).toEqual(['threeplId', 'userId', 'apiKey']);
    const me = await gql(app.yoga, '{ viewer { threePLId role } }', {}, out.apiKey);
    expect(me.body.data.viewer).toEqual({ threePLId: out.threeplId, role: 'OWNER' });

    const brand = await cli('create-brand', '--threepl', out.threeplId, '--name', 'CLI Brand', '--json');
    expect(brand.code, brand.stderr).toBe(0);
    const brands = await gql(app.yoga, '{ brands { name } }', {}, out.apiKey);
    expect(brands.body.data.brands).toEqual([{ name: 'CLI Brand' }]);
  }, 60_000);

  it('explains missing flags and bad emails without a stack trace', async () => {
    const attempts = [
      ['create-tenant', '--email', 'a@b.test', '--json'],
      ['create-tenant', '--name', 'X', '--email', 'not-an-email', '--json'],
      ['create-brand', '--threepl', 'nope', '--name', 'B'],
      ['frobnicate'],
    ];
    for (const res of await Promise.all(attempts.map((args) => cli(...args)))) {
      expect(res.code).toBe(2);
      expect(res.stdout).toBe('');
      expect(res.stderr).toMatch(/missing --name|not a valid email|must be a 3PL id|unknown command/);
      expect(res.stderr).not.toMatch(/\n\s+at /);
    }
  }, 60_000);
});

import { mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'dotenv';
import { describe, expect, it } from 'vitest';
import { ensureSecretsInDotEnv, hexKey, whsecSecret } from './dotenv-file.js';

const secrets = [
  { name: 'PACKR_T_KEY', generate: hexKey },
  { name: 'PACKR_T_SECRET', generate: whsecSecret },
];

describe('.env secrets on first start', () => {
  it('generates missing secrets once into a private file', () => {
    const path = join(mkdtempSync(join(tmpdir(), 'packr-env-')), '.env');
    expect(ensureSecretsInDotEnv(path, secrets, {})).toEqual(['PACKR_T_KEY', 'PACKR_T_SECRET']);
    const first = parse(readFileSync(path));
    expect(first.PACKR_T_KEY).toMatch(/^[0-9a-f]{64}$/);
    expect(first.PACKR_T_SECRET).toMatch(/^whsec_/);
    expect(statSync(path).mode & 0o077).toBe(0);

    expect(ensureSecretsInDotEnv(path, secrets, {})).toEqual([]); // second start: nothing new
    expect(parse(readFileSync(path))).toEqual(first);
  });

  it('generates nothing that the environment or the file already sets', () => {
    const path = join(mkdtempSync(join(tmpdir(), 'packr-env-')), '.env');
    writeFileSync(path, 'PACKR_T_SECRET=whsec_given\n');
    expect(ensureSecretsInDotEnv(path, secrets, { PACKR_T_KEY: 'from-env' })).toEqual([]);
    expect(readFileSync(path, 'utf8')).toBe('PACKR_T_SECRET=whsec_given\n');
  });
});

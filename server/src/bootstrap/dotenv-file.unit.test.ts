import { mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { hexKey, loadDotEnv, whsecSecret } from './dotenv-file.js';

const names = ['PACKR_T_KEY', 'PACKR_T_SECRET', 'PACKR_T_GIVEN'];
afterEach(() => names.forEach((n) => delete process.env[n]));

describe('.env bootstrap', () => {
  it('generates missing secrets once into a private file and loads them', () => {
    const path = join(mkdtempSync(join(tmpdir(), 'packr-env-')), '.env');
    const secrets = [
      { name: 'PACKR_T_KEY', generate: hexKey },
      { name: 'PACKR_T_SECRET', generate: whsecSecret },
    ];
    expect(loadDotEnv(path, secrets)).toEqual(['PACKR_T_KEY', 'PACKR_T_SECRET']);
    const key = process.env.PACKR_T_KEY;
    expect(key).toMatch(/^[0-9a-f]{64}$/);
    expect(process.env.PACKR_T_SECRET).toMatch(/^whsec_/);
    expect(statSync(path).mode & 0o077).toBe(0);

    delete process.env.PACKR_T_KEY;
    expect(loadDotEnv(path, secrets)).toEqual([]); // second start: nothing new
    expect(process.env.PACKR_T_KEY).toBe(key);
  });

  it('lets real environment variables win over the file', () => {
    const path = join(mkdtempSync(join(tmpdir(), 'packr-env-')), '.env');
    writeFileSync(path, 'PACKR_T_GIVEN=from-file\n');
    process.env.PACKR_T_GIVEN = 'from-env';
    loadDotEnv(path, [{ name: 'PACKR_T_GIVEN', generate: () => 'generated' }]);
    expect(process.env.PACKR_T_GIVEN).toBe('from-env');
    expect(readFileSync(path, 'utf8')).not.toContain('generated');
  });
});

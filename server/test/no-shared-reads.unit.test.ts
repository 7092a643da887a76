// A user's clone has no ../shared folder: nothing the project runs may read it.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

describe('project self-containment', () => {
  it('no tracked source file refers to the shared steering folder', () => {
    const files = execFileSync('git', ['ls-files', '*.ts', '*.tsx', '*.mjs', '*.js', '*.json', '.ci/run'], { encoding: 'utf8' })
      .split('\n')
      .filter((f) => f && !f.endsWith('package-lock.json') && f !== 'server/test/no-shared-reads.unit.test.ts');
    const offenders = files.filter((f) => /\.\.\/shared\/|\/work\/shared/.test(readFileSync(f, 'utf8')));
    expect(offenders).toEqual([]);
  });
});

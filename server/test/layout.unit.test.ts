// The layout's rules, checked from the code's own import statements, so a change that breaks one
// fails here instead of slowly eroding the structure:
// - the sandbox (a simulator of a remote service) and the shared contract import nothing of Packr's;
// - production code never imports test support;
// - data flows one way: nothing below the API layer imports graphql/ or http/;
// - server/src has no import cycle.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, normalize, relative } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOTS = ['server', 'sandbox', 'trackstar-contract', 'client/src', 'client/e2e', 'bench'];
const SKIP = new Set(['node_modules', 'generated', 'gql', 'dist', 'vendor']);
const SPECIFIER = /(?:^|\n)\s*(?:import|export)\s[^'"]*?from\s+['"](\.{1,2}\/[^'"]+)['"]|import\(\s*['"](\.{1,2}\/[^'"]+)['"]\s*\)|(?:^|\n)\s*import\s+['"](\.{1,2}\/[^'"]+)['"]/g;

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    if (SKIP.has(name)) return [];
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sourceFiles(path);
    return /\.(ts|tsx)$/.test(name) ? [path] : [];
  });
}

const files = ROOTS.flatMap((root) => sourceFiles(root));
const known = new Set(files);

function resolve(from: string, specifier: string): string | null {
  const base = normalize(join(dirname(from), specifier));
  for (const candidate of [base.replace(/\.js$/, '.ts'), base.replace(/\.js$/, '.tsx'), base, `${base}.ts`]) if (known.has(candidate)) return candidate;
  return null;
}

const imports = new Map(
  files.map((file) => {
    const text = readFileSync(file, 'utf8');
    const targets = [...text.matchAll(SPECIFIER)].map((m) => resolve(file, m[1] ?? m[2] ?? m[3])).filter((t): t is string => t !== null);
    return [file, targets] as const;
  }),
);

const isTest = (f: string) => /\.(unit|int|e2e)?\.?test\.tsx?$/.test(f) || f.startsWith('server/test/') || f.startsWith('client/e2e/') || f.startsWith('sandbox/test/');
const isProduction = (f: string) => !isTest(f) && !f.startsWith('bench/');
const violations = (files: string[], bad: (target: string) => boolean) =>
  files.flatMap((f) => (imports.get(f) ?? []).filter(bad).map((t) => `${f} -> ${t}`));

describe('layout', () => {
  it('reads the imports it judges (sanity check of the scanner)', () => {
    expect(imports.get('server/src/main.ts')).toContain('server/src/http/app.ts');
  });

  it('the sandbox and the Trackstar contract import nothing from server/', () => {
    const outside = files.filter((f) => f.startsWith('sandbox/') || f.startsWith('trackstar-contract/'));
    expect(violations(outside, (t) => t.startsWith('server/'))).toEqual([]);
    expect(violations(files.filter((f) => f.startsWith('trackstar-contract/')), (t) => t.startsWith('sandbox/'))).toEqual([]);
  });

  it('no production file imports test support', () => {
    expect(violations(files.filter(isProduction), isTest)).toEqual([]);
  });

  it('nothing below the API layer imports graphql/ or http/', () => {
    const lower = files.filter((f) => isProduction(f) && /^server\/src\/(changes|sync|webhooks|jobs|services|trackstar|lib|auth|crypto|audit|stats|attention|alerts|outbound)\//.test(f));
    expect(violations(lower, (t) => /^server\/src\/(graphql|http)\//.test(t))).toEqual([]);
  });

  it('server/src has no import cycle', () => {
    const graph = files.filter((f) => f.startsWith('server/src/') && isProduction(f));
    const state = new Map<string, 'visiting' | 'done'>();
    const cycles: string[] = [];
    const visit = (file: string, path: string[]) => {
      if (state.get(file) === 'done') return;
      if (state.get(file) === 'visiting') {
        cycles.push([...path.slice(path.indexOf(file)), file].map((f) => relative('server/src', f)).join(' -> '));
        return;
      }
      state.set(file, 'visiting');
      for (const target of imports.get(file) ?? []) if (target.startsWith('server/src/')) visit(target, [...path, file]);
      state.set(file, 'done');
    };
    for (const file of graph) visit(file, []);
    expect(cycles).toEqual([]);
  });
});

// Write-body checks as Trackstar applies them: no null, "" or null-like strings anywhere (422),
// then the sandbox variant's schema; keys the schema does not know are reported as unused_fields.
import { z } from 'zod';
import { fail } from './http.js';

const NULL_LIKE = new Set(['', 'null', 'none', 'nil', 'undefined']);

function findNullish(value: unknown, path: string): string | null {
  if (value === null || (typeof value === 'string' && NULL_LIKE.has(value.trim().toLowerCase()))) return path || '(body)';
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const hit = findNullish(value[i], path ? `${path}.${i}` : String(i));
      if (hit) return hit;
    }
  } else if (typeof value === 'object' && value !== null) {
    for (const [k, v] of Object.entries(value)) {
      const hit = findNullish(v, path ? `${path}.${k}` : k);
      if (hit) return hit;
    }
  }
  return null;
}

export function parseWrite<T extends z.ZodObject>(schema: T, body: unknown): { input: z.infer<T>; unused: string[] } {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) throw fail.invalid('json', '(body)', 'Expected a JSON object');
  const nullish = findNullish(body, '');
  if (nullish) throw fail.invalid('json', nullish, 'Field may not be null, empty or a null-like string; omit it instead');
  const result = schema.safeParse(body);
  if (!result.success) {
    const fields: Record<string, string[]> = {};
    for (const issue of result.error.issues) (fields[issue.path.join('.') || '(body)'] ??= []).push(issue.message);
    throw fail.invalidMany('json', fields);
  }
  const known = new Set(Object.keys(schema.shape));
  return { input: result.data, unused: Object.keys(body).filter((k) => !known.has(k)) };
}

// A small JSON Schema (2020-12, as OpenAPI 3.1 uses it) validator for tests: the keywords the REST
// OpenAPI document uses and nothing else. An unsupported keyword throws, so a schema can never
// pass by being misunderstood. Returns the list of problems (empty: valid).
type Schema = Record<string, unknown>;

const KNOWN = new Set(['$ref', 'type', 'properties', 'required', 'additionalProperties', 'items', 'enum', 'format', 'minimum', 'description']);
const DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function typeOf(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  if (typeof value === 'number') return Number.isInteger(value) ? 'integer' : 'number';
  return typeof value;
}

export function validate(root: { components: { schemas: Record<string, Schema> } }, schema: Schema, value: unknown, path = '$'): string[] {
  for (const key of Object.keys(schema)) if (!KNOWN.has(key)) throw new Error(`unsupported schema keyword ${key} at ${path}`);
  if (typeof schema.$ref === 'string') {
    const name = /^#\/components\/schemas\/(.+)$/.exec(schema.$ref)?.[1];
    const target = name ? root.components.schemas[name] : undefined;
    if (!target) throw new Error(`unresolvable $ref ${schema.$ref} at ${path}`);
    return validate(root, target, value, path);
  }
  const problems: string[] = [];
  const actual = typeOf(value);
  if (schema.type !== undefined) {
    const types = Array.isArray(schema.type) ? (schema.type as string[]) : [schema.type as string];
    const fits = types.includes(actual) || (actual === 'integer' && types.includes('number'));
    if (!fits) return [`${path}: expected ${types.join('|')}, got ${actual}`];
  }
  if (Array.isArray(schema.enum) && !schema.enum.includes(value)) problems.push(`${path}: ${JSON.stringify(value)} is not one of ${JSON.stringify(schema.enum)}`);
  if (typeof value === 'string' && schema.format === 'date-time' && !(DATE_TIME.test(value) && !Number.isNaN(Date.parse(value)))) problems.push(`${path}: not a date-time: ${value}`);
  if (typeof value === 'string' && schema.format === 'uuid' && !UUID.test(value)) problems.push(`${path}: not a uuid: ${value}`);
  if (typeof value === 'number' && typeof schema.minimum === 'number' && value < schema.minimum) problems.push(`${path}: ${value} < ${schema.minimum}`);
  if (actual === 'object') {
    const object = value as Record<string, unknown>;
    const properties = (schema.properties ?? {}) as Record<string, Schema>;
    for (const key of (schema.required ?? []) as string[]) if (!(key in object)) problems.push(`${path}: missing ${key}`);
    for (const [key, v] of Object.entries(object)) {
      if (properties[key]) problems.push(...validate(root, properties[key], v, `${path}.${key}`));
      else if (schema.additionalProperties === false) problems.push(`${path}: undocumented property ${key}`);
    }
  }
  if (actual === 'array' && schema.items) (value as unknown[]).forEach((item, i) => problems.push(...validate(root, schema.items as Schema, item, `${path}[${i}]`)));
  return problems;
}

/** Throws on the first keyword validate() does not understand, anywhere in the schema. */
export function assertSupported(schema: unknown, path = '$'): void {
  if (!schema || typeof schema !== 'object') return;
  const s = schema as Schema;
  for (const key of Object.keys(s)) if (!KNOWN.has(key)) throw new Error(`unsupported schema keyword ${key} at ${path}`);
  for (const [name, child] of Object.entries((s.properties ?? {}) as Record<string, unknown>)) assertSupported(child, `${path}.${name}`);
  if (s.items) assertSupported(s.items, `${path}[]`);
}

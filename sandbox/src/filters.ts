// Query filters for WMS lists, as the spec lists them per resource: `field[op]=value` (plain
// `field=value` means eq). Dates must be exactly YYYY-MM-DDTHH:MM:SSZ. `in`/`nin` take at most 100
// comma-separated values. Unknown parameters or operators are refused with 422 naming the parameter.
import {
  INBOUND_STATUSES, ORDER_STATUSES, TRACKSTAR_DATE_RE, type ResourceKey,
} from '../../trackstar-contract/contract.js';
import { fail } from './http.js';

type Kind = 'date' | 'string' | 'bool';
type Field = { kind: Kind; ops: readonly string[]; get: (r: Rec) => unknown; values?: readonly string[] };
type Rec = Record<string, unknown>;
export type Predicate = (r: Rec) => boolean;

const DATE_OPS = ['eq', 'neq', 'gt', 'gte', 'lt', 'lte', 'in', 'nin'] as const;
const RANGE_OPS = ['eq', 'neq', 'gt', 'gte', 'lt', 'lte'] as const;
const STR_OPS = ['eq', 'neq', 'in', 'nin', 'contains', 'not_contains'] as const;
const CI_OPS = ['eq', 'eq-insensitive', 'in', 'in-insensitive', 'nin', 'contains', 'contains-insensitive', 'not_contains'] as const;
export const MAX_IN_VALUES = 100;

const prop = (name: string) => (r: Rec) => r[name];
const date = (name: string, ops: readonly string[] = DATE_OPS): Field => ({ kind: 'date', ops, get: prop(name) });
const str = (name: string, ops: readonly string[] = STR_OPS, values?: readonly string[]): Field => ({ kind: 'string', ops, get: prop(name), values });
const common = { created_date: date('created_date'), updated_date: date('updated_date') };

export const FILTERS: Record<ResourceKey, Record<string, Field>> = {
  orders: {
    ...common,
    status: str('status', STR_OPS, ORDER_STATUSES),
    warehouse_customer_id: str('warehouse_customer_id'),
    channel: { kind: 'string', ops: STR_OPS, get: (r) => (r.channel_object as { channel_id?: string } | null)?.channel_id ?? r.channel },
    type: str('type'),
    order_number: str('order_number', CI_OPS),
    reference_id: str('reference_id', CI_OPS),
    required_ship_date: date('required_ship_date', RANGE_OPS),
  },
  products: { ...common, warehouse_customer_id: str('warehouse_customer_id'), sku: str('sku', ['eq', 'in', 'nin', 'contains', 'not_contains']) },
  inventory: {
    ...common,
    warehouse_customer_id: str('warehouse_customer_id'),
    active: { kind: 'bool', ops: ['eq'], get: prop('active') },
    sku: str('sku', ['eq', 'in', 'nin', 'contains', 'not_contains']),
  },
  warehouses: { ...common },
  warehouse_locations: { ...common, type: str('type') },
  shipping_methods: { ...common },
  returns: { ...common, status: str('status', STR_OPS, INBOUND_STATUSES), warehouse_customer_id: str('warehouse_customer_id') },
  inbound_shipments: {
    ...common,
    status: str('status', STR_OPS, INBOUND_STATUSES),
    warehouse_customer_id: str('warehouse_customer_id'),
    warehouse_id: str('warehouse_id', ['eq', 'contains', 'not_contains']),
    expected_arrival_date: date('expected_arrival_date', RANGE_OPS),
    purchase_order_number: str('purchase_order_number'),
  },
  warehouse_customers: { ...common },
};

export type ParsedFilters = {
  /** Matches every filter; with `ids[in]`, only the id list (other filters are ignored). */
  predicate: Predicate;
  /** Canonical text of the filters, bound into page tokens. */
  canonical: string;
};

const PARAM_RE = /^([a-z_]+)(?:\[([a-z_-]+)\])?$/;

export function parseFilters(query: URLSearchParams, resource: ResourceKey): ParsedFilters {
  const fields = FILTERS[resource];
  const predicates: Predicate[] = [];
  const canonical: string[] = [];
  let ids: Set<string> | null = null;
  for (const [param, raw] of query) {
    if (param === 'limit' || param === 'page_token') continue;
    canonical.push(`${param}=${raw}`);
    if (param === 'ids[in]') {
      const values = splitList(param, raw);
      ids = new Set(values);
      continue;
    }
    const m = PARAM_RE.exec(param);
    const field = m ? fields[m[1]] : undefined;
    if (!m || !field) throw fail.invalid('query', param, `Unknown field '${m?.[1] ?? param}' for this endpoint`);
    const op = m[2] ?? 'eq';
    if (!field.ops.includes(op)) throw fail.invalid('query', param, `Unsupported operator '${op}' for ${m[1]}; use one of ${field.ops.join(', ')}`);
    predicates.push(build(field, op, param, raw));
  }
  canonical.sort();
  const idSet = ids as Set<string> | null;
  return {
    predicate: idSet ? (r) => idSet.has(r.id as string) : (r) => predicates.every((p) => p(r)),
    canonical: canonical.join('&'),
  };
}

function splitList(param: string, raw: string): string[] {
  const values = raw.split(',').map((v) => v.trim()).filter(Boolean);
  if (values.length === 0) throw fail.invalid('query', param, 'Expected a comma-separated list of values');
  if (values.length > MAX_IN_VALUES) throw fail.invalid('query', param, `At most ${MAX_IN_VALUES} values are allowed`);
  return values;
}

function parseDate(param: string, value: string): number {
  const ms = Date.parse(value);
  if (!TRACKSTAR_DATE_RE.test(value) || Number.isNaN(ms)) {
    throw fail.invalid('query', param, 'Must be a date in the format YYYY-MM-DDTHH:MM:SSZ');
  }
  return ms;
}

function build(field: Field, op: string, param: string, raw: string): Predicate {
  const multi = op === 'in' || op === 'nin' || op === 'in-insensitive';
  const values = multi ? splitList(param, raw) : [raw];
  if (field.kind === 'date') {
    const ms = values.map((v) => parseDate(param, v));
    const cmp = (r: Rec): number | null => {
      const v = field.get(r);
      return typeof v === 'string' ? Date.parse(v) : null;
    };
    const at = ms[0];
    const tests: Record<string, (v: number) => boolean> = {
      eq: (v) => v === at, neq: (v) => v !== at, gt: (v) => v > at, gte: (v) => v >= at, lt: (v) => v < at, lte: (v) => v <= at,
      in: (v) => ms.includes(v), nin: (v) => !ms.includes(v),
    };
    return (r) => {
      const v = cmp(r);
      return v === null ? op === 'neq' || op === 'nin' : tests[op](v);
    };
  }
  if (field.kind === 'bool') {
    if (raw !== 'true' && raw !== 'false') throw fail.invalid('query', param, 'Must be true or false');
    const want = raw === 'true';
    return (r) => field.get(r) === want;
  }
  if (field.values && (op === 'eq' || op === 'neq' || op === 'in' || op === 'nin')) {
    const bad = values.find((v) => !field.values!.includes(v));
    if (bad !== undefined) throw fail.invalid('query', param, `'${bad}' is not one of ${field.values.join(', ')}`);
  }
  const lower = values.map((v) => v.toLowerCase());
  return (r) => {
    const v = field.get(r);
    const s = typeof v === 'string' ? v : v === null || v === undefined ? null : String(v);
    switch (op) {
      case 'eq': return s === values[0];
      case 'neq': return s !== values[0];
      case 'in': return s !== null && values.includes(s);
      case 'nin': return s === null || !values.includes(s);
      case 'contains': return s !== null && s.includes(values[0]);
      case 'not_contains': return s === null || !s.includes(values[0]);
      case 'eq-insensitive': return s !== null && s.toLowerCase() === lower[0];
      case 'in-insensitive': return s !== null && lower.includes(s.toLowerCase());
      case 'contains-insensitive': return s !== null && s.toLowerCase().includes(lower[0]);
      default: return false;
    }
  };
}

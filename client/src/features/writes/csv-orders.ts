// The orders CSV: one row per order line. Rows with the same order_number are one order (so an
// order with a single line is a single row); the order's other columns are read from its first
// row, and its later rows may repeat them or leave them empty. Everything the API would refuse
// is found here first, with the row and column it is on.
import type { CreateOrderInput } from '../../gql/graphql';
import { orderImportKey } from './idempotency';
import {
  describeValue, idempotencyKeyProblem, parseAmount, parseWholeNumber, quantityProblem, readCsv, templateCsv, textProblem,
  type CsvColumn, type CsvRow, type RowProblem,
} from './csv-table';

export const ORDER_COLUMNS: CsvColumn[] = [
  { name: 'order_number', required: true, description: 'The order number shown to the shopper. Rows with the same number are lines of one order.', example: 'SO-1001' },
  { name: 'sku', required: true, description: "The line's product, by SKU (a product of this brand).", example: 'TEE-BLK-M' },
  { name: 'quantity', required: true, description: 'Units of the line: a whole number from 1 to 1,000,000.', example: '2' },
  { name: 'unit_price', description: 'Price of one unit, e.g. 19.99.', example: '19.99' },
  { name: 'full_name', description: 'Recipient.', example: 'Ada Lovelace' },
  { name: 'company', description: 'Company.', example: '' },
  { name: 'address1', required: true, description: 'Street and number.', example: '1 Main St' },
  { name: 'address2', description: 'Apartment, suite, floor.', example: 'Apt 4' },
  { name: 'city', required: true, description: 'City.', example: 'Springfield' },
  { name: 'state', required: true, description: 'State, province or region.', example: 'IL' },
  { name: 'postal_code', required: true, description: 'Postal or ZIP code.', example: '62701' },
  { name: 'country', required: true, description: 'Country code, e.g. US.', example: 'US' },
  { name: 'reference_id', description: 'The order id in the sales channel.', example: 'shop-1001' },
  { name: 'service_level', description: 'Shipping service the shopper chose, e.g. Standard.', example: 'Standard' },
  { name: 'currency', description: 'ISO 4217 currency code of the prices, e.g. USD.', example: 'USD' },
  {
    name: 'idempotency_key',
    description: "Optional. Packr derives one from the order's content, so importing the same order again never creates it twice; the error report carries the key each order was sent with.",
    example: '',
  },
];

/** Columns that describe the order rather than one line: read from the order's first row. */
const ORDER_LEVEL = ['full_name', 'company', 'address1', 'address2', 'city', 'state', 'postal_code', 'country', 'reference_id', 'service_level', 'currency', 'idempotency_key'] as const;

const LIMITS: Record<string, number> = {
  order_number: 100, sku: 100, full_name: 200, company: 200, address1: 200, address2: 200, city: 100, state: 100, postal_code: 20, country: 60,
  reference_id: 100, service_level: 100,
};

const REQUIRED = new Set(ORDER_COLUMNS.filter((c) => c.required).map((c) => c.name));
export const MAX_LINES_PER_ORDER = 200;

export type ImportOrder = {
  orderNumber: string;
  /** Spreadsheet rows of its lines. */
  rows: number[];
  /** The order to send, without its key. */
  input: Omit<CreateOrderInput, 'idempotencyKey'>;
  idempotencyKey: string;
};

export type OrdersFile =
  | { ok: true; orders: ImportOrder[]; rows: CsvRow[]; header: string[]; ignoredColumns: string[] }
  | { ok: false; problems: RowProblem[]; rows?: CsvRow[]; header?: string[] };

export const ORDERS_TEMPLATE = templateCsv(ORDER_COLUMNS, [
  ['SO-1001', 'TEE-BLK-M', '2', '19.99', 'Ada Lovelace', '', '1 Main St', 'Apt 4', 'Springfield', 'IL', '62701', 'US', 'shop-1001', 'Standard', 'USD', ''],
  ['SO-1001', 'MUG-WHT', '1', '9.50', '', '', '', '', '', '', '', '', '', '', '', ''],
  ['SO-1002', 'TEE-BLK-L', '1', '', 'Grace Hopper', 'Navy', '7 Harbor Rd', '', 'Arlington', 'VA', '22201', 'US', '', '', '', ''],
]);

/** Checks one cell; records a problem and returns false when it is unusable. */
function cellOk(row: CsvRow, column: string, problems: RowProblem[]): boolean {
  const value = row.values[column];
  if (value === '') return true;
  const problem = LIMITS[column] ? textProblem(value, LIMITS[column]) : null;
  if (problem) problems.push({ row: row.row, column, message: problem });
  return problem === null;
}

function checkLine(row: CsvRow, problems: RowProblem[]) {
  const before = problems.length;
  if (row.values.order_number === '') problems.push({ row: row.row, column: 'order_number', message: 'Required: the order this line belongs to' });
  else cellOk(row, 'order_number', problems);
  if (row.values.sku === '') problems.push({ row: row.row, column: 'sku', message: "Required: the line's product SKU" });
  else cellOk(row, 'sku', problems);
  const quantity = quantityProblem(row.values.quantity);
  if (row.values.quantity === '') problems.push({ row: row.row, column: 'quantity', message: 'Required: units of the line, from 1 to 1,000,000' });
  else if (quantity) problems.push({ row: row.row, column: 'quantity', message: quantity });
  if (row.values.unit_price !== '' && parseAmount(row.values.unit_price) === null) {
    problems.push({ row: row.row, column: 'unit_price', message: `Must be an amount such as 19.99, without currency signs or thousands separators (got ${describeValue(row.values.unit_price)})` });
  }
  return problems.length === before;
}

export function parseOrdersCsv(text: string, brandId: string): OrdersFile {
  const table = readCsv(text, ORDER_COLUMNS);
  if (!table.ok) return table;
  const problems: RowProblem[] = [...table.problems];
  const groups = new Map<string, CsvRow[]>();
  for (const row of table.rows) {
    checkLine(row, problems);
    const number = row.values.order_number;
    if (number === '') continue;
    let group = groups.get(number);
    if (!group) groups.set(number, (group = []));
    group.push(row);
  }

  const orders: ImportOrder[] = [];
  for (const [orderNumber, rows] of groups) {
    const first = rows[0];
    // The order's own columns: the first row says them; later rows may only repeat them.
    for (const column of ORDER_LEVEL) {
      const value = first.values[column];
      if (value === '' && REQUIRED.has(column)) problems.push({ row: first.row, column, message: `Required on the first row of order ${orderNumber}` });
      else cellOk(first, column, problems);
      for (const later of rows.slice(1)) {
        const v = later.values[column];
        if (v !== '' && v !== value) {
          problems.push({ row: later.row, column, message: `Order ${orderNumber} has ${value === '' ? 'no value' : describeValue(value)} here on row ${first.row}; leave this cell empty or repeat that value` });
        }
      }
    }
    const currency = first.values.currency.toUpperCase();
    if (currency !== '' && !/^[A-Z]{3}$/.test(currency)) problems.push({ row: first.row, column: 'currency', message: `A three-letter ISO 4217 code such as USD (got ${describeValue(first.values.currency)})` });
    const givenKey = first.values.idempotency_key;
    const keyProblem = givenKey ? idempotencyKeyProblem(givenKey) : null;
    if (keyProblem) problems.push({ row: first.row, column: 'idempotency_key', message: keyProblem });
    if (rows.length > MAX_LINES_PER_ORDER) problems.push({ row: rows[MAX_LINES_PER_ORDER].row, message: `Order ${orderNumber} has ${rows.length} lines; at most ${MAX_LINES_PER_ORDER} per order` });

    const optional = (column: string) => (first.values[column] === '' ? undefined : first.values[column]);
    const input: ImportOrder['input'] = {
      orderNumber,
      shipToAddress: {
        fullName: optional('full_name'),
        company: optional('company'),
        address1: first.values.address1,
        address2: optional('address2'),
        city: first.values.city,
        state: first.values.state,
        postalCode: first.values.postal_code,
        country: first.values.country,
      },
      lineItems: rows.map((r) => ({
        sku: r.values.sku,
        quantity: parseWholeNumber(r.values.quantity) ?? 0,
        unitPrice: r.values.unit_price === '' ? undefined : (parseAmount(r.values.unit_price) ?? undefined),
      })),
      referenceId: optional('reference_id'),
      serviceLevel: optional('service_level'),
      invoiceCurrencyCode: currency === '' ? undefined : currency,
    };
    const clean = withoutUndefined(input);
    orders.push({ orderNumber, rows: rows.map((r) => r.row), input: clean, idempotencyKey: givenKey || orderImportKey(brandId, clean) });
  }

  const keys = new Map<string, string>();
  for (const o of orders) {
    const earlier = keys.get(o.idempotencyKey);
    if (earlier !== undefined) problems.push({ row: o.rows[0], column: 'idempotency_key', message: `Order ${earlier} has the same idempotency_key; give each order its own` });
    else keys.set(o.idempotencyKey, o.orderNumber);
  }
  problems.sort((a, b) => (a.row ?? 0) - (b.row ?? 0));
  if (problems.length > 0) return { ok: false, problems, rows: table.rows, header: table.header };
  return { ok: true, orders, rows: table.rows, header: table.header, ignoredColumns: table.ignoredColumns };
}

/** Leaves unset fields out (the API reads null as absent anyway; this keeps the content hash stable). */
function withoutUndefined<T>(value: T): T {
  if (Array.isArray(value)) return value.map(withoutUndefined) as T;
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined).map(([k, v]) => [k, withoutUndefined(v)])) as T;
  }
  return value;
}

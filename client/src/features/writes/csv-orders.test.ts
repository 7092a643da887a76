// The orders CSV: grouping lines into orders, every refusal on its row and column, and the keys
// that make a re-import replay instead of creating orders twice.
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { MAX_LINES_PER_ORDER, ORDERS_TEMPLATE, parseOrdersCsv } from './csv-orders';
import { MAX_DATA_ROWS, MAX_FILE_BYTES, checkFileSize, readCsv, safeReportText, toCsv } from './csv-table';
import { canonicalJson, newIdempotencyKey, orderImportKey } from './idempotency';
import { sha256Hex } from './sha256';

const BRAND = 'QnJhbmQ6MQ==';
const HEADER = 'order_number,sku,quantity,unit_price,full_name,address1,city,state,postal_code,country';
const csv = (...rows: string[]) => [HEADER, ...rows].join('\n');

function problemsOf(text: string) {
  const file = parseOrdersCsv(text, BRAND);
  if (file.ok) throw new Error('expected problems');
  return file.problems;
}

describe('sha256Hex', () => {
  it('matches node:crypto on ASCII, multi-byte text and block boundaries', () => {
    for (const text of ['', 'abc', 'ü€😀 order', 'x'.repeat(55), 'x'.repeat(56), 'x'.repeat(64), 'y'.repeat(1000)]) {
      expect(sha256Hex(text)).toBe(createHash('sha256').update(text, 'utf8').digest('hex'));
    }
  });
});

describe('parseOrdersCsv', () => {
  it('groups rows by order number: lines of one order on several rows, a one-line order on one row', () => {
    const file = parseOrdersCsv(
      csv(
        'SO-1,TEE-M,2,19.99,Ada,1 Main St,Springfield,IL,62701,US',
        'SO-2,MUG,1,,Grace,7 Harbor Rd,Arlington,VA,22201,US',
        'SO-1,MUG,3,9.5,,,,,,',
      ),
      BRAND,
    );
    expect(file.ok).toBe(true);
    if (!file.ok) return;
    expect(file.orders.map((o) => [o.orderNumber, o.rows])).toEqual([['SO-1', [2, 4]], ['SO-2', [3]]]);
    expect(file.orders[0].input).toEqual({
      orderNumber: 'SO-1',
      shipToAddress: { fullName: 'Ada', address1: '1 Main St', city: 'Springfield', state: 'IL', postalCode: '62701', country: 'US' },
      lineItems: [{ sku: 'TEE-M', quantity: 2, unitPrice: 19.99 }, { sku: 'MUG', quantity: 3, unitPrice: 9.5 }],
    });
    expect(file.orders[1].input.lineItems).toEqual([{ sku: 'MUG', quantity: 1 }]);
  });

  it('reads headers in any case and spacing, semicolon files, quoted commas and a BOM', () => {
    const text = '\uFEFFOrder Number;SKU;Quantity;Address1;City;State;Postal Code;Country\n"SO;9";"A,B";1;"1 Main St, Apt 2";X;Y;1;US\n';
    const file = parseOrdersCsv(text, BRAND);
    expect(file.ok && file.orders[0].input).toMatchObject({ orderNumber: 'SO;9', lineItems: [{ sku: 'A,B', quantity: 1 }], shipToAddress: { address1: '1 Main St, Apt 2' } });
  });

  it('refuses bad cells with the row and column, and sends nothing', () => {
    const problems = problemsOf(
      csv(
        'SO-1,TEE,two,19.99,Ada,1 Main St,Springfield,IL,62701,US',
        'SO-2,TEE,0,$5,Ada,1 Main St,Springfield,IL,62701,US',
        'SO-3,,1,,Ada,,Springfield,IL,62701,null',
        ',TEE,1,,Ada,1 Main St,Springfield,IL,62701,US',
        'SO-4,TEE,2.5,1,5,Ada,1 Main St,Springfield,IL,62701,US',
      ),
    );
    expect(problems.map((p) => [p.row, p.column])).toEqual([
      [2, 'quantity'],
      [3, 'quantity'],
      [3, 'unit_price'],
      [4, 'sku'],
      [4, 'address1'],
      [4, 'country'],
      [5, 'order_number'],
      [6, undefined],
    ]);
    expect(problems[0].message).toBe('Must be a whole number from 1 to 1,000,000 (got "two")');
    expect(problems[2].message).toMatch(/amount such as 19\.99/);
    expect(problems[5].message).toMatch(/reads as an empty value/);
    expect(problems[7].message).toMatch(/has 11 values but the header names 10 columns/);
  });

  it("refuses a later row that contradicts its order's first row, and too many lines", () => {
    const problems = problemsOf(csv('SO-1,A,1,,Ada,1 Main St,Springfield,IL,62701,US', 'SO-1,B,1,,Bob,,,,,'));
    expect(problems).toEqual([{ row: 3, column: 'full_name', message: 'Order SO-1 has "Ada" here on row 2; leave this cell empty or repeat that value' }]);
    const many = Array.from({ length: MAX_LINES_PER_ORDER + 1 }, (_, i) => `SO-1,S${i},1,,,1 Main St,X,Y,1,US`);
    expect(problemsOf(csv(...many))[0].message).toBe(`Order SO-1 has ${MAX_LINES_PER_ORDER + 1} lines; at most ${MAX_LINES_PER_ORDER} per order`);
  });

  it('gives clear file-level messages: empty, header only, missing columns, unclosed quote, not text', () => {
    expect(problemsOf('')).toEqual([{ row: null, message: 'The file is empty.' }]);
    expect(problemsOf('\n\n  \n')).toEqual([{ row: null, message: 'The file is empty.' }]);
    expect(problemsOf(`${HEADER}\n`)).toEqual([{ row: null, message: 'The file has a header row but no data rows.' }]);
    const missing = problemsOf('sku,qty\nA,1\n');
    expect(missing[0].message).toMatch(/^Missing columns: order_number, quantity, address1, city, state, postal_code, country\. /);
    expect(missing[0].message).toMatch(/found: sku, qty/);
    expect(problemsOf(csv('SO-1,"TEE,1,,Ada,1 Main St,Springfield,IL,62701,US'))[0].message).toMatch(/quoted value is not closed/);
    expect(problemsOf('order_number\u0000sku')[0].message).toMatch(/not a text file/);
    expect(problemsOf(`${HEADER},order number\nSO-1,A,1,,,1,X,Y,1,US,SO-1`)[0].message).toMatch(/appears twice/);
  });

  it('refuses huge files before and after reading', () => {
    expect(checkFileSize(0)).toBe('The file is empty.');
    expect(checkFileSize(MAX_FILE_BYTES + 1)).toMatch(/at most 5\.0 MB/);
    expect(checkFileSize(1000)).toBeNull();
    const rows = Array.from({ length: MAX_DATA_ROWS + 1 }, (_, i) => `SO-${i},A,1,,,1,X,Y,1,US`);
    expect(problemsOf(csv(...rows))[0].message).toMatch(/10,001 rows; at most 10,000/);
  });

  it('lists columns it does not use, and ignores the error report’s own columns', () => {
    const file = parseOrdersCsv('order_number,sku,quantity,address1,city,state,postal_code,country,colour,result,error\nSO-1,A,1,1,X,Y,1,US,red,failed,oops\n', BRAND);
    expect(file.ok && file.ignoredColumns).toEqual(['colour']);
  });

  it('derives the same key for the same order whatever the file looks like, and another for other content', () => {
    const a = parseOrdersCsv(csv('SO-1,A,1,,Ada,1 Main St,X,Y,1,US'), BRAND);
    const reformatted = parseOrdersCsv('Country;Postal Code;State;City;Address1;Full Name;Unit Price;Quantity;SKU;Order Number\r\n"US";1;Y;X;1 Main St;Ada;;1;A;SO-1\r\n', BRAND);
    const changed = parseOrdersCsv(csv('SO-1,A,2,,Ada,1 Main St,X,Y,1,US'), BRAND);
    const otherBrand = parseOrdersCsv(csv('SO-1,A,1,,Ada,1 Main St,X,Y,1,US'), 'QnJhbmQ6Mg==');
    if (!a.ok || !reformatted.ok || !changed.ok || !otherBrand.ok) throw new Error('expected files to parse');
    expect(a.orders[0].idempotencyKey).toMatch(/^packr-csv-order-[0-9a-f]{40}$/);
    expect(reformatted.orders[0].idempotencyKey).toBe(a.orders[0].idempotencyKey);
    expect(changed.orders[0].idempotencyKey).not.toBe(a.orders[0].idempotencyKey);
    expect(otherBrand.orders[0].idempotencyKey).not.toBe(a.orders[0].idempotencyKey);
    expect(a.orders[0].idempotencyKey).toBe(orderImportKey(BRAND, a.orders[0].input));
  });

  it('uses a key the file gives, checks it and refuses two orders sharing one', () => {
    const given = parseOrdersCsv('order_number,sku,quantity,address1,city,state,postal_code,country,idempotency_key\nSO-1,A,1,1,X,Y,1,US,my-key-1\n', BRAND);
    expect(given.ok && given.orders[0].idempotencyKey).toBe('my-key-1');
    const shared = problemsOf('order_number,sku,quantity,address1,city,state,postal_code,country,idempotency_key\nSO-1,A,1,1,X,Y,1,US,k\nSO-2,A,1,1,X,Y,1,US,k\n');
    expect(shared).toEqual([{ row: 3, column: 'idempotency_key', message: 'Order SO-1 has the same idempotency_key; give each order its own' }]);
    expect(problemsOf('order_number,sku,quantity,address1,city,state,postal_code,country,idempotency_key\nSO-1,A,1,1,X,Y,1,US,bad key é\n')[0].message).toMatch(/Printable ASCII/);
  });

  it('parses its own template', () => {
    const file = parseOrdersCsv(ORDERS_TEMPLATE, BRAND);
    expect(file.ok && file.orders.map((o) => o.input.lineItems.length)).toEqual([2, 1]);
  });
});

describe('csv helpers', () => {
  it('writes CSV that reads back, and keeps report messages from starting formulas', () => {
    const text = toCsv(['a', 'b'], [['x,y', 'say "hi"'], ['1', '']]);
    expect(text).toBe('a,b\r\n"x,y","say ""hi"""\r\n1,');
    const back = readCsv(text, [{ name: 'a', description: '', example: '' }, { name: 'b', description: '', example: '' }]);
    expect(back.ok && back.rows.map((r) => r.values)).toEqual([{ a: 'x,y', b: 'say "hi"' }, { a: '1', b: '' }]);
    expect(safeReportText('=HYPERLINK("x")')).toBe('\'=HYPERLINK("x")');
    expect(safeReportText('Unknown SKU')).toBe('Unknown SKU');
  });

  it('canonical JSON ignores key order; random form keys are printable and distinct', () => {
    expect(canonicalJson({ b: 1, a: [{ d: 2, c: undefined }] })).toBe('{"a":[{"d":2}],"b":1}');
    const keys = new Set(Array.from({ length: 100 }, newIdempotencyKey));
    expect(keys.size).toBe(100);
    for (const k of keys) expect(k).toMatch(/^packr-ui-[0-9a-f]{32}$/);
  });
});

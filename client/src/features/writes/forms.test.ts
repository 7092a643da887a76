// The forms' rules without a browser: which errors go next to which field, why an action is not
// offered, and when a form draws a new idempotency key.
import { describe, expect, it } from 'vitest';
import { unavailableReason } from './access';
import { describePath, sortErrors } from './field-errors';
import { keyForAttempt, nothingDone } from './useWrite';

describe('form errors and access', () => {
  it("puts errors next to the fields the form shows, the rest in the summary with a readable path", () => {
    const sorted = sortErrors(
      [
        { field: ['lineItems', '0', 'sku'], message: 'No product with SKU X in this brand', code: 'NOT_FOUND' },
        { field: null, message: 'The WMS (sandbox) refused the write: nope', code: 'REJECTED' },
        { field: ['lineItems', '1', 'productId'], message: 'Unknown product', code: 'REJECTED' },
        { field: ['orderNumber'], message: 'Required' },
      ],
      [{ path: 'orderNumber', label: 'Order number' }, { path: 'lineItems.0.sku', label: 'Line 1 SKU' }],
    );
    expect([...sorted.byField]).toEqual([['lineItems.0.sku', 'No product with SKU X in this brand'], ['orderNumber', 'Required']]);
    expect(sorted.fieldsInOrder.map((f) => f.path)).toEqual(['orderNumber', 'lineItems.0.sku']);
    expect(sorted.general.map((e) => e.message)).toEqual(['The WMS (sandbox) refused the write: nope', 'Line 2, product id: Unknown product']);
    expect(describePath(['shipToAddress', 'postalCode'])).toBe('Ship to address, postal code');
  });

  it("explains why an action is not offered, naming the WMS", () => {
    const active = { status: 'ACTIVE' as const, integrationName: 'shipbob-sim', availableActions: ['create_order'] };
    expect(unavailableReason(active, 'create_order')).toBeNull();
    expect(unavailableReason(active, 'adjust_inventory')).toBe("Shipbob-sim (this brand's WMS) does not offer stock adjustments through Trackstar (adjust_inventory).");
    expect(unavailableReason(null, 'create_order')).toMatch(/not connected/);
    expect(unavailableReason({ ...active, status: 'ERROR' }, 'create_order')).toMatch(/needs attention/);
  });

  it('keeps a form\'s key for retries and after answers in doubt; draws a new one only when nothing was done and the input changed', () => {
    const draw = () => 'new-key';
    expect(keyForAttempt(null, '{"a":1}', 'k', draw)).toBe('k');
    // Lost answer or UNAVAILABLE: same key, even with other input (the API then says the key was used).
    expect(keyForAttempt({ sent: '{"a":1}', nothingDone: false }, '{"a":2}', 'k', draw)).toBe('k');
    // Refused, nothing done: the same input keeps its key, a corrected one gets a new key.
    expect(keyForAttempt({ sent: '{"a":1}', nothingDone: true }, '{"a":1}', 'k', draw)).toBe('k');
    expect(keyForAttempt({ sent: '{"a":1}', nothingDone: true }, '{"a":2}', 'k', draw)).toBe('new-key');
    expect(nothingDone({ status: 'refused', errors: [{ message: 'x', code: 'REJECTED' }, { message: 'y', code: 'INVALID' }] })).toBe(true);
    expect(nothingDone({ status: 'refused', errors: [{ message: 'x', code: 'UNAVAILABLE' }] })).toBe(false);
    expect(nothingDone({ status: 'refused', errors: [{ message: 'x', code: 'IDEMPOTENCY_KEY_REUSED' }] })).toBe(false);
    expect(nothingDone({ status: 'failed', message: 'no answer' })).toBe(false);
  });
});

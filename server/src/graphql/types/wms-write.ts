// What every WMS write mutation shares (services/wms-writes.ts): the user error type and its codes,
// the fields each payload carries besides its record, and the address input. The mutations live
// with their records: order-writes.ts, inventory-writes.ts, receiving-writes.ts.
import type { WmsWriteError, WmsWriteErrorCode, WriteResult } from '../../services/wms-writes.js';
import { builder } from '../builder.js';

const CODES: Record<WmsWriteErrorCode, { description: string }> = {
  INVALID: { description: 'Packr refused a value before calling Trackstar (field says which); nothing was sent.' },
  NOT_FOUND: { description: 'A record the input names (product, warehouse, shipping method, order, or a bulk row\'s inventory item) is not in this brand, or not visible to you; nothing was sent.' },
  NOT_CONNECTED: { description: 'The brand has no working Trackstar connection (never connected, disconnected, or its credentials need attention); nothing was sent.' },
  ACTION_NOT_AVAILABLE: { description: "The brand's WMS does not offer this write (not in the connection's availableActions, or Trackstar said it is not implemented or disabled); the message names the WMS." },
  IDEMPOTENCY_KEY_REUSED: { description: 'The idempotency key was already used for a different write (or by another row of the same call); nothing was sent. Use a new key.' },
  REJECTED: { description: "Trackstar or the WMS refused the write; the message is theirs, passed on as is, and field points at the input value they named. Nothing was changed." },
  UNAVAILABLE: { description: 'Trackstar did not answer (errors, timeouts or rate limits outlasted the retries), or Packr could not store the answer: the write may or may not have happened. Retry with the same idempotencyKey: it acts at most once.' },
};

export const WmsWriteErrorCodeEnum = builder.enumType('WmsWriteErrorCode', {
  description: 'Why a WMS write did not happen (or may not have).',
  values: CODES,
});

export const WmsWriteErrorRef = builder.objectRef<WmsWriteError>('WmsWriteError').implement({
  description: 'A problem with a WMS write, for the person who asked: show message next to field.',
  fields: (t) => ({
    field: t.exposeStringList('field', {
      nullable: true,
      description: 'Path to the input value concerned, from the mutation\'s input argument (or the bulk row): e.g. ["lineItems", "0", "quantity"]. Null when it concerns the write as a whole.',
    }),
    message: t.exposeString('message', { description: 'What is wrong and, where it helps, what to do; never contains secrets.' }),
    code: t.expose('code', { type: WmsWriteErrorCodeEnum, description: 'Machine-readable reason.' }),
  }),
});

type Types = typeof builder extends PothosSchemaTypes.SchemaBuilder<infer T> ? T : never;
type FieldBuilder<T> = PothosSchemaTypes.ObjectFieldBuilder<Types, T>;

/** idempotencyKey, replayed and userErrors: the fields of every write payload and bulk row besides its record. */
export function writeOutcomeFields<T extends WriteResult>(t: FieldBuilder<T>) {
  return {
    idempotencyKey: t.string({
      description: 'The key the write was sent under (yours, or one Packr generated). Repeat the call with it to retry safely: a write is never carried out twice under one key.',
      resolve: (r: T) => r.idempotencyKey,
    }),
    replayed: t.boolean({
      description: 'True when the write had already been carried out under this key (by an earlier call, or by an attempt of this one whose answer was lost) and was not carried out again.',
      resolve: (r: T) => r.replayed,
    }),
    userErrors: t.field({
      type: [WmsWriteErrorRef],
      description: 'Why the write did not happen; empty when it did.',
      resolve: (r: T) => r.errors,
    }),
  };
}

export const WriteAddressInputRef = builder.inputType('WmsAddressInput', {
  description: 'A ship-to address for the WMS. Leave unknown fields out: empty strings and words like "null" are refused.',
  fields: (t) => ({
    fullName: t.string({ description: 'Recipient name (at most 200 characters).' }),
    company: t.string({ description: 'Company name (at most 200 characters).' }),
    address1: t.string({ description: 'Street and number. Required when creating an order.' }),
    address2: t.string({ description: 'Apartment, suite, floor.' }),
    city: t.string({ description: 'City. Required when creating an order.' }),
    state: t.string({ description: 'State, province or region. Required when creating an order.' }),
    postalCode: t.string({ description: 'Postal or ZIP code. Required when creating an order.' }),
    country: t.string({ description: 'Country, as the WMS expects it (usually an ISO code such as US). Required when creating an order.' }),
  }),
});

/**
 * The answer of a write's record field when nothing was written. Pothos' onUnusedQuery (on outside
 * production) refuses a resolver that leaves its selection's `query` unread, which is right when
 * a record is read but not when there is none: reading it here says so.
 */
export function noRecord(query: object): null {
  void { ...query };
  return null;
}

export const IDEMPOTENCY_KEY_DESCRIPTION =
  'Your key for this write (1 to 255 printable ASCII characters), sent to Trackstar as Idempotency-Key. Omit it and Packr generates one (returned in the payload). The same key again never acts twice: a write already done is reported with replayed: true.';

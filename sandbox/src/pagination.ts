// Opaque page tokens: keyset on the collection's immutable insertion sequence (see collection.ts for
// why that keeps paging stable under concurrent writes), signed, and bound to a hash of the request's
// filters and scope. Trackstar's tokens do not remember filters, so Packr must repeat them; a token
// presented with different (or no) filters is refused with 422 rather than silently reused.
import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import { fail } from './http.js';

export const DEFAULT_LIMIT = 1000;
export const MAX_LIMIT = 1000;

export function parseLimit(raw: string | null): number {
  if (raw === null) return DEFAULT_LIMIT;
  const n = Number(raw);
  if (!/^\d+$/.test(raw) || n < 1 || n > MAX_LIMIT) throw fail.invalid('query', 'limit', `Must be an integer between 1 and ${MAX_LIMIT}`);
  return n;
}

export class PageTokens {
  constructor(private readonly secret: string) {}

  private hash(scope: string, filters: string): string {
    return createHash('sha256').update(`${scope}\n${filters}`).digest('base64url').slice(0, 16);
  }

  private sign(payload: string): string {
    return createHmac('sha256', this.secret).update(payload).digest('base64url').slice(0, 22);
  }

  issue(afterSeq: number, scope: string, filters: string): string {
    const payload = Buffer.from(JSON.stringify({ s: afterSeq, h: this.hash(scope, filters) })).toString('base64url');
    return `${payload}.${this.sign(payload)}`;
  }

  /** The sequence to continue after; 422 when the token is forged or its filters differ. */
  read(token: string | null, scope: string, filters: string): number {
    if (token === null) return 0;
    const [payload, sig] = token.split('.');
    const expected = payload ? this.sign(payload) : '';
    if (!payload || !sig || sig.length !== expected.length || !timingSafeEqual(Buffer.from(sig), Buffer.from(expected))) {
      throw fail.invalid('query', 'page_token', 'Invalid page token');
    }
    const { s, h } = JSON.parse(Buffer.from(payload, 'base64url').toString()) as { s: number; h: string };
    if (h !== this.hash(scope, filters)) {
      throw fail.invalid('query', 'page_token', 'This page token was issued for other filters: repeat the same filters on every page');
    }
    return s;
  }
}

// Link tokens and auth codes. A link token is the browser's only credential: the Link modal trades
// it (plus the picked integration) for a one-time auth code, which the backend exchanges.
import { randomBytes } from 'node:crypto';

export type LinkToken = { token: string; connectionId: string | null; customerId: string | null; expiresAt: number };
export type AuthCode = { code: string; integrationName: string; linkToken: LinkToken; used: boolean };

export class LinkState {
  private readonly tokens = new Map<string, LinkToken>();
  private readonly codes = new Map<string, AuthCode>();

  constructor(private readonly now: () => number, private readonly ttlMs: number) {}

  issueToken(connectionId: string | null, customerId: string | null): LinkToken {
    this.prune();
    const t: LinkToken = {
      token: `link_${randomBytes(18).toString('base64url')}`, connectionId, customerId, expiresAt: this.now() + this.ttlMs,
    };
    this.tokens.set(t.token, t);
    return t;
  }

  token(value: string): LinkToken | undefined {
    const t = this.tokens.get(value);
    return t && t.expiresAt > this.now() ? t : undefined;
  }

  issueCode(linkToken: LinkToken, integrationName: string): AuthCode {
    const c: AuthCode = { code: `auth_${randomBytes(18).toString('base64url')}`, integrationName, linkToken, used: false };
    this.codes.set(c.code, c);
    return c;
  }

  /** Auth codes are single-use. */
  redeem(code: string): AuthCode | undefined {
    const c = this.codes.get(code);
    if (!c || c.used || c.linkToken.expiresAt <= this.now()) return undefined;
    c.used = true;
    return c;
  }

  private prune(): void {
    const now = this.now();
    for (const [k, t] of this.tokens) if (t.expiresAt <= now) this.tokens.delete(k);
    for (const [k, c] of this.codes) if (c.used || c.linkToken.expiresAt <= now) this.codes.delete(k);
  }
}

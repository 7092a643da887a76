// Link tokens and auth codes. A link token is the browser's only credential: the Link modal trades
// it (plus the picked integration) for a one-time auth code, which the backend exchanges.
import { randomBytes } from 'node:crypto';

/** Which integrations a link may install (a magic link's lists); null offers every integration. */
export type LinkOffer = { allowList: string[]; blockList: string[]; withEndpoints: string[] };
export type LinkToken = {
  token: string; connectionId: string | null; customerId: string | null; expiresAt: number;
  offer: LinkOffer | null;
  /** Set for tokens a magic link page asked for: only that page may install with their codes. */
  magicLinkId: string | null;
};
export type AuthCode = { code: string; integrationName: string; linkToken: LinkToken; used: boolean };

export class LinkState {
  private readonly tokens = new Map<string, LinkToken>();
  private readonly codes = new Map<string, AuthCode>();

  constructor(private readonly now: () => number, private readonly ttlMs: number) {}

  issueToken(connectionId: string | null, customerId: string | null, extra: { offer?: LinkOffer; magicLinkId?: string } = {}): LinkToken {
    this.prune();
    const t: LinkToken = {
      token: `link_${randomBytes(18).toString('base64url')}`, connectionId, customerId, expiresAt: this.now() + this.ttlMs,
      offer: extra.offer ?? null, magicLinkId: extra.magicLinkId ?? null,
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

  /** Auth codes are single-use; a magic link's codes are redeemed by its own page, never by /link/exchange. */
  redeem(code: string, magicLinkId: string | null = null): AuthCode | undefined {
    const c = this.codes.get(code);
    if (!c || c.used || c.linkToken.expiresAt <= this.now() || c.linkToken.magicLinkId !== magicLinkId) return undefined;
    c.used = true;
    return c;
  }

  /** Whether the token's link offers this integration (allow and block lists, required functions). */
  static offers(token: LinkToken, integration: { name: string; availableActions: readonly string[] }): boolean {
    const offer = token.offer;
    if (!offer) return true;
    if (offer.allowList.length > 0 && !offer.allowList.includes(integration.name)) return false;
    if (offer.blockList.includes(integration.name)) return false;
    return offer.withEndpoints.every((fn) => integration.availableActions.includes(fn));
  }

  private prune(): void {
    const now = this.now();
    for (const [k, t] of this.tokens) if (t.expiresAt <= now) this.tokens.delete(k);
    for (const [k, c] of this.codes) if (c.used || c.linkToken.expiresAt <= now) this.codes.delete(k);
  }
}

// Magic links: a hosted Link page the organization sends to its customer instead of embedding
// Link. Each link carries what Link would get from init (allow/block lists, required functions)
// and what /link/token would get (customer_id, connection_id to reinstall); the page opens the
// same modal, and finishing it creates the connection and fires connection.created.
//
// Where Trackstar's material is silent the sandbox picks [L]: a link stays usable (several
// installs) until it expires or is deleted; deleted links are gone (GET answers 404); expired
// ones are still listed. Links live in memory only (not in the state file).
import { randomBytes } from 'node:crypto';
import type { LinkOffer } from './link.js';
import { DAY, iso } from './time.js';

export type MagicLinkState = {
  id: string;
  expiresAt: number;
  integrationType: string;
  offer: LinkOffer;
  customerId: string | null;
  connectionId: string | null;
};

export class MagicLinks {
  private readonly links = new Map<string, MagicLinkState>();

  constructor(private readonly now: () => number) {}

  create(input: { integrationType: string; offer: LinkOffer; customerId: string | null; connectionId: string | null; days: number }): MagicLinkState {
    const link: MagicLinkState = {
      // The shape of SPEC's example id: 32 lowercase hex characters.
      id: randomBytes(16).toString('hex'),
      expiresAt: this.now() + input.days * DAY,
      integrationType: input.integrationType,
      offer: input.offer,
      customerId: input.customerId,
      connectionId: input.connectionId,
    };
    this.links.set(link.id, link);
    return link;
  }

  get(id: string): MagicLinkState | undefined {
    return this.links.get(id);
  }

  /** A link the page may still install through: known and not expired. */
  usable(id: string): MagicLinkState | undefined {
    const link = this.links.get(id);
    return link && link.expiresAt > this.now() ? link : undefined;
  }

  list(): MagicLinkState[] {
    return [...this.links.values()];
  }

  delete(id: string): boolean {
    return this.links.delete(id);
  }

  /** `MagicLink` as the API answers it; `url` is where the customer opens it (newer material [M]). */
  view(link: MagicLinkState, publicUrl: string) {
    return {
      id: link.id,
      expires_at: iso(link.expiresAt),
      integration_type: link.integrationType,
      integration_allow_list: [...link.offer.allowList],
      integration_block_list: [...link.offer.blockList],
      integrations_with_endpoints: [...link.offer.withEndpoints],
      customer_id: link.customerId,
      url: `${publicUrl}${magicLinkPath(link.id)}`,
    };
  }
}

/** The customer-facing page of a link (a sandbox path; Trackstar hosts its own). */
export const magicLinkPath = (id: string) => `/link/magic/${encodeURIComponent(id)}`;

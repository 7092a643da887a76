// Connect links: Trackstar magic links a 3PL sends a brand, so the brand connects its WMS from a
// Trackstar-hosted page without a Packr login. Each link gets its own customer_id; Trackstar puts
// it on the connection the link installs, and connection.created (the only place Trackstar hands
// over such a connection's access token) is matched back through it to the link, and so to the
// link's brand: never to any other. The 3PL's Link filter goes with every link.
import { randomUUID } from 'node:crypto';
import type { Actor } from '../audit/entries.js';
import { recordUserAction } from '../audit/user-actions.js';
import { tokenBox } from '../crypto/token-box.js';
import { db } from '../db.js';
import type { ConnectLink, Prisma } from '../generated/prisma/client.js';
import { logger } from '../lib/logger.js';
import { trackstar, trackstarConfigured } from '../trackstar/client.js';
import { TrackstarRequestError } from '../trackstar/errors.js';
import { ServiceError } from './errors.js';
import { integrationFilterOf } from './integration-filter.js';
import { attachConnection, upstream } from './integrations.js';

const log = logger.child({ service: 'connect-links' });

/** customer_id prefix of Packr's links; the rest is the link's id. */
const CUSTOMER_ID_PREFIX = 'packr-link-';
export const LINK_DAYS = { min: 1, max: 30, default: 7 } as const;
/** Unused, unexpired links a brand may have at once (each is a way into the brand). */
const MAX_ACTIVE_PER_BRAND = 10;
const LIST_LIMIT = 50;

/** The reason connection.created events of connections Packr cannot place are IGNORED with (reresolve.ts matches it). */
export const UNKNOWN_CONNECTION = 'unknown connection';

export type ConnectLinkStatus = 'ACTIVE' | 'USED' | 'EXPIRED' | 'REVOKED';

export function linkStatus(link: Pick<ConnectLink, 'usedAt' | 'revokedAt' | 'expiresAt'>, now = new Date()): ConnectLinkStatus {
  if (link.usedAt) return 'USED';
  if (link.revokedAt) return 'REVOKED';
  return link.expiresAt <= now ? 'EXPIRED' : 'ACTIVE';
}

const activeWhere = (now: Date): Prisma.ConnectLinkWhereInput => ({ usedAt: null, revokedAt: null, expiresAt: { gt: now } });

/**
 * A new link for the brand, valid `days` days, offering only integrations that pass the 3PL's
 * filter. A brand whose connection Packr still holds (ACTIVE or ERROR) gets a reinstall link: its
 * connection, and so its id and token, stay. (A disconnected brand's token is gone, and a reinstall
 * sends no connection.created, so it gets a link for a new connection.)
 */
export async function createConnectLink(brandId: string, days: number = LINK_DAYS.default, actor?: Actor): Promise<ConnectLink> {
  if (!Number.isInteger(days) || days < LINK_DAYS.min || days > LINK_DAYS.max) {
    throw new ServiceError('BAD_USER_INPUT', `expiresInDays must be a whole number from ${LINK_DAYS.min} to ${LINK_DAYS.max}`);
  }
  const brand = await db.brand.findUniqueOrThrow({ where: { id: brandId }, select: { threePLId: true, integration: { select: { status: true, connectionId: true } } } });
  const now = new Date();
  const active = await db.connectLink.count({ where: { brandId, ...activeWhere(now) } });
  if (active >= MAX_ACTIVE_PER_BRAND) {
    throw new ServiceError('BAD_USER_INPUT', `This brand already has ${active} active connect links; revoke one before sending another`);
  }
  const filter = await integrationFilterOf(brand.threePLId);
  const integration = brand.integration;
  const reinstall = integration?.connectionId && (integration.status === 'ACTIVE' || integration.status === 'ERROR') ? integration.connectionId : null;
  const id = randomUUID();
  const customerId = `${CUSTOMER_ID_PREFIX}${id}`;
  const created = await upstream('magic link', () => trackstar().createMagicLink({
    integration_type: 'wms',
    customer_id: customerId,
    link_duration: days,
    integrations_with_endpoints: filter.integrationsWithEndpoints,
    ...(reinstall ? { connection_id: reinstall } : {}),
  }));
  try {
    const link = await db.connectLink.create({
      data: {
        id, brandId, trackstarId: created.id, customerId, url: created.url,
        integrationsWithEndpoints: filter.integrationsWithEndpoints, expiresAt: new Date(created.expires_at),
      },
    });
    log.info('connect link created', { brandId, linkId: id, magicLinkId: created.id, reinstall: reinstall !== null, hasUrl: created.url !== null });
    if (actor) {
      await recordUserAction({
        actor, brandId, action: 'createConnectLink', recordType: 'CONNECT_LINK', recordId: id, externalId: created.id,
        changes: { expiresAt: [null, link.expiresAt.toISOString()] }, detail: { expiresInDays: days, reinstall: reinstall !== null },
      });
    }
    return link;
  } catch (error) {
    // Not recorded, so nothing could ever attach its connection: take it back upstream.
    await trackstar().deleteMagicLink(created.id).catch((e) => log.warn('orphan magic link not deleted', { magicLinkId: created.id, error: (e as Error).message }));
    throw error;
  }
}

/** How a brand's links are listed (GraphQL spreads its own selection into it): newest first, only usable ones unless `all`. */
export function connectLinkListArgs(brandId: string, all: boolean) {
  return {
    where: { brandId, ...(all ? {} : activeWhere(new Date())) },
    orderBy: [{ createdAt: 'desc' as const }, { id: 'desc' as const }],
    take: LIST_LIMIT,
  };
}

export function listConnectLinks(brandId: string, all = false): Promise<ConnectLink[]> {
  return db.connectLink.findMany(connectLinkListArgs(brandId, all));
}

/**
 * Revokes a link (deleted at Trackstar, so its page stops working). `scope` limits which links the
 * caller may touch (its brands); any other id reads as not found. Revoking again, or revoking a
 * used link, changes nothing.
 */
export async function revokeConnectLink(linkId: string, scope: Prisma.ConnectLinkWhereInput, actor?: Actor): Promise<ConnectLink> {
  const link = await db.connectLink.findFirst({ where: { AND: [{ id: linkId }, scope] } });
  if (!link) throw new ServiceError('NOT_FOUND', 'Connect link not found');
  if (link.usedAt || link.revokedAt) return link;
  await deleteUpstream(link.trackstarId, 'revoke');
  const revoked = await db.connectLink.update({ where: { id: link.id }, data: { revokedAt: new Date() } });
  log.info('connect link revoked', { brandId: link.brandId, linkId: link.id });
  if (actor) {
    await recordUserAction({
      actor, brandId: link.brandId, action: 'revokeConnectLink', recordType: 'CONNECT_LINK', recordId: link.id, externalId: link.trackstarId,
      changes: { revokedAt: [null, revoked.revokedAt!.toISOString()] },
    });
  }
  return revoked;
}

async function deleteUpstream(magicLinkId: string, what: string): Promise<void> {
  await upstream(`magic link ${what}`, async () => {
    try {
      await trackstar().deleteMagicLink(magicLinkId);
    } catch (error) {
      // Already gone upstream (deleted in Trackstar's dashboard, or expired and removed): done.
      if (!(error instanceof TrackstarRequestError && error.status === 404)) throw error;
    }
  });
}

export type LinkedConnection = {
  connectionId: string;
  /** data.sealed_access_token of the event (webhooks/connection-token.ts); null when it carried none. */
  sealedAccessToken: string | null;
  /** The connection's created_date, when the event stated one. */
  createdAt: Date | null;
  /** The envelope's top-level customer_id when it has that key [M]; undefined: ask Trackstar. */
  customerId: string | null | undefined;
};

export type AttachOutcome = { attached: { id: string; brandId: string } } | { ignored: string };

/**
 * connection.created of a connection Packr does not hold yet: when its customer_id names one of
 * Packr's connect links, the connection is stored for that link's brand exactly as a Link exchange
 * stores it (attachConnection) and its backfill starts. Idempotent: a replay finds the link already
 * claimed by the same connection and stores the same thing again.
 */
export async function attachLinkedConnection(event: LinkedConnection): Promise<AttachOutcome> {
  if (event.customerId !== undefined && !event.customerId?.startsWith(CUSTOMER_ID_PREFIX)) return { ignored: UNKNOWN_CONNECTION };
  // Without Trackstar there is nothing to look up (and no link of this installation could have been made).
  if (!trackstarConfigured()) return { ignored: UNKNOWN_CONNECTION };
  // Trackstar's own record: the customer_id it stored, and what the connection offers.
  const connection = await upstream('connection lookup', async () => {
    try {
      return await trackstar().getConnection(event.connectionId);
    } catch (error) {
      if (error instanceof TrackstarRequestError && error.status === 404) return null;
      throw error;
    }
  });
  if (!connection) return { ignored: 'the connection no longer exists at Trackstar' };
  const customerId = connection.customer_id;
  if (!customerId?.startsWith(CUSTOMER_ID_PREFIX)) return { ignored: UNKNOWN_CONNECTION };
  const link = await db.connectLink.findUnique({ where: { customerId } });
  if (!link) return { ignored: UNKNOWN_CONNECTION };
  if (link.connectionId && link.connectionId !== event.connectionId) return { ignored: 'the connect link was already used by another connection' };
  if (link.revokedAt && !link.usedAt && (!event.createdAt || event.createdAt > link.revokedAt)) {
    return { ignored: 'the connect link was revoked before this connection was made' };
  }
  if (!event.sealedAccessToken) return { ignored: 'connection.created carried no access token' };

  const claimed = await db.connectLink.updateMany({
    where: { id: link.id, OR: [{ connectionId: null }, { connectionId: event.connectionId }] },
    data: { connectionId: event.connectionId, usedAt: link.usedAt ?? new Date() },
  });
  if (claimed.count === 0) return { ignored: 'the connect link was already used by another connection' };
  try {
    const integration = await attachConnection(link.brandId, {
      access_token: tokenBox().open(event.sealedAccessToken),
      connection_id: event.connectionId,
      integration_name: connection.integration_name,
      customer_id: customerId,
      available_actions: connection.available_actions,
      available_endpoints: connection.available_endpoints,
    }, 'WEBHOOK');
    log.info('connect link used', { brandId: link.brandId, linkId: link.id, connectionId: event.connectionId, integrationName: connection.integration_name });
    // Used up: it must not install anything else into this brand.
    await deleteUpstream(link.trackstarId, 'cleanup').catch((error) => log.warn('used magic link not deleted upstream', { linkId: link.id, error: (error as Error).message }));
    return { attached: { id: integration.id, brandId: link.brandId } };
  } catch (error) {
    // Linked to another brand already (a connection cannot move between brands): say so, keep the link usable.
    if (error instanceof ServiceError && error.code === 'CONFLICT') {
      await db.connectLink.updateMany({ where: { id: link.id, connectionId: event.connectionId }, data: { connectionId: null, usedAt: null } });
      return { ignored: error.message };
    }
    throw error;
  }
}

// Request values of the connect-link (magic link) routes: the body of a create, the link id of a
// revoke. Malformed input is a 400 naming what is expected; values the service refuses are its 422.
import { decodeGlobalID } from '@pothos/plugin-relay';
import { isUuid } from '../../lib/uuid.js';
import { LINK_DAYS } from '../../services/connect-links.js';
import { badRequest, notFound } from './errors.js';

/** `{ expiresInDays? }` (or no body): the days asked for, undefined for the default. */
export function expiresInDaysOf(body: unknown): number | undefined {
  if (body === null) return undefined;
  if (typeof body !== 'object' || Array.isArray(body)) throw badRequest('The body must be a JSON object');
  const extra = Object.keys(body).filter((k) => k !== 'expiresInDays');
  if (extra.length > 0) throw badRequest(`Unknown properties: ${extra.join(', ')}; allowed: expiresInDays`);
  const { expiresInDays } = body as { expiresInDays?: unknown };
  if (expiresInDays === undefined || expiresInDays === null) return undefined;
  if (typeof expiresInDays !== 'number') throw badRequest(`expiresInDays must be a number of days (${LINK_DAYS.min} to ${LINK_DAYS.max})`);
  return expiresInDays;
}

/** A `{id}` value: a ConnectLink global id or a uuid; anything else names no link. */
export function connectLinkIdOf(value: string | undefined): string {
  const raw = value ?? '';
  if (isUuid(raw)) return raw.toLowerCase();
  try {
    const decoded = raw.length <= 200 ? decodeGlobalID(raw) : null;
    if (decoded?.typename === 'ConnectLink' && isUuid(decoded.id)) return decoded.id.toLowerCase();
  } catch {
    // Not a global id: falls through to not found.
  }
  throw notFound('Connect link not found');
}

// connection.created carries the new connection's permanent access token, and for a connection
// installed from a magic link that is the only place Trackstar hands it over. The inbox never keeps
// it in the clear: before the insert it is sealed, as brand_integration.accessToken is, into
// data.sealed_access_token, which only a connect-link install reads (connection-installed.ts).
import { tokenBox } from '../crypto/token-box.js';
import { logger } from '../lib/logger.js';

export const SEALED_TOKEN_KEY = 'sealed_access_token';

/** The delivery's raw body with data.access_token replaced by its sealed form (dropped if it cannot be sealed). */
export function sealConnectionCreatedToken(raw: string): string {
  let body: unknown;
  try {
    body = JSON.parse(raw);
  } catch {
    return raw;
  }
  const data = (body as { data?: unknown } | null)?.data;
  if (!data || typeof data !== 'object' || typeof (data as { access_token?: unknown }).access_token !== 'string') return raw;
  const { access_token: token, ...rest } = data as { access_token: string } & Record<string, unknown>;
  let sealed: string | null = null;
  try {
    sealed = tokenBox().seal(token);
  } catch (error) {
    logger.warn('connection.created token dropped: it cannot be sealed here', { error: (error as Error).message });
  }
  return JSON.stringify({ ...(body as object), data: sealed ? { ...rest, [SEALED_TOKEN_KEY]: sealed } : rest });
}

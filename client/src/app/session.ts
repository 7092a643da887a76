// The API key lives in sessionStorage only: it disappears with the tab, never in localStorage/cookies.
const STORAGE_KEY = 'packr.apiKey';
// Why the session ended (e.g. the key was revoked), kept so a reload still tells the user.
const NOTICE_KEY = 'packr.signOutNotice';

export function readStoredKey(): string | null {
  try {
    return sessionStorage.getItem(STORAGE_KEY);
  } catch {
    return null;
  }
}

export function storeKey(key: string | null): void {
  try {
    if (key) sessionStorage.setItem(STORAGE_KEY, key);
    else sessionStorage.removeItem(STORAGE_KEY);
  } catch {
    // Storage disabled (private mode): the session lasts until reload.
  }
}

/** Ends the session: forgets the key and remembers why (null: a plain sign-out). */
export function endSession(reason: string | null): void {
  storeKey(null);
  try {
    if (reason) sessionStorage.setItem(NOTICE_KEY, reason);
    else sessionStorage.removeItem(NOTICE_KEY);
  } catch {
    // Storage disabled: the notice shows until reload.
  }
}

export function readSignOutNotice(): string | null {
  try {
    return sessionStorage.getItem(NOTICE_KEY);
  } catch {
    return null;
  }
}

/** Starts a session with a verified key; any earlier sign-out notice is done with. */
export function startSession(key: string): void {
  storeKey(key);
  try {
    sessionStorage.removeItem(NOTICE_KEY);
  } catch {
    // Storage disabled.
  }
}

export type VerifyResult = { ok: true } | { ok: false; message: string };

/** Checks a key against the API before keeping it: 401 means the key is wrong. */
export async function verifyApiKey(key: string, fetchImpl: typeof fetch = fetch): Promise<VerifyResult> {
  const trimmed = key.trim();
  if (!trimmed) return { ok: false, message: 'Enter your API key' };
  try {
    const res = await fetchImpl('/graphql', {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${trimmed}` },
      body: JSON.stringify({ query: '{ viewer { userId } }' }),
    });
    if (res.status === 401 || res.status === 403) return { ok: false, message: 'That API key is not valid' };
    if (!res.ok) return { ok: false, message: `Packr answered ${res.status}; try again in a moment` };
    const body = (await res.json().catch(() => null)) as { data?: { viewer?: unknown } } | null;
    return body?.data?.viewer ? { ok: true } : { ok: false, message: 'That API key is not valid' };
  } catch {
    return { ok: false, message: 'Could not reach Packr. Check your connection and try again' };
  }
}

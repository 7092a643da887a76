// Opening the queue board (/admin/queues, server-rendered by bull-board) from the dashboard. A
// page navigation cannot carry the API key, so the dashboard first trades the key for the board's
// session cookie (POST /admin/session: HttpOnly, for /admin only), then opens the board.
export const QUEUE_BOARD_URL = '/admin/queues/';

export type BoardSignIn = { ok: true } | { ok: false; message: string };

export async function signInToQueueBoard(apiKey: string, fetchImpl: typeof fetch = fetch): Promise<BoardSignIn> {
  try {
    const res = await fetchImpl('/admin/session', { method: 'POST', headers: { authorization: `Bearer ${apiKey}` }, credentials: 'same-origin' });
    if (res.ok) return { ok: true };
    const body = (await res.json().catch(() => null)) as { error?: { message?: string } } | null;
    return { ok: false, message: body?.error?.message ?? `Packr answered ${res.status}; try again in a moment` };
  } catch {
    return { ok: false, message: 'Could not reach Packr. Check your connection and try again' };
  }
}

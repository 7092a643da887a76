// Routes answered on the raw Node request, before Yoga. Only for hot, non-GraphQL endpoints whose
// callers send bursts (Trackstar's webhooks): Yoga's fetch adapter builds a WHATWG Request and
// Response (and runs every plugin's hooks) per call, work a webhook delivery does not need and that
// adds up over a burst (bench:webhooks shows the effect).
import type { IncomingMessage, ServerResponse } from 'node:http';

/** Answers the request and returns true, or returns false to let the next handler have it. */
export type NodeRoute = (req: IncomingMessage, res: ServerResponse) => boolean;

/** The path of a request target, without its query string. */
export function pathOf(target: string | undefined): string {
  const url = target ?? '/';
  const query = url.indexOf('?');
  return query < 0 ? url : url.slice(0, query);
}

/** Writes a complete JSON answer (never cached). */
export function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    'content-type': 'application/json; charset=utf-8',
    'content-length': Buffer.byteLength(text),
    'cache-control': 'no-store',
    ...headers,
  });
  res.end(text);
}

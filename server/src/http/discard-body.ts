// Answering a request whose body we will not read (too large, rate limited) without the client
// seeing a connection reset instead of our answer. If the server closes a socket while the client
// is still sending, the kernel answers the late bytes with a TCP reset, and a client that writes
// its whole request before reading (many webhook senders do) gets ECONNRESET/EPIPE and never sees
// the 413 or 429. So the rest of the body is read and thrown away, up to a bound, and the
// connection is only closed once nothing more is coming; a body going on past the bound gets its
// connection cut.
import type { IncomingMessage, ServerResponse } from 'node:http';

/** How much of an unwanted body is read and discarded before the connection is cut. */
export const DISCARD_LIMIT_BYTES = 4 * 1024 * 1024;

/**
 * Sends the answer (`send` writes and ends `res`) and discards the rest of the request body, up to
 * discardLimit bytes. On a keep-alive connection the answer goes out at once (clients that read
 * while writing stop early) and the connection stays usable. When Node will close the connection
 * after the answer (Connection: close, HTTP/1.0), the answer waits until the body has ended, so
 * the close cannot cut the client's upload short.
 */
export function respondAndDiscardBody(req: IncomingMessage, res: ServerResponse, send: () => void, discardLimit = DISCARD_LIMIT_BYTES): void {
  if (req.complete) return send();
  const answerNow = keepsAlive(req);
  let answered = false;
  const answer = () => {
    if (answered) return;
    answered = true;
    send();
  };

  let discarded = 0;
  const stop = () => {
    req.off('data', onData).off('end', onEnd).off('error', stop);
  };
  const onData = (chunk: Buffer) => {
    discarded += chunk.length;
    if (discarded <= discardLimit) return;
    stop();
    // Past the bound: answer if not done yet (Node closes the connection after it), or cut it now.
    if (answered) req.socket.destroy();
    else answer();
  };
  const onEnd = () => {
    stop();
    answer();
  };
  // Listening before the answer ends also keeps Node from dumping the body on its own (which
  // would drop these listeners and read without bound).
  req.on('data', onData).on('end', onEnd).on('error', stop);
  req.resume();
  if (answerNow) answer();
}

/** Whether Node keeps the connection open after answering this request. */
function keepsAlive(req: IncomingMessage): boolean {
  const tokens = (req.headers.connection ?? '').toLowerCase().split(',').map((t) => t.trim());
  if (tokens.includes('close')) return false;
  return req.httpVersion !== '1.0' || tokens.includes('keep-alive');
}

// A deliberately simple HTTP/1.1 client for tests: it writes the whole request, a piece at a time,
// and only then reads the answer, as many webhook senders do. fetch and node:http read while they
// write, so they see an early answer even when the server resets the connection under it; this
// client does not, so a test with it fails when the server closes before the body is consumed.
import { connect } from 'node:net';

export type RawResponse = { status: number; headers: Record<string, string>; body: string };

export type RawRequest = {
  method?: string;
  headers?: Record<string, string>;
  body: Buffer | string;
  /** Send the body with Transfer-Encoding: chunked instead of Content-Length. */
  chunked?: boolean;
  /** Bytes per write (the body goes out in pieces, yielding to the event loop between them). */
  pieceBytes?: number;
};

/** Sends the request and resolves with the parsed answer; rejects on ECONNRESET/EPIPE or an answer never sent. */
export function sendThenRead(url: string, request: RawRequest): Promise<RawResponse> {
  const target = new URL(url);
  const body = Buffer.isBuffer(request.body) ? request.body : Buffer.from(request.body);
  const headers: Record<string, string> = { host: target.host, connection: 'keep-alive', ...request.headers };
  if (request.chunked) headers['transfer-encoding'] = 'chunked';
  else headers['content-length'] = String(body.length);
  const head = `${request.method ?? 'POST'} ${target.pathname}${target.search} HTTP/1.1\r\n${Object.entries(headers).map(([k, v]) => `${k}: ${v}\r\n`).join('')}\r\n`;
  const pieceBytes = request.pieceBytes ?? 64 * 1024;

  return new Promise((resolve, reject) => {
    const socket = connect(Number(target.port), target.hostname);
    const received: Buffer[] = [];
    let settled = false;
    const finish = (outcome: () => void) => {
      if (settled) return;
      settled = true;
      socket.destroy();
      outcome();
    };
    // Reading waits until the whole request is written.
    socket.pause();
    socket.on('data', (chunk: Buffer) => {
      received.push(chunk);
      const parsed = parse(Buffer.concat(received));
      if (parsed) finish(() => resolve(parsed));
    });
    socket.on('error', (error) => finish(() => reject(error)));
    socket.on('close', () => finish(() => reject(new Error(`connection closed before a complete answer (${Buffer.concat(received).length} bytes read)`))));

    const pieces: Buffer[] = [Buffer.from(head)];
    for (let at = 0; at < body.length; at += pieceBytes) {
      const piece = body.subarray(at, at + pieceBytes);
      pieces.push(request.chunked ? Buffer.concat([Buffer.from(`${piece.length.toString(16)}\r\n`), piece, Buffer.from('\r\n')]) : piece);
    }
    if (request.chunked) pieces.push(Buffer.from('0\r\n\r\n'));
    const writeNext = () => {
      if (settled) return;
      const piece = pieces.shift();
      if (!piece) {
        socket.resume();
        return;
      }
      socket.write(piece, (error) => (error ? finish(() => reject(error)) : setImmediate(writeNext)));
    };
    writeNext();
  });
}

/** A complete response with a Content-Length body, or null while more bytes are needed. */
function parse(raw: Buffer): RawResponse | null {
  const end = raw.indexOf('\r\n\r\n');
  if (end < 0) return null;
  const [statusLine, ...lines] = raw.subarray(0, end).toString('latin1').split('\r\n');
  const headers = Object.fromEntries(lines.map((l) => [l.slice(0, l.indexOf(':')).trim().toLowerCase(), l.slice(l.indexOf(':') + 1).trim()]));
  const length = Number(headers['content-length'] ?? 0);
  if (raw.length < end + 4 + length) return null;
  return { status: Number(statusLine.split(' ')[1]), headers, body: raw.subarray(end + 4, end + 4 + length).toString('utf8') };
}

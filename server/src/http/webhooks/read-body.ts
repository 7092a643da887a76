// Reads a request body as UTF-8 text, refusing anything over the limit without buffering it all:
// Content-Length is checked first, then bytes are counted while streaming (it may lie or be absent).
import type { IncomingMessage } from 'node:http';

export class BodyTooLargeError extends Error {
  constructor(readonly limit: number) {
    super(`request body exceeds ${limit} bytes`);
  }
}

export function readBodyWithLimit(req: IncomingMessage, limit: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const declared = Number(req.headers['content-length']);
    if (Number.isFinite(declared) && declared > limit) {
      reject(new BodyTooLargeError(limit));
      return;
    }
    const chunks: Buffer[] = [];
    let total = 0;
    let settled = false;
    const settle = (finish: () => void) => {
      if (settled) return;
      settled = true;
      req.off('data', onData).off('end', onEnd).off('error', onError).off('close', onClose);
      finish();
    };
    const onData = (chunk: Buffer) => {
      total += chunk.length;
      if (total <= limit) {
        chunks.push(chunk);
        return;
      }
      settle(() => reject(new BodyTooLargeError(limit)));
      // Hold the rest: the caller answers and discards it within a bound (discard-body.ts).
      req.pause();
    };
    const onEnd = () => settle(() => resolve(Buffer.concat(chunks, total).toString('utf8')));
    const onError = (error: Error) => settle(() => reject(error));
    const onClose = () => settle(() => reject(new Error('the request was aborted before its body was read')));
    req.on('data', onData).on('end', onEnd).on('error', onError).on('close', onClose);
  });
}

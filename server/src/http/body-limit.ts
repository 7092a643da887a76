// The request body limit in front of Yoga, on the raw Node request: Yoga would otherwise read any
// body whole into memory before looking at it. A declared Content-Length over the limit is refused
// at once (Node's parser never delivers more body than it declares). A body without one (chunked)
// is read here up to the limit and handed to Yoga already read; one byte more and it is refused.
// Memory per request stays bounded by the limit, which Yoga's own parsing would need anyway.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { payloadTooLarge } from '../lib/metrics.js';
import { respondAndDiscardBody } from './discard-body.js';
import { sendJson } from './node-route.js';

export type RequestHandler = (req: IncomingMessage, res: ServerResponse) => void;

/** Wraps `next` (Yoga) so it only ever sees bodies of at most maxBytes. */
export function limitRequestBody(maxBytes: number, next: RequestHandler): RequestHandler {
  const refuse = (req: IncomingMessage, res: ServerResponse) => {
    payloadTooLarge.inc({ route: 'graphql' });
    respondAndDiscardBody(req, res, () =>
      sendJson(res, 413, { errors: [{ message: `Request body must be at most ${maxBytes} bytes`, extensions: { code: 'PAYLOAD_TOO_LARGE' } }] }),
    );
  };

  return (req, res) => {
    const declared = req.headers['content-length'];
    if (declared !== undefined) {
      // Node has already refused malformed or conflicting lengths with 400.
      if (Number(declared) > maxBytes) return refuse(req, res);
      return next(req, res);
    }
    // No body at all (GET, or a POST without one): nothing to count.
    if (req.headers['transfer-encoding'] === undefined) return next(req, res);
    readUpTo(req, maxBytes).then(
      (body) => {
        if (body === null) return refuse(req, res);
        // @whatwg-node/server (Yoga's adapter) uses a request's `body` when one is already set.
        (req as IncomingMessage & { body?: Buffer }).body = body;
        next(req, res);
      },
      // The client went away mid-body: there is no one left to answer.
      () => req.socket.destroy(),
    );
  };
}

/** The whole body, or null as soon as it passes maxBytes (the rest is left unread). */
function readUpTo(req: IncomingMessage, maxBytes: number): Promise<Buffer | null> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let total = 0;
    const done = () => req.off('data', onData).off('end', onEnd).off('error', onError).off('close', onClose);
    const onData = (chunk: Buffer) => {
      total += chunk.length;
      if (total <= maxBytes) {
        chunks.push(chunk);
        return;
      }
      done();
      req.pause();
      resolve(null);
    };
    const onEnd = () => {
      done();
      resolve(Buffer.concat(chunks, total));
    };
    const onError = (error: Error) => {
      done();
      reject(error);
    };
    const onClose = () => {
      done();
      reject(new Error('request closed before its body was read'));
    };
    req.on('data', onData).on('end', onEnd).on('error', onError).on('close', onClose);
  });
}

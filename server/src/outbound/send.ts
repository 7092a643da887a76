// One HTTP try of a delivery: the stored body, signed the Svix way by the svix library itself (so
// receivers verify with Svix's or any Standard Webhooks library), POSTed with a hard timeout.
// Success is a 2xx; a redirect, any other status, a timeout or a network error is a failed try.
// Only the first KB of the answer is read: a receiver streaming megabytes back costs nothing.
import got from 'got';
import { Webhook } from 'svix';
import { checkLiteralHost, publicOnlyLookup } from './url-policy.js';

export const RESPONSE_BODY_MAX = 1024;

export type SendInput = {
  url: string;
  secret: string;
  /** svix-id: the event id, the same on every try and endpoint, so receivers can dedupe. */
  messageId: string;
  body: string;
  timeoutMs: number;
  allowPrivateNetworks: boolean;
};

export type TryResult = { ok: boolean; statusCode: number | null; error: string | null; durationMs: number; responseBody: string | null };

/** The signature headers, under the Svix names and the unbranded Standard Webhooks names. */
export function signatureHeaders(secret: string, messageId: string, at: Date, body: string): Record<string, string> {
  const signature = new Webhook(secret).sign(messageId, at, body);
  const timestamp = String(Math.floor(at.getTime() / 1000));
  return {
    'svix-id': messageId, 'svix-timestamp': timestamp, 'svix-signature': signature,
    'webhook-id': messageId, 'webhook-timestamp': timestamp, 'webhook-signature': signature,
  };
}

export async function sendOnce(input: SendInput): Promise<TryResult> {
  const started = performance.now();
  const elapsed = () => Math.round(performance.now() - started);
  let statusCode: number | null = null;
  const chunks: Buffer[] = [];
  let size = 0;
  try {
    if (!input.allowPrivateNetworks) checkLiteralHost(new URL(input.url));
    const stream = got.stream.post(input.url, {
      body: input.body,
      headers: { 'content-type': 'application/json', 'user-agent': 'Packr-Webhooks/1', ...signatureHeaders(input.secret, input.messageId, new Date(), input.body) },
      timeout: { request: input.timeoutMs },
      retry: { limit: 0 },
      throwHttpErrors: false,
      followRedirect: false,
      ...(input.allowPrivateNetworks ? {} : { dnsLookup: publicOnlyLookup as never }),
    });
    stream.once('response', (response: { statusCode: number }) => {
      statusCode = response.statusCode;
    });
    for await (const chunk of stream as AsyncIterable<Buffer>) {
      chunks.push(chunk);
      size += chunk.length;
      if (size >= RESPONSE_BODY_MAX) {
        stream.destroy();
        break;
      }
    }
    const code = statusCode as number | null;
    const ok = code !== null && code >= 200 && code < 300;
    return { ok, statusCode: code, error: ok ? null : `HTTP ${code ?? '?'}`, durationMs: elapsed(), responseBody: bodyText(chunks) };
  } catch (error) {
    const e = error as Error & { code?: string };
    const message = `${e.code ? `${e.code}: ` : ''}${e.message}`.slice(0, 500);
    return { ok: false, statusCode, error: message, durationMs: elapsed(), responseBody: chunks.length > 0 ? bodyText(chunks) : null };
  }
}

function bodyText(chunks: Buffer[]): string {
  // Cut at a byte limit, then drop a broken trailing UTF-8 sequence (and NULs, which text columns refuse).
  return Buffer.concat(chunks).subarray(0, RESPONSE_BODY_MAX).toString('utf8').replace(/\uFFFD+$/, '').replaceAll('\u0000', '');
}

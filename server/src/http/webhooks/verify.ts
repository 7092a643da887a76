// Svix signature checks for Trackstar deliveries, kept free of I/O so every case is unit-testable.
// A delivery passes when ANY configured secret verifies it (secret rotation without downtime).
import { Webhook } from 'svix';

export type SvixHeaders = { id: string; timestamp: string; signature: string };

/** Case-insensitive header lookup: a WHATWG Headers, or an adapter over Node's request headers. */
export type HeaderLookup = { get(name: string): string | null };

export type VerifyOutcome =
  | { ok: true; headers: SvixHeaders; sentAt: Date }
  /** Malformed request: the sender must fix it (400). */
  | { ok: false; status: 400; code: 'MISSING_SIGNATURE_HEADERS' | 'MALFORMED_SIGNATURE_HEADERS'; message: string }
  /** Well-formed but not authentic, or outside the replay window (401). */
  | { ok: false; status: 401; code: 'INVALID_SIGNATURE' | 'STALE_TIMESTAMP'; message: string };

// svix also accepts the unbranded Standard Webhooks names; so do we.
const pick = (headers: HeaderLookup, name: string) => headers.get(`svix-${name}`) ?? headers.get(`webhook-${name}`);

/** Splits the configured comma-separated secret list, ignoring blanks. */
export function parseSecrets(value: string | undefined): string[] {
  return (value ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
}

export function verifyDelivery(raw: string, headers: HeaderLookup, verifiers: Webhook[]): VerifyOutcome {
  const id = pick(headers, 'id');
  const timestamp = pick(headers, 'timestamp');
  const signature = pick(headers, 'signature');
  if (!id || !timestamp || !signature) {
    return { ok: false, status: 400, code: 'MISSING_SIGNATURE_HEADERS', message: 'svix-id, svix-timestamp and svix-signature headers are required' };
  }
  if (id.length > 200 || !/^\d{1,12}$/.test(timestamp) || !/(^|\s)v1,[A-Za-z0-9+/=]+/.test(signature) || signature.length > 4096) {
    return { ok: false, status: 400, code: 'MALFORMED_SIGNATURE_HEADERS', message: 'svix headers are malformed' };
  }
  const plain = { 'svix-id': id, 'svix-timestamp': timestamp, 'svix-signature': signature };
  let lastError = 'No matching signature found';
  for (const verifier of verifiers) {
    try {
      verifier.verify(raw, plain);
      return { ok: true, headers: { id, timestamp, signature }, sentAt: new Date(Number(timestamp) * 1000) };
    } catch (error) {
      lastError = error instanceof Error ? error.message : String(error);
    }
  }
  // The timestamp check does not depend on the secret, so every verifier reports the same reason.
  if (/timestamp/i.test(lastError)) {
    return { ok: false, status: 401, code: 'STALE_TIMESTAMP', message: 'svix-timestamp is outside the 5-minute tolerance' };
  }
  return { ok: false, status: 401, code: 'INVALID_SIGNATURE', message: 'webhook signature did not verify' };
}

export function createVerifiers(secrets: string[]): Webhook[] {
  return secrets.map((secret) => new Webhook(secret));
}

// API keys look like `pk_<8-char prefix>_<32-char secret>`. Only a SHA-256 hash is stored; the
// prefix is stored in clear so people can tell their keys apart in lists.
import { createHash, randomBytes } from 'node:crypto';

const ALPHABET = 'abcdefghijkmnopqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789';

function randomString(length: number): string {
  const bytes = randomBytes(length);
  let out = '';
  for (const b of bytes) out += ALPHABET[b % ALPHABET.length];
  return out;
}

export function hashApiKey(key: string): string {
  return createHash('sha256').update(key).digest('hex');
}

export function generateApiKey(): { key: string; prefix: string; hash: string } {
  const prefix = `pk_${randomString(8)}`;
  const key = `${prefix}_${randomString(32)}`;
  return { key, prefix, hash: hashApiKey(key) };
}

/** Cheap shape check before touching the database (also caps the input length). */
export function looksLikeApiKey(value: string): boolean {
  return /^pk_[A-Za-z0-9]{8}_[A-Za-z0-9]{32}$/.test(value);
}

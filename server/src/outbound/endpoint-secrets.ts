// Endpoint signing secrets: whsec_ + base64 of 24 random bytes (Svix's format, so every Svix and
// Standard Webhooks library takes it as is), sealed at rest with PACKR_ENCRYPTION_KEY. The plain
// secret leaves Packr once, in the answer that created or rotated it.
import { randomBytes } from 'node:crypto';
import { decodeKey, env } from '../env.js';
import { SecretBox } from '../crypto/secret-box.js';
import { ServiceError } from '../services/errors.js';

let box: SecretBox | null = null;

function secretBox(): SecretBox {
  if (box) return box;
  const key = env.PACKR_ENCRYPTION_KEY ? decodeKey(env.PACKR_ENCRYPTION_KEY) : null;
  if (!key) throw new ServiceError('NOT_CONFIGURED', 'PACKR_ENCRYPTION_KEY is not set: webhook endpoint secrets cannot be stored');
  box = new SecretBox(key);
  return box;
}

export function newEndpointSecret(): string {
  return `whsec_${randomBytes(24).toString('base64')}`;
}

export const sealSecret = (secret: string): string => secretBox().seal(secret);
export const openSecret = (sealed: string): string => secretBox().open(sealed);

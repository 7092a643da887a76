import { decodeKey, env } from '../env.js';
import { SecretBox } from './secret-box.js';

let box: SecretBox | null = null;

/** The box that seals Trackstar access tokens; fails clearly when no key is configured. */
export function tokenBox(): SecretBox {
  if (box) return box;
  const key = env.PACKR_ENCRYPTION_KEY ? decodeKey(env.PACKR_ENCRYPTION_KEY) : null;
  if (!key) throw new Error('PACKR_ENCRYPTION_KEY is not set: cannot store or read Trackstar access tokens');
  box = new SecretBox(key);
  return box;
}

// Creating 3PL tenants, users and API keys: used by the admin CLI, `npm start`'s demo bootstrap,
// the createApiKey mutation and tests.
import { generateApiKey } from '../auth/api-keys.js';
import { db } from '../db.js';
import type { MembershipRole } from '../generated/prisma/enums.js';

export type IssuedKey = { id: string; key: string; prefix: string };

export async function issueApiKey(input: { userId: string; threePLId: string; name: string; scopes?: string[] }): Promise<IssuedKey> {
  const { key, prefix, hash } = generateApiKey();
  const row = await db.apiKey.create({
    data: { userId: input.userId, threePLId: input.threePLId, name: input.name, prefix, hash, scopes: input.scopes ?? [] },
    select: { id: true },
  });
  return { id: row.id, key, prefix };
}

/** A 3PL with its first user as OWNER and one API key for that user. */
export async function createTenant(input: { name: string; email: string; role?: MembershipRole }) {
  const email = input.email.trim().toLowerCase();
  const user = await db.user.upsert({ where: { email }, update: {}, create: { email }, select: { id: true } });
  const threePL = await db.threePL.create({ data: { name: input.name.trim() }, select: { id: true } });
  await db.membership.create({ data: { userId: user.id, threePLId: threePL.id, role: input.role ?? 'OWNER' } });
  const apiKey = await issueApiKey({ userId: user.id, threePLId: threePL.id, name: 'Initial key' });
  return { threePLId: threePL.id, userId: user.id, apiKey: apiKey.key };
}

/** A user with a role in an existing 3PL (or brand-viewer grants when role is null). */
export async function addUser(input: { threePLId: string; email: string; role: MembershipRole | null; brandIds?: string[] }) {
  const email = input.email.trim().toLowerCase();
  const user = await db.user.upsert({ where: { email }, update: {}, create: { email }, select: { id: true } });
  if (input.role) await db.membership.create({ data: { userId: user.id, threePLId: input.threePLId, role: input.role } });
  for (const brandId of input.brandIds ?? []) await db.brandViewer.create({ data: { userId: user.id, brandId } });
  const apiKey = await issueApiKey({ userId: user.id, threePLId: input.threePLId, name: `${input.role ?? 'viewer'} key` });
  return { userId: user.id, apiKey: apiKey.key, apiKeyId: apiKey.id };
}

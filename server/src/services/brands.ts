// Creating brands: used by the createBrand mutation and the admin CLI.
import type { Actor } from '../audit/entries.js';
import { recordUserAction } from '../audit/user-actions.js';
import { db } from '../db.js';
import { ServiceError } from './errors.js';

const NAME_MAX = 120;

/** The trimmed brand name; BAD_USER_INPUT unless 1 to 120 characters. */
function brandName(raw: string): string {
  const name = raw.trim();
  if (name.length < 1 || name.length > NAME_MAX) throw new ServiceError('BAD_USER_INPUT', `Brand name must be 1 to ${NAME_MAX} characters`);
  return name;
}

/**
 * A brand in the given 3PL (not connected to Trackstar yet); names are unique within a 3PL.
 * `actor`: the user creating it (audit trail); the CLI acts for nobody.
 */
export async function createBrand(threePLId: string, rawName: string, actor?: Actor): Promise<{ id: string }> {
  const name = brandName(rawName);
  const taken = await db.brand.findFirst({ where: { threePLId, name }, select: { id: true } });
  if (taken) throw new ServiceError('BAD_USER_INPUT', `A brand named "${name}" already exists`);
  const brand = await db.brand.create({ data: { name, threePLId }, select: { id: true } });
  if (actor) await recordUserAction({ actor, brandId: brand.id, action: 'createBrand', recordType: 'BRAND', recordId: brand.id, changes: { name: [null, name] } });
  return brand;
}

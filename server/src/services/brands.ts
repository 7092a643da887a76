// Creating, renaming and archiving brands: used by the brand mutations and the admin CLI.
import type { Actor } from '../audit/entries.js';
import { recordUserAction } from '../audit/user-actions.js';
import type { Viewer } from '../auth/viewer.js';
import { runWriteTransaction } from '../changes/write-transaction.js';
import { db } from '../db.js';
import { NOW } from '../pg.js';
import { disconnectTrackstar } from './integrations.js';
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

/** Renames a brand of the 3PL (OWNER/ADMIN); names stay unique within the 3PL. */
export async function renameBrand(actor: Viewer, brandId: string, rawName: string): Promise<void> {
  const name = brandName(rawName);
  const brand = await db.brand.findFirst({ where: { id: brandId, threePLId: actor.threePLId }, select: { name: true } });
  if (!brand) throw new ServiceError('NOT_FOUND', 'Brand not found');
  if (brand.name === name) return;
  const taken = await db.brand.findFirst({ where: { threePLId: actor.threePLId, name, NOT: { id: brandId } }, select: { id: true } });
  if (taken) throw new ServiceError('BAD_USER_INPUT', `A brand named "${name}" already exists`);
  await runWriteTransaction(async (tx) => {
    await tx.query({ name: 'brand-rename', text: 'UPDATE brand SET name = $2, "updatedAt" = now() WHERE id = $1', values: [brandId, name] });
    await recordUserAction({ actor, brandId, action: 'updateBrand', recordType: 'BRAND', recordId: brandId, changes: { name: [brand.name, name] } }, tx);
    return { value: null, notices: [] };
  }).catch((error: unknown) => {
    // Two renames to one name at once: the unique key answers for the slower one.
    if ((error as { code?: string }).code === '23505') throw new ServiceError('BAD_USER_INPUT', `A brand named "${name}" already exists`);
    throw error;
  });
}

/**
 * Archives a brand: its Trackstar connection is disconnected (the same path as disconnectTrackstar,
 * so syncing stops and the upstream connection is deleted), and the brand leaves brand lists and
 * cross-brand scopes (listedBrands). Its data stays, readable by id. Idempotent.
 */
export async function archiveBrand(actor: Viewer, brandId: string): Promise<void> {
  const brand = await db.brand.findFirst({
    where: { id: brandId, threePLId: actor.threePLId },
    select: { archivedAt: true, integration: { select: { status: true, accessToken: true } } },
  });
  if (!brand) throw new ServiceError('NOT_FOUND', 'Brand not found');
  if (brand.archivedAt) return;
  const integration = brand.integration;
  if (integration && integration.status !== 'DISCONNECTED' && integration.accessToken) {
    try {
      await disconnectTrackstar(brandId, actor);
    } catch (error) {
      // Disconnected meanwhile (a connection.deleted webhook): nothing left to stop.
      if (!(error instanceof ServiceError && error.code === 'NOT_CONNECTED')) throw error;
    }
  }
  await runWriteTransaction(async (tx) => {
    const { rowCount } = await tx.query({ name: 'brand-archive', text: `UPDATE brand SET "archivedAt" = ${NOW} WHERE id = $1 AND "archivedAt" IS NULL`, values: [brandId] });
    if (rowCount) await recordUserAction({ actor, brandId, action: 'archiveBrand', recordType: 'BRAND', recordId: brandId, changes: { archived: [false, true] } }, tx);
    return { value: null, notices: [] };
  });
}

/**
 * Restores an archived brand to brand lists and cross-brand scopes. Its connection stays
 * disconnected (archiving deleted it upstream): the brand reconnects through Trackstar Link like a
 * new one, and its kept data is brought up to date by that connection's backfill. Idempotent.
 */
export async function restoreBrand(actor: Viewer, brandId: string): Promise<void> {
  const brand = await db.brand.findFirst({ where: { id: brandId, threePLId: actor.threePLId }, select: { archivedAt: true } });
  if (!brand) throw new ServiceError('NOT_FOUND', 'Brand not found');
  if (!brand.archivedAt) return;
  await runWriteTransaction(async (tx) => {
    const { rowCount } = await tx.query({ name: 'brand-restore', text: 'UPDATE brand SET "archivedAt" = NULL WHERE id = $1 AND "archivedAt" IS NOT NULL', values: [brandId] });
    if (rowCount) await recordUserAction({ actor, brandId, action: 'restoreBrand', recordType: 'BRAND', recordId: brandId, changes: { archived: [true, false] } }, tx);
    return { value: null, notices: [] };
  });
}

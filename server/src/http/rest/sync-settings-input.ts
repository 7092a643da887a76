// The body of PUT .../sync-settings: the same shape as GraphQL's SyncSettingsInput. A body of the
// wrong shape is 400 here; values the service refuses are 422 with error.fields.
import { SyncSettingsUpdateSchema, type SyncSettingsUpdate } from '../../sync/settings.js';
import { badRequest } from './errors.js';

export function settingsUpdateOf(body: unknown): SyncSettingsUpdate {
  if (body === null || typeof body !== 'object' || Array.isArray(body)) {
    throw badRequest('The body must be a JSON object: { backfillDays?, resources?: [{ resource, preset?, everySeconds?, paused?, filters? }] }');
  }
  const parsed = SyncSettingsUpdateSchema.safeParse(body);
  if (parsed.success) return parsed.data;
  const problems = parsed.error.issues.slice(0, 5).map((i) => `${i.path.join('.') || 'body'}: ${i.message}`);
  throw badRequest(`The body does not have the sync settings shape: ${problems.join('; ')}`);
}

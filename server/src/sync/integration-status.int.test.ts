// An auth failure pauses the integration only while the refused credentials are still the stored
// ones: a run that began before the brand reconnected must not undo the reconnect.
import { afterAll, expect, it } from 'vitest';
import { makeTenant } from '../../test/fixtures.js';
import { tokenBox } from '../crypto/token-box.js';
import { db } from '../db.js';
import { closeChangePublisher } from '../changes/change-log.js';
import { markIntegrationAuthError } from './integration-status.js';
import { attachConnection, retireSync } from '../../test/support/sync-harness.js';

afterAll(async () => {
  await retireSync();
  await closeChangePublisher();
});

it('ignores a 401 for replaced credentials and pauses everything for the current ones', async () => {
  const t = await makeTenant('AuthRace');
  const exchange = { access_token: 'trackstar_old', connection_id: crypto.randomUUID(), integration_name: 'sandbox', available_actions: ['get_orders'] };
  const integration = await attachConnection(t.brandA.id, exchange, ['ORDERS', 'INVENTORY']);
  const usedByTheRun = integration.accessToken!;
  // The brand reconnects while the run is still using the old token.
  const current = tokenBox().seal('trackstar_new');
  await db.brandIntegration.update({ where: { id: integration.id }, data: { accessToken: current } });

  expect(await markIntegrationAuthError(integration.id, 'Trackstar 401: invalid access token', usedByTheRun)).toBe(false);
  expect(await db.brandIntegration.findUniqueOrThrow({ where: { id: integration.id } })).toMatchObject({ status: 'ACTIVE', lastError: null });
  expect((await db.syncState.findMany({ where: { integrationId: integration.id } })).map((s) => s.status)).not.toContain('PAUSED');

  expect(await markIntegrationAuthError(integration.id, 'Trackstar 401: invalid access token', current)).toBe(true);
  expect(await db.brandIntegration.findUniqueOrThrow({ where: { id: integration.id } })).toMatchObject({ status: 'ERROR', lastError: 'Trackstar 401: invalid access token' });
  expect((await db.syncState.findMany({ where: { integrationId: integration.id } })).every((s) => s.status === 'PAUSED')).toBe(true);
});

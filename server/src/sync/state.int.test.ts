// A resource can be paused while its run is under way (Trackstar reports an error for its
// function, or the brand disconnects). The run's own end must not undo that pause.
import { describe, expect, it } from 'vitest';
import { makeTenant } from '../../test/fixtures.js';
import { runWriteTransaction } from '../changes/write-transaction.js';
import { db } from '../db.js';
import { CONNECTION_ERROR_PAUSE, failRun, finishRun, pauseResource, startRun } from './state.js';

async function runningState(label: string) {
  const t = await makeTenant(label);
  const integration = await db.brandIntegration.create({ data: { brandId: t.brandA.id, status: 'ACTIVE', connectionId: `conn_${label}_${Date.now()}` } });
  const state = await db.syncState.create({ data: { integrationId: integration.id, resource: 'ORDERS' } });
  const started = new Date(Date.UTC(2026, 11, 1, 12));
  await runWriteTransaction(async (tx) => ({ value: null, notices: await startRun(tx, t.brandA.id, state.id, started, { query: {} }) }));
  return { brandId: t.brandA.id, stateId: state.id, started };
}

const pauseMidRun = (brandId: string, stateId: string) =>
  runWriteTransaction(async (tx) => ({ value: null, notices: await pauseResource(tx, brandId, stateId, `${CONNECTION_ERROR_PAUSE}missing permission`, false) }));

describe('a pause during a run outlives the run', () => {
  it('a run that completes keeps its data (cursor) but the resource stays paused with its reason', async () => {
    const { brandId, stateId, started } = await runningState('PauseFinish');
    await pauseMidRun(brandId, stateId);
    await runWriteTransaction(async (tx) => ({ value: null, notices: await finishRun(tx, brandId, stateId, null) }));
    const state = await db.syncState.findUniqueOrThrow({ where: { id: stateId } });
    expect(state).toMatchObject({ status: 'PAUSED', lastError: `${CONNECTION_ERROR_PAUSE}missing permission`, cursor: started, runStartedAt: null });
  });

  it('a run that fails leaves the resource paused with its reason', async () => {
    const { brandId, stateId } = await runningState('PauseFail');
    await pauseMidRun(brandId, stateId);
    await runWriteTransaction(async (tx) => ({ value: null, notices: await failRun(tx, brandId, stateId, 'HTTP 500') }));
    expect(await db.syncState.findUniqueOrThrow({ where: { id: stateId } })).toMatchObject({ status: 'PAUSED', lastError: `${CONNECTION_ERROR_PAUSE}missing permission` });
  });

  it('without a pause, a run still ends SUCCEEDED or FAILED as before', async () => {
    const a = await runningState('NoPauseFinish');
    await runWriteTransaction(async (tx) => ({ value: null, notices: await finishRun(tx, a.brandId, a.stateId, null) }));
    expect(await db.syncState.findUniqueOrThrow({ where: { id: a.stateId } })).toMatchObject({ status: 'SUCCEEDED', lastError: null });
    const b = await runningState('NoPauseFail');
    await runWriteTransaction(async (tx) => ({ value: null, notices: await failRun(tx, b.brandId, b.stateId, 'HTTP 500') }));
    expect(await db.syncState.findUniqueOrThrow({ where: { id: b.stateId } })).toMatchObject({ status: 'FAILED', lastError: 'HTTP 500' });
  });
});

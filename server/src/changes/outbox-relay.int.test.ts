import { afterAll, describe, expect, it } from 'vitest';
import { db } from '../db.js';
import { pool } from '../pg.js';
import { makeTenant } from '../../test/fixtures.js';
import { appendChanges, closeChangePublisher } from './change-log.js';
import { ChangeHub } from './change-hub.js';
import { relayUnpublishedChanges } from './outbox-relay.js';
import { pruneChangeLog } from './retention.js';

const hub = new ChangeHub();
afterAll(async () => {
  await hub.close();
  await closeChangePublisher();
});

describe('change_log as an outbox', () => {
  it('re-publishes committed changes that were never published, then marks them', async () => {
    const t = await makeTenant('Relay');
    const heard: string[] = [];
    const sub = hub.subscribe(t.brandA.id, (m) => {
      if (m.type === 'notices') heard.push(...m.notices.map((n) => n.sequence));
    });
    await sub.ready;
    // A "crash" between COMMIT and PUBLISH: the rows exist, nobody published them.
    const tx = await pool.connect();
    await tx.query('BEGIN');
    await appendChanges(tx, t.brandA.id, [
      { kind: 'ORDER', entityId: 'o1', source: 'SYNC', previous: null },
      { kind: 'ORDER', entityId: 'o2', source: 'SYNC', previous: { status: 'OPEN' } },
    ]);
    await tx.query('COMMIT');
    tx.release();
    expect(await db.changeLog.count({ where: { brandId: t.brandA.id, publishedAt: null } })).toBe(2);

    expect(await relayUnpublishedChanges({ graceMs: 0 })).toBeGreaterThanOrEqual(2);
    const until = Date.now() + 5_000;
    while (heard.length < 2 && Date.now() < until) await new Promise((r) => setTimeout(r, 20));
    expect(heard).toEqual(['1', '2']);
    expect(await db.changeLog.count({ where: { brandId: t.brandA.id, publishedAt: null } })).toBe(0);
    sub.off();
  });

  it('prunes rows older than the retention', async () => {
    const t = await makeTenant('Prune');
    const tx = await pool.connect();
    await tx.query('BEGIN');
    await appendChanges(tx, t.brandA.id, [{ kind: 'ORDER', entityId: 'o1', source: 'SYNC' }, { kind: 'ORDER', entityId: 'o2', source: 'SYNC' }]);
    await tx.query('COMMIT');
    tx.release();
    await db.changeLog.updateMany({ where: { brandId: t.brandA.id, sequence: 1n }, data: { createdAt: new Date(Date.now() - 48 * 3600_000) } });
    expect(await pruneChangeLog(24)).toBeGreaterThanOrEqual(1);
    expect((await db.changeLog.findMany({ where: { brandId: t.brandA.id } })).map((c) => c.sequence)).toEqual([2n]);
  });
});

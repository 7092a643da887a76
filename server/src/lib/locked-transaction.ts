// A transaction serialized on a name: two processes doing the same diff-and-append work at once
// (refreshing one brand's attention items, evaluating its alerts) would otherwise both see the old
// state and report one change twice. The lock is PostgreSQL's transaction-scoped advisory lock on
// a hash of the name, released by COMMIT or ROLLBACK, so a crash never leaves it held.
import type { PoolClient } from 'pg';
import { pool } from '../pg.js';

/** Runs `work` inside BEGIN … COMMIT holding the advisory lock of `lockName`; rolls back on a throw. */
export async function inLockedTransaction<T>(lockName: string, work: (tx: PoolClient) => Promise<T>): Promise<T> {
  const tx = await pool.connect();
  try {
    await tx.query('BEGIN');
    await tx.query({ name: 'advisory-xact-lock', text: 'SELECT pg_advisory_xact_lock(hashtextextended($1, 0))', values: [lockName] });
    const result = await work(tx);
    await tx.query('COMMIT');
    return result;
  } catch (error) {
    await tx.query('ROLLBACK').catch(() => {});
    throw error;
  } finally {
    tx.release();
  }
}

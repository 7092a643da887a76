// The one way to write and tell: run a pg transaction on the raw pool, and publish the change
// notices it produced only once it has committed (a subscriber must never see a change that a
// rollback then undoes). Sync pages, webhook events and services all write through here.
import type { PoolClient } from 'pg';
import { pool } from '../pg.js';
import { publishChanges, type ChangeNotice } from './change-log.js';

export type WriteOutcome<T> = {
  value: T;
  /** From appendChanges in this transaction; published after COMMIT. */
  notices: ChangeNotice[];
  /**
   * The work found nothing to do (say, the row it meant to take was already taken): ROLLBACK
   * instead of COMMIT, and nothing is published.
   */
  rollback?: boolean;
};

export type WriteOptions = {
  /**
   * Do not wait for the commit's WAL flush. Only for work whose loss in a database crash is
   * recovered by doing it again (a sync page with its run position, a webhook event with its
   * PROCESSED mark).
   */
  synchronousCommit?: boolean;
};

// Both statements in one round trip: the simple protocol takes a list without parameters.
const BEGIN_ASYNC_COMMIT = 'BEGIN; SET LOCAL synchronous_commit = off';

/** Runs `work` in one transaction, then publishes its notices; returns the work's value. */
export async function runWriteTransaction<T>(work: (tx: PoolClient) => Promise<WriteOutcome<T>>, options: WriteOptions = {}): Promise<T> {
  const outcome = await inTransaction(work, options);
  if (!outcome.rollback) await publishChanges(outcome.notices);
  return outcome.value;
}

async function inTransaction<T>(work: (tx: PoolClient) => Promise<WriteOutcome<T>>, options: WriteOptions): Promise<WriteOutcome<T>> {
  const tx = await pool.connect();
  try {
    await tx.query(options.synchronousCommit === false ? BEGIN_ASYNC_COMMIT : 'BEGIN');
    const outcome = await work(tx);
    await tx.query(outcome.rollback ? 'ROLLBACK' : 'COMMIT');
    return outcome;
  } catch (error) {
    // The work's error is the one worth reporting; a failed ROLLBACK only means the connection
    // is gone, and then the server has rolled back anyway.
    await tx.query('ROLLBACK').catch(() => {});
    throw error;
  } finally {
    tx.release();
  }
}

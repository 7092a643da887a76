// One pg transaction on the raw pool, with change notices published only after COMMIT.
import type { PoolClient } from 'pg';
import { pool } from '../pg.js';
import { publishChanges, type ChangeNotice } from '../changes/change-log.js';

export async function inTransaction<T>(fn: (tx: PoolClient) => Promise<{ value: T; notices: ChangeNotice[] }>): Promise<T> {
  const tx = await pool.connect();
  let out: { value: T; notices: ChangeNotice[] };
  try {
    await tx.query('BEGIN');
    out = await fn(tx);
    await tx.query('COMMIT');
  } catch (error) {
    await tx.query('ROLLBACK').catch(() => {});
    throw error;
  } finally {
    tx.release();
  }
  await publishChanges(out.notices);
  return out.value;
}

// A Redis lock per (integration, resource): a second worker, or a scheduler tick racing a manual
// sync, must not run the same sync concurrently. Renewed while held; released only by its owner.
import { randomUUID } from 'node:crypto';
import type { Redis } from 'ioredis';

const RELEASE = `if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) else return 0 end`;
const RENEW = `if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('PEXPIRE', KEYS[1], ARGV[2]) else return 0 end`;

export type HeldLock = { release(): Promise<void>; lost(): boolean };

const lockKey = (name: string) => `packr:lock:${name}`;

/** Whether someone holds the lock now (the reconciler asks before re-enqueuing a run). */
export async function isLockHeld(redis: Redis, name: string): Promise<boolean> {
  return (await redis.exists(lockKey(name))) === 1;
}

/**
 * Takes the lock away from whoever holds it (a stalled run, jobs/stall-detector.ts): its renewal
 * then fails, so its holder sees lost() and stops after the page it is on.
 */
export async function breakLock(redis: Redis, name: string): Promise<void> {
  await redis.del(lockKey(name));
}

export async function acquireLock(redis: Redis, name: string, ttlMs: number): Promise<HeldLock | null> {
  const key = lockKey(name);
  const owner = randomUUID();
  const ok = await redis.set(key, owner, 'PX', ttlMs, 'NX');
  if (ok !== 'OK') return null;
  let lost = false;
  const timer = setInterval(() => {
    redis.eval(RENEW, 1, key, owner, ttlMs).then(
      (r) => { if (Number(r) !== 1) lost = true; },
      () => {
        // Redis hiccup: try again next tick; the page commit's compare-and-set still guards the data.
      },
    );
  }, Math.max(250, Math.floor(ttlMs / 3)));
  timer.unref();
  return {
    lost: () => lost,
    async release() {
      clearInterval(timer);
      await redis.eval(RELEASE, 1, key, owner).catch(() => {});
    },
  };
}

// The shared per-token bucket, against real Redis (the Lua script is the limiter). Asserts the
// schedule the bucket hands out, not how long anything took.
import { afterAll, describe, expect, it } from 'vitest';
import { randomUUID } from 'node:crypto';
import { createRedis } from '../redis.js';
import { TokenBucket } from './rate-limiter.js';

const a = createRedis('worker');
const b = createRedis('worker');

afterAll(() => {
  a.disconnect();
  b.disconnect();
});

describe('TokenBucket', () => {
  it('spaces requests from two processes so no second sees more than rate + burst', async () => {
    const token = `trackstar_${randomUUID()}`;
    const first = new TokenBucket(a, 'read', { ratePerSecond: 8, burst: 1 });
    const second = new TokenBucket(b, 'read', { ratePerSecond: 8, burst: 1 });
    const sendAt = await Promise.all(
      Array.from({ length: 24 }, async (_, i) => {
        const wait = await (i % 2 ? first : second).reserve(token);
        return Date.now() + wait;
      }),
    );
    sendAt.sort((x, y) => x - y);
    // 8/s with a burst of 1: any 10 consecutive sends span more than a second (at most 9 per second).
    for (let i = 0; i + 9 < sendAt.length; i++) expect(sendAt[i + 9] - sendAt[i]).toBeGreaterThan(1000);
    expect(sendAt.at(-1)! - sendAt[0]).toBeGreaterThanOrEqual(23 * 125 - 50);
  });

  it('keeps tokens apart and never stores the token itself', async () => {
    const busy = `trackstar_${randomUUID()}`;
    const idle = `trackstar_${randomUUID()}`;
    const bucket = new TokenBucket(a, 'read', { ratePerSecond: 8, burst: 1 });
    for (let i = 0; i < 10; i++) await bucket.reserve(busy);
    expect(await bucket.reserve(idle)).toBe(0);
    const keys = await a.keys('packr:ratelimit:*');
    expect(keys.length).toBeGreaterThanOrEqual(2);
    expect(keys.some((k) => k.includes(busy) || k.includes(idle))).toBe(false);
  });

  it('after a 429 holds every caller off for the retry-after', async () => {
    const token = `trackstar_${randomUUID()}`;
    const bucket = new TokenBucket(a, 'read', { ratePerSecond: 8, burst: 1 });
    expect(await bucket.reserve(token)).toBe(0);
    await bucket.penalize(token, 2_000);
    const wait = await new TokenBucket(b, 'read', { ratePerSecond: 8, burst: 1 }).reserve(token);
    expect(wait).toBeGreaterThanOrEqual(1_900);
    expect(wait).toBeLessThanOrEqual(2_300);
  });

  it('refuses a runaway queue instead of handing out an hour-long wait', async () => {
    const token = `trackstar_${randomUUID()}`;
    const bucket = new TokenBucket(a, 'read', { ratePerSecond: 1, burst: 1, maxWaitMs: 3_000 });
    for (let i = 0; i < 4; i++) await bucket.reserve(token);
    await expect(bucket.reserve(token)).rejects.toThrow(/rate limiter queue/);
  });
});

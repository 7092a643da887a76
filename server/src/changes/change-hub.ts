// One Redis subscriber connection per API process; GraphQL subscribers register here and are
// fanned out in-process, so Redis load grows with brands x processes, never with clients.
// Channels are subscribed while at least one local listener wants the brand.
import type { Redis } from 'ioredis';
import { logger } from '../lib/logger.js';
import { markNoticeArrived } from '../lib/metrics.js';
import { createRedis } from '../redis.js';
import { changeChannel, type ChangeNotice } from './change-log.js';

/** `resync`: the subscriber connection came back; notices may have been lost in the gap. */
export type HubMessage = { type: 'notices'; notices: ChangeNotice[] } | { type: 'resync' };
type Listener = (message: HubMessage) => void;

const PREFIX = changeChannel('');

export class ChangeHub {
  private redis: Redis | null = null;
  private readonly listeners = new Map<string, Set<Listener>>();
  /** Resolves when Redis confirmed the channel subscription (live notices flow from then on). */
  private readonly subscribed = new Map<string, Promise<void>>();
  private everReady = false;
  private pinger: NodeJS.Timeout | null = null;

  constructor(private readonly connect: () => Redis = () => createRedis('sub')) {}

  private connection(): Redis {
    if (this.redis) return this.redis;
    const redis = this.connect();
    redis.on('message', (channel: string, message: string) => this.dispatch(channel, message));
    redis.on('ready', () => {
      // ioredis re-subscribes on reconnect, but anything published meanwhile is gone.
      if (this.everReady) for (const set of this.listeners.values()) for (const l of set) l({ type: 'resync' });
      this.everReady = true;
    });
    // A silent TCP drop would leave us subscribed to nothing; a periodic PING surfaces it.
    this.pinger = setInterval(() => void redis.ping().catch(() => {}), 15_000);
    this.pinger.unref();
    this.redis = redis;
    return redis;
  }

  private dispatch(channel: string, message: string): void {
    if (!channel.startsWith(PREFIX)) return;
    const set = this.listeners.get(channel.slice(PREFIX.length));
    if (!set) return;
    let notices: ChangeNotice[];
    try {
      const parsed = JSON.parse(message) as unknown;
      notices = (Array.isArray(parsed) ? parsed : [parsed]) as ChangeNotice[];
    } catch {
      logger.warn('ignoring a malformed change notice', { channel });
      return;
    }
    for (const notice of notices) if (notice && typeof notice === 'object') markNoticeArrived(notice);
    for (const listener of set) listener({ type: 'notices', notices });
  }

  /**
   * Registers a listener for one brand. `ready` resolves once Redis confirmed the channel, so a
   * caller that reads the change log after it cannot miss a change between the read and live.
   */
  subscribe(brandId: string, listener: Listener): { off: () => void; ready: Promise<void> } {
    let set = this.listeners.get(brandId);
    if (!set) {
      set = new Set();
      this.listeners.set(brandId, set);
      const confirmed = this.connection()
        .subscribe(changeChannel(brandId))
        .then(() => undefined);
      confirmed.catch((error) => logger.warn('redis subscribe failed; notices resume after reconnect', { error }));
      this.subscribed.set(brandId, confirmed);
    }
    set.add(listener);
    const off = () => {
      const current = this.listeners.get(brandId);
      if (!current?.delete(listener) || current.size > 0) return;
      this.listeners.delete(brandId);
      this.subscribed.delete(brandId);
      void this.redis?.unsubscribe(changeChannel(brandId)).catch(() => {});
    };
    return { off, ready: this.subscribed.get(brandId)! };
  }

  /** Resolves once the subscriber connection is subscribed to everything requested so far. */
  async ready(): Promise<void> {
    const redis = this.connection();
    if (redis.status !== 'ready') await new Promise<void>((resolve) => redis.once('ready', () => resolve()));
    await redis.ping();
  }

  /** Whether notices are flowing right now (the subscriber connection is up). */
  isLive(): boolean {
    return this.redis?.status === 'ready';
  }

  get listenerCount(): number {
    let n = 0;
    for (const set of this.listeners.values()) n += set.size;
    return n;
  }

  async close(): Promise<void> {
    if (this.pinger) clearInterval(this.pinger);
    this.listeners.clear();
    this.subscribed.clear();
    const redis = this.redis;
    this.redis = null;
    if (redis) await redis.quit().catch(() => redis.disconnect());
  }
}

/** The process-wide hub used by the GraphQL subscriptions. */
export const changeHub = new ChangeHub();

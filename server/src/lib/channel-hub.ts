// One Redis subscriber connection per API process for one family of pub/sub channels (a channel
// per brand for change notices, per 3PL for attention and alert notices), fanned out in-process to
// local listeners, so Redis load grows with keys x processes, never with clients. A channel is
// subscribed while at least one local listener wants its key. channelPublisher is the sending side.
import type { Redis } from 'ioredis';
import { createRedis } from '../redis.js';
import { logger } from './logger.js';

/** `resync`: the subscriber connection came back; notices may have been lost in the gap. */
export type ChannelHubMessage<T> = { type: 'notices'; notices: T[] } | { type: 'resync' };
type Listener<T> = (message: ChannelHubMessage<T>) => void;

export type ChannelHubOptions<T> = {
  /** The channel of one key (a brand id, a 3PL id); the hub listens to channels with its '' prefix. */
  channel: (key: string) => string;
  /** What the notices are, for log lines. */
  label: string;
  /** Called once per notice as it arrives, before the listeners (e.g. a delivery metric). */
  onNotice?: (notice: T) => void;
  connect?: () => Redis;
};

export class ChannelHub<T extends object> {
  private redis: Redis | null = null;
  private readonly listeners = new Map<string, Set<Listener<T>>>();
  /** Resolves when Redis confirmed the channel subscription (live notices flow from then on). */
  private readonly subscribed = new Map<string, Promise<void>>();
  private everReady = false;
  private pinger: NodeJS.Timeout | null = null;
  private readonly prefix: string;

  constructor(private readonly options: ChannelHubOptions<T>) {
    this.prefix = options.channel('');
  }

  private connection(): Redis {
    if (this.redis) return this.redis;
    const redis = (this.options.connect ?? (() => createRedis('sub')))();
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
    if (!channel.startsWith(this.prefix)) return;
    const set = this.listeners.get(channel.slice(this.prefix.length));
    if (!set) return;
    let notices: T[];
    try {
      const parsed = JSON.parse(message) as unknown;
      notices = (Array.isArray(parsed) ? parsed : [parsed]).filter((n): n is T => !!n && typeof n === 'object');
    } catch {
      logger.warn(`ignoring a malformed ${this.options.label}`, { channel });
      return;
    }
    if (this.options.onNotice) for (const notice of notices) this.options.onNotice(notice);
    for (const listener of set) listener({ type: 'notices', notices });
  }

  /**
   * Registers a listener for one key. `ready` resolves once Redis confirmed the channel, so a
   * caller that reads its log after it cannot miss a notice between the read and live.
   */
  subscribe(key: string, listener: Listener<T>): { off: () => void; ready: Promise<void> } {
    let set = this.listeners.get(key);
    if (!set) {
      set = new Set();
      this.listeners.set(key, set);
      const confirmed = this.connection()
        .subscribe(this.options.channel(key))
        .then(() => undefined);
      confirmed.catch((error) => logger.warn(`redis subscribe failed; ${this.options.label}s resume after reconnect`, { error }));
      this.subscribed.set(key, confirmed);
    }
    set.add(listener);
    const off = () => {
      const current = this.listeners.get(key);
      if (!current?.delete(listener) || current.size > 0) return;
      this.listeners.delete(key);
      this.subscribed.delete(key);
      void this.redis?.unsubscribe(this.options.channel(key)).catch(() => {});
    };
    return { off, ready: this.subscribed.get(key)! };
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

export type ChannelPublisher<T> = {
  /** After COMMIT. Never throws: a lost notice is made up by the readers' own resync or resume. */
  publish(key: string, notices: readonly T[]): Promise<void>;
  close(): Promise<void>;
};

/**
 * The publishing side of a channel family: notices of one key as one JSON message, on a Redis
 * connection opened at the first publish and kept for the process.
 */
export function channelPublisher<T>(channel: (key: string) => string): ChannelPublisher<T> {
  let redis: Redis | null = null;
  return {
    async publish(key, notices) {
      if (notices.length === 0) return;
      redis ??= createRedis('producer', { enableOfflineQueue: true, maxRetriesPerRequest: 1 });
      await redis.publish(channel(key), JSON.stringify(notices)).catch(() => {});
    },
    async close() {
      await redis?.quit().catch(() => {});
      redis = null;
    },
  };
}

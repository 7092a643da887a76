// One Redis subscriber connection per API process for attention notices (a channel per 3PL),
// fanned out in-process to attentionChanged subscribers, the way changes/change-hub.ts does for
// change notices: subscribed while a local listener wants the 3PL, a `resync` message after a
// reconnect (anything published in the gap is lost), a periodic PING to surface a silent drop.
import type { Redis } from 'ioredis';
import { logger } from '../lib/logger.js';
import { createRedis } from '../redis.js';
import { attentionChannel, type AttentionNotice } from './attention-log.js';

export type AttentionHubMessage = { type: 'notices'; notices: AttentionNotice[] } | { type: 'resync' };
type Listener = (message: AttentionHubMessage) => void;

const PREFIX = attentionChannel('');

export class AttentionHub {
  private redis: Redis | null = null;
  private readonly listeners = new Map<string, Set<Listener>>();
  private readonly subscribed = new Map<string, Promise<void>>();
  private everReady = false;
  private pinger: NodeJS.Timeout | null = null;

  constructor(private readonly connect: () => Redis = () => createRedis('sub')) {}

  private connection(): Redis {
    if (this.redis) return this.redis;
    const redis = this.connect();
    redis.on('message', (channel: string, message: string) => this.dispatch(channel, message));
    redis.on('ready', () => {
      if (this.everReady) for (const set of this.listeners.values()) for (const l of set) l({ type: 'resync' });
      this.everReady = true;
    });
    this.pinger = setInterval(() => void redis.ping().catch(() => {}), 15_000);
    this.pinger.unref();
    this.redis = redis;
    return redis;
  }

  private dispatch(channel: string, message: string): void {
    if (!channel.startsWith(PREFIX)) return;
    const set = this.listeners.get(channel.slice(PREFIX.length));
    if (!set) return;
    let notices: AttentionNotice[];
    try {
      const parsed = JSON.parse(message) as unknown;
      notices = (Array.isArray(parsed) ? parsed : [parsed]).filter((n): n is AttentionNotice => !!n && typeof n === 'object');
    } catch {
      logger.warn('ignoring a malformed attention notice', { channel });
      return;
    }
    for (const listener of set) listener({ type: 'notices', notices });
  }

  /** `ready` resolves once Redis confirmed the channel: a log read after it cannot miss a notice. */
  subscribe(threePLId: string, listener: Listener): { off: () => void; ready: Promise<void> } {
    let set = this.listeners.get(threePLId);
    if (!set) {
      set = new Set();
      this.listeners.set(threePLId, set);
      const confirmed = this.connection()
        .subscribe(attentionChannel(threePLId))
        .then(() => undefined);
      confirmed.catch((error) => logger.warn('redis subscribe failed; attention notices resume after reconnect', { error }));
      this.subscribed.set(threePLId, confirmed);
    }
    set.add(listener);
    const off = () => {
      const current = this.listeners.get(threePLId);
      if (!current?.delete(listener) || current.size > 0) return;
      this.listeners.delete(threePLId);
      this.subscribed.delete(threePLId);
      void this.redis?.unsubscribe(attentionChannel(threePLId)).catch(() => {});
    };
    return { off, ready: this.subscribed.get(threePLId)! };
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

/** The process-wide hub used by attentionChanged. */
export const attentionHub = new AttentionHub();

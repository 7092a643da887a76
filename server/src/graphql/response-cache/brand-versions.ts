// A version number per brand that moves on every change notice for the brand (and whenever notices
// may have been lost), so cache keys that include it go stale exactly when the brand's data does.
// Backed by the process's change hub: one Redis channel subscription per brand in use.
import type { ChangeHub } from '../../changes/change-hub.js';

type Tracked = { version: number; live: boolean; off: () => void };

export class BrandVersions {
  private readonly brands = new Map<string, Tracked>();
  constructor(private readonly hub: ChangeHub, private readonly maxBrands = 2_000) {}

  /**
   * The brand's version, or null while the cache must not be used for it: its change channel is
   * not confirmed subscribed yet, or the hub's Redis connection is down (notices would be missed).
   */
  current(brandId: string): string | null {
    let tracked = this.brands.get(brandId);
    if (tracked) {
      // Least recently used order: re-insert.
      this.brands.delete(brandId);
      this.brands.set(brandId, tracked);
    } else {
      tracked = this.track(brandId);
    }
    if (!tracked.live || !this.hub.isLive()) return null;
    return String(tracked.version);
  }

  close(): void {
    for (const tracked of this.brands.values()) tracked.off();
    this.brands.clear();
  }

  private track(brandId: string): Tracked {
    if (this.brands.size >= this.maxBrands) {
      const [oldest, entry] = this.brands.entries().next().value as [string, Tracked];
      entry.off();
      this.brands.delete(oldest);
    }
    const tracked: Tracked = { version: 0, live: false, off: () => {} };
    // Any message moves the version: notices (data changed) and resync (notices may be lost).
    const { off, ready } = this.hub.subscribe(brandId, () => {
      tracked.version++;
    });
    tracked.off = off;
    ready.then(() => {
      tracked.live = true;
    }, () => {
      // Not subscribed: forget the brand, so a later request subscribes afresh.
      if (this.brands.get(brandId) === tracked) this.brands.delete(brandId);
      off();
    });
    this.brands.set(brandId, tracked);
    return tracked;
  }
}

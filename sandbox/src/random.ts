// Small seeded PRNG (mulberry32) plus helpers, so every generated dataset is reproducible from a seed.

/** 32-bit string hash (FNV-1a with a final avalanche), used to derive seeds from labels. */
export function hashSeed(...parts: (string | number)[]): number {
  let h = 0x811c9dc5;
  for (const ch of parts.join('\u0000')) {
    h ^= ch.codePointAt(0)!;
    h = Math.imul(h, 0x01000193);
  }
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  return h >>> 0;
}

const entriesCache = new WeakMap<object, [string, number][]>();
const HEX = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0'));

export class Random {
  private state: number;

  constructor(seed: number | string) {
    this.state = typeof seed === 'number' ? seed >>> 0 : hashSeed(seed);
  }

  /** Uniform in [0, 1). */
  next(): number {
    let t = (this.state = (this.state + 0x6d2b79f5) >>> 0);
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  /** Integer in [min, max]. */
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }

  chance(p: number): boolean {
    return this.next() < p;
  }

  pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.next() * items.length)];
  }

  /** Picks by weight; `weights` maps each item to a non-negative number. */
  weighted<T extends string | number>(weights: Readonly<Record<T, number>>): `${T}` {
    let entries = entriesCache.get(weights) as [`${T}`, number][] | undefined;
    if (!entries) entriesCache.set(weights, (entries = Object.entries(weights) as [`${T}`, number][]));
    let total = 0;
    for (const [, w] of entries) total += w;
    let r = this.next() * total;
    for (const [k, w] of entries) {
      r -= w;
      if (r < 0) return k;
    }
    return entries[entries.length - 1][0];
  }

  /** `n` distinct items (or all of them when n >= length). */
  sample<T>(items: readonly T[], n: number): T[] {
    if (n * 4 < items.length) {
      // Few out of many: draw indices, skipping repeats, without copying the list.
      const seen = new Set<number>();
      while (seen.size < n) seen.add(Math.floor(this.next() * items.length));
      return [...seen].map((i) => items[i]);
    }
    const copy = items.slice();
    const out: T[] = [];
    while (out.length < n && copy.length) out.push(copy.splice(Math.floor(this.next() * copy.length), 1)[0]);
    return out;
  }

  hex(length: number): string {
    let s = '';
    while (s.length < length) {
      const n = Math.floor(this.next() * 0x100000000);
      s += HEX[n >>> 24] + HEX[(n >>> 16) & 255] + HEX[(n >>> 8) & 255] + HEX[n & 255];
    }
    return s.slice(0, length);
  }

  digits(length: number): string {
    let s = '';
    while (s.length < length) s += Math.floor(this.next() * 10);
    return s;
  }

  /** RFC 4122 shaped (version 4 bits) but derived from the seed. */
  uuid(): string {
    const h = this.hex(32).split('');
    h[12] = '4';
    h[16] = ((parseInt(h[16], 16) & 0x3) | 0x8).toString(16);
    const s = h.join('');
    return `${s.slice(0, 8)}-${s.slice(8, 12)}-${s.slice(12, 16)}-${s.slice(16, 20)}-${s.slice(20)}`;
  }

  money(min: number, max: number): number {
    return Math.round((min + this.next() * (max - min)) * 100) / 100;
  }
}

// A least-recently-used cache bounded both in entries and in total weight (the characters of the
// texts it keeps). The workspace keeps what it read and analysed of each file in one, so that
// memory stays bounded however many files a long session opens, scans or is told about.

export interface CacheLimits {
  /** At most this many entries. */
  readonly entries: number;
  /** At most this much total weight (an entry heavier than this alone is not kept, and evicts nothing). */
  readonly weight: number;
}

export class BoundedCache<K, V> {
  /** Insertion order is use order: the first entry is the least recently used. */
  private readonly entries = new Map<K, { value: V; weight: number }>();
  private totalWeight = 0;
  /** The most recently used key: a `get` of it has no order to change. */
  private newest: K | undefined;

  constructor(
    readonly limits: CacheLimits,
    private readonly weigh: (value: V) => number,
  ) {}

  get size(): number {
    return this.entries.size;
  }

  get weight(): number {
    return this.totalWeight;
  }

  /** The value, marked as just used. */
  get(key: K): V | undefined {
    const entry = this.entries.get(key);
    if (entry === undefined) return undefined;
    if (key !== this.newest) {
      this.entries.delete(key);
      this.entries.set(key, entry);
      this.newest = key;
    }
    return entry.value;
  }

  /** The value, without marking it as used. */
  peek(key: K): V | undefined {
    return this.entries.get(key)?.value;
  }

  /** Stores the value as the most recently used, then evicts the least recently used beyond the limits. */
  set(key: K, value: V): void {
    this.delete(key);
    const weight = this.weigh(value);
    if (weight > this.limits.weight) return;
    this.entries.set(key, { value, weight });
    this.newest = key;
    this.totalWeight += weight;
    this.evict();
  }

  delete(key: K): void {
    const entry = this.entries.get(key);
    if (entry === undefined) return;
    this.entries.delete(key);
    this.totalWeight -= entry.weight;
    if (key === this.newest) this.newest = undefined;
  }

  clear(): void {
    this.entries.clear();
    this.newest = undefined;
    this.totalWeight = 0;
  }

  private evict(): void {
    for (const [key, entry] of this.entries) {
      if (this.entries.size <= this.limits.entries && this.totalWeight <= this.limits.weight) return;
      this.entries.delete(key);
      this.totalWeight -= entry.weight;
      if (key === this.newest) this.newest = undefined;
    }
  }
}

// The bounded, ageing map each kind of render-cache entry (render-cache.ts) is kept in: it drops
// the least recently used entries past a size, and stops serving entries past an age while still
// holding them for the times the database is away and an old answer beats none.

/** How finely the LRU orders entries by their last use. */
const RECENCY_MS = 1000;

/**
 * A Map that forgets its least recently used entries beyond `max`, and any entry older than
 * `maxAgeMs`: a safety net for a change whose event never arrived (a publish lost while Redis
 * was away, a row edited by hand), so nothing stays wrong for longer than that.
 */
export class Lru<K, V> {
  private readonly map = new Map<K, { value: V; at: number; touched: number }>();
  constructor(
    private readonly max: number,
    private readonly maxAgeMs: number,
    private readonly now: () => number,
  ) {}

  /** `now` may be passed by a caller looking up many keys at one moment. */
  get(key: K, now = this.now()): V | undefined {
    const entry = this.map.get(key);
    if (entry === undefined) return undefined;
    // Too old to serve, but kept (until the LRU drops it) for stale(): while the database is
    // away, an old entry is better than no answer. An evicted (changed) entry is gone for good.
    if (now - entry.at > this.maxAgeMs) return undefined;
    // Moving an entry to the young end costs a delete and an insert in a large Map; a hot page
    // reads the same entries thousands of times a second, so recency is kept to the second.
    if (now - entry.touched >= RECENCY_MS) {
      entry.touched = now;
      this.map.delete(key);
      this.map.set(key, entry);
    }
    return entry.value;
  }

  /** The entry however old, for when it cannot be loaded again (the database is away). */
  stale(key: K): V | undefined {
    return this.map.get(key)?.value;
  }

  set(key: K, value: V): void {
    const now = this.now();
    this.map.delete(key);
    this.map.set(key, { value, at: now, touched: now });
    if (this.map.size > this.max) this.map.delete(this.map.keys().next().value!);
  }

  delete(key: K): void {
    this.map.delete(key);
  }

  clear(): void {
    this.map.clear();
  }

  get size(): number {
    return this.map.size;
  }
}

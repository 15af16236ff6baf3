// How many streams one token, one account and one client address may hold open at once
// (config.ts StreamLimits). Counted in this process, as streams are held: admission and release
// are synchronous, so concurrent connects cannot slip past a limit between check and count.
import type { StreamLimits } from '../config.js';

export const NO_LIMITS: StreamLimits = { subscriptionsPerSocket: 0, connectionsPerToken: 0, connectionsPerAccount: 0, connectionsPerIp: 0 };

/** What a stream is counted under. */
export interface ConnectionKeys {
  tokenHash?: string;
  accountId?: number;
  ip?: string;
}

export class ConnectionCounter {
  private readonly counts = new Map<string, number>();

  constructor(private readonly limits: StreamLimits) {}

  /** Counts the stream in, or says which limit it is over (and counts nothing). */
  admit(keys: ConnectionKeys): string | null {
    const entries = this.entries(keys);
    for (const { key, limit, whose } of entries) {
      if (limit > 0 && (this.counts.get(key) ?? 0) >= limit) return `Too many open streams for ${whose} (at most ${limit})`;
    }
    for (const { key } of entries) this.counts.set(key, (this.counts.get(key) ?? 0) + 1);
    return null;
  }

  /** Counts an admitted stream out (once per admit). */
  release(keys: ConnectionKeys): void {
    for (const { key } of this.entries(keys)) {
      const left = (this.counts.get(key) ?? 1) - 1;
      if (left > 0) this.counts.set(key, left);
      else this.counts.delete(key);
    }
  }

  private entries(keys: ConnectionKeys): { key: string; limit: number; whose: string }[] {
    const entries = [];
    if (keys.tokenHash) entries.push({ key: `token:${keys.tokenHash}`, limit: this.limits.connectionsPerToken, whose: 'this access token' });
    if (keys.accountId !== undefined) entries.push({ key: `account:${keys.accountId}`, limit: this.limits.connectionsPerAccount, whose: 'this account' });
    if (keys.ip) entries.push({ key: `ip:${keys.ip}`, limit: this.limits.connectionsPerIp, whose: 'this address' });
    return entries;
  }
}

/**
 * Keys (revoked tokens, suspended accounts) remembered for a while, so that a stream whose
 * credentials were checked just before the revocation was heard, and registers just after, is
 * still refused. Bounded: the oldest are forgotten first.
 */
export class RecentKeys<K> {
  private readonly until = new Map<K, number>();

  constructor(private readonly ttlMs = 120_000, private readonly max = 10_000, private readonly now = Date.now) {}

  add(key: K): void {
    this.until.delete(key);
    this.until.set(key, this.now() + this.ttlMs);
    // Over the bound, the oldest tenth goes with one iterator: dropping one per add walked the
    // holes earlier deletions left at the Map's front each time (24 µs an add; a mass
    // suspension adds 50,000 at once, on the thread that serves reads).
    if (this.until.size > this.max) {
      const oldest = this.until.keys();
      for (let n = this.until.size - Math.floor(this.max * 0.9); n > 0; n--) this.until.delete(oldest.next().value!);
    }
  }

  /** Forgets the key (an account restored: its streams may open again at once). */
  delete(key: K): void {
    this.until.delete(key);
  }

  has(key: K): boolean {
    const until = this.until.get(key);
    if (until === undefined) return false;
    if (until > this.now()) return true;
    this.until.delete(key);
    return false;
  }
}

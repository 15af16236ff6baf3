// What rendering a status needs, kept in process memory so that a timeline page costs no
// database reads once it is warm: status rows (with their counters), their immutable extras
// (mentions, tags, media), authors' presented accounts, and each viewer's recent favourites,
// bookmarks and reblogs.
//
// Freshness comes from events, not expiry: every write that changes what a status or an account
// shows publishes `status.changed` / `account.changed` (or `status.deleted`, `follow.changed`,
// `marks.changed`) after it commits, and the entries go. The writing process hears its own events before the
// write is acknowledged; other processes hear them through Redis a moment later.
//
// A load that read the database before an eviction must not store what it read after it
// (it would bring the old row back for good): each eviction is stamped with an epoch, and a load
// stores an entry only if that key was not evicted since the load began.
//
// A status entry also holds its encoded JSON head (posts/status-bytes.ts), stamped with the
// versions of the entry and of the author entry it was encoded with. Every loaded status or
// account entry gets a new version, and a change replaces the entry (evict, then load), so a head
// whose stamps differ from the entries at hand is never used: a stale encoding cannot be served.
import type { EventBus, SirbEvent } from '../events.js';
import type { AccountRow, MediaRow, PollRow, StatusRow } from '../db/schema.js';
import type { AccountJson } from '../accounts/presenter.js';
import type { ViewerMarks } from './store.js';
import type { PreviewCardJson } from '../http/entities/preview-card.js';
import { unavailabilityOf } from '../db/availability.js';
import { Lru } from './render-cache-lru.js';

export interface StatusExtras {
  mentions: { id: string; username: string; acct: string; url: string }[];
  tags: { name: string; url: string }[];
  /** Rows, not JSON: a restricted post's media links are signed when its head is encoded. */
  media: MediaRow[];
  /** Its poll's row, if it has one (its votes evict the entry: polls/store.ts). */
  poll?: PollRow;
  /** Its first link's preview card, once fetched (cards/store.ts evicts the entry when it changes). */
  card?: PreviewCardJson;
}

export interface CachedAccount {
  row: AccountRow;
  json: AccountJson;
  /** From RenderCache.nextVersion(): a reloaded account is a new version. */
  version: number;
}

/** A status's encoded head and the versions of the status and author entries it encodes. */
export interface EncodedHead {
  status: number;
  author: number;
  /**
   * Until when (clock ms) the head may be served: a followers-only or direct post's head holds
   * signed media links (media/signed-links.ts) that must not be handed out near their expiry;
   * Infinity for any other.
   */
  until: number;
  bytes: Buffer;
}

export interface CachedStatus {
  /** Without `text` and `search_text`, which are never shown. */
  row: StatusRow;
  /** From RenderCache.nextVersion(): a reloaded row is a new version. */
  version: number;
  /** Set when a page first renders the status (see status-bytes.ts). */
  head?: EncodedHead;
}

/**
 * A viewer's favourites, bookmarks and reblogs of every status at or after `horizon` (an id);
 * older statuses are asked of the database.
 */
export interface RecentMarks {
  horizon: number;
  marks: ViewerMarks;
}

export interface RenderCacheLimits {
  statuses: number;
  accounts: number;
  viewers: number;
  /** Entries older than this are loaded again even if no event said they changed. */
  maxAgeMs: number;
}

const DEFAULT_LIMITS: RenderCacheLimits = { statuses: 20_000, accounts: 20_000, viewers: 20_000, maxAgeMs: 60_000 };

/** What each kind of entry holds, by id (a status's, an account's, a viewer's). */
export interface CachedValues {
  status: CachedStatus;
  extras: StatusExtras;
  account: CachedAccount;
  marks: RecentMarks;
}

type Kind = keyof CachedValues;

/** A value now, or later when it had to be loaded. */
export type MaybePromise<T> = T | Promise<T>;

export type CacheLookups = Record<Kind, { hits: number; misses: number }>;

/** Remembered evictions beyond this are forgotten, and loads older than them do not store. */
const EVICTION_MEMORY = 10_000;

export class RenderCache {
  private readonly entries: { [K in Kind]: Lru<number, CachedValues[K]> };
  private epoch = 0;
  private floor = 0;
  private version = 0;
  private readonly evictedAt = new Map<string, number>();
  /** Entries served past their age while the database was unavailable, since start. */
  staleServed = 0;
  /** Since start, for /metrics. */
  readonly lookups: CacheLookups = {
    status: { hits: 0, misses: 0 },
    extras: { hits: 0, misses: 0 },
    account: { hits: 0, misses: 0 },
    marks: { hits: 0, misses: 0 },
  };

  constructor(
    options: Partial<RenderCacheLimits> = {},
    private readonly now: () => number = Date.now,
  ) {
    const limits = { ...DEFAULT_LIMITS, ...options };
    this.entries = {
      status: new Lru(limits.statuses, limits.maxAgeMs, now),
      extras: new Lru(limits.statuses, limits.maxAgeMs, now),
      account: new Lru(limits.accounts, limits.maxAgeMs, now),
      marks: new Lru(limits.viewers, limits.maxAgeMs, now),
    };
  }

  /**
   * Listens for every write, from any process, that changes how a status or an account is
   * shown: each event once. Eviction is synchronous, so this process's own writes have evicted
   * by the time they are acknowledged.
   */
  attach(events: EventBus): () => void {
    const off = events.subscribe((event) => this.apply(event));
    const offGap = events.onGap(() => this.clear());
    return () => {
      off();
      offGap();
    };
  }

  apply(event: SirbEvent): void {
    switch (event.type) {
      case 'status.changed':
        this.evict('status', event.statusId);
        if (event.media || event.poll || event.card) this.evict('extras', event.statusId);
        break;
      case 'status.deleted':
        this.evict('status', event.statusId);
        this.evict('extras', event.statusId);
        break;
      case 'account.changed':
        this.evict('account', event.accountId);
        break;
      case 'marks.changed':
        this.evict('marks', event.accountId);
        break;
      case 'accounts.suspended':
      case 'accounts.unsuspended':
        // The author entry holds suspended_at: pages stop (or start again) showing their posts.
        for (const id of event.accountIds) this.evict('account', id);
        break;
      case 'follow.changed':
        this.evict('account', event.accountId);
        this.evict('account', event.targetAccountId);
        break;
      default:
        break;
    }
  }

  /** Forgets everything (evictions may have been missed); loads under way do not store. */
  clear(): void {
    for (const lru of Object.values(this.entries)) lru.clear();
    this.epoch += 1;
    this.floor = this.epoch;
    this.evictedAt.clear();
  }

  get<K extends Kind>(kind: K, id: number): CachedValues[K] | undefined {
    const value = this.entries[kind].get(id);
    if (value === undefined) this.lookups[kind].misses += 1;
    else this.lookups[kind].hits += 1;
    return value;
  }

  /** A value however old (never one a change evicted), for answering while the database is away. */
  stale<K extends Kind>(kind: K, id: number): CachedValues[K] | undefined {
    return (this.entries[kind] as Lru<number, CachedValues[K]>).stale(id);
  }

  /** A cached value without counting the lookup (the caller counts, with countHits). */
  peek<K extends Kind>(kind: K, id: number): CachedValues[K] | undefined {
    return (this.entries[kind] as Lru<number, CachedValues[K]>).get(id);
  }

  countHits(kind: Kind, hits: number): void {
    this.lookups[kind].hits += hits;
  }

  /** A version no entry had before: each loaded status or account entry takes one. */
  nextVersion(): number {
    return ++this.version;
  }

  /** Marks the start of a load; pass the result to the `store` calls that follow it. */
  begin(): number {
    return this.epoch;
  }

  /** Keeps what a load begun at `since` read, unless the entry was evicted since. */
  store<K extends Kind>(kind: K, id: number, value: CachedValues[K], since: number): void {
    if (this.fresh(kind, id, since)) this.entries[kind].set(id, value);
  }

  /**
   * Values by id: cached ones, and the missing ones loaded in one batch and kept. When all are
   * cached the map comes back at once, not as a promise: a warm timeline page makes a few dozen
   * of these lookups, and each async step would cost a promise and a trip through the microtask
   * queue.
   */
  readThrough<K extends Kind>(kind: K, ids: number[], load: (missing: number[]) => Promise<Map<number, CachedValues[K]>>): MaybePromise<Map<number, CachedValues[K]>> {
    const entries: Lru<number, CachedValues[K]> = this.entries[kind];
    const now = this.now();
    const found = new Map<number, CachedValues[K]>();
    let missing: number[] | undefined;
    for (const id of ids) {
      const value = entries.get(id, now);
      if (value === undefined) (missing ??= []).push(id);
      else found.set(id, value);
    }
    const lookups = this.lookups[kind];
    lookups.hits += found.size;
    lookups.misses += missing?.length ?? 0;
    return missing === undefined ? found : this.loadMissing(kind, missing, found, load);
  }

  private async loadMissing<K extends Kind>(kind: K, missing: number[], found: Map<number, CachedValues[K]>, load: (missing: number[]) => Promise<Map<number, CachedValues[K]>>) {
    const since = this.begin();
    let loaded: Map<number, CachedValues[K]>;
    try {
      loaded = await load(missing);
    } catch (error) {
      if (!unavailabilityOf(error)) throw error;
      // The database is away: entries past their age (never evicted by a change) still serve,
      // if every one missing has one; otherwise the request says "try again later".
      const entries: Lru<number, CachedValues[K]> = this.entries[kind];
      for (const id of missing) {
        const value = entries.stale(id);
        if (value === undefined) throw error;
        found.set(id, value);
      }
      this.staleServed += missing.length;
      return found;
    }
    for (const [id, value] of loaded) {
      this.store(kind, id, value, since);
      found.set(id, value);
    }
    return found;
  }

  get sizes(): Record<Kind, number> {
    return { status: this.entries.status.size, extras: this.entries.extras.size, account: this.entries.account.size, marks: this.entries.marks.size };
  }

  private evict(kind: Kind, id: number): void {
    // A status's encoded head holds its extras: they never go without the status entry.
    if (kind === 'extras') this.entries.status.delete(id);
    this.entries[kind].delete(id);
    this.epoch += 1;
    const key = `${kind}:${id}`;
    this.evictedAt.delete(key);
    this.evictedAt.set(key, this.epoch);
    if (this.evictedAt.size > EVICTION_MEMORY) {
      // The oldest tenth at once, with one iterator: one per eviction walked the holes earlier
      // deletions left at the Map's front every time (a mass suspension evicts 50,000 authors).
      const oldest = this.evictedAt.entries();
      for (let n = this.evictedAt.size - Math.floor(EVICTION_MEMORY * 0.9); n > 0; n--) {
        const [key, at] = oldest.next().value!;
        this.evictedAt.delete(key);
        this.floor = at;
      }
    }
  }

  private fresh(kind: Kind, id: number, since: number): boolean {
    if (since < this.floor) return false;
    return (this.evictedAt.get(`${kind}:${id}`) ?? 0) <= since;
  }
}

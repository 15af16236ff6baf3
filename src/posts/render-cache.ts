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
import type { EventBus, SirbEvent } from '../events.js';
import type { AccountRow, StatusRow } from '../db/schema.js';
import type { AccountJson } from '../accounts/presenter.js';
import type { ViewerMarks } from './store.js';

export interface StatusExtras {
  mentions: { id: string; username: string; acct: string; url: string }[];
  tags: { name: string; url: string }[];
  media: unknown[];
}

export interface CachedAccount {
  row: AccountRow;
  json: AccountJson;
}

/** A Map that forgets its least recently used entries beyond `max`. */
class Lru<K, V> {
  private readonly map = new Map<K, V>();
  constructor(private readonly max: number) {}

  get(key: K): V | undefined {
    const value = this.map.get(key);
    if (value !== undefined) {
      this.map.delete(key);
      this.map.set(key, value);
    }
    return value;
  }

  set(key: K, value: V): void {
    this.map.delete(key);
    this.map.set(key, value);
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

/**
 * A viewer's favourites, bookmarks and reblogs of every status at or after `horizon` (an id);
 * older statuses are asked of the database. `marks` is absent for a viewer with too many to keep.
 */
export interface RecentMarks {
  horizon: number;
  marks?: ViewerMarks;
}

export interface RenderCacheLimits {
  statuses: number;
  accounts: number;
  viewers: number;
}

type Kind = 'status' | 'extras' | 'account' | 'marks';

export type CacheLookups = Record<Kind, { hits: number; misses: number }>;

/** Remembered evictions beyond this are forgotten, and loads older than them do not store. */
const EVICTION_MEMORY = 10_000;

export class RenderCache {
  private readonly statuses: Lru<number, StatusRow>;
  private readonly extras: Lru<number, StatusExtras>;
  private readonly accounts: Lru<number, CachedAccount>;
  private readonly viewerMarks: Lru<number, RecentMarks>;
  private epoch = 0;
  private floor = 0;
  private readonly evictedAt = new Map<string, number>();
  /** Since start, for /metrics. */
  readonly lookups: CacheLookups = {
    status: { hits: 0, misses: 0 },
    extras: { hits: 0, misses: 0 },
    account: { hits: 0, misses: 0 },
    marks: { hits: 0, misses: 0 },
  };

  constructor(limits: RenderCacheLimits = { statuses: 20_000, accounts: 20_000, viewers: 20_000 }) {
    this.statuses = new Lru(limits.statuses);
    this.extras = new Lru(limits.statuses);
    this.accounts = new Lru(limits.accounts);
    this.viewerMarks = new Lru(limits.viewers);
  }

  /** Listens for every write that changes how a status or an account is shown. */
  attach(events: EventBus): () => void {
    const onEvent = (event: SirbEvent) => this.apply(event);
    const offLocal = events.subscribeLocal(onEvent);
    const offCluster = events.subscribe(onEvent);
    const offGap = events.onGap(() => this.clear());
    return () => {
      offLocal();
      offCluster();
      offGap();
    };
  }

  apply(event: SirbEvent): void {
    switch (event.type) {
      case 'status.changed':
        this.evict('status', event.statusId);
        if (event.media) this.evict('extras', event.statusId);
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
    for (const map of [this.statuses, this.extras, this.accounts, this.viewerMarks]) map.clear();
    this.epoch += 1;
    this.floor = this.epoch;
    this.evictedAt.clear();
  }

  /** Marks the start of a load; pass the result to the `store…` calls that follow it. */
  begin(): number {
    return this.epoch;
  }

  status(id: number): StatusRow | undefined {
    return this.counted('status', this.statuses.get(id));
  }

  statusExtras(id: number): StatusExtras | undefined {
    return this.counted('extras', this.extras.get(id));
  }

  account(id: number): CachedAccount | undefined {
    return this.counted('account', this.accounts.get(id));
  }

  private counted<T>(kind: Kind, value: T | undefined): T | undefined {
    if (value === undefined) this.lookups[kind].misses += 1;
    else this.lookups[kind].hits += 1;
    return value;
  }

  marks(viewerId: number): RecentMarks | undefined {
    return this.counted('marks', this.viewerMarks.get(viewerId));
  }

  storeMarks(viewerId: number, marks: RecentMarks, since: number): void {
    if (this.fresh('marks', viewerId, since)) this.viewerMarks.set(viewerId, marks);
  }

  storeStatus(row: StatusRow, since: number): void {
    if (this.fresh('status', row.id, since)) this.statuses.set(row.id, row);
  }

  storeExtras(id: number, extras: StatusExtras, since: number): void {
    if (this.fresh('extras', id, since)) this.extras.set(id, extras);
  }

  storeAccount(account: CachedAccount, since: number): void {
    if (this.fresh('account', account.row.id, since)) this.accounts.set(account.row.id, account);
  }

  get sizes(): Record<Kind, number> {
    return { status: this.statuses.size, extras: this.extras.size, account: this.accounts.size, marks: this.viewerMarks.size };
  }

  private evict(kind: Kind, id: number): void {
    if (kind === 'status') this.statuses.delete(id);
    else if (kind === 'extras') this.extras.delete(id);
    else if (kind === 'account') this.accounts.delete(id);
    else this.viewerMarks.delete(id);
    this.epoch += 1;
    const key = `${kind}:${id}`;
    this.evictedAt.delete(key);
    this.evictedAt.set(key, this.epoch);
    if (this.evictedAt.size > EVICTION_MEMORY) {
      const [oldest, at] = this.evictedAt.entries().next().value!;
      this.evictedAt.delete(oldest);
      this.floor = at;
    }
  }

  private fresh(kind: Kind, id: number, since: number): boolean {
    if (since < this.floor) return false;
    return (this.evictedAt.get(`${kind}:${id}`) ?? 0) <= since;
  }
}

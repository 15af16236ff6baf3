// Home timelines served from a feed cache (timelines/feed-cache.ts: process memory in the
// embedded mode, Redis in scale-out mode) that fan-out on write keeps current
// (timelines/fanout.ts). The database stays the source of truth:
// - a feed that is not built (cold start, flushed Redis, evicted, or expired after weeks idle)
//   is rebuilt from SQL on first read: same result, never a blank page;
// - authors with very many followers are not fanned out; their posts are merged in at read time;
// - paging past the cached window continues from SQL seamlessly;
// - while Redis is unavailable (db/redis-breaker.ts), home is read from SQL alone.
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.js';
import type { Page } from '../http/pagination.js';
import type { FeedCache } from './feed-cache.js';
import { followedActiveAmong } from '../accounts/follows.js';
import { RedisUnavailableError } from '../db/redis-breaker.js';
import type { AccountTimelineOptions, PublicOptions, ScannedPage, SqlTimelineStore, TimelineStore } from './store.js';

export const HOME_CAP = 800;
/** Authors with at least this many followers are merged at read time instead of fanned out. */
export const FANOUT_FOLLOWER_LIMIT = 10_000;

export class CachedTimelineStore implements TimelineStore {
  constructor(
    private readonly db: Kysely<Database>,
    readonly feeds: FeedCache,
    private readonly sql: SqlTimelineStore,
    /** Told of each home read answered from SQL because the feed cache was unavailable (/metrics). */
    private readonly fellBack: () => void = () => {},
  ) {}

  /** Builds the feed from SQL (the newest HOME_CAP entries), replacing whatever was there. */
  async rebuild(accountId: number): Promise<void> {
    await this.feeds.replace(accountId, await this.sql.home(accountId, { limit: HOME_CAP }));
  }

  /** Of these very followed accounts, the ones the viewer follows (merged in at read time). */
  private followed(accountId: number, celebrities: number[]): Promise<number[]> {
    return followedActiveAmong(this.db, accountId, celebrities);
  }

  async home(accountId: number, page: Page): Promise<number[]> {
    try {
      return await this.cachedHome(accountId, page);
    } catch (error) {
      if (!(error instanceof RedisUnavailableError)) throw error;
      // The same statuses, computed at read time: slower, but the page is whole.
      this.fellBack();
      return this.sql.home(accountId, page);
    }
  }

  private async cachedHome(accountId: number, page: Page): Promise<number[]> {
    let read = await this.feeds.read(accountId, page);
    const wasBuilt = read.built;
    if (!read.built) {
      await this.rebuild(accountId);
      read = await this.feeds.read(accountId, page);
    }
    let ids = read.ids;
    const celebrities = read.celebrities.length ? await this.followed(accountId, read.celebrities) : [];
    // A full feed holds only the newest HOME_CAP entries: older ones come from SQL.
    if (ids.length < page.limit && page.minId === undefined && (!wasBuilt || read.size >= HOME_CAP)) {
      const oldest = ids.length ? ids[ids.length - 1] : page.maxId;
      ids = [...ids, ...(await this.sql.home(accountId, { ...page, maxId: oldest, limit: page.limit - ids.length }))];
    }
    if (celebrities.length === 0) return ids;
    const merged = await this.sql.postsBy(celebrities, accountId, page);
    const ascending = page.minId !== undefined;
    const all = [...new Set([...ids, ...merged])].sort((a, b) => (ascending ? a - b : b - a)).slice(0, page.limit);
    return ascending ? all.reverse() : all;
  }

  publicTimeline(page: Page, viewerId?: number, options?: PublicOptions): Promise<number[]> {
    return this.sql.publicTimeline(page, viewerId, options);
  }

  tag(tagKey: string, page: Page, viewerId?: number, options?: PublicOptions): Promise<ScannedPage> {
    return this.sql.tag(tagKey, page, viewerId, options);
  }

  link(url: string, page: Page, viewerId?: number): Promise<number[] | undefined> {
    return this.sql.link(url, page, viewerId);
  }

  account(accountId: number, page: Page, options: AccountTimelineOptions): Promise<number[]> {
    return this.sql.account(accountId, page, options);
  }
}

// Home timelines cached in Redis, filled by fan-out on write (timelines/fanout.ts).
//
// Each account's home timeline is a sorted set of status ids (score = id, so newest is highest)
// holding at most HOME_CAP entries, plus a sentinel member "0" that says "this set was built".
// - A missing set (cold or flushed Redis, or an account back after weeks idle, whose set
//   expired) is rebuilt from SQL on first read: same result, never a blank page.
// - Authors with very many followers are not fanned out; their posts are merged in at read time.
// - Paging past the cached window continues from SQL seamlessly.
import type { Kysely } from 'kysely';
import type { Redis } from 'ioredis';
import type { Database } from '../db/schema.js';
import type { Page } from '../http/pagination.js';
import type { AccountTimelineOptions, SqlTimelineStore, TimelineStore } from './store.js';

export const HOME_CAP = 800;
/** Authors with at least this many followers are merged at read time instead of fanned out. */
export const FANOUT_FOLLOWER_LIMIT = 10_000;
/** A home set unread for this long expires; the account is then rebuilt when it returns. */
export const IDLE_TTL_SECONDS = 14 * 24 * 3600;
const SENTINEL = '0';

export class RedisTimelineStore implements TimelineStore {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly redis: Redis,
    private readonly key: (...parts: (string | number)[]) => string,
    private readonly sql: SqlTimelineStore,
  ) {}

  homeKey(accountId: number): string {
    return this.key('home', accountId);
  }

  /** Builds the cached set from SQL (the newest HOME_CAP entries), replacing whatever was there. */
  async rebuild(accountId: number): Promise<void> {
    const ids = await this.sql.home(accountId, { limit: HOME_CAP });
    const key = this.homeKey(accountId);
    const tx = this.redis.multi().del(key).zadd(key, 0, SENTINEL);
    if (ids.length) tx.zadd(key, ...ids.flatMap((id) => [id, String(id)]));
    await tx.expire(key, IDLE_TTL_SECONDS).exec();
  }

  celebritiesKey(): string {
    return this.key('celebrities');
  }

  /**
   * Accounts the viewer follows whose posts are merged in at read time. Fan-out adds an author
   * to the shared set before it skips them, and never removes one, so a post is always either
   * in the reader's set or merged here.
   */
  private async followedCelebrities(accountId: number): Promise<number[]> {
    const all = (await this.redis.smembers(this.celebritiesKey())).map(Number);
    if (all.length === 0) return [];
    const rows = await this.db
      .selectFrom('follows')
      .select('target_account_id')
      .where('account_id', '=', accountId)
      .where('target_account_id', 'in', all)
      .execute();
    return rows.map((r) => r.target_account_id);
  }

  private async cachedIds(key: string, page: Page): Promise<number[]> {
    const upper = page.maxId !== undefined ? `(${page.maxId}` : '+inf';
    if (page.minId !== undefined) {
      const ids = await this.redis.zrangebyscore(key, `(${page.minId}`, upper, 'LIMIT', 0, page.limit);
      return ids.map(Number).filter((id) => id > 0).reverse();
    }
    const lower = page.sinceId !== undefined ? `(${page.sinceId}` : '(0';
    const ids = await this.redis.zrevrangebyscore(key, upper, lower, 'LIMIT', 0, page.limit);
    return ids.map(Number);
  }

  async home(accountId: number, page: Page): Promise<number[]> {
    const key = this.homeKey(accountId);
    const [[, exists], [, size]] = (await this.redis.multi().exists(key).zcard(key).exec()) as [[null, number], [null, number]];
    if (!exists) await this.rebuild(accountId);
    void this.redis.expire(key, IDLE_TTL_SECONDS).catch(() => {});

    let ids = await this.cachedIds(key, page);
    // The set holds only the newest HOME_CAP; when it is full, older entries may exist in SQL.
    const full = exists ? size - 1 >= HOME_CAP : false;
    if (ids.length < page.limit && page.minId === undefined && (full || !exists)) {
      const oldest = ids.length ? ids[ids.length - 1] : page.maxId;
      const more = await this.sql.home(accountId, { ...page, maxId: oldest, limit: page.limit - ids.length });
      ids = [...ids, ...more];
    }
    const celebrities = await this.followedCelebrities(accountId);
    if (celebrities.length === 0) return ids;
    const merged = await this.sql.postsBy(celebrities, accountId, page);
    const all = [...new Set([...ids, ...merged])];
    all.sort((a, b) => (page.minId !== undefined ? a - b : b - a));
    const pageIds = all.slice(0, page.limit);
    return page.minId !== undefined ? pageIds.reverse() : pageIds;
  }

  publicTimeline(page: Page): Promise<number[]> {
    return this.sql.publicTimeline(page);
  }

  tag(tagKey: string, page: Page): Promise<number[]> {
    return this.sql.tag(tagKey, page);
  }

  account(accountId: number, page: Page, options: AccountTimelineOptions): Promise<number[]> {
    return this.sql.account(accountId, page, options);
  }
}

// Feeds in Redis, shared by every app process. Each feed is a sorted set (score = status id),
// with a sentinel member "0" saying it was built; it expires after IDLE_TTL_SECONDS unread, so
// accounts idle for weeks hold no memory and are not fanned out to.
import type { Redis } from 'ioredis';
import type { Page } from '../http/pagination.js';
import type { FeedCache, FeedRead } from './feed-cache.js';

export const IDLE_TTL_SECONDS = 14 * 24 * 3600;
const SENTINEL = '0';
const BATCH = 1000;

// Adds to a set only when it exists (was built), then trims to the cap (+ the sentinel).
const ADD_IF_BUILT = `
if redis.call('exists', KEYS[1]) == 1 then
  redis.call('zadd', KEYS[1], ARGV[1], ARGV[1])
  local n = redis.call('zcard', KEYS[1])
  local cap = tonumber(ARGV[2])
  if n > cap + 1 then redis.call('zremrangebyrank', KEYS[1], 1, n - cap - 1) end
  return 1
end
return 0`;

type Pipeline = ReturnType<Redis['pipeline']> & { homeAdd(key: string, id: string, cap: number): void };

export class RedisFeedCache implements FeedCache {
  constructor(
    private readonly redis: Redis,
    private readonly key: (...parts: (string | number)[]) => string,
    private readonly cap: number,
  ) {
    if (!(redis as unknown as { homeAdd?: unknown }).homeAdd) redis.defineCommand('homeAdd', { numberOfKeys: 1, lua: ADD_IF_BUILT });
  }

  feedKey(accountId: number): string {
    return this.key('home', accountId);
  }

  async info(accountId: number) {
    const key = this.feedKey(accountId);
    const [[, exists], [, size]] = (await this.redis.multi().exists(key).zcard(key).expire(key, IDLE_TTL_SECONDS).exec()) as [[null, number], [null, number]];
    return { built: exists === 1, size: Math.max(size - 1, 0) };
  }

  async replace(accountId: number, ids: number[]) {
    const key = this.feedKey(accountId);
    const tx = this.redis.multi().del(key).zadd(key, 0, SENTINEL);
    const kept = ids.slice(0, this.cap);
    if (kept.length) tx.zadd(key, ...kept.flatMap((id) => [id, String(id)]));
    await tx.expire(key, IDLE_TTL_SECONDS).exec();
  }

  async range(accountId: number, page: Page) {
    const tx = this.redis.multi();
    this.queueRange(tx, accountId, page);
    const [[, ids]] = (await tx.exec()) as [[null, string[]]];
    return this.rangeResult(ids, page);
  }

  async read(accountId: number, page: Page): Promise<FeedRead> {
    const key = this.feedKey(accountId);
    const tx = this.redis.multi().exists(key).zcard(key).expire(key, IDLE_TTL_SECONDS);
    this.queueRange(tx, accountId, page);
    tx.smembers(this.key('celebrities'));
    const [[, exists], [, size], , [, ids], [, celebrities]] = (await tx.exec()) as [[null, number], [null, number], unknown, [null, string[]], [null, string[]]];
    return { built: exists === 1, size: Math.max(size - 1, 0), ids: this.rangeResult(ids, page), celebrities: celebrities.map(Number) };
  }

  /** The page's bounds as a sorted-set query (the sentinel, score 0, is never inside them). */
  private queueRange(tx: ReturnType<Redis['multi']>, accountId: number, page: Page): void {
    const key = this.feedKey(accountId);
    const upper = page.maxId !== undefined ? `(${page.maxId}` : '+inf';
    if (page.minId !== undefined) tx.zrangebyscore(key, `(${page.minId}`, upper, 'LIMIT', 0, page.limit);
    else tx.zrevrangebyscore(key, upper, page.sinceId !== undefined ? `(${page.sinceId}` : '(0', 'LIMIT', 0, page.limit);
  }

  private rangeResult(ids: string[], page: Page): number[] {
    const numbers = ids.map(Number).filter((id) => id > 0);
    // min_id reads upwards from just above it; pages are still newest first.
    return page.minId !== undefined ? numbers.reverse() : numbers;
  }

  async addToBuilt(accountIds: number[], statusId: number) {
    for (let i = 0; i < accountIds.length; i += BATCH) {
      const pipeline = this.redis.pipeline() as Pipeline;
      for (const id of accountIds.slice(i, i + BATCH)) pipeline.homeAdd(this.feedKey(id), String(statusId), this.cap);
      await pipeline.exec();
    }
  }

  async remove(accountIds: number[], statusId: number) {
    for (let i = 0; i < accountIds.length; i += BATCH) {
      const pipeline = this.redis.pipeline();
      for (const id of accountIds.slice(i, i + BATCH)) pipeline.zrem(this.feedKey(id), String(statusId));
      await pipeline.exec();
    }
  }

  async removeEach(byFeed: Map<number, number[]>) {
    let pipeline = this.redis.pipeline();
    let queued = 0;
    for (const [accountId, ids] of byFeed) {
      for (let i = 0; i < ids.length; i += BATCH) {
        pipeline.zrem(this.feedKey(accountId), ...ids.slice(i, i + BATCH).map(String));
        if (++queued === BATCH) {
          await pipeline.exec();
          pipeline = this.redis.pipeline();
          queued = 0;
        }
      }
    }
    if (queued) await pipeline.exec();
  }

  async drop(accountId: number) {
    await this.redis.del(this.feedKey(accountId));
  }

  async dropAll() {
    const match = this.key('home', '*');
    let cursor = '0';
    do {
      const [next, keys] = await this.redis.scan(cursor, 'MATCH', match, 'COUNT', BATCH);
      cursor = next;
      if (keys.length) await this.redis.unlink(...keys);
    } while (cursor !== '0');
  }

  async celebrities() {
    return (await this.redis.smembers(this.key('celebrities'))).map(Number);
  }

  async addCelebrity(accountId: number) {
    await this.redis.sadd(this.key('celebrities'), String(accountId));
  }
}

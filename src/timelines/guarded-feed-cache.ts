// Redis feeds behind the Redis circuit breaker (db/redis-breaker.ts): every call either reaches
// Redis or fails at once with RedisUnavailableError, which home reads answer from SQL
// (cached-store.ts) and fan-out keeps for later (fanout-backlog.ts).
import type { Page } from '../http/pagination.js';
import type { FeedCache } from './feed-cache.js';

export class GuardedFeedCache implements FeedCache {
  constructor(
    private readonly inner: FeedCache,
    private readonly guard: <T>(call: () => Promise<T>) => Promise<T>,
  ) {}

  info(accountId: number) {
    return this.guard(() => this.inner.info(accountId));
  }

  read(accountId: number, page: Page) {
    return this.guard(() => this.inner.read(accountId, page));
  }

  replace(accountId: number, ids: number[]) {
    return this.guard(() => this.inner.replace(accountId, ids));
  }

  range(accountId: number, page: Page) {
    return this.guard(() => this.inner.range(accountId, page));
  }

  addToBuilt(accountIds: number[], statusId: number) {
    return this.guard(() => this.inner.addToBuilt(accountIds, statusId));
  }

  remove(accountIds: number[], statusId: number) {
    return this.guard(() => this.inner.remove(accountIds, statusId));
  }

  removeEach(byFeed: Map<number, number[]>) {
    return this.guard(() => this.inner.removeEach(byFeed));
  }

  drop(accountId: number) {
    return this.guard(() => this.inner.drop(accountId));
  }

  dropAll() {
    return this.guard(() => this.inner.dropAll());
  }

  celebrities() {
    return this.guard(() => this.inner.celebrities());
  }

  addCelebrity(accountId: number) {
    return this.guard(() => this.inner.addCelebrity(accountId));
  }
}

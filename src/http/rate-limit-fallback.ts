// Rate limits shared through Redis, counted in this process's memory while Redis is unavailable
// (db/redis-breaker.ts): each process then allows a client its whole allowance on its own, which
// with N processes is up to N times the limit for the outage, rather than refusing everyone or
// answering 500. When Redis answers again the shared counters take over.
import { RedisUnavailableError } from '../db/redis-breaker.js';
import { MemoryRateLimitStore, type RateLimitStore } from './rate-limit.js';

export class FallbackRateLimitStore implements RateLimitStore {
  private readonly memory = new MemoryRateLimitStore();

  constructor(
    private readonly shared: RateLimitStore,
    private readonly guard: <T>(call: () => Promise<T>) => Promise<T>,
    /** Told of each count kept in memory instead (/metrics). */
    private readonly fellBack: () => void = () => {},
  ) {}

  hit(key: string, windowMs: number, now: number) {
    return this.either(
      () => this.shared.hit(key, windowMs, now),
      () => this.memory.hit(key, windowMs, now),
    );
  }

  peek(key: string, windowMs: number, now: number) {
    return this.either(
      () => this.shared.peek(key, windowMs, now),
      () => this.memory.peek(key, windowMs, now),
    );
  }

  private async either<T>(shared: () => Promise<T>, local: () => Promise<T>): Promise<T> {
    try {
      return await this.guard(shared);
    } catch (error) {
      if (!(error instanceof RedisUnavailableError)) throw error;
      this.fellBack();
      return local();
    }
  }
}

// Fixed-window rate limits with Mastodon's headers. The counter store is an interface so that
// several processes can share one (Redis) while the embedded mode keeps it in memory.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { ApiError } from './errors.js';

export interface RateLimitStore {
  /** Counts one hit against `key` in the window that `windowMs` long windows put `now` in. */
  hit(key: string, windowMs: number, now: number): Promise<{ count: number; resetAt: number }>;
}

export class MemoryRateLimitStore implements RateLimitStore {
  private windows = new Map<string, { count: number; resetAt: number }>();

  async hit(key: string, windowMs: number, now: number) {
    let entry = this.windows.get(key);
    if (!entry || entry.resetAt <= now) {
      entry = { count: 0, resetAt: (Math.floor(now / windowMs) + 1) * windowMs };
      this.windows.set(key, entry);
      if (this.windows.size > 100_000) this.sweep(now);
    }
    entry.count += 1;
    return { ...entry };
  }

  private sweep(now: number) {
    for (const [key, entry] of this.windows) if (entry.resetAt <= now) this.windows.delete(key);
  }
}

export async function enforceRateLimit(
  store: RateLimitStore,
  reply: FastifyReply,
  key: string,
  limit: number,
  windowSeconds: number,
  now = Date.now(),
): Promise<void> {
  const { count, resetAt } = await store.hit(key, windowSeconds * 1000, now);
  reply.header('X-RateLimit-Limit', String(limit));
  reply.header('X-RateLimit-Remaining', String(Math.max(limit - count, 0)));
  reply.header('X-RateLimit-Reset', new Date(resetAt).toISOString());
  if (count > limit) {
    reply.header('Retry-After', String(Math.max(Math.ceil((resetAt - now) / 1000), 1)));
    throw new ApiError(429, 'Too many requests');
  }
}

const UNLIMITED = new Set(['/healthz', '/metrics']);

export function installRateLimit(
  app: FastifyInstance,
  store: RateLimitStore,
  options: { perWindow: number; windowSeconds: number },
): void {
  app.addHook('preHandler', async (request: FastifyRequest, reply) => {
    const path = request.routeOptions.url ?? request.url;
    if (UNLIMITED.has(path) || path.startsWith('/assets/')) return;
    const key = request.auth?.accountId ? `account:${request.auth.accountId}` : `ip:${request.ip}`;
    await enforceRateLimit(store, reply, key, options.perWindow, options.windowSeconds);
  });
}

/** Counters shared by every process through Redis: INCR on a key per window, expiring with it. */
export class RedisRateLimitStore implements RateLimitStore {
  constructor(
    private readonly redis: { multi(): { incr(key: string): unknown; pexpireat(key: string, at: number): unknown; exec(): Promise<[Error | null, unknown][] | null> } },
    private readonly key: (...parts: string[]) => string,
  ) {}

  async hit(key: string, windowMs: number, now: number) {
    const resetAt = (Math.floor(now / windowMs) + 1) * windowMs;
    const redisKey = this.key('rl', key, String(resetAt));
    const tx = this.redis.multi();
    tx.incr(redisKey);
    tx.pexpireat(redisKey, resetAt + 1000);
    const replies = await tx.exec();
    const count = Number(replies?.[0]?.[1] ?? 1);
    return { count, resetAt };
  }
}

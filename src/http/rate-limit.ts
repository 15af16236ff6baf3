// Fixed-window rate limits with Mastodon's headers. The counter store is an interface so that
// several processes can share one (Redis) while the embedded mode keeps it in memory.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { ApiError } from './errors.js';
import { isPageFile } from '../web.js';

export interface RateLimitStore {
  /** Counts one hit against `key` in the window that `windowMs` long windows put `now` in. */
  hit(key: string, windowMs: number, now: number): Promise<{ count: number; resetAt: number }>;
  /** The hits counted so far in that window, counting none (login failures are checked first). */
  peek(key: string, windowMs: number, now: number): Promise<{ count: number; resetAt: number }>;
}

const windowEnd = (windowMs: number, now: number) => (Math.floor(now / windowMs) + 1) * windowMs;

export class MemoryRateLimitStore implements RateLimitStore {
  private windows = new Map<string, { count: number; resetAt: number }>();

  async hit(key: string, windowMs: number, now: number) {
    let entry = this.windows.get(key);
    if (!entry || entry.resetAt <= now) {
      entry = { count: 0, resetAt: windowEnd(windowMs, now) };
      this.windows.set(key, entry);
      if (this.windows.size > 100_000) this.sweep(now);
    }
    entry.count += 1;
    return { ...entry };
  }

  async peek(key: string, windowMs: number, now: number) {
    const entry = this.windows.get(key);
    const resetAt = windowEnd(windowMs, now);
    return entry && entry.resetAt === resetAt ? { ...entry } : { count: 0, resetAt };
  }

  private sweep(now: number) {
    for (const [key, entry] of this.windows) if (entry.resetAt <= now) this.windows.delete(key);
  }
}

/** Answers 429 with Retry-After (seconds to the window's end) and Mastodon's error body. */
export function tooManyRequests(reply: FastifyReply, resetAt: number, now: number, message = 'Too many requests'): ApiError {
  reply.header('Retry-After', String(Math.max(Math.ceil((resetAt - now) / 1000), 1)));
  return new ApiError(429, message);
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
  if (count > limit) throw tooManyRequests(reply, resetAt, now);
}

/** Health checks and metrics: answered to operators whatever a client's limits or blocks. */
export const OPERATIONAL_PATHS: ReadonlySet<string> = new Set(['/healthz', '/health', '/metrics', '/livez', '/readyz']);

/**
 * The status prober's account id, looked up by its username (SIRB_PROBE_ACCOUNT). The account
 * may be registered after start-up, so a miss is asked again a minute later.
 */
export function probeAccountLookup(username: string | undefined, find: (username: string) => Promise<number | undefined>, clock = Date.now) {
  if (!username) return async () => undefined;
  let known: number | undefined;
  let missedAt = -Infinity;
  return async (): Promise<number | undefined> => {
    if (known !== undefined || clock() - missedAt < 60_000) return known;
    known = await find(username);
    if (known === undefined) missedAt = clock();
    return known;
  };
}

/**
 * One allowance per signed-in account (whichever of its tokens it uses), one per IP for the
 * rest, as Mastodon does: a flood of signed-out requests from an address cannot spend a signed-in
 * client's allowance, whatever address it comes from. Runs on every request right after the token
 * is resolved (onRequest), before any body is read.
 */
export function installRateLimit(
  app: FastifyInstance,
  store: RateLimitStore,
  options: { perWindow: number; windowSeconds: number; probePerWindow?: number },
  probeAccountId: () => Promise<number | undefined> = async () => undefined,
  clock: () => number = Date.now,
): void {
  app.addHook('onRequest', async (request: FastifyRequest, reply) => {
    const path = request.routeOptions.url ?? request.url;
    if (OPERATIONAL_PATHS.has(path) || isPageFile(request)) return;
    const accountId = request.auth?.accountId;
    if (!accountId) return enforceRateLimit(store, reply, `ip:${request.ip}`, options.perWindow, options.windowSeconds, clock());
    const isProbe = options.probePerWindow !== undefined && accountId === (await probeAccountId());
    const limit = isProbe ? options.probePerWindow! : options.perWindow;
    await enforceRateLimit(store, reply, `account:${accountId}`, limit, options.windowSeconds, clock());
  });
}

/**
 * Counters shared by every process through Redis: INCR on a key per window. A key outlives its
 * window by one more window, because the login guard also reads the window before the current
 * one; its time to live is relative, so a process clock that is off from Redis's cannot expire a
 * counter early.
 */
export class RedisRateLimitStore implements RateLimitStore {
  constructor(
    private readonly redis: {
      multi(): { incr(key: string): unknown; pexpire(key: string, ms: number): unknown; exec(): Promise<[Error | null, unknown][] | null> };
      get(key: string): Promise<string | null>;
    },
    private readonly key: (...parts: string[]) => string,
  ) {}

  async hit(key: string, windowMs: number, now: number) {
    const resetAt = windowEnd(windowMs, now);
    const redisKey = this.key('rl', key, String(resetAt));
    const tx = this.redis.multi();
    tx.incr(redisKey);
    tx.pexpire(redisKey, resetAt - now + windowMs);
    const replies = await tx.exec();
    const count = Number(replies?.[0]?.[1] ?? 1);
    return { count, resetAt };
  }

  async peek(key: string, windowMs: number, now: number) {
    const resetAt = windowEnd(windowMs, now);
    const value = await this.redis.get(this.key('rl', key, String(resetAt)));
    return { count: Number(value ?? 0), resetAt };
  }
}

// The shared (Redis) counter store keeps a window readable through the next window, whatever the
// process clock says: the login guard asks about "this window or the one before".
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import { Redis } from 'ioredis';
import { RedisRateLimitStore } from './rate-limit.js';

const redis = new Redis(process.env.SIRB_TEST_REDIS_URL ?? 'redis://127.0.0.1:6379', { maxRetriesPerRequest: 1 });
const prefix = `sirb:test:rl-store:${crypto.randomBytes(4).toString('hex')}:`;
after(async () => {
  const keys = await redis.keys(`${prefix}*`);
  if (keys.length) await redis.del(...keys);
  redis.disconnect();
});

test('a counter outlives its window by one window, timed from the process clock, not from Redis', async () => {
  const store = new RedisRateLimitStore(redis, (...parts) => prefix + parts.join(':'));
  const windowMs = 300_000;
  // A process clock two hours behind Redis's: an absolute expiry would already be in the past.
  const now = Date.now() - 7_200_000;
  const { count, resetAt } = await store.hit('login-ok:someone', windowMs, now);
  assert.equal(count, 1);
  const [key] = await redis.keys(`${prefix}*`);
  const ttl = await redis.pttl(key!);
  assert.ok(ttl > resetAt - now && ttl <= resetAt - now + windowMs, `ttl ${ttl}`);
  assert.equal((await store.peek('login-ok:someone', windowMs, now + windowMs)).count, 0, 'the next window starts from nothing');
  assert.equal((await store.peek('login-ok:someone', windowMs, now)).count, 1, 'and the one before is still there');
});

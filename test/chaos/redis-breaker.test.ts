// The Redis circuit breaker and what falls back behind it, on a private redis-server that is
// hung and killed: calls answer "unavailable" at once once it is open, it closes again by itself
// when Redis answers, Redis's own errors do not open it, rate limits go on in memory, and a
// process whose events were lost tells the others to drop their caches when Redis is back.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { openRedis, type RedisHandle } from '../../src/db/redis.js';
import { RedisUnavailableError } from '../../src/db/redis-breaker.js';
import { RedisRateLimitStore } from '../../src/http/rate-limit.js';
import { FallbackRateLimitStore } from '../../src/http/rate-limit-fallback.js';
import { RedisEventBus } from '../../src/events.js';
import { privateRedis, type PrivateRedis } from '../helpers/private-redis.js';
import { waitFor } from '../helpers/wait.js';

let redis: PrivateRedis;
const handles: RedisHandle[] = [];
const open = () => {
  const handle = openRedis(redis.url, 'breaker:', { commandTimeoutMs: 300, failures: 3, probeEveryMs: 200 });
  handles.push(handle);
  return handle;
};
const ready = (handle: RedisHandle) => waitFor(() => handle.client.status === 'ready', { timeout: 10_000, what: 'the connection' });

before(async () => {
  redis = await privateRedis();
});
after(async () => {
  for (const handle of handles) await handle.close();
  await redis.remove();
});

test('a hung Redis opens the breaker; calls are then refused without asking it; it closes once Redis answers', { timeout: 60_000 }, async () => {
  const handle = open();
  await ready(handle);
  assert.equal(await handle.guard(() => handle.client.ping()), 'PONG');
  assert.equal(handle.breaker.state, 'closed');

  redis.hang();
  try {
    for (let i = 0; i < 3; i++) await assert.rejects(handle.guard(() => handle.client.ping()), RedisUnavailableError, 'a command that times out is "unavailable"');
    assert.notEqual(handle.breaker.state, 'closed', 'three failures in a row open it');
    const refusedBefore = handle.breaker.counts.refused;
    let ran = false;
    await assert.rejects(
      handle.guard(async () => {
        ran = true;
        return handle.client.ping();
      }),
      RedisUnavailableError,
    );
    assert.equal(ran, false, 'an open breaker does not send the call');
    assert.equal(handle.breaker.counts.refused, refusedBefore + 1);
    assert.equal(handle.breaker.counts.opened, 1);
  } finally {
    redis.resume();
  }
  await waitFor(() => handle.breaker.state === 'closed', { timeout: 10_000, what: 'the breaker to close after Redis answers' });
  assert.equal(await handle.guard(() => handle.client.ping()), 'PONG');
  assert.equal(handle.breaker.counts.opened, 1, 'failed probes are the same outage');
});

test('Redis killed: the breaker opens, and closes once it is back', { timeout: 60_000 }, async () => {
  const handle = open();
  await ready(handle);
  await redis.kill();
  try {
    await waitFor(
      async () => {
        await handle.guard(() => handle.client.ping()).catch(() => {});
        return handle.breaker.state !== 'closed';
      },
      { timeout: 10_000, what: 'the breaker to open' },
    );
  } finally {
    await redis.start();
  }
  await waitFor(() => handle.breaker.state === 'closed', { timeout: 15_000, what: 'the breaker to close after Redis restarts' });
  assert.equal(await handle.guard(() => handle.client.ping()), 'PONG');
});

test('Redis’s own errors (WRONGTYPE) pass through and do not open the breaker', async () => {
  const handle = open();
  await ready(handle);
  await handle.client.set('breaker:string', 'x');
  for (let i = 0; i < 5; i++) {
    await assert.rejects(handle.guard(() => handle.client.sadd('breaker:string', 'y')), (error: Error) => !(error instanceof RedisUnavailableError) && /WRONGTYPE/.test(error.message));
  }
  assert.equal(handle.breaker.state, 'closed');
});

test('rate limits are counted in memory while Redis is unavailable, and in Redis again after', { timeout: 60_000 }, async () => {
  const handle = open();
  await ready(handle);
  const store = new FallbackRateLimitStore(new RedisRateLimitStore(handle.client, (...parts) => handle.key(...parts)), handle.guard);
  const now = Date.now();
  assert.equal((await store.hit('k', 60_000, now)).count, 1);
  redis.hang();
  try {
    // The first hits wait for the command timeout, then fall back; later ones fall back at once.
    const counts = [];
    for (let i = 0; i < 5; i++) counts.push((await store.hit('k', 60_000, now)).count);
    assert.deepEqual(counts, [1, 2, 3, 4, 5], 'counted in this process meanwhile');
    assert.notEqual(handle.breaker.state, 'closed');
  } finally {
    redis.resume();
  }
  await waitFor(() => handle.breaker.state === 'closed', { timeout: 10_000, what: 'the breaker to close' });
  // Redis kept its own count (the hits sent while it hung are not sent again).
  const after = (await store.hit('k', 60_000, now)).count;
  assert.ok(after >= 2 && after <= 5, `counted in Redis again (${after})`);
});

test('a process whose events were lost tells the others to start their caches over when Redis is back', { timeout: 60_000 }, async () => {
  const a = open();
  const b = open();
  await Promise.all([ready(a), ready(b)]);
  const channel = `breaker:events:${Date.now()}`;
  const busA = new RedisEventBus({ publish: (c, m) => a.guard(() => a.client.publish(c, m)) }, a.subscriber, channel);
  const busB = new RedisEventBus({ publish: (c, m) => b.guard(() => b.client.publish(c, m)) }, b.subscriber, channel);
  let gapsB = 0;
  busB.onGap(() => gapsB++);
  const heardB: unknown[] = [];
  busB.subscribe((e) => heardB.push(e));
  await waitFor(async () => ((await a.client.pubsub('NUMSUB', channel)) as [string, number])[1] === 2, { timeout: 10_000, what: 'both subscriptions' });

  // A's breaker is open (Redis hung): its event reaches its own listeners only.
  redis.hang();
  let heardA = 0;
  busA.subscribe(() => heardA++);
  try {
    for (let i = 0; i < 3; i++) await a.guard(() => a.client.ping()).catch(() => {});
    assert.notEqual(a.breaker.state, 'closed');
    await busA.publish({ type: 'status.changed', statusId: 1 });
    assert.equal(heardA, 1, 'A’s own listeners hear it');
  } finally {
    redis.resume();
  }
  await waitFor(() => a.breaker.state === 'closed', { timeout: 10_000, what: 'A’s breaker to close' });
  assert.equal(gapsB, 0, 'B’s subscription never dropped: it cannot know by itself');
  busA.recovered();
  await waitFor(() => gapsB === 1, { timeout: 5000, what: 'B to hear A’s gap notice' });
  assert.deepEqual(heardB, [], 'the notice is not an event');
});

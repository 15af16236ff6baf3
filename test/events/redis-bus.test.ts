// Two processes on one Redis channel (two buses, each with its own connections): every listener
// hears every event exactly once. A process hears its own events as it publishes them and
// drops them when they come back on the channel; it hears the other's from the channel.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import { Redis } from 'ioredis';
import { RedisEventBus, type SirbEvent } from '../../src/events.js';
import { openRedis, type RedisHandle } from '../../src/db/redis.js';
import { until } from '../helpers/until.js';

const REDIS_URL = process.env.SIRB_TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';
const channel = `sirb:test:${process.pid}:${crypto.randomBytes(4).toString('hex')}:events`;
const handles: RedisHandle[] = [];
let admin: Redis;

/** One "process": its bus, and what its listeners of each kind heard. */
function process_() {
  const redis = openRedis(REDIS_URL, '');
  handles.push(redis);
  const bus = new RedisEventBus(redis.client, redis.subscriber, channel);
  const all: SirbEvent[] = [];
  const local: SirbEvent[] = [];
  bus.subscribe((e) => all.push(e));
  bus.subscribeLocal((e) => local.push(e));
  return { bus, all, local };
}

before(() => {
  admin = new Redis(REDIS_URL);
});
after(() => {
  for (const h of handles) void h.close();
  admin.disconnect();
});

const event = (statusId: number): SirbEvent => ({ type: 'status.changed', statusId });
const count = (heard: SirbEvent[], statusId: number) => heard.filter((e) => e.type === 'status.changed' && e.statusId === statusId).length;

test('with two processes, each listener hears each event exactly once', async () => {
  const a = process_();
  const b = process_();
  await until(async () => ((await admin.pubsub('NUMSUB', channel)) as [string, number])[1] === 2, 'both processes to subscribe');

  await a.bus.publish(event(1));
  assert.equal(count(a.all, 1), 1, 'A hears its own event as it publishes it');
  await until(() => count(b.all, 1) > 0, 'B to hear A’s event');
  // Redis hands messages to a subscriber in the order they were published: once A hears B's
  // next event, A's own first one has come back on the channel too, and must have been dropped.
  await b.bus.publish(event(2));
  await until(() => count(a.all, 2) > 0, 'A to hear B’s event');
  await a.bus.publish(event(3));
  await until(() => count(b.all, 3) > 0, 'B to hear A’s second event');

  for (const [name, p] of [['A', a], ['B', b]] as const) {
    assert.deepEqual([1, 2, 3].map((id) => count(p.all, id)), [1, 1, 1], `${name}'s listener of every process's events heard each once`);
  }
  assert.deepEqual(a.local, [event(1), event(3)], 'A’s local listener heard A’s events, once each');
  assert.deepEqual(b.local, [event(2)], 'B’s local listener heard B’s');
});

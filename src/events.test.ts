import { test } from 'node:test';
import assert from 'node:assert/strict';
import { EventEmitter } from 'node:events';
import { LocalEventBus, RedisEventBus, type SirbEvent } from './events.js';

/** Stands in for ioredis: a publisher that records, a subscriber the test drives. */
function fakeRedis() {
  const published: string[] = [];
  const subscriber = Object.assign(new EventEmitter(), { subscribe: async () => 1 });
  return { publisher: { publish: async (_channel: string, message: string) => published.push(message) }, subscriber, published };
}

test('local bus: listeners hear events before publish resolves', async () => {
  const bus = new LocalEventBus();
  const heard: SirbEvent[] = [];
  bus.subscribe((e) => heard.push(e));
  bus.subscribeLocal((e) => heard.push(e));
  await bus.publish({ type: 'account.changed', accountId: 1 });
  assert.equal(heard.length, 2);
});

test('Redis bus: other processes’ events arrive through the channel; a lost subscription is a gap', async () => {
  const redis = fakeRedis();
  const bus = new RedisEventBus(redis.publisher, redis.subscriber, 'sirb:events');
  const heard: SirbEvent[] = [];
  let gaps = 0;
  bus.subscribe((e) => heard.push(e));
  bus.onGap(() => (gaps += 1));
  await bus.publish({ type: 'marks.changed', accountId: 2 });
  assert.deepEqual(JSON.parse(redis.published[0]), { type: 'marks.changed', accountId: 2 });
  redis.subscriber.emit('message', 'sirb:events', JSON.stringify({ type: 'status.changed', statusId: 3 }));
  redis.subscriber.emit('message', 'other', JSON.stringify({ type: 'status.changed', statusId: 4 }));
  assert.deepEqual(heard, [{ type: 'status.changed', statusId: 3 }]);
  redis.subscriber.emit('ready');
  assert.equal(gaps, 0, 'the first connection is not a gap');
  redis.subscriber.emit('close');
  assert.equal(gaps, 1, 'losing the subscription is');
  redis.subscriber.emit('ready');
  assert.equal(gaps, 2, 'and so is getting it back');
});

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

test('local bus: publish waits for local listeners, not for the others', { timeout: 5000 }, async () => {
  const bus = new LocalEventBus();
  let fannedOut = false;
  let release!: () => void;
  const streamed = new Promise<void>((resolve) => (release = resolve));
  bus.subscribeLocal(async () => {
    await new Promise((resolve) => setImmediate(resolve));
    fannedOut = true;
  });
  bus.subscribe(() => streamed);
  await bus.publish({ type: 'status.created', statusId: 1, accountId: 1 });
  assert.equal(fannedOut, true, 'the local listener finished before publish resolved');
  release();
});

test('Redis bus: other processes’ events arrive through the channel; a lost subscription is a gap', async () => {
  const redis = fakeRedis();
  const bus = new RedisEventBus(redis.publisher, redis.subscriber, 'sirb:events', 'process-a');
  const heard: SirbEvent[] = [];
  let gaps = 0;
  bus.subscribe((e) => heard.push(e));
  bus.onGap(() => (gaps += 1));
  await bus.publish({ type: 'marks.changed', accountId: 2 });
  assert.deepEqual(JSON.parse(redis.published[0]), { type: 'marks.changed', accountId: 2, origin: 'process-a' });
  assert.deepEqual(heard, [{ type: 'marks.changed', accountId: 2 }], 'its own event, heard as it was published');
  redis.subscriber.emit('message', 'sirb:events', redis.published[0]);
  assert.equal(heard.length, 1, 'and not again when it comes back on the channel');
  redis.subscriber.emit('message', 'sirb:events', JSON.stringify({ type: 'status.changed', statusId: 3, origin: 'process-b' }));
  redis.subscriber.emit('message', 'other', JSON.stringify({ type: 'status.changed', statusId: 4, origin: 'process-b' }));
  redis.subscriber.emit('message', 'sirb:events', 'not json');
  redis.subscriber.emit('message', 'sirb:events', 'null');
  assert.deepEqual(heard.slice(1), [{ type: 'status.changed', statusId: 3 }], 'another process’s event, without its origin');
  redis.subscriber.emit('message', 'sirb:events', JSON.stringify({ type: 'status.changed', statusId: 5 }));
  assert.deepEqual(heard.slice(2), [{ type: 'status.changed', statusId: 5 }], 'a message without an origin is another process’s');
  redis.subscriber.emit('ready');
  assert.equal(gaps, 0, 'the first connection is not a gap');
  redis.subscriber.emit('close');
  assert.equal(gaps, 1, 'losing the subscription is');
  redis.subscriber.emit('ready');
  assert.equal(gaps, 2, 'and so is getting it back');
});

test('Redis bus: local listeners hear only this process’s events', async () => {
  const redis = fakeRedis();
  const bus = new RedisEventBus(redis.publisher, redis.subscriber, 'sirb:events');
  const local: SirbEvent[] = [];
  bus.subscribeLocal((e) => local.push(e));
  await bus.publish({ type: 'status.created', statusId: 1, accountId: 1 });
  redis.subscriber.emit('message', 'sirb:events', redis.published[0]);
  redis.subscriber.emit('message', 'sirb:events', JSON.stringify({ type: 'status.created', statusId: 2, accountId: 1, origin: 'elsewhere' }));
  assert.deepEqual(local, [{ type: 'status.created', statusId: 1, accountId: 1 }]);
});

test('Redis bus: every bus has its own origin', () => {
  const a = new RedisEventBus(fakeRedis().publisher, fakeRedis().subscriber, 'c');
  const b = new RedisEventBus(fakeRedis().publisher, fakeRedis().subscriber, 'c');
  assert.notEqual(a.origin, b.origin);
});

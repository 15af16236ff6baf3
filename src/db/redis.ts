// One place that opens Redis connections, with the key prefix every key is built from, and the
// circuit breaker (db/redis-breaker.ts) every command goes through, so that Redis is never a
// single point of failure: callers get "Redis unavailable" at once and fall back.
import { Redis } from 'ioredis';
import { RedisBreaker, type BreakerOptions } from './redis-breaker.js';

export interface RedisHandle {
  /** Commands. Run them through `guard` (only tests and tools call it bare). */
  client: Redis;
  /** A second connection, for SUBSCRIBE (a subscribed connection can issue no other command). */
  subscriber: Redis;
  prefix: string;
  key(...parts: (string | number)[]): string;
  breaker: RedisBreaker;
  /** Runs Redis calls through the breaker: RedisUnavailableError at once when Redis is out. */
  guard<T>(call: () => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

export interface RedisOptions extends BreakerOptions {
  /** A command not answered within this long fails (a hung Redis), counting towards the breaker. */
  commandTimeoutMs?: number;
}

export function openRedis(url: string, prefix: string, options: RedisOptions = {}): RedisHandle {
  const client = new Redis(url, {
    maxRetriesPerRequest: 2,
    commandTimeout: options.commandTimeoutMs ?? 1000,
    // Commands given before the first connection wait for it (start-up); see 'ready' below.
    enableOfflineQueue: true,
    // A command that failed while the connection was down was answered "unavailable" and fell
    // back: sending it again later would, say, count a rate-limited request twice.
    autoResendUnfulfilledCommands: false,
    lazyConnect: false,
  });
  // Once connected, a lost connection fails commands at once rather than queueing them for a
  // Redis that may not come back (the breaker then opens and nothing more is sent).
  client.once('ready', () => {
    client.options.enableOfflineQueue = false;
  });
  // The subscriber queues its SUBSCRIBE until connected, and ioredis subscribes again after
  // every reconnection by itself.
  const subscriber = new Redis(url, { maxRetriesPerRequest: 2, enableOfflineQueue: true, lazyConnect: false });
  // Errors surface on the commands that fail; an unhandled 'error' event would crash the process.
  client.on('error', () => {});
  subscriber.on('error', () => {});
  const breaker = new RedisBreaker(() => client.ping(), options);
  return {
    client,
    subscriber,
    prefix,
    key: (...parts) => `${prefix}${parts.join(':')}`,
    breaker,
    guard: (call) => breaker.run(call),
    close: async () => {
      breaker.close();
      subscriber.disconnect();
      await client.quit().catch(() => client.disconnect());
    },
  };
}

// One place that opens Redis connections, with the key prefix every key is built from.
import { Redis } from 'ioredis';

export interface RedisHandle {
  /** Commands. */
  client: Redis;
  /** A second connection, for SUBSCRIBE (a subscribed connection can issue no other command). */
  subscriber: Redis;
  prefix: string;
  key(...parts: (string | number)[]): string;
  close(): Promise<void>;
}

export function openRedis(url: string, prefix: string): RedisHandle {
  const options = { maxRetriesPerRequest: 2, enableOfflineQueue: true, lazyConnect: false };
  const client = new Redis(url, options);
  const subscriber = new Redis(url, options);
  // Errors surface on the commands that fail; an unhandled 'error' event would crash the process.
  client.on('error', () => {});
  subscriber.on('error', () => {});
  return {
    client,
    subscriber,
    prefix,
    key: (...parts) => `${prefix}${parts.join(':')}`,
    close: async () => {
      subscriber.disconnect();
      await client.quit().catch(() => client.disconnect());
    },
  };
}

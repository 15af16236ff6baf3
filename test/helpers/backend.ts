// Which storage backend the tests run on: SIRB_TEST_BACKEND=sqlite (default) or postgres
// (PostgreSQL + Redis). Each server gets its own database and Redis key prefix, so runs and
// parallel test files never see each other's data.
import crypto from 'node:crypto';
import pg from 'pg';
import { Redis } from 'ioredis';

export const TEST_BACKEND = (process.env.SIRB_TEST_BACKEND ?? 'sqlite') as 'sqlite' | 'postgres';
const PG_ADMIN_URL = process.env.SIRB_TEST_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const REDIS_URL = process.env.SIRB_TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';

export interface IsolatedBackend {
  databaseUrl?: string;
  redisUrl?: string;
  redisPrefix: string;
  drop(): Promise<void>;
}

async function withAdmin<T>(run: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: PG_ADMIN_URL });
  await client.connect();
  try {
    return await run(client);
  } finally {
    await client.end();
  }
}

export async function dropRedisPrefix(redisUrl: string, prefix: string): Promise<void> {
  const redis = new Redis(redisUrl, { lazyConnect: true, maxRetriesPerRequest: 1 });
  await redis.connect();
  try {
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}*`, 'COUNT', 1000);
      cursor = next;
      if (keys.length) await redis.del(...keys);
    } while (cursor !== '0');
  } finally {
    redis.disconnect();
  }
}

export async function isolatedBackend(): Promise<IsolatedBackend> {
  const id = `${process.pid}_${crypto.randomBytes(4).toString('hex')}`;
  const redisPrefix = `sirb:test:${id}:`;
  if (TEST_BACKEND !== 'postgres') return { redisPrefix, drop: async () => {} };
  const name = `sirb_test_${id}`;
  await withAdmin((c) => c.query(`create database ${name}`));
  const url = new URL(PG_ADMIN_URL);
  url.pathname = `/${name}`;
  return {
    databaseUrl: url.toString(),
    redisUrl: REDIS_URL,
    redisPrefix,
    drop: async () => {
      await withAdmin((c) => c.query(`drop database if exists ${name} with (force)`));
      await dropRedisPrefix(REDIS_URL, redisPrefix);
    },
  };
}

// The backend a benchmark runs on, set up and torn down the same way by every benchmark
// (bench/run.ts, bench/suspend-crisis.ts): a temporary data directory; on postgres_redis a
// database of its own and a Redis prefix of its own; a free port; a real server process
// (test/helpers/process.ts) with rate limits off; and everything removed afterwards.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { sql } from 'kysely';
import { openDatabase, migrateToLatest } from '../../src/db/database.js';
import { dropRedisPrefix } from '../../test/helpers/backend.js';
import { freePort } from '../../test/helpers/server.js';
import { startAppProcess, type AppProcess } from '../../test/helpers/process.js';

export type BackendName = 'embedded' | 'postgres_redis';
export const BACKENDS: readonly BackendName[] = ['embedded', 'postgres_redis'];

const PG_ADMIN = process.env.SIRB_TEST_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const REDIS_URL = process.env.SIRB_TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';

export interface BenchBackend {
  name: BackendName;
  dataDir: string;
  databaseUrl?: string;
  port: number;
  publicUrl: string;
  /** Opens the store (migrated), hands it to `fill`, runs ANALYZE on PostgreSQL, closes it. */
  seed<T>(fill: (db: ReturnType<typeof openDatabase>['kysely']) => Promise<T>): Promise<T>;
  /** Starts the server process on the store (one per backend). */
  start(): Promise<AppProcess>;
  /** Stops the server and removes the data directory, database and Redis keys. */
  close(): Promise<void>;
}

/** `label` names the temporary directory, database and Redis prefix (e.g. "bench", "crisis"). */
export async function prepareBackend(name: BackendName, label: string): Promise<BenchBackend> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), `sirb-${label}-`));
  const dbName = `sirb_${label}_${process.pid}`;
  const redisPrefix = `sirb:${label}:${process.pid}:`;
  let databaseUrl: string | undefined;
  const admin = new pg.Client({ connectionString: PG_ADMIN });
  if (name === 'postgres_redis') {
    await admin.connect();
    await admin.query(`drop database if exists ${dbName} with (force)`);
    await admin.query(`create database ${dbName}`);
    const url = new URL(PG_ADMIN);
    url.pathname = `/${dbName}`;
    databaseUrl = url.toString();
  }
  const port = await freePort();
  let server: AppProcess | undefined;
  return {
    name,
    dataDir,
    databaseUrl,
    port,
    publicUrl: `http://127.0.0.1:${port}`,
    async seed(fill) {
      const db = openDatabase({ databaseUrl, dataDir });
      try {
        await migrateToLatest(db);
        const data = await fill(db.kysely);
        if (db.dialect === 'postgres') await sql`analyze`.execute(db.kysely);
        return data;
      } finally {
        await db.close();
      }
    },
    async start() {
      server = await startAppProcess({
        port,
        dataDir,
        backend: databaseUrl ? { databaseUrl, redisUrl: REDIS_URL, redisPrefix, drop: async () => {} } : undefined,
        env: { SIRB_RATE_LIMIT: '1000000000', LOG_LEVEL: 'warn' },
      });
      return server;
    },
    async close() {
      await server?.kill('SIGTERM');
      fs.rmSync(dataDir, { recursive: true, force: true });
      if (name === 'postgres_redis') {
        await admin.query(`drop database if exists ${dbName} with (force)`).catch(() => {});
        await admin.end();
        await dropRedisPrefix(REDIS_URL, redisPrefix);
      }
    },
  };
}

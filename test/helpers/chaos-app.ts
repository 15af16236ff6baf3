// The rig of the chaos tests (test/chaos/): a real app process on its own PostgreSQL database and
// Redis prefix (or its own redis-server), reached through TCP proxies the test controls, and a
// writer followed by a reader who has a few posts on their home already. One place, so that the
// tests differ only in what they break.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Api, createPost, createUser, type TestUser } from './client.js';
import { freePort } from './server.js';
import { isolatedBackend, type IsolatedBackend } from './backend.js';
import { startAppProcess, type AppProcess } from './process.js';
import { TcpProxy } from './tcp-proxy.js';

export interface ChaosAppOptions {
  /** Names the data directory (sirb-<name>-…). */
  name: string;
  /** Put a TCP proxy between the app and PostgreSQL; and (redisProxy) Redis. */
  pgProxy?: boolean;
  redisProxy?: boolean;
  /** The app's Redis instead of the shared one (a private redis-server the test kills). */
  redisUrl?: string;
  /** Settings for the app process; the rate limit is off unless set here. */
  env?: Record<string, string>;
  /** Runs before the app starts (seeding the database), with the port it will listen on. */
  beforeStart?: (backend: IsolatedBackend, port: number) => Promise<void>;
  /** A writer, a reader following them, and the writer's first posts (these words + a number). */
  firstPosts?: string;
}

export interface ChaosApp {
  app: AppProcess;
  backend: IsolatedBackend;
  pgProxy: TcpProxy | undefined;
  redisProxy: TcpProxy | undefined;
  reader: TestUser;
  writer: TestUser;
  close(): Promise<void>;
}

const hostPort = (url: string, defaultPort: number) => {
  const parsed = new URL(url);
  return { host: parsed.hostname, port: Number(parsed.port || defaultPort) };
};

export async function startChaosApp(options: ChaosAppOptions): Promise<ChaosApp> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), `sirb-${options.name}-`));
  const backend = await isolatedBackend();
  const port = await freePort();
  await options.beforeStart?.(backend, port);
  const pgProxy = options.pgProxy ? await TcpProxy.start(hostPort(backend.databaseUrl!, 5432)) : undefined;
  const redisUrl = options.redisUrl ?? backend.redisUrl!;
  const redisProxy = options.redisProxy ? await TcpProxy.start(hostPort(redisUrl, 6379)) : undefined;
  const app = await startAppProcess({
    port,
    dataDir,
    backend: { ...backend, databaseUrl: pgProxy ? pgProxy.rewrite(backend.databaseUrl!) : backend.databaseUrl, redisUrl: redisProxy ? redisProxy.rewrite(redisUrl) : redisUrl },
    env: { SIRB_RATE_LIMIT: '100000', ...options.env },
    startTimeoutMs: 180_000,
  });
  let writer = undefined as unknown as TestUser;
  let reader = undefined as unknown as TestUser;
  if (options.firstPosts !== undefined) {
    const api = new Api(app.url);
    writer = await createUser(api);
    reader = await createUser(api);
    assert.equal((await reader.api.post(`/api/v1/accounts/${writer.id}/follow`)).status, 200);
    for (let i = 0; i < 5; i++) await createPost(writer, `${options.firstPosts} ${i}`);
  }
  return {
    app,
    backend,
    pgProxy,
    redisProxy,
    reader,
    writer,
    async close() {
      await app.kill();
      await pgProxy?.close();
      await redisProxy?.close();
      await backend.drop();
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

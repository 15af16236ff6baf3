// Test fixtures: a real server on a real SQLite file in a temp dir, spoken to over real HTTP.
import fs from 'node:fs';
import os from 'node:os';
import net from 'node:net';
import { after, before } from 'node:test';
import path from 'node:path';
import { loadConfig, type Config } from '../../src/config.js';
import { startServer, type RunningServer } from '../../src/server.js';
import type { BuildOptions } from '../../src/app.js';
import { isolatedBackend } from './backend.js';
import { Api, createApp, type TestApp } from './client.js';

export interface TestServer extends RunningServer {
  dataDir: string;
}

/** A port that is free now, so the server's PUBLIC_URL can name it before it starts. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = net.createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as net.AddressInfo;
      probe.close(() => resolve(port));
    });
  });
}

export async function startTestServer(overrides: Partial<Config> = {}, clock?: () => number, build: BuildOptions = {}): Promise<TestServer> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'sirb-test-'));
  const port = await freePort();
  const base = loadConfig({ ...process.env, PORT: String(port), DATA_DIR: dataDir, PUBLIC_URL: `http://127.0.0.1:${port}` });
  const backend = await isolatedBackend();
  const config: Config = {
    ...base,
    databaseUrl: backend.databaseUrl,
    redisUrl: backend.redisUrl,
    redisPrefix: backend.redisPrefix,
    host: '127.0.0.1',
    rateLimit: { perWindow: 100_000, registrationsPerWindow: 100_000, windowSeconds: 300 },
    // Every answer in every API test is checked against its route's response schema.
    checkResponses: true,
    // No status service beside a test server: /healthz does not report one.
    statusServiceUrl: undefined,
    ...overrides,
  };
  const server = await startServer(config, { logger: false, clock, ...build });
  return {
    ...server,
    dataDir,
    close: async () => {
      await closeDroppingConnections(server);
      await backend.drop();
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/**
 * Closes a server without waiting on its clients. Fastify's graceful close waits for every
 * connection that is mid-response, and a response body a test left unread keeps its connection
 * so until the keep-alive timeout (72 s): a test server drops its connections instead.
 */
export async function closeDroppingConnections(server: RunningServer): Promise<void> {
  const closing = server.close();
  server.app.server.closeAllConnections();
  await closing;
}

export interface TestEnv {
  server: TestServer;
  api: Api;
  /** An app registered on the server, for createUser. */
  app: TestApp;
}

/**
 * The usual suite set-up: registers before/after hooks that start one server (with an app
 * registered on it) for the surrounding describe, and stop it. The fields are set once the
 * before hook has run.
 */
export function useTestServer(overrides: Partial<Config> = {}, clock?: () => number): TestEnv {
  const env = {} as TestEnv;
  before(async () => {
    env.server = await startTestServer(overrides, clock);
    env.api = new Api(env.server.url);
    env.app = await createApp(env.api);
  });
  after(() => env.server?.close());
  return env;
}

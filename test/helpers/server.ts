// Test fixtures: a real server on a real SQLite file in a temp dir, spoken to over real HTTP.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { loadConfig, type Config } from '../../src/config.js';
import { startServer, type RunningServer } from '../../src/server.js';

export interface TestServer extends RunningServer {
  dataDir: string;
}

export async function startTestServer(overrides: Partial<Config> = {}, clock?: () => number): Promise<TestServer> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'sirb-test-'));
  const base = loadConfig({ ...process.env, PORT: '0', DATA_DIR: dataDir });
  const config: Config = {
    ...base,
    host: '127.0.0.1',
    rateLimit: { perWindow: 100_000, registrationsPerWindow: 100_000, windowSeconds: 300 },
    ...overrides,
  };
  const server = await startServer(config, { logger: false, clock });
  // The public URL must name the real port, which is only known once listening.
  server.ctx.config.publicUrl = server.url;
  return {
    ...server,
    dataDir,
    close: async () => {
      await server.close();
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

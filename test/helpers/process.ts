// Real app processes (`src/main.ts`) for tests that kill, restart or run several of them.
// They use the test backend: SQLite in `dataDir`, or the isolated PostgreSQL database and Redis
// prefix when SIRB_TEST_BACKEND=postgres.
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before } from 'node:test';
import { isolatedBackend, type IsolatedBackend } from './backend.js';
import { freePort } from './server.js';
import { waitFor } from './wait.js';

const REDIS_URL = process.env.SIRB_TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';

export const ROOT = path.resolve(import.meta.dirname, '../..');

export interface AppProcess {
  child: ChildProcess;
  url: string;
  kill(signal?: NodeJS.Signals): Promise<void>;
}

export async function startAppProcess(options: { port: number; dataDir: string; backend?: IsolatedBackend; env?: Record<string, string>; startTimeoutMs?: number }): Promise<AppProcess> {
  const { port, dataDir, backend } = options;
  const env: Record<string, string | undefined> = {
    ...process.env,
    PORT: String(port),
    HOST: '127.0.0.1',
    DATA_DIR: dataDir,
    SIRB_STATUS: 'off',
    LOG_LEVEL: 'silent',
    PUBLIC_URL: `http://127.0.0.1:${port}`,
    DATABASE_URL: backend?.databaseUrl ?? '',
    REDIS_URL: backend?.redisUrl ?? '',
    REDIS_PREFIX: backend?.redisPrefix ?? 'sirb:',
    ...options.env,
  };
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], { cwd: ROOT, env, stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr!.on('data', (chunk) => (stderr += chunk));
  const url = `http://127.0.0.1:${port}`;
  const kill = (signal: NodeJS.Signals = 'SIGKILL') =>
    new Promise<void>((resolve) => {
      if (child.exitCode !== null || child.signalCode !== null) return resolve();
      child.once('exit', () => resolve());
      child.kill(signal);
    });
  const healthy = async () => {
    if (child.exitCode !== null) throw new Error(`server exited early (${child.exitCode}): ${stderr}`);
    const res = await fetch(`${url}/healthz`).catch(() => null); // null: not listening yet
    await res?.arrayBuffer();
    return res?.ok;
  };
  try {
    // Generous: on a loaded 2-core machine a cold start (tsx compiling the app) has taken ~50 s.
    await waitFor(healthy, { timeout: options.startTimeoutMs ?? 180_000, interval: 100, what: 'the server to answer /healthz' });
  } catch (error) {
    if (child.exitCode !== null) throw error; // exited early: the error carries its stderr
    await kill();
    throw new Error(`server did not start: ${stderr}`, { cause: error });
  }
  return { child, url, kill };
}

/**
 * For a test file that runs several app processes on one store: a data directory and an
 * isolated backend (with Redis even on SQLite, where the processes share one WAL file and Redis
 * carries the events), and `start` for each process; all of it is removed after the file's tests.
 */
export function sharedBackendProcesses(prefix: string) {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  const processes: AppProcess[] = [];
  let backend: IsolatedBackend;
  before(async () => {
    const isolated = await isolatedBackend();
    backend = { ...isolated, redisUrl: isolated.redisUrl ?? REDIS_URL };
  });
  after(async () => {
    for (const p of processes) await p.kill();
    await backend.drop();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });
  return {
    dataDir,
    get backend() {
      return backend;
    },
    async start(env?: Record<string, string>): Promise<AppProcess> {
      const started = await startAppProcess({ port: await freePort(), dataDir, backend, env });
      processes.push(started);
      return started;
    },
  };
}

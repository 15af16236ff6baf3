// Real app processes (`src/main.ts`) for tests that kill, restart or run several of them.
// They use the test backend: SQLite in `dataDir`, or the isolated PostgreSQL database and Redis
// prefix when SIRB_TEST_BACKEND=postgres.
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import type { IsolatedBackend } from './backend.js';
import { waitFor } from './wait.js';

export const ROOT = path.resolve(import.meta.dirname, '../..');

export interface AppProcess {
  child: ChildProcess;
  url: string;
  kill(signal?: NodeJS.Signals): Promise<void>;
}

export async function startAppProcess(options: { port: number; dataDir: string; backend?: IsolatedBackend; env?: Record<string, string> }): Promise<AppProcess> {
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
    await waitFor(healthy, { timeout: 60_000, interval: 100, what: 'the server to answer /healthz' });
  } catch (error) {
    if (child.exitCode !== null) throw error; // exited early: the error carries its stderr
    await kill();
    throw new Error(`server did not start: ${stderr}`, { cause: error });
  }
  return { child, url, kill };
}

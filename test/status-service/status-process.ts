// The status service (packages/status) as its own process, as `npm start` runs it: the app's tests
// reach it only through its entry point and HTTP, never through its code.
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ROOT } from '../helpers/process.js';

export const STATUS_MAIN = path.join(ROOT, 'packages/status/src/main.ts');

export interface StatusProcess {
  child: ChildProcess;
  url: string;
  output(): string;
  /** Resolves with the exit code once the process has exited. */
  exited: Promise<number | null>;
}

export async function startStatusProcess(options: { port: number; appUrl: string; env?: Record<string, string> }): Promise<StatusProcess> {
  const env = {
    ...process.env,
    STATUS_PORT: String(options.port),
    STATUS_HOST: '127.0.0.1',
    STATUS_DATA_DIR: fs.mkdtempSync(path.join(os.tmpdir(), 'sirb-status-')),
    APP_URL: options.appUrl,
    LOG_LEVEL: 'warn',
    ...options.env,
  };
  const child = spawn(process.execPath, ['--import', 'tsx', STATUS_MAIN], { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  child.stdout!.on('data', (d) => (out += d));
  child.stderr!.on('data', (d) => (out += d));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  await untilOutput(child, () => out, /status service is running at/, exited, 30_000);
  return { child, url: `http://127.0.0.1:${options.port}`, output: () => out, exited };
}

/** Resolves once `output()` matches `ready`; rejects if the process exits first or time runs out. */
export function untilOutput(child: ChildProcess, output: () => string, ready: RegExp, exited: Promise<number | null>, timeoutMs: number): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`not ready after ${timeoutMs} ms:\n${output()}`)), timeoutMs);
    const check = () => {
      if (!ready.test(output())) return;
      clearTimeout(timer);
      child.stdout!.off('data', check);
      resolve();
    };
    child.stdout!.on('data', check);
    void exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`exited (${code}) before ready:\n${output()}`));
    });
    check();
  });
}

/** Polls `probe` until it returns something truthy; the last error, if any, is in the timeout message. */
export async function waitFor<T>(what: string, probe: () => Promise<T | undefined | false>, timeoutMs: number, everyMs = 250): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const value = await probe();
      if (value) return value;
    } catch (error) {
      last = error;
    }
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}${last ? ` (last error: ${String(last)})` : ''}`);
    await new Promise((r) => setTimeout(r, everyMs));
  }
}

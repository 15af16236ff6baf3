// Shared helpers for the status tests: temp dirs, free ports, child processes, polling.
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';

/** The package's own directory (packages/status). */
export const root = path.resolve(import.meta.dirname, '..');

export function tempDir(prefix = 'sirb-status-'): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), prefix));
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as net.AddressInfo).port;
      s.close(() => resolve(port));
    });
  });
}

export interface Child {
  process: ChildProcess;
  output: () => string;
  exited: Promise<number | null>;
}

/**
 * Spawns `node --import tsx <entry>` and waits until its stdout matches `ready`. `wrap` runs it
 * through another command first (e.g. `ip netns exec NS`, which execs node: same pid). A minute to
 * start: tsx compiling the service on a 2-core machine at load 16 took over 20 s.
 */
export async function spawnTs(entry: string, env: Record<string, string>, ready: RegExp, timeoutMs = 60_000, wrap: string[] = []): Promise<Child> {
  const [command, ...args] = [...wrap, process.execPath, '--import', 'tsx', entry];
  const child = spawn(command!, args, { cwd: root, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  child.stdout!.on('data', (d) => (out += d));
  child.stderr!.on('data', (d) => (out += d));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  await new Promise<void>((resolve, reject) => {
    // Not ready in time: killed, or the test file's process waits on it forever.
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`${entry} not ready after ${timeoutMs} ms:\n${out}`));
    }, timeoutMs);
    const check = () => {
      if (ready.test(out)) {
        clearTimeout(timer);
        resolve();
      }
    };
    child.stdout!.on('data', check);
    void exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`${entry} exited (${code}) before ready:\n${out}`));
    });
    check();
  });
  return { process: child, output: () => out, exited };
}

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

/** Fetches and always reads the whole body (an unread body keeps the connection busy). */
export async function getJson<T = any>(url: string, init?: RequestInit): Promise<{ status: number; body: T; headers: Headers }> {
  const res = await fetch(url, init);
  const text = await res.text();
  let body: unknown = text;
  try {
    body = JSON.parse(text);
  } catch {
    // not JSON
  }
  return { status: res.status, body: body as T, headers: res.headers };
}

export const FAKE_APP = path.join(root, 'test/fixtures/fake-mastodon.ts');
export const STATUS_MAIN = path.join(root, 'src/main.ts');
export const AGENT_MAIN = path.join(root, 'src/locations/agent.ts');

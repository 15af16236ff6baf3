// The setup the kill -9 tests share (test/durability/kill9*.test.ts): one data directory and one
// isolated backend for the file, app processes started on them (again and again, on one port),
// and everything killed and removed after the file's tests.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before } from 'node:test';
import { isolatedBackend, type IsolatedBackend } from './backend.js';
import { startAppProcess, type AppProcess } from './process.js';
import { freePort } from './server.js';

export function killableStore(prefix: string) {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  const children: AppProcess[] = [];
  let backend: IsolatedBackend;
  let port: number;
  before(async () => {
    backend = await isolatedBackend();
    port = await freePort();
  });
  after(async () => {
    for (const child of children) await child.kill();
    await backend.drop();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });
  return {
    get url() {
      return `http://127.0.0.1:${port}`;
    },
    /** An app process on the store, always on the same port (as a restarted server would be). */
    async start(env?: Record<string, string>): Promise<AppProcess> {
      const child = await startAppProcess({ port, dataDir, backend, env });
      children.push(child);
      return child;
    },
  };
}

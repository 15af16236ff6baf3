// A post that got a 200 is on disk: the real server runs as a child process, is killed with
// SIGKILL right after the 200, and started again on the same data directory.
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { Api, createPost, createUser } from '../helpers/client.js';

const ROOT = path.resolve(import.meta.dirname, '../..');

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

async function startChild(dataDir: string, port: number): Promise<ChildProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
    cwd: ROOT,
    env: { ...process.env, PORT: String(port), HOST: '127.0.0.1', DATA_DIR: dataDir, SIRB_STATUS: 'off', LOG_LEVEL: 'silent', PUBLIC_URL: `http://127.0.0.1:${port}` },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr!.on('data', (chunk) => (stderr += chunk));
  const deadline = Date.now() + 30_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`server exited early (${child.exitCode}): ${stderr}`);
    try {
      if ((await fetch(`http://127.0.0.1:${port}/healthz`)).ok) return child;
    } catch {
      /* not listening yet */
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  child.kill('SIGKILL');
  throw new Error(`server did not start: ${stderr}`);
}

function killHard(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) return resolve();
    child.once('exit', () => resolve());
    child.kill('SIGKILL');
  });
}

const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'sirb-kill9-'));
const children: ChildProcess[] = [];
after(async () => {
  for (const child of children) await killHard(child);
  fs.rmSync(dataDir, { recursive: true, force: true });
});

test('posts acknowledged with a 200 survive kill -9', async () => {
  const port = await freePort();
  const first = await startChild(dataDir, port);
  children.push(first);
  const api = new Api(`http://127.0.0.1:${port}`);
  const user = await createUser(api);
  const ids: string[] = [];
  for (let i = 0; i < 10; i++) ids.push((await createPost(user, `منشور لا يضيع رقم ${i} #صامد`)).id);
  // The last one: SIGKILL the moment its 200 arrives.
  const last = await user.api.post('/api/v1/statuses', { status: 'الأخير قبل الانهيار' }, { 'idempotency-key': 'before-crash' });
  first.kill('SIGKILL');
  assert.equal(last.status, 200);
  ids.push(last.body.id);
  await killHard(first);

  const second = await startChild(dataDir, port);
  children.push(second);
  for (const id of ids) {
    const res = await api.get(`/api/v1/statuses/${id}`);
    assert.equal(res.status, 200, `post ${id} was lost`);
  }
  assert.equal((await api.get(`/api/v1/statuses/${last.body.id}`)).body.content, '<p>الأخير قبل الانهيار</p>');
  // The token, the counters and the idempotency key came through too.
  assert.equal((await user.api.get('/api/v1/accounts/verify_credentials')).body.statuses_count, 11);
  const retry = await user.api.post('/api/v1/statuses', { status: 'الأخير قبل الانهيار' }, { 'idempotency-key': 'before-crash' });
  assert.equal(retry.body.id, last.body.id);
  assert.equal((await api.get(`/api/v1/timelines/tag/${encodeURIComponent('صامد')}`)).body.length, 10);
  await killHard(second);
});

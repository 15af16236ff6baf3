// The SQLite file's disk fills up under the real app process: its data directory is a small
// tmpfs mounted for the test (root only: skipped where mounting is not allowed). Writes answer
// 503 with Retry-After (never 500), reads keep being served, nothing acknowledged is lost or
// corrupted, and writes succeed again once space is freed, without a restart.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { Api, createPost, createUser, type TestUser } from '../helpers/client.js';
import { freePort } from '../helpers/server.js';
import { TEST_BACKEND } from '../helpers/backend.js';
import { startAppProcess, type AppProcess } from '../helpers/process.js';
import { waitFor } from '../helpers/wait.js';

const mountPoint = fs.mkdtempSync(path.join(os.tmpdir(), 'sirb-disk-full-'));

function tryMount(): string | false {
  if (TEST_BACKEND !== 'sqlite') return 'the SQLite disk is tested on the sqlite backend';
  try {
    execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=24m,mode=0700', 'sirb-disk-full', mountPoint], { stdio: 'pipe' });
    return false;
  } catch (error) {
    return `cannot mount a tmpfs here (${String((error as { stderr?: Buffer }).stderr ?? error).trim().split('\n')[0]})`;
  }
}

const skip = tryMount();
const dataDir = path.join(mountPoint, 'data');
const filler = path.join(mountPoint, 'filler');
let app: AppProcess;

before(() => {
  if (!skip) fs.mkdirSync(dataDir, { mode: 0o700 });
});

after(async () => {
  await app?.kill();
  if (!skip) execFileSync('umount', ['-l', mountPoint]);
  fs.rmSync(mountPoint, { recursive: true, force: true });
});

/** Fills the filesystem to the last byte. */
function fillDisk(): void {
  const fd = fs.openSync(filler, 'w');
  const chunk = Buffer.alloc(256 * 1024, 1);
  try {
    for (let size = chunk.length; size >= 1; size = Math.floor(size / 2)) {
      for (;;) {
        try {
          fs.writeSync(fd, chunk, 0, size);
        } catch {
          break;
        }
      }
    }
  } finally {
    fs.closeSync(fd);
  }
}

test('SQLite disk full: writes 503 + Retry-After, reads served, no corruption, back once space is freed', { skip, timeout: 300_000 }, async () => {
  const port = await freePort();
  app = await startAppProcess({ port, dataDir, env: { SIRB_RATE_LIMIT: '100000' }, startTimeoutMs: 180_000 });
  const api = new Api(app.url);
  const writer: TestUser = await createUser(api);
  const acknowledged: string[] = [];
  for (let i = 0; i < 5; i++) acknowledged.push((await createPost(writer, `قبل امتلاء القرص ${i}`)).id);
  assert.equal((await writer.api.get('/api/v1/timelines/home')).status, 200);

  fillDisk();
  // Posts are long, so each one needs new pages in the WAL whatever room was left in the last.
  const long = 'ممتلئ '.repeat(40);
  let refused = 0;
  for (let i = 0; i < 20 && refused < 3; i++) {
    const res = await writer.api.post('/api/v1/statuses', { status: `${long} ${i}` });
    assert.notEqual(res.status, 500, `never 500: ${JSON.stringify(res.body)}`);
    if (res.status === 200) acknowledged.push(res.body.id);
    else {
      assert.equal(res.status, 503, JSON.stringify(res.body));
      assert.ok(Number(res.headers.get('retry-after')) > 0, 'a 503 carries Retry-After');
      assert.match(res.body.error, /storage|space/i);
      refused += 1;
    }
  }
  assert.ok(refused >= 1, 'writes are refused on a full disk');
  const home = await writer.api.get('/api/v1/timelines/home');
  assert.equal(home.status, 200, 'reads are still served');
  for (const id of acknowledged) assert.equal((await api.get(`/api/v1/statuses/${id}`)).status, 200, `post ${id} was acknowledged`);

  fs.rmSync(filler);
  const back = await waitFor(async () => {
    const res = await writer.api.post('/api/v1/statuses', { status: 'عاد المكان' });
    return res.status === 200 ? res : undefined;
  }, { timeout: 10_000, interval: 200, what: 'a post accepted once space is freed' });
  acknowledged.push(back.body.id);
  for (const id of acknowledged) assert.equal((await api.get(`/api/v1/statuses/${id}`)).status, 200, `post ${id} was acknowledged`);

  await app.kill('SIGTERM');
  const db = new Database(path.join(dataDir, 'sirb.sqlite'), { readonly: true });
  try {
    assert.equal(db.pragma('integrity_check', { simple: true }), 'ok');
  } finally {
    db.close();
  }
});

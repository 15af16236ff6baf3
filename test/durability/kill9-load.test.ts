// Issue 13: kill -9 of the app process under concurrent writes, five times. Every post that got a
// 2xx is there after each restart; every request cut by the kill, retried with its
// Idempotency-Key, gives exactly one post. (bench/kill9.ts runs the 20-kill acceptance figure.)
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { freePort } from '../helpers/server.js';
import { isolatedBackend, type IsolatedBackend } from '../helpers/backend.js';
import { startAppProcess, type AppProcess } from '../helpers/process.js';
import { CHAOS_ENV, runKillChaos } from '../helpers/write-chaos.js';

const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'sirb-kill9-load-'));
const children: AppProcess[] = [];
let backend: IsolatedBackend;
before(async () => {
  backend = await isolatedBackend();
});
after(async () => {
  for (const child of children) await child.kill();
  await backend.drop();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

test('five kill -9 during concurrent posting lose no acknowledged post and duplicate none', { timeout: 900_000 }, async () => {
  const port = await freePort();
  const result = await runKillChaos({
    kills: 5,
    clients: 4,
    loadMs: [300, 1200],
    start: async () => {
      const child = await startAppProcess({ port, dataDir, backend, env: CHAOS_ENV });
      children.push(child);
      return child;
    },
  });
  assert.ok(result.acknowledged > 0, 'some posts were acknowledged between the kills');
  assert.deepEqual(result.rounds.flatMap((r) => r.lost), [], 'acknowledged posts missing after a restart');
  assert.deepEqual(result.duplicated, [], 'keys with two posts');
  assert.equal(result.unexpected, 0, 'posts that no request explains');
  assert.equal(result.posts, result.acknowledged + result.retried, 'one post per acknowledged or retried request');
});

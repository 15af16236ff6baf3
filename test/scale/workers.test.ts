// WORKERS=2: one `npm start`, two app processes sharing the port (Node cluster) and all state
// through the database and Redis. Every request, whichever process takes it, sees the same data.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Api, createApp, createUser, createPost } from '../helpers/client.js';
import { freePort } from '../helpers/server.js';
import { isolatedBackend, type IsolatedBackend } from '../helpers/backend.js';
import { startAppProcess, type AppProcess } from '../helpers/process.js';

const REDIS_URL = process.env.SIRB_TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'sirb-workers-'));
let app: AppProcess | undefined;
let backend: IsolatedBackend;

before(async () => {
  backend = await isolatedBackend();
  backend = { ...backend, redisUrl: backend.redisUrl ?? REDIS_URL };
});
after(async () => {
  await app?.kill('SIGTERM');
  await backend.drop();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

test('two cluster workers serve one consistent Sirb', async () => {
  app = await startAppProcess({ port: await freePort(), dataDir, backend, env: { WORKERS: '2' } });
  const api = new Api(app.url);
  const client = await createApp(api);
  const reader = await createUser(api, 'workers_reader', client);
  const writer = await createUser(api, 'workers_writer', client);
  await reader.api.post(`/api/v1/accounts/${writer.id}/follow`);
  const posts = [];
  for (let i = 0; i < 6; i++) posts.push((await createPost(writer, `من أي عامل ${i}`)).id);
  // Many reads spread over both workers: each sees every post, newest first.
  for (let i = 0; i < 10; i++) {
    const home = await reader.api.get('/api/v1/timelines/home');
    assert.deepEqual(home.body.map((s: { id: string }) => s.id).slice(0, 6), [...posts].reverse());
  }
});

test('WORKERS > 1 without Redis is refused with a clear message', async () => {
  const port = await freePort();
  await assert.rejects(
    startAppProcess({ port, dataDir, env: { WORKERS: '2', REDIS_URL: '', DATABASE_URL: '' } }),
    /WORKERS > 1 needs REDIS_URL/,
  );
});

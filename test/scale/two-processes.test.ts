// Several app processes share all state through the database and Redis: a post made through
// one process streams live to a client connected to another, and both read the same timeline.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import WebSocket from 'ws';
import { Api, createApp, createUser, createPost } from '../helpers/client.js';
import { freePort } from '../helpers/server.js';
import { isolatedBackend, type IsolatedBackend } from '../helpers/backend.js';
import { startAppProcess, type AppProcess } from '../helpers/process.js';

const REDIS_URL = process.env.SIRB_TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'sirb-two-'));
const processes: AppProcess[] = [];
let backend: IsolatedBackend;

before(async () => {
  backend = await isolatedBackend();
  // On the SQLite backend both processes share one WAL file; Redis carries the events.
  backend = { ...backend, redisUrl: backend.redisUrl ?? REDIS_URL };
});
after(async () => {
  for (const p of processes) await p.kill();
  await backend.drop();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

test('a post through one process streams live to a client of another', async () => {
  const [portA, portB] = [await freePort(), await freePort()];
  const a = await startAppProcess({ port: portA, dataDir, backend });
  processes.push(a);
  const b = await startAppProcess({ port: portB, dataDir, backend });
  processes.push(b);

  const apiA = new Api(a.url);
  const app = await createApp(apiA);
  const reader = await createUser(apiA, 'two_reader', app);
  const writer = await createUser(apiA, 'two_writer', app);
  await reader.api.post(`/api/v1/accounts/${writer.id}/follow`);

  const ws = new WebSocket(`${a.url.replace('http', 'ws')}/api/v1/streaming?stream=user&access_token=${reader.token}`);
  const received = new Promise<{ event: string; payload: string }>((resolve, reject) => {
    ws.on('message', (data) => {
      const message = JSON.parse(String(data));
      if (message.event === 'update') resolve(message);
    });
    ws.once('error', reject);
    setTimeout(() => reject(new Error('no update within 5 s')), 5000);
  });
  await new Promise((resolve) => ws.once('open', resolve));
  await new Promise((r) => setTimeout(r, 200));

  // The writer posts through process B.
  const writerOnB = new Api(b.url).as(writer.token);
  const post = await createPost({ ...writer, api: writerOnB }, 'من العملية الثانية إلى الأولى #سرب');
  const update = await received;
  assert.equal(JSON.parse(update.payload).id, post.id);
  ws.close();

  // Both processes serve the same home timeline.
  const homeA = await reader.api.get('/api/v1/timelines/home');
  const homeB = await new Api(b.url).as(reader.token).get('/api/v1/timelines/home');
  assert.deepEqual(homeA.body.map((s: { id: string }) => s.id), homeB.body.map((s: { id: string }) => s.id));
  assert.equal(homeA.body[0].id, post.id);
});

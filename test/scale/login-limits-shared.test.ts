// Failed sign-ins are counted in Redis when there is one, so a guesser spreading attempts over
// several app processes meets one count (issue 10, finding 1).
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Api, createApp, createUser } from '../helpers/client.js';
import { freePort } from '../helpers/server.js';
import { isolatedBackend, type IsolatedBackend } from '../helpers/backend.js';
import { startAppProcess, type AppProcess } from '../helpers/process.js';

const REDIS_URL = process.env.SIRB_TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'sirb-login-'));
const processes: AppProcess[] = [];
let backend: IsolatedBackend;

before(async () => {
  backend = await isolatedBackend();
  backend = { ...backend, redisUrl: backend.redisUrl ?? REDIS_URL };
});
after(async () => {
  for (const p of processes) await p.kill();
  await backend.drop();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

test('two processes share one count of failed sign-ins for an account', async () => {
  const env = { SIRB_LOGIN_FAILURES_PER_ACCOUNT: '4', SIRB_LOGIN_FAILURES_PER_IP: '1000' };
  for (const port of [await freePort(), await freePort()]) processes.push(await startAppProcess({ port, dataDir, backend, env }));
  const [a, b] = processes.map((p) => new Api(p.url));
  const app = await createApp(a);
  const user = await createUser(a, undefined, app);
  const grant = (api: Api, password: string) =>
    api.post('/oauth/token', { grant_type: 'password', client_id: app.clientId, client_secret: app.clientSecret, username: user.username, password });
  const statuses = [];
  for (let i = 0; i < 4; i++) statuses.push((await grant(i % 2 ? b : a, 'wrong')).status);
  assert.deepEqual(statuses, [400, 400, 400, 400]);
  assert.equal((await grant(a, user.password)).status, 429);
  assert.equal((await grant(b, user.password)).status, 429);
});

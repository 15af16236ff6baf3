// Issue 10, finding 7 across processes: a stream held by one process closes when its token is
// revoked, or its account suspended, through another (the event goes through Redis). Process A
// is a real child process; B runs in this one, so the test can call its services directly.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Api, createApp, createUser } from '../helpers/client.js';
import { freePort } from '../helpers/server.js';
import { isolatedBackend, type IsolatedBackend } from '../helpers/backend.js';
import { startAppProcess, type AppProcess } from '../helpers/process.js';
import { openStream } from '../helpers/stream.js';
import { loadConfig } from '../../src/config.js';
import { startServer, type RunningServer } from '../../src/server.js';
import { ALL_SCOPES, closed, openEventStream, tokenWithScopes } from './fixtures.js';

const REDIS_URL = process.env.SIRB_TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'sirb-close-'));
let backend: IsolatedBackend;
let a: AppProcess;
let b: RunningServer;

before(async () => {
  backend = await isolatedBackend();
  // On the SQLite backend both processes share one WAL file; Redis carries the events.
  backend = { ...backend, redisUrl: backend.redisUrl ?? REDIS_URL };
  a = await startAppProcess({ port: await freePort(), dataDir, backend });
  const port = await freePort();
  const config = loadConfig({ ...process.env, PORT: String(port), DATA_DIR: dataDir, PUBLIC_URL: `http://127.0.0.1:${port}` });
  b = await startServer({ ...config, host: '127.0.0.1', databaseUrl: backend.databaseUrl, redisUrl: backend.redisUrl, redisPrefix: backend.redisPrefix }, { logger: false });
});
after(async () => {
  await b?.close();
  await a?.kill();
  await backend.drop();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

test('a token revoked through one process closes its streams on another', async () => {
  const api = new Api(b.url);
  const app = await createApp(api, ALL_SCOPES);
  const user = await createUser(api, 'far_revoke', app);
  const token = await tokenWithScopes(api, app, user, 'read');
  const ws = openStream(a, 'stream=user', token);
  await ws.settled();
  const sse = await openEventStream(a.url, '/api/v1/streaming/public', token);
  assert.equal(sse.status, 200);
  assert.equal((await new Api(a.url).as(token).get('/api/v1/accounts/verify_credentials')).status, 200);

  assert.equal((await api.post('/oauth/revoke', { client_id: app.clientId, client_secret: app.clientSecret, token })).status, 200);
  await Promise.all([closed(ws.ws), sse.ended]);
  assert.equal((await new Api(a.url).as(token).get('/api/v1/accounts/verify_credentials')).status, 401);
});

test('an account suspended in one process has its streams on another closed', async () => {
  const api = new Api(b.url);
  const app = await createApp(api, ALL_SCOPES);
  const user = await createUser(api, 'far_suspend', app);
  const ws = openStream(a, 'stream=user', user.token);
  await ws.settled();
  const sse = await openEventStream(a.url, '/api/v1/streaming/user', user.token);
  assert.equal(sse.status, 200);
  assert.equal((await new Api(a.url).as(user.token).get('/api/v1/accounts/verify_credentials')).status, 200);

  await b.ctx.accounts.suspendAccount(Number(user.id));
  await Promise.all([closed(ws.ws), sse.ended]);
  assert.equal((await new Api(a.url).as(user.token).get('/api/v1/accounts/verify_credentials')).status, 403);
});

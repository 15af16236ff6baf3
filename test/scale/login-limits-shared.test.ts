// Failed sign-ins are counted in Redis when there is one, so a guesser spreading attempts over
// several app processes meets one count (issue 10, finding 1).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Api, createApp, createUser } from '../helpers/client.js';
import { sharedBackendProcesses } from '../helpers/process.js';

const cluster = sharedBackendProcesses('sirb-login-');

test('two processes share one count of failed sign-ins for an account', async () => {
  const env = { SIRB_LOGIN_FAILURES_PER_ACCOUNT: '4', SIRB_LOGIN_FAILURES_PER_IP: '1000' };
  const processes = [await cluster.start(env), await cluster.start(env)];
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

// The status service takes an app token as an admin token only when the app says it carries the
// admin scope for the action (GET /oauth/token/info, Doorkeeper's endpoint that Mastodon serves)
// and belongs to the Owner/an admin, and asks again on every request, so a revoked token stops at once.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { Api, createApp, createUser, type TestUser } from '../helpers/client.js';
import { createOwner } from '../../src/accounts/owner.js';
import { freePort, startTestServer, type TestServer } from '../helpers/server.js';
import { startStatusProcess, type StatusProcess } from './status-process.js';

const ADMIN_SCOPES = 'read write follow admin:read admin:write';
let server: TestServer;
let status: StatusProcess;
let appApi: Api;
let statusApi: Api;
let owner: TestUser;

before(async () => {
  server = await startTestServer();
  appApi = new Api(server.url);
  // The Owner is made as `npm run admin -- create-owner` makes it; it signs in with an everyday
  // app (no admin scopes).
  const username = `own${process.pid}`;
  const password = 'correct horse battery';
  const made = await createOwner(server.ctx.db.kysely, { username, email: `${username}@example.test`, password });
  const app = await createApp(appApi);
  const signedIn = await appApi.post('/oauth/token', { grant_type: 'password', username, password, client_id: app.clientId, client_secret: app.clientSecret, scope: 'read write follow' });
  assert.equal(signedIn.status, 200, JSON.stringify(signedIn.body));
  owner = { id: String(made.account.id), username, email: `${username}@example.test`, password, token: signedIn.body.access_token, api: appApi.as(signedIn.body.access_token) };
  // The probe runs rarely: this test is about admin tokens.
  status = await startStatusProcess({ port: await freePort(), appUrl: server.url, env: { PROBE_INTERVAL_S: '3600' } });
  statusApi = new Api(status.url);
});
after(async () => {
  if (status?.child.exitCode === null) status.child.kill('SIGTERM');
  await status?.exited;
  await server?.close();
});

async function tokenFor(user: TestUser, scopes: string): Promise<{ token: string; app: { clientId: string; clientSecret: string } }> {
  const app = await createApp(appApi, scopes);
  const res = await appApi.post('/oauth/token', { grant_type: 'password', username: user.email, password: user.password, client_id: app.clientId, client_secret: app.clientSecret, scope: scopes });
  assert.equal(res.status, 200, JSON.stringify(res.body));
  return { token: res.body.access_token, app };
}

const notice = { name: 'Planned restart', body: 'We are restarting the app.' };

describe('admin tokens on the status service', () => {
  it('GET /oauth/token/info tells the token\'s own scopes', async () => {
    const { token } = await tokenFor(owner, 'read admin:read');
    const info = await appApi.as(token).get('/oauth/token/info');
    assert.equal(info.status, 200, JSON.stringify(info.body));
    assert.deepEqual(info.body.scope, ['read', 'admin:read']);
    assert.equal(info.body.resource_owner_id, owner.id);
    assert.equal((await appApi.as(undefined).get('/oauth/token/info')).status, 401);
    assert.equal((await appApi.as('nope').get('/oauth/token/info')).status, 401);
  });

  it('refuses the Owner\'s token without an admin scope, and an admin-scoped token of anyone else', async () => {
    const everyday = await statusApi.as(owner.token).post('/api/v1/incidents', notice);
    assert.equal(everyday.status, 403, JSON.stringify(everyday.body));
    assert.match(everyday.body.error, /admin:write/);
    const readOnly = await tokenFor(owner, 'read admin:read');
    assert.equal((await statusApi.as(readOnly.token).post('/api/v1/incidents', notice)).status, 403);
    assert.equal((await statusApi.as(readOnly.token).get('/api/v1/subscriptions')).status, 200, 'admin:read may look');
    const someone = await createUser(appApi, `some${process.pid}`);
    const theirs = await tokenFor(someone, ADMIN_SCOPES);
    assert.equal((await statusApi.as(theirs.token).post('/api/v1/incidents', notice)).status, 403);
  });

  it('takes the Owner\'s admin-scoped token, and not a moment past its revocation', async () => {
    const { token, app } = await tokenFor(owner, ADMIN_SCOPES);
    const created = await statusApi.as(token).post('/api/v1/incidents', notice);
    assert.equal(created.status, 201, JSON.stringify(created.body));
    const revoked = await appApi.as(undefined).post('/oauth/revoke', { client_id: app.clientId, client_secret: app.clientSecret, token });
    assert.equal(revoked.status, 200);
    const after = await statusApi.as(token).post(`/api/v1/incidents/${created.body.id}/updates`, { status: 'resolved', body: 'Done.' });
    assert.equal(after.status, 403, 'refused right after revocation');
  });
});

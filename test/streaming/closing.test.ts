// Issue 10, finding 7: revoking a token closes its open streams, WebSocket and SSE alike, and
// suspending an account closes all of its streams; neither can be opened again afterwards.
// (test/streaming/closing-processes.test.ts does the same across two processes.)
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { startTestServer, type TestServer } from '../helpers/server.js';
import { Api, createApp, createUser, type TestApp, type TestUser } from '../helpers/client.js';
import { openStream } from '../helpers/stream.js';
import { ALL_SCOPES, closed, openEventStream, tokenWithScopes } from './fixtures.js';

describe('streaming: revoked tokens and suspended accounts', () => {
  let server: TestServer;
  let api: Api;
  let app: TestApp;

  before(async () => {
    server = await startTestServer();
    api = new Api(server.url);
    app = await createApp(api, ALL_SCOPES);
  });
  after(() => server.close());

  it('revoking a token closes its WebSocket and SSE streams, and only that token’s', async () => {
    const user: TestUser = await createUser(api, 'revoke_streams', app);
    const doomed = await tokenWithScopes(api, app, user, 'read');
    const kept = await tokenWithScopes(api, app, user, 'read');
    const ws = openStream(server, 'stream=user', doomed);
    const publicWs = openStream(server, `stream=public&access_token=${doomed}`);
    const keptWs = openStream(server, 'stream=user', kept);
    await Promise.all([ws.settled(), publicWs.settled(), keptWs.settled()]);
    const sse = await openEventStream(server.url, '/api/v1/streaming/user', doomed);
    assert.equal(sse.status, 200);

    const revoked = await api.post('/oauth/revoke', { client_id: app.clientId, client_secret: app.clientSecret, token: doomed });
    assert.equal(revoked.status, 200);
    await Promise.all([closed(ws.ws), closed(publicWs.ws), sse.ended]);
    // The other token's stream goes on.
    await keptWs.settled();
    assert.equal(keptWs.ws.readyState, keptWs.ws.OPEN);
    keptWs.ws.close();

    const again = openStream(server, 'stream=user', doomed);
    await assert.rejects(again.opened, /401/);
    assert.equal((await openEventStream(server.url, '/api/v1/streaming/user', doomed)).status, 401);
  });

  it('suspending an account closes every stream of it, and its tokens stop working at once', async () => {
    const user = await createUser(api, 'suspend_streams', app);
    const other = await tokenWithScopes(api, app, user, 'read:statuses');
    const bystander = await createUser(api, 'suspend_bystander', app);
    const ws = openStream(server, 'stream=user', user.token);
    const ws2 = openStream(server, 'stream=public', other);
    const bystanderWs = openStream(server, 'stream=user', bystander.token);
    await Promise.all([ws.settled(), ws2.settled(), bystanderWs.settled()]);
    const sse = await openEventStream(server.url, '/api/v1/streaming/public', user.token);
    assert.equal(sse.status, 200);
    // Used once, so the token is in the resolver's cache when the account is suspended.
    assert.equal((await user.api.get('/api/v1/accounts/verify_credentials')).status, 200);

    await server.ctx.accounts.suspendAccount(Number(user.id));
    await Promise.all([closed(ws.ws), closed(ws2.ws), sse.ended]);
    await bystanderWs.settled();
    assert.equal(bystanderWs.ws.readyState, bystanderWs.ws.OPEN);
    bystanderWs.ws.close();

    assert.equal((await user.api.get('/api/v1/accounts/verify_credentials')).status, 403);
    await assert.rejects(openStream(server, 'stream=user', user.token).opened, /403/);
  });
});

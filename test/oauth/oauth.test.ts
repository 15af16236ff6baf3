// Apps and OAuth2 over real HTTP: app registration, the sign-in page with authorization code +
// PKCE, every token grant in every body encoding, revocation and scopes.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import { startTestServer, type TestServer } from '../helpers/server.js';
import { Api, createApp, createUser } from '../helpers/client.js';

const REDIRECT = 'http://127.0.0.1:9/callback';

function hiddenInputs(html: string): Record<string, string> {
  const fields: Record<string, string> = {};
  for (const match of html.matchAll(/<input type="hidden" name="([^"]+)" value="([^"]*)">/g)) {
    fields[match[1]] = match[2].replace(/&amp;/g, '&').replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&lt;/g, '<').replace(/&gt;/g, '>');
  }
  return fields;
}

describe('apps and oauth', () => {
  let server: TestServer;
  let api: Api;

  before(async () => {
    server = await startTestServer();
    api = new Api(server.url);
  });
  after(() => server.close());

  test('POST /api/v1/apps registers an app with its credentials', async () => {
    const res = await api.post('/api/v1/apps', { client_name: 'Tusky', redirect_uris: REDIRECT, scopes: 'read write follow push', website: 'https://tusky.app' });
    assert.equal(res.status, 200);
    assert.equal(res.body.name, 'Tusky');
    assert.deepEqual(res.body.scopes, ['read', 'write', 'follow', 'push']);
    assert.equal(res.body.redirect_uri, REDIRECT);
    assert.ok(res.body.client_id && res.body.client_secret);
  });

  test('POST /api/v1/apps refuses an unknown scope and a relative redirect uri with 422', async () => {
    const scope = await api.post('/api/v1/apps', { client_name: 'x', redirect_uris: REDIRECT, scopes: 'read everything' });
    assert.equal(scope.status, 422);
    assert.match(scope.body.error, /scope/);
    const uri = await api.post('/api/v1/apps', { client_name: 'x', redirect_uris: '/callback' });
    assert.equal(uri.status, 422);
  });

  test('authorization code with PKCE (S256): sign-in page, form post, redirect, token', async () => {
    const user = await createUser(api);
    const app = (await api.post('/api/v1/apps', { client_name: 'PKCE app', redirect_uris: REDIRECT, scopes: 'read write' })).body;
    const verifier = crypto.randomBytes(32).toString('base64url');
    const challenge = crypto.createHash('sha256').update(verifier).digest('base64url');
    const query = new URLSearchParams({
      response_type: 'code', client_id: app.client_id, redirect_uri: REDIRECT, scope: 'read write',
      state: 'xyz', code_challenge: challenge, code_challenge_method: 'S256',
    });

    const page = await fetch(`${server.url}/oauth/authorize?${query}`);
    assert.equal(page.status, 200);
    assert.match(page.headers.get('content-type') ?? '', /text\/html/);
    const html = await page.text();
    assert.match(html, /<form method="post" action="\/oauth\/authorize">/);
    assert.match(html, /PKCE app/);
    const hidden = hiddenInputs(html);
    assert.equal(hidden.code_challenge, challenge);

    const wrong = await fetch(`${server.url}/oauth/authorize`, {
      method: 'POST', redirect: 'manual', body: new URLSearchParams({ ...hidden, login: user.username, password: 'wrong password' }),
    });
    assert.equal(wrong.status, 401);
    assert.match(await wrong.text(), /role="alert"/);

    const signedIn = await fetch(`${server.url}/oauth/authorize`, {
      method: 'POST', redirect: 'manual', body: new URLSearchParams({ ...hidden, login: user.email, password: user.password }),
    });
    assert.equal(signedIn.status, 302);
    await signedIn.arrayBuffer();
    const location = new URL(signedIn.headers.get('location')!);
    assert.equal(`${location.origin}${location.pathname}`, REDIRECT);
    assert.equal(location.searchParams.get('state'), 'xyz');
    const code = location.searchParams.get('code')!;

    const badVerifier = await api.post('/oauth/token', { grant_type: 'authorization_code', code, client_id: app.client_id, redirect_uri: REDIRECT, code_verifier: 'not-the-verifier' });
    assert.equal(badVerifier.status, 400);
    assert.equal(badVerifier.body.error, 'invalid_grant');

    // A refused exchange leaves the code unclaimed (test/oauth/code-security.test.ts); start again anyway.
    const again = await fetch(`${server.url}/oauth/authorize`, {
      method: 'POST', redirect: 'manual', body: new URLSearchParams({ ...hidden, login: user.username, password: user.password }),
    });
    await again.arrayBuffer();
    const code2 = new URL(again.headers.get('location')!).searchParams.get('code')!;
    const token = await api.post('/oauth/token', { grant_type: 'authorization_code', code: code2, client_id: app.client_id, redirect_uri: REDIRECT, code_verifier: verifier });
    assert.equal(token.status, 200);
    assert.equal(token.body.token_type, 'Bearer');
    assert.equal(token.body.scope, 'read write');
    const me = await api.as(token.body.access_token).get('/api/v1/accounts/verify_credentials');
    assert.equal(me.status, 200);
    assert.equal(me.body.id, user.id);

    const reused = await api.post('/oauth/token', { grant_type: 'authorization_code', code: code2, client_id: app.client_id, redirect_uri: REDIRECT, code_verifier: verifier });
    assert.equal(reused.status, 400);
  });

  test('the sign-in page escapes what the app and the URL put in it', async () => {
    const app = (await api.post('/api/v1/apps', { client_name: '<script>alert(1)</script>', redirect_uris: REDIRECT })).body;
    const query = new URLSearchParams({ response_type: 'code', client_id: app.client_id, redirect_uri: REDIRECT, state: '"><script>alert(2)</script>' });
    const res = await fetch(`${server.url}/oauth/authorize?${query}`, { headers: { 'accept-language': 'en-US,en' } });
    assert.equal(res.status, 200);
    const html = await res.text();
    assert.ok(!html.includes('<script>'), html);
    assert.match(html, /&lt;script&gt;alert\(1\)/);
    assert.match(html, /<html lang="en" dir="ltr">/);
    const arabic = await (await fetch(`${server.url}/oauth/authorize?${query}`)).text();
    assert.match(arabic, /<html lang="ar" dir="rtl">/);
  });

  test('an unregistered redirect uri is refused', async () => {
    const app = await createApp(api);
    const res = await api.get(`/oauth/authorize?response_type=code&client_id=${app.clientId}&redirect_uri=${encodeURIComponent('https://evil.example/cb')}`);
    assert.equal(res.status, 400);
    assert.equal(res.body.error, 'invalid_redirect_uri');
  });

  test('GET /oauth/authorize with an unknown client is an error, not a page', async () => {
    const res = await api.get('/oauth/authorize?response_type=code&client_id=nope&redirect_uri=urn:ietf:wg:oauth:2.0:oob');
    assert.equal(res.status, 401);
    assert.equal(res.body.error, 'invalid_client');
  });

  test('the out-of-band redirect shows the code on a page', async () => {
    const user = await createUser(api);
    const app = await createApp(api);
    const query = new URLSearchParams({ response_type: 'code', client_id: app.clientId, redirect_uri: 'urn:ietf:wg:oauth:2.0:oob', scope: 'read' });
    const res = await fetch(`${server.url}/oauth/authorize`, {
      method: 'POST', body: new URLSearchParams({ ...Object.fromEntries(query), login: user.username, password: user.password }),
    });
    assert.equal(res.status, 200);
    const code = /<code id="code">([^<]+)<\/code>/.exec(await res.text())?.[1];
    assert.ok(code);
    const token = await api.post('/oauth/token', { grant_type: 'authorization_code', code, client_id: app.clientId, client_secret: app.clientSecret, redirect_uri: 'urn:ietf:wg:oauth:2.0:oob' });
    assert.equal(token.status, 200);
    assert.equal(token.body.scope, 'read');
  });

  describe('POST /oauth/token', () => {
    test('client_credentials gives an app token that verifies as the app', async () => {
      const app = await createApp(api);
      const res = await api.as(app.appToken).get('/api/v1/apps/verify_credentials');
      assert.equal(res.status, 200);
      assert.equal(res.body.name, 'test client');
      assert.equal(res.body.client_secret, undefined);
      const asUser = await api.as(app.appToken).get('/api/v1/accounts/verify_credentials');
      assert.equal(asUser.status, 422);
    });

    test('password grant accepts the email or the username as username', async () => {
      const user = await createUser(api);
      const app = await createApp(api);
      for (const login of [user.email, user.username, user.username.toUpperCase()]) {
        const res = await api.post('/oauth/token', { grant_type: 'password', client_id: app.clientId, client_secret: app.clientSecret, username: login, password: user.password, scope: 'read' });
        assert.equal(res.status, 200, login);
        const me = await api.as(res.body.access_token).get('/api/v1/accounts/verify_credentials');
        assert.equal(me.body.id, user.id);
      }
      const wrong = await api.post('/oauth/token', { grant_type: 'password', client_id: app.clientId, client_secret: app.clientSecret, username: user.email, password: 'nope nope nope' });
      assert.equal(wrong.status, 400);
      assert.equal(wrong.body.error, 'invalid_grant');
    });

    test('accepts JSON, urlencoded and multipart bodies alike', async () => {
      const user = await createUser(api);
      const app = await createApp(api);
      const fields = { grant_type: 'password', client_id: app.clientId, client_secret: app.clientSecret, username: user.username, password: user.password, scope: 'read write' };
      const form = new FormData();
      for (const [k, v] of Object.entries(fields)) form.append(k, v);
      for (const body of [fields, new URLSearchParams(fields), form]) {
        const res = await api.post('/oauth/token', body);
        assert.equal(res.status, 200, `${body.constructor.name}: ${JSON.stringify(res.body)}`);
        assert.equal(res.body.scope, 'read write');
      }
    });

    test('a wrong client secret is 401 invalid_client and an unknown grant type 400', async () => {
      const app = await createApp(api);
      const secret = await api.post('/oauth/token', { grant_type: 'client_credentials', client_id: app.clientId, client_secret: 'wrong' });
      assert.equal(secret.status, 401);
      assert.equal(secret.body.error, 'invalid_client');
      const grant = await api.post('/oauth/token', { grant_type: 'telepathy', client_id: app.clientId, client_secret: app.clientSecret });
      assert.equal(grant.status, 400);
      assert.equal(grant.body.error, 'unsupported_grant_type');
    });

    test('a scope beyond what the app registered is refused', async () => {
      const app = await createApp(api, 'read');
      const res = await api.post('/oauth/token', { grant_type: 'client_credentials', client_id: app.clientId, client_secret: app.clientSecret, scope: 'read write' });
      assert.equal(res.status, 400);
      assert.equal(res.body.error, 'invalid_scope');
    });
  });

  test('POST /oauth/revoke: the revoked token then gets 401', async () => {
    const user = await createUser(api);
    const app = await createApp(api);
    const token = (await api.post('/oauth/token', { grant_type: 'password', client_id: app.clientId, client_secret: app.clientSecret, username: user.username, password: user.password })).body.access_token;
    assert.equal((await api.as(token).get('/api/v1/accounts/verify_credentials')).status, 200);
    const revoke = await api.post('/oauth/revoke', new URLSearchParams({ client_id: app.clientId, client_secret: app.clientSecret, token }));
    assert.equal(revoke.status, 200);
    assert.deepEqual(revoke.body, {});
    const after = await api.as(token).get('/api/v1/accounts/verify_credentials');
    assert.equal(after.status, 401);
    assert.ok(after.body.error);
    // The user's other token is untouched.
    assert.equal((await user.api.get('/api/v1/accounts/verify_credentials')).status, 200);
  });

  test('scopes: a read-only token reads but gets 403 on a write', async () => {
    const user = await createUser(api);
    const app = await createApp(api);
    const token = (await api.post('/oauth/token', { grant_type: 'password', client_id: app.clientId, client_secret: app.clientSecret, username: user.username, password: user.password, scope: 'read' })).body.access_token;
    const readOnly = api.as(token);
    assert.equal((await readOnly.get('/api/v1/accounts/verify_credentials')).status, 200);
    const write = await readOnly.post('/api/v1/statuses', { status: 'hello' });
    assert.equal(write.status, 403);
    assert.match(write.body.error, /scope/);
    const other = await createUser(api);
    assert.equal((await readOnly.post(`/api/v1/accounts/${other.id}/follow`)).status, 403);
  });

  test('the profile scope reads the own account and nothing else', async () => {
    const user = await createUser(api);
    const app = await createApp(api, 'profile');
    const res = await api.post('/oauth/token', { grant_type: 'password', client_id: app.clientId, client_secret: app.clientSecret, username: user.username, password: user.password, scope: 'profile' });
    assert.equal(res.status, 200);
    const profile = api.as(res.body.access_token);
    assert.equal((await profile.get('/api/v1/accounts/verify_credentials')).body.id, user.id);
    assert.equal((await profile.get('/api/v1/timelines/home')).status, 403);
    assert.equal((await profile.get('/api/v1/notifications')).status, 403);
  });

  test('follow scope grants follow/unfollow but not posting', async () => {
    const user = await createUser(api);
    const other = await createUser(api);
    const app = await createApp(api);
    const token = (await api.post('/oauth/token', { grant_type: 'password', client_id: app.clientId, client_secret: app.clientSecret, username: user.username, password: user.password, scope: 'follow' })).body.access_token;
    assert.equal((await api.as(token).post(`/api/v1/accounts/${other.id}/follow`)).status, 200);
    assert.equal((await api.as(token).post('/api/v1/statuses', { status: 'x' })).status, 403);
  });

  test('a malformed or unknown bearer token is 401 even on public routes', async () => {
    assert.equal((await api.as('not-a-token').get('/api/v1/timelines/public')).status, 401);
    const res = await api.request('GET', '/api/v1/timelines/public', undefined, { authorization: 'Basic abc' });
    assert.equal(res.status, 401);
  });
});

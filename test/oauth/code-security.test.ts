// The authorization-code grant under attack (issue 10, findings 8 and 18): a code redeemed at
// most once even by concurrent requests, reuse revoking what it gave, a code shown to the wrong
// client left intact, redirect URIs and PKCE methods that can hurt refused, and client secrets
// kept hashed and compared in constant time.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import { startTestServer, type TestServer } from '../helpers/server.js';
import { Api, createApp, createUser, type TestUser } from '../helpers/client.js';

const REDIRECT = 'http://127.0.0.1:9/callback';

interface RegisteredApp { client_id: string; client_secret: string }

describe('authorization codes and clients', () => {
  let server: TestServer;
  let api: Api;
  let user: TestUser;

  before(async () => {
    server = await startTestServer();
    api = new Api(server.url);
    user = await createUser(api);
  });
  after(() => server.close());

  const registerApp = async (redirect = REDIRECT): Promise<RegisteredApp> => {
    const res = await api.post('/api/v1/apps', { client_name: 'code app', redirect_uris: redirect, scopes: 'read write' });
    assert.equal(res.status, 200, JSON.stringify(res.body));
    return res.body;
  };

  /** Signs in on the authorize form and returns the code the redirect carries. */
  const codeFor = async (app: RegisteredApp, extra: Record<string, string> = {}): Promise<string> => {
    const res = await fetch(`${server.url}/oauth/authorize`, {
      method: 'POST',
      redirect: 'manual',
      body: new URLSearchParams({ response_type: 'code', client_id: app.client_id, redirect_uri: REDIRECT, scope: 'read', login: user.username, password: user.password, ...extra }),
    });
    const body = await res.text();
    assert.equal(res.status, 302, body);
    return new URL(res.headers.get('location')!).searchParams.get('code')!;
  };

  const exchange = (app: RegisteredApp, code: string, extra: Record<string, string | undefined> = {}) =>
    api.post('/oauth/token', { grant_type: 'authorization_code', code, client_id: app.client_id, client_secret: app.client_secret, redirect_uri: REDIRECT, ...extra });

  const liveTokens = async () => {
    const rows = await server.ctx.db.kysely.selectFrom('tokens').select(['id', 'revoked_at']).where('account_id', '=', Number(user.id)).execute();
    return rows;
  };

  test('ten concurrent exchanges of one code give exactly one token', async () => {
    const app = await registerApp();
    // A few rounds: the race (read the code, then delete it) is lost only now and then.
    for (let round = 0; round < 5; round++) {
      const code = await codeFor(app);
      const before = (await liveTokens()).length;
      const answers = await Promise.all(Array.from({ length: 10 }, () => exchange(app, code)));
      const granted = answers.filter((a) => a.status === 200);
      assert.equal(granted.length, 1, JSON.stringify(answers.map((a) => [a.status, a.body])));
      for (const refused of answers.filter((a) => a.status !== 200)) {
        assert.equal(refused.status, 400);
        assert.equal(refused.body.error, 'invalid_grant');
      }
      assert.equal((await liveTokens()).length, before + 1, 'one token row, whatever the race');
    }
  });

  test('a reused code is refused and revokes the token it gave (RFC 6749 4.1.2)', async () => {
    const app = await registerApp();
    const code = await codeFor(app);
    const first = await exchange(app, code);
    assert.equal(first.status, 200);
    const token = first.body.access_token;
    assert.equal((await api.as(token).get('/api/v1/accounts/verify_credentials')).status, 200);
    const again = await exchange(app, code);
    assert.equal(again.status, 400);
    assert.equal(again.body.error, 'invalid_grant');
    assert.equal((await api.as(token).get('/api/v1/accounts/verify_credentials')).status, 401, 'the token from the reused code is revoked');
  });

  test('a code presented by another client is refused and stays good for its own client', async () => {
    const app = await registerApp();
    const thief = await registerApp();
    const code = await codeFor(app);
    const stolen = await exchange(thief, code);
    assert.equal(stolen.status, 400);
    assert.equal(stolen.body.error, 'invalid_grant');
    const own = await exchange(app, code);
    assert.equal(own.status, 200, JSON.stringify(own.body));
  });

  test('the exchange must repeat the redirect_uri of the authorization, exactly', async () => {
    const app = await registerApp();
    const code = await codeFor(app);
    const missing = await exchange(app, code, { redirect_uri: undefined });
    assert.equal(missing.status, 400);
    assert.equal(missing.body.error, 'invalid_grant');
    const other = await exchange(app, code, { redirect_uri: `${REDIRECT}/other` });
    assert.equal(other.status, 400);
    assert.equal((await exchange(app, code)).status, 200, 'the refusals did not use the code up');
  });

  test('PKCE: plain (or no method) is refused, S256 works', async () => {
    const app = await registerApp();
    const verifier = crypto.randomBytes(32).toString('base64url');
    for (const method of ['plain', undefined]) {
      const query = new URLSearchParams({ response_type: 'code', client_id: app.client_id, redirect_uri: REDIRECT, code_challenge: verifier });
      if (method) query.set('code_challenge_method', method);
      const page = await api.get(`/oauth/authorize?${query}`);
      assert.equal(page.status, 400, `method ${method}`);
      assert.equal(page.body.error, 'invalid_request');
      const post = await fetch(`${server.url}/oauth/authorize`, {
        method: 'POST', redirect: 'manual', body: new URLSearchParams({ ...Object.fromEntries(query), login: user.username, password: user.password }),
      });
      assert.equal(post.status, 400, `form with method ${method}`);
      await post.arrayBuffer();
    }
    const challenge = crypto.createHash('sha256').update(verifier).digest('base64url');
    const code = await codeFor(app, { code_challenge: challenge, code_challenge_method: 'S256' });
    const token = await exchange(app, code, { client_secret: undefined, code_verifier: verifier });
    assert.equal(token.status, 200, JSON.stringify(token.body));
  });

  test('redirect URIs with script-running or local schemes are refused; app schemes and oob are fine', async () => {
    for (const uri of ['javascript:alert(1)', 'JavaScript://x/%0aalert(1)', 'data:text/html,<script>alert(1)</script>', 'vbscript:msgbox', 'file:///etc/passwd', 'https://ok.example/cb#fragment']) {
      const res = await api.post('/api/v1/apps', { client_name: 'x', redirect_uris: uri });
      assert.equal(res.status, 422, uri);
      assert.match(res.body.error, /redirect/i, uri);
    }
    const mixed = await api.post('/api/v1/apps', { client_name: 'x', redirect_uris: [REDIRECT, 'javascript:alert(1)'] });
    assert.equal(mixed.status, 422);
    for (const uri of ['myapp://oauth-callback', 'urn:ietf:wg:oauth:2.0:oob', 'https://app.example/cb', 'http://localhost:4000/cb']) {
      assert.equal((await api.post('/api/v1/apps', { client_name: 'x', redirect_uris: uri })).status, 200, uri);
    }
  });

  test('client secrets are stored hashed and a wrong secret fails the code exchange', async () => {
    const app = await registerApp();
    const rows = await server.ctx.db.kysely.selectFrom('apps').selectAll().where('client_id', '=', app.client_id).execute();
    assert.equal(rows.length, 1);
    assert.ok(!JSON.stringify(rows[0]).includes(app.client_secret), 'the secret is not stored as given');
    const code = await codeFor(app);
    const wrong = await exchange(app, code, { client_secret: `${app.client_secret.slice(0, -1)}x` });
    assert.equal(wrong.status, 401);
    assert.equal(wrong.body.error, 'invalid_client');
    const none = await exchange(app, code, { client_secret: undefined });
    assert.equal(none.status, 401);
    const test = await createApp(api);
    const credentials = await api.post('/oauth/token', { grant_type: 'client_credentials', client_id: test.clientId, client_secret: test.clientSecret });
    assert.equal(credentials.status, 200);
    assert.equal((await exchange(app, code)).status, 200);
  });
});

// Sign-up with an app token: the user token it returns, username rules, duplicates, the stored
// argon2id hash, no account made owner by signing up first (even concurrently), and closed
// registrations. The owner is made by a command: test/accounts/owner-command.test.ts.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { startTestServer, type TestServer } from '../helpers/server.js';
import { Api, createApp, createUser, type TestApp } from '../helpers/client.js';

const register = (api: Api, app: TestApp, fields: Record<string, unknown>) =>
  api.as(app.appToken).post('/api/v1/accounts', { email: `${String(fields.username).toLowerCase()}@example.test`, password: 'correct horse battery', agreement: true, locale: 'ar', ...fields });

describe('registration', () => {
  let server: TestServer;
  let api: Api;
  let app: TestApp;

  before(async () => {
    server = await startTestServer();
    api = new Api(server.url);
    app = await createApp(api);
  });
  after(() => server.close());

  test('no sign-up becomes owner or admin, not even the first', async () => {
    const first = await createUser(api, 'founder', app);
    const me = await first.api.get('/api/v1/accounts/verify_credentials');
    assert.equal(me.body.role.name, '');
    assert.equal(me.body.role.permissions, '0');
    const rows = await server.ctx.db.kysely.selectFrom('accounts').select(['username', 'role']).orderBy('id').execute();
    assert.deepEqual(rows[0], { username: 'founder', role: 'user' });
  });

  test('returns a user token with the app token scopes, and stores an argon2id hash', async () => {
    const res = await register(api, app, { username: 'hashed_user' });
    assert.equal(res.status, 200);
    assert.equal(res.body.token_type, 'Bearer');
    assert.equal(res.body.scope, 'read write follow push');
    const me = await api.as(res.body.access_token).get('/api/v1/accounts/verify_credentials');
    assert.equal(me.status, 200);
    assert.equal(me.body.username, 'hashed_user');
    assert.equal(me.body.source.language, 'ar');
    const row = await server.ctx.db.kysely.selectFrom('accounts').select('password_hash').where('username', '=', 'hashed_user').executeTakeFirstOrThrow();
    assert.ok(row.password_hash.startsWith('$argon2id$'), row.password_hash);
    assert.ok(!row.password_hash.includes('correct horse'));
  });

  test('a duplicate username (any case) is 422 with details per field', async () => {
    await register(api, app, { username: 'taken_name' });
    const dupName = await register(api, app, { username: 'Taken_Name', email: 'other@example.test' });
    assert.equal(dupName.status, 422);
    assert.match(dupName.body.error, /taken/i);
    assert.equal(dupName.body.details.username[0].error, 'ERR_TAKEN');
  });

  test('a sign-up with an email already registered is answered as a new one, and changes nothing', async () => {
    const fresh = await register(api, app, { username: 'enum_first', email: 'known@example.test' });
    assert.equal(fresh.status, 200);
    const again = await register(api, app, { username: 'enum_second', email: 'KNOWN@example.test', password: 'another long password' });
    assert.equal(again.status, 200, JSON.stringify(again.body));
    assert.deepEqual(Object.keys(again.body).sort(), Object.keys(fresh.body).sort());
    assert.equal(again.body.token_type, 'Bearer');
    assert.equal(again.body.scope, fresh.body.scope);
    const rows = await server.ctx.db.kysely.selectFrom('accounts').select('username').where((eb) => eb.or([eb('username', '=', 'enum_second'), eb('email', '=', 'known@example.test')])).execute();
    assert.deepEqual(rows, [{ username: 'enum_first' }], 'no second account, the first untouched');
    // The token names no account: it cannot act as the one that holds the address.
    assert.equal((await api.as(again.body.access_token).get('/api/v1/accounts/verify_credentials')).status, 422);
    assert.equal((await api.as(fresh.body.access_token).get('/api/v1/accounts/verify_credentials')).body.username, 'enum_first');
  });

  test('reserved usernames are refused with 422 ERR_RESERVED, in any case', async () => {
    for (const username of ['admin', 'Root', 'ADMINISTRATOR', 'support', 'help', 'security', 'abuse', 'postmaster', 'webmaster', 'sirb', 'mastodon', 'api', 'oauth', 'www', 'settings', 'about', 'owner', 'moderator']) {
      const res = await register(api, app, { username, email: `reserved_${username}@example.test` });
      assert.equal(res.status, 422, username);
      assert.equal(res.body.details.username[0].error, 'ERR_RESERVED', username);
    }
    assert.equal((await register(api, app, { username: 'admin_fan' })).status, 200, 'a name that merely contains one is fine');
  });

  test('username rules: letters, digits and underscore, 1 to 30', async () => {
    for (const username of ['has space', 'dash-name', 'عربي', 'a'.repeat(31), '', 'dot.name']) {
      const res = await register(api, app, { username, email: `x${Math.random()}@example.test` });
      assert.equal(res.status, 422, username);
      assert.equal(res.body.details.username[0].error, 'ERR_INVALID', username);
    }
    assert.equal((await register(api, app, { username: 'a'.repeat(30) })).status, 200);
  });

  test('bad email, short password, refused agreement, unknown locale: 422 naming each field', async () => {
    const res = await register(api, app, { username: 'several_wrongs', email: 'not-an-email', password: 'short', agreement: false, locale: 'xx' });
    assert.equal(res.status, 422);
    assert.deepEqual(Object.keys(res.body.details).sort(), ['agreement', 'email', 'locale', 'password']);
  });

  test('a missing field or a wrong type is 422, never 500', async () => {
    const missing = await api.as(app.appToken).post('/api/v1/accounts', { username: 'no_password', email: 'np@example.test' });
    assert.equal(missing.status, 422);
    assert.match(missing.body.error, /password/);
    const wrongType = await api.as(app.appToken).post('/api/v1/accounts', { username: 12, email: ['x'], password: {} });
    assert.equal(wrongType.status, 422);
  });

  test('needs an app token: none is 401', async () => {
    const res = await api.post('/api/v1/accounts', { username: 'anon', email: 'anon@example.test', password: 'correct horse battery', agreement: true });
    assert.equal(res.status, 401);
  });

  test('accepts a urlencoded form body', async () => {
    const res = await api.as(app.appToken).post('/api/v1/accounts', new URLSearchParams({ username: 'form_user', email: 'form@example.test', password: 'correct horse battery', agreement: 'true', locale: 'en' }));
    assert.equal(res.status, 200);
  });
});

describe('concurrent first sign-ups', () => {
  let server: TestServer;
  before(async () => {
    server = await startTestServer();
  });
  after(() => server.close());

  test('eight sign-ups at once on an empty server make no owner and no admin', async () => {
    const api = new Api(server.url);
    const app = await createApp(api);
    const answers = await Promise.all(Array.from({ length: 8 }, (_, i) => register(api, app, { username: `racer_${i}` })));
    assert.deepEqual(answers.map((a) => a.status), Array(8).fill(200));
    const privileged = await server.ctx.db.kysely.selectFrom('accounts').select(['username', 'role']).where('role', '!=', 'user').execute();
    assert.deepEqual(privileged, []);
  });
});

describe('closed registrations', () => {
  let server: TestServer;
  before(async () => {
    server = await startTestServer({ registrations: 'closed' });
  });
  after(() => server.close());

  test('sign-up is refused with 403 and the instance says so', async () => {
    const api = new Api(server.url);
    const app = await createApp(api);
    const res = await register(api, app, { username: 'late' });
    assert.equal(res.status, 403);
    // Mastodon's answer (Api::V1::AccountsController#check_enabled_registrations: forbidden).
    assert.equal(res.body.error, 'This action is not allowed');
    const count = await server.ctx.db.kysely.selectFrom('accounts').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    assert.equal(Number(count.n), 0);
    const instance = await api.get('/api/v2/instance');
    assert.equal(instance.body.registrations.enabled, false);
  });
});

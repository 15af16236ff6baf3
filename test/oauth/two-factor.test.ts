// Two-factor sign-in: set-up over the API (password asked, the secret shown once), the sign-in
// page asking for the code after the password, recovery codes good once, codes not replayable,
// the password grant refusing such accounts, and bad input at every step. Codes are computed
// with the same TOTP library an authenticator app implements (otpauth).
import { before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import * as OTPAuth from 'otpauth';
import { useTestServer } from '../helpers/server.js';
import { createUser, type TestUser } from '../helpers/client.js';
import { signInWithPassword } from '../helpers/staff.js';

const REDIRECT = 'https://client.example/callback';

function hiddenInputs(html: string): Record<string, string> {
  const fields: Record<string, string> = {};
  for (const match of html.matchAll(/<input type="hidden" name="([^"]+)" value="([^"]*)">/g)) {
    fields[match[1]] = match[2].replace(/&amp;/g, '&').replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&lt;/g, '<').replace(/&gt;/g, '>');
  }
  return fields;
}

const codeAt = (secret: string, at: number) => OTPAuth.TOTP.generate({ secret: OTPAuth.Secret.fromBase32(secret), timestamp: at });

describe('two-factor sign-in', () => {
  // A clock the test moves, so each code is for a step of its own.
  let now = Date.parse('2026-12-02T10:00:00Z');
  const env = useTestServer({}, () => now);
  let user: TestUser;
  let secret: string;
  let recovery: string[];

  before(async () => {
    user = await createUser(env.api);
  });

  test('set-up: password asked, then a first code turns it on and gives ten recovery codes once', async () => {
    assert.deepEqual((await user.api.get('/api/v1/sirb/two_factor')).body, { enabled: false, recovery_codes_left: 0 });
    const wrong = await user.api.post('/api/v1/sirb/two_factor', { password: 'not it' });
    assert.equal(wrong.status, 422);
    assert.equal((await user.api.post('/api/v1/sirb/two_factor', {})).status, 422);
    assert.equal((await user.api.post('/api/v1/sirb/two_factor/confirm', { code: '123456' })).status, 422, 'nothing to confirm yet');
    const setup = await user.api.post('/api/v1/sirb/two_factor', { password: user.password });
    assert.equal(setup.status, 200);
    secret = setup.body.secret;
    assert.match(secret, /^[A-Z2-7]+=*$/);
    const uri = OTPAuth.URI.parse(setup.body.uri) as OTPAuth.TOTP;
    assert.equal(uri.secret.base32, secret);
    assert.equal(uri.label, user.username);
    // Stored sealed: the secret is not in the database as it is.
    const row = await env.server.ctx.db.kysely.selectFrom('two_factor').selectAll().where('account_id', '=', Number(user.id)).executeTakeFirstOrThrow();
    assert.ok(!row.secret_sealed.includes(secret));
    assert.equal(row.enabled_at, null);
    // Not yet on: the password grant still works.
    assert.equal((await signInWithPassword(env.api, env.app, user.email, user.password, 'read')).status, 200);

    for (const code of ['000000', 'abc', '1234567', ' ']) {
      const bad = await user.api.post('/api/v1/sirb/two_factor/confirm', { code });
      assert.equal(bad.status, 422, code);
    }
    assert.equal((await user.api.post('/api/v1/sirb/two_factor/confirm', {})).status, 422);
    const confirmed = await user.api.post('/api/v1/sirb/two_factor/confirm', { code: codeAt(secret, now) });
    assert.equal(confirmed.status, 200, JSON.stringify(confirmed.body));
    recovery = confirmed.body.recovery_codes;
    assert.equal(recovery.length, 10);
    assert.equal(new Set(recovery).size, 10);
    assert.deepEqual((await user.api.get('/api/v1/sirb/two_factor')).body, { enabled: true, recovery_codes_left: 10 });
    assert.equal((await user.api.post('/api/v1/sirb/two_factor', { password: user.password })).status, 422, 'already on');
  });

  test('the password grant refuses the account (invalid_grant, as Mastodon)', async () => {
    const res = await signInWithPassword(env.api, env.app, user.email, user.password, 'read');
    assert.equal(res.status, 400);
    assert.equal(res.body.error, 'invalid_grant');
  });

  test('the sign-in page asks for the code after the password; a wrong or replayed code is refused', async () => {
    const app = (await env.api.post('/api/v1/apps', { client_name: '2FA app', redirect_uris: REDIRECT, scopes: 'read' })).body;
    const query = new URLSearchParams({ response_type: 'code', client_id: app.client_id, redirect_uri: REDIRECT, scope: 'read', state: 's1' });
    const first = hiddenInputs(await (await fetch(`${env.server.url}/oauth/authorize?${query}&lang=en`)).text());
    const post = (fields: Record<string, string>) => fetch(`${env.server.url}/oauth/authorize`, { method: 'POST', redirect: 'manual', body: new URLSearchParams(fields) });

    const asked = await post({ ...first, login: user.username, password: user.password });
    assert.equal(asked.status, 200);
    const page = await asked.text();
    assert.match(page, /name="otp_attempt"/);
    assert.match(page, /authenticator app/);
    const second = hiddenInputs(page);
    assert.ok(second.two_factor_ticket);
    assert.equal(second.client_id, app.client_id);

    now += 60_000;
    const wrong = await post({ ...second, otp_attempt: '000000' });
    assert.equal(wrong.status, 401);
    assert.match(await wrong.text(), /role="alert"/);
    const forged = await post({ ...second, two_factor_ticket: second.two_factor_ticket.replace(/.$/, (c) => (c === 'A' ? 'B' : 'A')), otp_attempt: codeAt(secret, now) });
    assert.equal(forged.status, 401);
    assert.match(await forged.text(), /name="password"/, 'back to the password step');

    const code = codeAt(secret, now);
    const ok = await post({ ...second, otp_attempt: code });
    assert.equal(ok.status, 302);
    const location = new URL(ok.headers.get('location')!);
    assert.equal(location.searchParams.get('state'), 's1');
    const token = await env.api.post('/oauth/token', { grant_type: 'authorization_code', code: location.searchParams.get('code'), client_id: app.client_id, client_secret: app.client_secret, redirect_uri: REDIRECT });
    assert.equal(token.status, 200);
    assert.equal((await env.api.as(token.body.access_token).get('/api/v1/accounts/verify_credentials')).body.id, user.id);

    const replay = await post({ ...second, otp_attempt: code });
    assert.equal(replay.status, 401, 'a code works once');

    // A ticket outlives its five minutes: refused.
    now += 6 * 60_000;
    assert.equal((await post({ ...second, otp_attempt: codeAt(secret, now) })).status, 401);
  });

  test('a recovery code signs in once; the page takes it with spaces or capitals too', async () => {
    const app = (await env.api.post('/api/v1/apps', { client_name: '2FA app', redirect_uris: REDIRECT, scopes: 'read' })).body;
    const query = new URLSearchParams({ response_type: 'code', client_id: app.client_id, redirect_uri: REDIRECT, scope: 'read' });
    const first = hiddenInputs(await (await fetch(`${env.server.url}/oauth/authorize?${query}`)).text());
    const post = (fields: Record<string, string>) => fetch(`${env.server.url}/oauth/authorize`, { method: 'POST', redirect: 'manual', body: new URLSearchParams(fields) });
    const second = hiddenInputs(await (await post({ ...first, login: user.email, password: user.password })).text());
    const spaced = `${recovery[0].slice(0, 5).toUpperCase()} ${recovery[0].slice(5)}`;
    assert.equal((await post({ ...second, otp_attempt: spaced })).status, 302);
    assert.equal((await post({ ...second, otp_attempt: recovery[0] })).status, 401, 'used');
    assert.equal((await user.api.get('/api/v1/sirb/two_factor')).body.recovery_codes_left, 9);
  });

  test('turning it off takes the password and a code; bad input is 422', async () => {
    now += 60_000;
    assert.equal((await user.api.request('DELETE', '/api/v1/sirb/two_factor', { password: user.password, code: '000000' })).status, 422);
    assert.equal((await user.api.request('DELETE', '/api/v1/sirb/two_factor', { password: 'nope', code: codeAt(secret, now) })).status, 422);
    assert.equal((await user.api.request('DELETE', '/api/v1/sirb/two_factor', { password: user.password })).status, 422);
    assert.equal((await env.api.request('DELETE', '/api/v1/sirb/two_factor', { password: user.password, code: '1' })).status, 401);
    const off = await user.api.request('DELETE', '/api/v1/sirb/two_factor', { password: user.password, code: recovery[1] });
    assert.equal(off.status, 200);
    assert.deepEqual(off.body, {});
    assert.deepEqual((await user.api.get('/api/v1/sirb/two_factor')).body, { enabled: false, recovery_codes_left: 0 });
    assert.equal((await signInWithPassword(env.api, env.app, user.email, user.password, 'read')).status, 200);
    const rows = await env.server.ctx.db.kysely.selectFrom('two_factor_recovery_codes').select('code_hash').where('account_id', '=', Number(user.id)).execute();
    assert.deepEqual(rows, []);
  });
  // Last: it spends this address's allowance of failed sign-ins.
  test('wrong codes count as failed sign-ins: the account locks like wrong passwords do', async () => {
    const victim = await createUser(env.api);
    const setup = await victim.api.post('/api/v1/sirb/two_factor', { password: victim.password });
    now += 60_000;
    await victim.api.post('/api/v1/sirb/two_factor/confirm', { code: codeAt(setup.body.secret, now) });
    const app = (await env.api.post('/api/v1/apps', { client_name: '2FA app', redirect_uris: REDIRECT, scopes: 'read' })).body;
    const query = new URLSearchParams({ response_type: 'code', client_id: app.client_id, redirect_uri: REDIRECT, scope: 'read' });
    const first = hiddenInputs(await (await fetch(`${env.server.url}/oauth/authorize?${query}`)).text());
    const post = (fields: Record<string, string>) => fetch(`${env.server.url}/oauth/authorize`, { method: 'POST', redirect: 'manual', body: new URLSearchParams(fields) });
    const second = hiddenInputs(await (await post({ ...first, login: victim.email, password: victim.password })).text());
    const limit = env.server.ctx.config.loginLimits.failuresPerIp;
    let last = 0;
    for (let i = 0; i <= limit; i++) last = (await post({ ...second, otp_attempt: String(100000 + i) })).status;
    assert.equal(last, 429);
  });

});

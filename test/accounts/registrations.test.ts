// SIRB_REGISTRATIONS=approval and closed, invites, and the moderators' approve/reject: who gets
// in, what a waiting account may do (nothing: Mastodon's 403s), who is told, and bad input.
import { before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createRestAPIClient } from 'masto';
import { useTestServer } from '../helpers/server.js';
import { Api, createApp, type TestApp } from '../helpers/client.js';
import { createStaff, signInWithPassword } from '../helpers/staff.js';

const ALL_SCOPES = 'read write follow push admin:read admin:write';
const PENDING = 'Your login is currently pending approval';

const signUp = (api: Api, app: TestApp, username: string, extra: Record<string, unknown> = {}) =>
  api.as(app.appToken).post('/api/v1/accounts', { username, email: `${username}@example.test`, password: 'correct horse battery', agreement: true, locale: 'en', ...extra });

const accountRow = (env: ReturnType<typeof useTestServer>, username: string) =>
  env.server.ctx.db.kysely.selectFrom('accounts').selectAll().where('username', '=', username).executeTakeFirst();

describe('registrations that need approval', () => {
  const env = useTestServer({ registrations: 'approval' });
  let app: TestApp;
  before(async () => {
    app = await createApp(env.api, ALL_SCOPES);
  });

  test('the instance says approval is required, and a reason is asked for', async () => {
    const v2 = await env.api.get('/api/v2/instance');
    assert.deepEqual(v2.body.registrations, { enabled: true, approval_required: true, reason_required: true, message: null, url: null });
    const v1 = await env.api.get('/api/v1/instance');
    assert.equal(v1.body.registrations, true);
    assert.equal(v1.body.approval_required, true);
    assert.equal(v1.body.invites_enabled, false, 'only staff invite (Mastodon: everyone.can?(:invite_users))');
  });

  test('a sign-up without a reason (or a blank one) is 422 naming reason; a reason over 1000 characters too', async () => {
    for (const extra of [{}, { reason: '   ' }]) {
      const res = await signUp(env.api, app, 'no_reason', extra);
      assert.equal(res.status, 422, JSON.stringify(res.body));
      assert.equal(res.body.details.reason[0].error, 'ERR_BLANK');
    }
    const long = await signUp(env.api, app, 'long_reason', { reason: 'x'.repeat(1001) });
    assert.equal(long.status, 422);
    const wrongType = await signUp(env.api, app, 'typed_reason', { reason: { text: 'hi' } });
    assert.equal(wrongType.status, 422);
    assert.equal(await accountRow(env, 'no_reason'), undefined);
  });

  test('a waiting account gets a token it cannot use, cannot sign in, and is nobody to see', async () => {
    const res = await signUp(env.api, app, 'waiting', { reason: 'أريد الانضمام إلى سرب' });
    assert.equal(res.status, 200, JSON.stringify(res.body));
    const row = await accountRow(env, 'waiting');
    assert.equal(row?.approved, 0);
    assert.equal(row?.sign_up_reason, 'أريد الانضمام إلى سرب');
    const me = await env.api.as(res.body.access_token).get('/api/v1/accounts/verify_credentials');
    assert.equal(me.status, 403);
    assert.deepEqual(me.body, { error: PENDING });
    const post = await env.api.as(res.body.access_token).post('/api/v1/statuses', { status: 'hello' });
    assert.equal(post.status, 403);
    const password = await signInWithPassword(env.api, app, 'waiting@example.test', 'correct horse battery');
    assert.equal(password.status, 403);
    assert.equal(password.body.error, PENDING);
    assert.equal((await env.api.get(`/api/v1/accounts/${row!.id}`)).status, 404);
    assert.equal((await env.api.get('/api/v1/accounts/lookup?acct=waiting')).status, 404);
    assert.deepEqual((await env.api.get('/api/v1/accounts/search?q=waiting')).body, []);
    // The sign-in page says so, in the page's language.
    const query = new URLSearchParams({ response_type: 'code', client_id: app.clientId, redirect_uri: 'urn:ietf:wg:oauth:2.0:oob', scope: 'read', lang: 'en' });
    const signIn = await fetch(`${env.server.url}/oauth/authorize`, { method: 'POST', body: new URLSearchParams({ ...Object.fromEntries(query), login: 'waiting', password: 'correct horse battery' }) });
    assert.equal(signIn.status, 403);
    assert.match(await signIn.text(), /role="alert">Your account waits for a moderator/);
  });

  test('staff who may manage users are told (admin.sign_up), ordinary users are not', async () => {
    const moderator = await createStaff(env.server, env.api, app, 'moderator', 'notified_mod');
    const bystander = await createStaff(env.server, env.api, app, 'user', 'bystander');
    const res = await signUp(env.api, app, 'newcomer', { reason: 'hello' });
    assert.equal(res.status, 200);
    const notes = await moderator.api.get('/api/v1/notifications?types[]=admin.sign_up');
    assert.equal(notes.status, 200);
    const about = notes.body.filter((n: { account: { username: string } }) => n.account.username === 'newcomer');
    assert.equal(about.length, 1);
    assert.equal(about[0].type, 'admin.sign_up');
    assert.equal(about[0].status, undefined);
    const plain = await env.server.ctx.db.kysely.selectFrom('notifications').select('id').where('account_id', '=', Number(bystander.id)).where('type', '=', 'admin.sign_up').execute();
    assert.deepEqual(plain, []);
  });

  test('a moderator approves (Admin::Account answer, audit log); the token then works; approving twice is 403', async () => {
    const moderator = await createStaff(env.server, env.api, app, 'moderator', 'approver');
    const res = await signUp(env.api, app, 'approved_one', { reason: 'please' });
    const id = String((await accountRow(env, 'approved_one'))!.id);
    // masto.js drives Mastodon's admin call.
    const masto = createRestAPIClient({ url: env.server.url, accessToken: moderator.token });
    const admin = await masto.v1.admin.accounts.$select(id).approve();
    assert.equal(admin.id, id);
    assert.equal(admin.approved, true);
    assert.equal(admin.inviteRequest, 'please');
    assert.equal(admin.account.username, 'approved_one');
    const me = await env.api.as(res.body.access_token).get('/api/v1/accounts/verify_credentials');
    assert.equal(me.status, 200);
    const again = await moderator.api.post(`/api/v1/admin/accounts/${id}/approve`);
    assert.equal(again.status, 403);
    assert.equal(again.body.error, 'This action is not allowed');
    const log = await env.server.ctx.db.kysely.selectFrom('admin_action_logs').selectAll().where('target_id', '=', id).execute();
    assert.deepEqual(log.map((l) => [l.action, l.target_type, String(l.account_id)]), [['approve_user', 'Account', moderator.id]]);
  });

  test('a moderator rejects: the account and its token are gone, the name free again; {} answered', async () => {
    const moderator = await createStaff(env.server, env.api, app, 'moderator', 'rejecter');
    const res = await signUp(env.api, app, 'rejected_one', { reason: 'spam spam' });
    const id = String((await accountRow(env, 'rejected_one'))!.id);
    const rejected = await moderator.api.post(`/api/v1/admin/accounts/${id}/reject`);
    assert.equal(rejected.status, 200);
    assert.deepEqual(rejected.body, {});
    assert.equal(await accountRow(env, 'rejected_one'), undefined);
    assert.equal((await env.api.as(res.body.access_token).get('/api/v1/accounts/verify_credentials')).status, 401);
    const notes = await env.server.ctx.db.kysely.selectFrom('notifications').select('id').where('from_account_id', '=', Number(id)).execute();
    assert.deepEqual(notes, []);
    const log = await env.server.ctx.db.kysely.selectFrom('admin_action_logs').select('action').where('target_id', '=', id).execute();
    assert.deepEqual(log, [{ action: 'reject_user' }]);
    assert.equal((await signUp(env.api, app, 'rejected_one', { reason: 'second try' })).status, 200);
  });

  test('approve/reject: no token 401, a user 403, no admin scope 403, unknown 404, an approved account 403, a bad id 404', async () => {
    const moderator = await createStaff(env.server, env.api, app, 'moderator', 'checker');
    await signUp(env.api, app, 'target_one', { reason: 'r' });
    const id = String((await accountRow(env, 'target_one'))!.id);
    const userToken = (await createStaff(env.server, env.api, app, 'user', 'plain_user')).token;
    const noScope = await signInWithPassword(env.api, app, moderator.email, moderator.password, 'read write');
    for (const action of ['approve', 'reject']) {
      assert.equal((await env.api.post(`/api/v1/admin/accounts/${id}/${action}`)).status, 401);
      assert.equal((await env.api.as(userToken).post(`/api/v1/admin/accounts/${id}/${action}`)).status, 403);
      assert.equal((await env.api.as(noScope.body.access_token).post(`/api/v1/admin/accounts/${id}/${action}`)).status, 403);
      assert.equal((await moderator.api.post(`/api/v1/admin/accounts/999999999/${action}`)).status, 404);
      assert.equal((await moderator.api.post(`/api/v1/admin/accounts/${moderator.id}/${action}`)).status, 403);
      assert.equal((await moderator.api.post(`/api/v1/admin/accounts/not-an-id/${action}`)).status, 404);
    }
    assert.equal((await accountRow(env, 'target_one'))?.approved, 0, 'nothing happened');
  });

  test('an invite skips approval: no reason needed, approved at once; used up, it is refused with 422', async () => {
    const moderator = await createStaff(env.server, env.api, app, 'moderator', 'inviter');
    const invite = await moderator.api.post('/api/v1/invites', { max_uses: 1 });
    assert.equal(invite.status, 200, JSON.stringify(invite.body));
    assert.equal(invite.body.url, `${env.server.url}/?invite=${invite.body.code}`);
    const res = await signUp(env.api, app, 'invited_one', { invite_code: invite.body.code });
    assert.equal(res.status, 200, JSON.stringify(res.body));
    assert.equal((await env.api.as(res.body.access_token).get('/api/v1/accounts/verify_credentials')).status, 200);
    assert.equal((await accountRow(env, 'invited_one'))?.invite_id, Number(invite.body.id));
    const list = await moderator.api.get('/api/v1/invites');
    assert.equal(list.body[0].uses, 1);
    const usedUp = await signUp(env.api, app, 'invited_two', { invite_code: invite.body.code, reason: 'r' });
    assert.equal(usedUp.status, 422);
    assert.equal(usedUp.body.details.invite_code[0].error, 'ERR_INVALID');
    const nonsense = await signUp(env.api, app, 'invited_three', { invite_code: '../../etc' });
    assert.equal(nonsense.status, 422);
  });
});

describe('closed registrations and invites', () => {
  const env = useTestServer({ registrations: 'closed' });
  let app: TestApp;
  before(async () => {
    app = await createApp(env.api, ALL_SCOPES);
  });

  test('the instance says closed, with a message in both languages', async () => {
    const v2 = await env.api.get('/api/v2/instance');
    assert.equal(v2.body.registrations.enabled, false);
    assert.equal(v2.body.registrations.approval_required, false);
    assert.match(v2.body.registrations.message, /دعوة/);
    assert.match(v2.body.registrations.message, /invite/);
    assert.equal((await env.api.get('/api/v1/instance')).body.registrations, false);
  });

  test('without a valid invite: 403 as Mastodon; with one: in, approved, even past the others', async () => {
    assert.deepEqual((await signUp(env.api, app, 'outsider')).body, { error: 'This action is not allowed' });
    assert.equal((await signUp(env.api, app, 'guesser', { invite_code: 'abcdefgh' })).status, 403);
    const admin = await createStaff(env.server, env.api, app, 'admin', 'closed_admin');
    const invite = (await admin.api.post('/api/v1/invites', { max_uses: 2, expires_in: 3600 })).body;
    assert.ok(Date.parse(invite.expires_at) > Date.now());
    const first = await signUp(env.api, app, 'insider', { invite_code: invite.code });
    assert.equal(first.status, 200);
    assert.equal((await env.api.as(first.body.access_token).get('/api/v1/accounts/verify_credentials')).status, 200);
    // Expired by its maker: refused at once.
    assert.deepEqual((await admin.api.delete(`/api/v1/invites/${invite.id}`)).body, {});
    assert.equal((await signUp(env.api, app, 'too_late', { invite_code: invite.code })).status, 403);
  });

  test('the last use of an invite goes to one of several concurrent sign-ups', async () => {
    const admin = await createStaff(env.server, env.api, app, 'admin', 'race_admin');
    const invite = (await admin.api.post('/api/v1/invites', { max_uses: 1 })).body;
    const answers = await Promise.all([0, 1, 2, 3].map((i) => signUp(env.api, app, `racer_${i}`, { invite_code: invite.code })));
    assert.deepEqual(answers.map((a) => a.status).sort(), [200, 403, 403, 403]);
  });

  test('invites API: staff only, bad input 422, others\' invites 404', async () => {
    const admin = await createStaff(env.server, env.api, app, 'admin', 'invites_admin');
    const plain = await createStaff(env.server, env.api, app, 'user', 'invites_user');
    const invite = (await admin.api.post('/api/v1/invites', {})).body;
    assert.equal(invite.max_uses, null);
    assert.equal(invite.expires_at, null);
    for (const body of [{ max_uses: 0 }, { max_uses: 'many' }, { expires_in: 5 }, { expires_in: 10 ** 12 }]) {
      const res = await admin.api.post('/api/v1/invites', body);
      assert.equal(res.status, 422, JSON.stringify(body));
      assert.ok(res.body.error);
    }
    assert.equal((await env.api.post('/api/v1/invites', {})).status, 401);
    assert.equal((await plain.api.post('/api/v1/invites', {})).status, 403);
    assert.equal((await plain.api.get('/api/v1/invites')).status, 403);
    const stranger = await createStaff(env.server, env.api, app, 'moderator', 'stranger_mod');
    assert.equal((await stranger.api.delete(`/api/v1/invites/${invite.id}`)).status, 404);
    assert.equal((await admin.api.delete('/api/v1/invites/nope')).status, 404);
  });
});

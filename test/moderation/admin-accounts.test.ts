// The admin accounts API (Mastodon's /api/v1 and /api/v2/admin/accounts) over HTTP: the
// Admin::Account shape, the filters, who may act on whom, and what each action does at once.
import { before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createRestAPIClient } from 'masto';
import { useTestServer } from '../helpers/server.js';
import { createApp, createPost, createUser, type TestApp, type TestUser } from '../helpers/client.js';
import { openStream } from '../helpers/stream.js';
import { closed } from '../streaming/fixtures.js';
import { ADMIN_SCOPES, staffUser } from './staff.js';

describe('admin accounts API', () => {
  const env = useTestServer();
  let adminApp: TestApp;
  let owner: TestUser, admin: TestUser, moderator: TestUser, plain: TestUser;

  before(async () => {
    adminApp = await createApp(env.api, ADMIN_SCOPES);
    owner = await staffUser(env.server, env.api, 'owner', adminApp);
    admin = await staffUser(env.server, env.api, 'admin', adminApp);
    moderator = await staffUser(env.server, env.api, 'moderator', adminApp);
    plain = await staffUser(env.server, env.api, 'user', adminApp);
  });

  const target = () => createUser(env.api, undefined, env.app);
  const act = (by: TestUser, who: TestUser | string, body: Record<string, unknown>) => by.api.post(`/api/v1/admin/accounts/${typeof who === 'string' ? who : who.id}/action`, body);

  it('shows an account as Admin::Account, with the addresses it used', async () => {
    const who = await target();
    await who.api.get('/api/v1/accounts/verify_credentials');
    const res = await moderator.api.get(`/api/v1/admin/accounts/${who.id}`);
    assert.equal(res.status, 200, JSON.stringify(res.body));
    const a = res.body;
    assert.deepEqual(Object.keys(a).sort(), ['account', 'approved', 'confirmed', 'created_at', 'disabled', 'domain', 'email', 'id', 'invite_request', 'ip', 'ips', 'locale', 'role', 'sensitized', 'silenced', 'suspended', 'username'].sort());
    assert.equal(a.id, who.id);
    assert.equal(a.username, who.username);
    assert.equal(a.email, who.email);
    assert.equal(a.domain, null);
    assert.equal(a.locale, 'ar');
    assert.match(a.ip, /127\.0\.0\.1|::1/);
    assert.equal(a.ips.length, 1);
    assert.equal(a.ips[0].ip, a.ip);
    assert.ok(!Number.isNaN(Date.parse(a.ips[0].used_at)));
    assert.deepEqual([a.confirmed, a.approved, a.disabled, a.silenced, a.suspended, a.sensitized], [true, true, false, false, false, false]);
    assert.equal(a.role.name, '');
    assert.equal(a.account.id, who.id);
    assert.equal((await moderator.api.get(`/api/v1/admin/accounts/${owner.id}`)).body.role.name, 'Owner');
  });

  it('refuses plain users, tokens without the admin scope, and unknown ids', async () => {
    const who = await target();
    assert.equal((await plain.api.get(`/api/v1/admin/accounts/${who.id}`)).status, 403);
    assert.equal((await plain.api.get('/api/v1/admin/accounts')).status, 403);
    assert.equal((await act(plain, who, { type: 'silence' })).status, 403);
    // The moderator's registration token has the admin scopes; one without them is refused.
    const narrow = await env.api.as(undefined).post('/oauth/token', { grant_type: 'password', client_id: adminApp.clientId, client_secret: adminApp.clientSecret, username: moderator.email, password: moderator.password, scope: 'read write' });
    assert.equal(narrow.status, 200, JSON.stringify(narrow.body));
    assert.equal((await env.api.as(narrow.body.access_token).get(`/api/v1/admin/accounts/${who.id}`)).status, 403);
    assert.equal((await env.api.as(undefined).get('/api/v1/admin/accounts')).status, 401);
    const missing = await moderator.api.get('/api/v1/admin/accounts/999999999');
    assert.equal(missing.status, 404);
    assert.deepEqual(missing.body, { error: 'Record not found' });
    assert.equal((await act(moderator, '999999999', { type: 'silence' })).status, 404);
  });

  it('refuses an unknown action type with 422', async () => {
    const who = await target();
    for (const body of [{ type: 'obliterate' }, {}]) {
      const res = await act(moderator, who, body);
      assert.equal(res.status, 422, JSON.stringify(res.body));
      assert.match(res.body.error, /Type is not included in the list/);
    }
  });

  it('lets staff act only on lower roles, never on themselves', async () => {
    const cases: [TestUser, TestUser, number][] = [
      [moderator, admin, 403],
      [moderator, owner, 403],
      [moderator, moderator, 403],
      [admin, owner, 403],
      [admin, admin, 403],
      [owner, owner, 403],
    ];
    for (const [by, on, status] of cases) assert.equal((await act(by, on, { type: 'none', text: 'تنبيه' })).status, status);
    const anotherModerator = await staffUser(env.server, env.api, 'moderator', adminApp);
    const anotherAdmin = await staffUser(env.server, env.api, 'admin', adminApp);
    assert.equal((await act(admin, anotherModerator, { type: 'none', text: 'تنبيه' })).status, 200);
    assert.equal((await act(owner, anotherAdmin, { type: 'sensitive' })).status, 200);
    assert.equal((await moderator.api.get(`/api/v1/admin/accounts/${anotherAdmin.id}`)).body.sensitized, true);
  });

  it('disable refuses the account’s existing tokens and sign-in at once; enable restores them', async () => {
    const who = await target();
    assert.equal((await who.api.get('/api/v1/accounts/verify_credentials')).status, 200);
    const res = await act(moderator, who, { type: 'disable', text: 'spam' });
    assert.equal(res.status, 200);
    assert.deepEqual(res.body, {});
    const refused = await who.api.get('/api/v1/accounts/verify_credentials');
    assert.equal(refused.status, 403);
    assert.deepEqual(refused.body, { error: 'Your login is currently disabled' });
    const signIn = () => env.api.as(undefined).post('/oauth/token', { grant_type: 'password', client_id: env.app.clientId, client_secret: env.app.clientSecret, username: who.email, password: who.password, scope: 'read' });
    assert.equal((await signIn()).status, 403);
    // Still shown to others: a disabled login is not a suspension.
    assert.equal((await env.api.as(undefined).get(`/api/v1/accounts/${who.id}`)).status, 200);
    assert.equal((await moderator.api.get(`/api/v1/admin/accounts/${who.id}`)).body.disabled, true);

    const enabled = await moderator.api.post(`/api/v1/admin/accounts/${who.id}/enable`);
    assert.equal(enabled.status, 200);
    assert.equal(enabled.body.disabled, false);
    assert.equal((await who.api.get('/api/v1/accounts/verify_credentials')).status, 200);
    assert.equal((await signIn()).status, 200);
  });

  it('disable closes the account’s open streams; after enable they open again', async () => {
    const who = await target();
    const stream = openStream(env.server, 'stream=user', who.token);
    await stream.settled();
    await act(moderator, who, { type: 'disable' });
    await closed(stream.ws);
    await assert.rejects(openStream(env.server, 'stream=user', who.token).opened, /403/);
    await moderator.api.post(`/api/v1/admin/accounts/${who.id}/enable`);
    const again = openStream(env.server, 'stream=user', who.token);
    await again.settled();
    again.ws.close();
  });

  it('silence, sensitive and their undoing show on the account and in the audit log', async () => {
    const who = await target();
    await act(moderator, who, { type: 'silence', text: 'إزعاج متكرر' });
    await act(moderator, who, { type: 'sensitive' });
    let shown = (await moderator.api.get(`/api/v1/admin/accounts/${who.id}`)).body;
    assert.deepEqual([shown.silenced, shown.sensitized], [true, true]);
    const post = await createPost(who, 'صورة');
    assert.equal((await env.api.as(undefined).get(`/api/v1/accounts/${who.id}`)).status, 200);
    assert.equal((await who.api.get(`/api/v1/statuses/${post.id}`)).body.sensitive, true);
    shown = (await moderator.api.post(`/api/v1/admin/accounts/${who.id}/unsilence`)).body;
    assert.equal(shown.silenced, false);
    shown = (await moderator.api.post(`/api/v1/admin/accounts/${who.id}/unsensitive`)).body;
    assert.equal(shown.sensitized, false);
    assert.equal((await who.api.get(`/api/v1/statuses/${post.id}`)).body.sensitive, false);
    const log = await env.server.ctx.db.kysely.selectFrom('admin_action_logs').selectAll().where('target_id', '=', who.id).orderBy('id').execute();
    assert.deepEqual(log.map((l) => l.action), ['silence', 'sensitive', 'unsilence', 'unsensitive']);
    assert.equal(log[0].reason, 'إزعاج متكرر');
    assert.equal(log[0].account_id, Number(moderator.id));
    const warnings = await env.server.ctx.db.kysely.selectFrom('account_warnings').selectAll().where('target_account_id', '=', Number(who.id)).execute();
    assert.deepEqual(warnings.map((w) => [w.action, w.text]), [['silence', 'إزعاج متكرر'], ['sensitive', '']]);
  });

  it('suspend refuses the account and blocks its address from signing up again; unsuspend restores it', async () => {
    const who = await target();
    assert.equal((await act(moderator, who, { type: 'suspend', text: 'حساب وهمي', report_id: '12345' })).status, 200);
    assert.equal((await who.api.get('/api/v1/accounts/verify_credentials')).status, 403);
    assert.equal((await env.api.as(undefined).get(`/api/v1/accounts/${who.id}`)).status, 404);
    const [local, domain] = who.email.split('@');
    const again = await env.api.as(env.app.appToken).post('/api/v1/accounts', { username: `${who.username}_x`.slice(0, 30), email: `${local}+again@${domain}`, password: 'correct horse battery', agreement: true });
    assert.equal(again.status, 422, JSON.stringify(again.body));
    assert.equal(again.body.details.email[0].error, 'ERR_TAKEN');
    const unsuspended = await moderator.api.post(`/api/v1/admin/accounts/${who.id}/unsuspend`);
    assert.equal(unsuspended.status, 200);
    assert.equal(unsuspended.body.suspended, false);
    assert.equal((await who.api.get('/api/v1/accounts/verify_credentials')).status, 200);
    // Not suspended any more: unsuspending again is not allowed, as on Mastodon.
    assert.equal((await moderator.api.post(`/api/v1/admin/accounts/${who.id}/unsuspend`)).status, 403);
  });

  it('DELETE purges a suspended account’s data once, keeping it as a suspended tombstone', async () => {
    const who = await target();
    const fan = await target();
    await fan.api.post(`/api/v1/accounts/${who.id}/follow`);
    await who.api.post(`/api/v1/accounts/${fan.id}/follow`);
    const fanPost = await createPost(fan, 'منشور');
    await who.api.post(`/api/v1/statuses/${fanPost.id}/favourite`);
    await who.api.post(`/api/v1/statuses/${fanPost.id}/reblog`);
    await createPost(who, 'سيحذف');
    // Only after suspension, and only by those who may delete user data.
    assert.equal((await admin.api.delete(`/api/v1/admin/accounts/${who.id}`)).status, 403);
    await act(moderator, who, { type: 'suspend' });
    assert.equal((await moderator.api.delete(`/api/v1/admin/accounts/${who.id}`)).status, 403);
    const res = await admin.api.delete(`/api/v1/admin/accounts/${who.id}`);
    assert.equal(res.status, 200, JSON.stringify(res.body));
    assert.equal(res.body.suspended, true);
    assert.equal(res.body.account.statuses_count, 0);
    const db = env.server.ctx.db.kysely;
    const count = async (table: 'statuses' | 'follows' | 'favourites', column: 'account_id' | 'target_account_id') =>
      (await db.selectFrom(table).select('account_id').where(column, '=', Number(who.id)).execute()).length;
    assert.deepEqual([await count('statuses', 'account_id'), await count('follows', 'account_id'), await count('follows', 'target_account_id'), await count('favourites', 'account_id')], [0, 0, 0, 0]);
    const fanNow = (await fan.api.get('/api/v1/accounts/verify_credentials')).body;
    assert.deepEqual([fanNow.followers_count, fanNow.following_count], [0, 0]);
    const fanStatus = (await fan.api.get(`/api/v1/statuses/${fanPost.id}`)).body;
    assert.deepEqual([fanStatus.favourites_count, fanStatus.reblogs_count], [0, 0]);
    assert.equal((await admin.api.delete(`/api/v1/admin/accounts/${who.id}`)).status, 403);
    assert.equal((await moderator.api.post(`/api/v1/admin/accounts/${who.id}/unsuspend`)).status, 403);
  });

  it('lists accounts with the v1 and v2 filters, in pages with a Link header', async () => {
    const tag = `flt${process.pid}`;
    const a = await createUser(env.api, `${tag}_a`, env.app);
    const b = await createUser(env.api, `${tag}_b`, env.app);
    await env.server.ctx.db.kysely.updateTable('accounts').set({ email: `${tag}@mail.example.org` }).where('id', '=', Number(b.id)).execute();
    await act(moderator, b, { type: 'silence' });
    const ids = (body: { id: string }[]) => body.map((x) => x.id);
    const get = async (path: string) => {
      const res = await moderator.api.get(path);
      assert.equal(res.status, 200, `${path}: ${JSON.stringify(res.body)}`);
      return res;
    };
    assert.deepEqual(ids((await get(`/api/v1/admin/accounts?username=${tag}`)).body), [b.id, a.id]);
    assert.deepEqual(ids((await get(`/api/v2/admin/accounts?username=${tag}&status=silenced`)).body), [b.id]);
    assert.deepEqual(ids((await get(`/api/v1/admin/accounts?username=${tag}&silenced=true`)).body), [b.id]);
    assert.deepEqual(ids((await get(`/api/v2/admin/accounts?by_domain=mail.example.org`)).body), [b.id]);
    assert.deepEqual(ids((await get(`/api/v2/admin/accounts?email=${tag}_a@`)).body), [a.id]);
    assert.deepEqual(ids((await get(`/api/v2/admin/accounts?username=${tag}&origin=remote`)).body), []);
    const staff = ids((await get('/api/v2/admin/accounts?permissions=staff')).body);
    assert.ok([owner.id, admin.id, moderator.id].every((id) => staff.includes(id)) && !staff.includes(plain.id));
    assert.deepEqual(ids((await get('/api/v2/admin/accounts?role_ids[]=3')).body), [owner.id]);
    await a.api.get('/api/v1/accounts/verify_credentials');
    const ip = (await get(`/api/v1/admin/accounts/${a.id}`)).body.ip as string;
    assert.ok(ids((await get(`/api/v2/admin/accounts?ip=${encodeURIComponent(ip)}`)).body).includes(a.id));
    const range = ip.includes(':') ? '::1/128' : '127.0.0.0/8';
    assert.ok(ids((await get(`/api/v2/admin/accounts?ip=${encodeURIComponent(range)}`)).body).includes(a.id));
    assert.equal((await moderator.api.get('/api/v2/admin/accounts?ip=not-an-ip')).status, 422);
    assert.equal((await moderator.api.get('/api/v2/admin/accounts?status=sleeping')).status, 400);
    const page = await get(`/api/v1/admin/accounts?username=${tag}&limit=1`);
    assert.deepEqual(ids(page.body), [b.id]);
    const next = /<([^>]+)>; rel="next"/.exec(page.headers.get('link') ?? '')?.[1];
    assert.ok(next, 'a Link header');
    assert.deepEqual(ids((await get(new URL(next).pathname + new URL(next).search)).body), [a.id]);
  });

  it('is driven by masto.js', async () => {
    const client = createRestAPIClient({ url: env.server.url, accessToken: moderator.token });
    const who = await target();
    const fetched = await client.v1.admin.accounts.$select(who.id).fetch();
    assert.equal(fetched.username, who.username);
    assert.equal(fetched.silenced, false);
    await client.v1.admin.accounts.$select(who.id).action.create({ type: 'silence', text: 'masto' });
    const listed = await client.v1.admin.accounts.list({ username: who.username, silenced: true });
    assert.deepEqual(listed.map((x) => x.id), [who.id]);
    const unsilenced = await client.v1.admin.accounts.$select(who.id).unsilence();
    assert.equal(unsilenced.silenced, false);
    await assert.rejects(async () => createRestAPIClient({ url: env.server.url, accessToken: plain.token }).v1.admin.accounts.list(), /not allowed/);
  });
});

// Reports (issue 11): POST /api/v1/reports as Mastodon answers it, the `admin.report`
// notification staff get, and Mastodon's admin reports API (list, show, update, assign,
// unassign, resolve, reopen) with its permission and scope checks and audit entries.
import { before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createRestAPIClient } from 'masto';
import { useTestServer } from '../helpers/server.js';
import { createPost, createUser, type TestUser } from '../helpers/client.js';
import { openStream } from '../helpers/stream.js';
import { createStaff, tokenWithScopes, type StaffUser } from './staff-fixtures.js';

const REPORT_KEYS = ['action_taken', 'action_taken_at', 'category', 'comment', 'created_at', 'forwarded', 'id', 'rule_ids', 'status_ids', 'target_account'];
const ADMIN_REPORT_KEYS = [
  'account', 'action_taken', 'action_taken_at', 'action_taken_by_account', 'assigned_account', 'category', 'comment', 'created_at', 'forwarded', 'id', 'rules',
  'statuses', 'target_account', 'updated_at',
];
const ADMIN_ACCOUNT_KEYS = [
  'account', 'approved', 'confirmed', 'created_at', 'disabled', 'domain', 'email', 'id', 'invite_request', 'ip', 'ips', 'locale', 'role', 'sensitized', 'silenced',
  'suspended', 'username',
];
const keys = (o: object) => Object.keys(o).sort();

describe('reports', () => {
  const env = useTestServer();
  let admin: StaffUser;
  let moderator: StaffUser;
  let ruleId: string;

  before(async () => {
    admin = await createStaff(env, 'admin');
    moderator = await createStaff(env, 'moderator');
    const rule = await admin.admin.post('/api/v1/admin/rules', { text: 'لا للرسائل المزعجة', hint: 'No spam' });
    assert.equal(rule.status, 200, JSON.stringify(rule.body));
    ruleId = rule.body.id;
  });

  const user = () => createUser(env.api, undefined, env.app);

  /** A reporter, a target with a public post, and the report filed about it. */
  async function filed(extra: Record<string, unknown> = {}) {
    const reporter = await user();
    const target = await user();
    const post = await createPost(target, 'منشور مخالف');
    const res = await reporter.api.post('/api/v1/reports', { account_id: target.id, status_ids: [post.id], comment: 'مزعج', category: 'spam', ...extra });
    assert.equal(res.status, 200, JSON.stringify(res.body));
    return { reporter, target, post, report: res.body };
  }

  test('a report is Mastodon\'s Report entity', async () => {
    const { target, post, report } = await filed();
    assert.deepEqual(keys(report), REPORT_KEYS);
    assert.equal(report.action_taken, false);
    assert.equal(report.action_taken_at, null);
    assert.equal(report.category, 'spam');
    assert.equal(report.comment, 'مزعج');
    assert.equal(report.forwarded, false);
    assert.deepEqual(report.status_ids, [post.id]);
    assert.equal(report.rule_ids, null);
    assert.equal(report.target_account.id, target.id);
    assert.match(report.created_at, /^\d{4}-\d\d-\d\dT/);
  });

  test('category defaults to other; citing rules makes it a violation; forms work', async () => {
    const reporter = await user();
    const target = await user();
    const plain = await reporter.api.post('/api/v1/reports', { account_id: target.id, comment: null, category: null });
    assert.equal(plain.status, 200, JSON.stringify(plain.body));
    assert.equal(plain.body.category, 'other');
    assert.equal(plain.body.comment, '');
    assert.deepEqual(plain.body.status_ids, []);
    const cited = await reporter.api.post('/api/v1/reports', new URLSearchParams([['account_id', target.id], ['category', 'spam'], ['rule_ids[]', ruleId], ['forward', 'true']]));
    assert.equal(cited.status, 200, JSON.stringify(cited.body));
    assert.equal(cited.body.category, 'violation');
    assert.deepEqual(cited.body.rule_ids, [ruleId]);
    assert.equal(cited.body.forwarded, false, 'nowhere to forward: every account is local');
  });

  test('401 without a token, 403 without write:reports', async () => {
    const target = await user();
    assert.equal((await env.api.as(undefined).post('/api/v1/reports', { account_id: target.id })).status, 401);
    const reader = await tokenWithScopes(env, await user(), 'read');
    const res = await reader.post('/api/v1/reports', { account_id: target.id });
    assert.equal(res.status, 403);
    assert.deepEqual(res.body, { error: 'This action is outside the authorized scopes' });
  });

  test('bad input: unknown or suspended account 404, others\' or hidden statuses 404, rules and category and comment 422', async () => {
    const reporter = await user();
    const target = await user();
    const other = await user();
    const othersPost = await createPost(other, 'ليس للمبلغ عنه');
    const hidden = await createPost(target, 'لمتابعيّ فقط', { visibility: 'private' });
    const send = (body: Record<string, unknown>) => reporter.api.post('/api/v1/reports', { account_id: target.id, ...body });

    assert.deepEqual(await reporter.api.post('/api/v1/reports', { account_id: '999999999' }).then((r) => [r.status, r.body]), [404, { error: 'Record not found' }]);
    assert.equal((await reporter.api.post('/api/v1/reports', { account_id: 'abc' })).status, 404);
    // Mastodon finds the statuses among the reported account's own (and those the reporter may
    // see): another account's status, or one hidden from the reporter, is "Record not found".
    assert.equal((await send({ status_ids: [othersPost.id] })).status, 404);
    assert.equal((await send({ status_ids: [hidden.id] })).status, 404);
    assert.equal((await send({ status_ids: ['123456789'] })).status, 404);

    const unknownRule = await send({ category: 'violation', rule_ids: ['123456'] });
    assert.deepEqual([unknownRule.status, unknownRule.body], [422, { error: 'Validation failed: Rule ids does not reference valid rules' }]);
    assert.equal((await send({ category: 'violation' })).status, 422, 'a violation cites a rule');
    assert.equal((await send({ category: 'nonsense' })).status, 422);
    assert.equal((await send({ comment: 'x'.repeat(1001) })).status, 422);
    assert.equal((await send({ comment: 'ب'.repeat(1000) })).status, 200, '1000 characters are allowed, Arabic too');

    await env.server.ctx.accounts.suspendAccount(Number(other.id));
    assert.equal((await reporter.api.post('/api/v1/reports', { account_id: other.id })).status, 404);
    assert.equal((await env.server.ctx.db.kysely.selectFrom('reports').select('id').where('target_account_id', '=', Number(other.id)).execute()).length, 0);
  });

  test('a follower may cite the private statuses they can see', async () => {
    const reporter = await user();
    const target = await user();
    await reporter.api.post(`/api/v1/accounts/${target.id}/follow`);
    const hidden = await createPost(target, 'لمتابعيّ فقط', { visibility: 'private' });
    const res = await reporter.api.post('/api/v1/reports', { account_id: target.id, status_ids: [hidden.id] });
    assert.equal(res.status, 200, JSON.stringify(res.body));
    assert.deepEqual(res.body.status_ids, [hidden.id]);
  });

  test('staff with manage_reports get an admin.report notification, once while a report on the account is open', async () => {
    const { reporter, target, report } = await filed();
    const reportNotifications = async (staff: TestUser) =>
      (await staff.api.get('/api/v1/notifications?types[]=admin.report')).body.filter((n: any) => n.report.target_account.id === target.id);
    for (const staff of [admin, moderator]) {
      const [n] = await reportNotifications(staff);
      assert.equal(n.type, 'admin.report');
      assert.equal(n.account.id, reporter.id);
      assert.deepEqual(n.report, report);
      assert.equal(n.status, undefined);
    }
    assert.deepEqual((await reporter.api.get('/api/v1/notifications')).body, []);
    assert.deepEqual((await target.api.get('/api/v1/notifications')).body, []);

    // A staff member reported is not told who reported them; the other staff are.
    const accused = await createStaff(env, 'moderator');
    await (await user()).api.post('/api/v1/reports', { account_id: accused.id });
    assert.deepEqual((await accused.api.get('/api/v1/notifications?types[]=admin.report')).body.filter((n: any) => n.report.target_account.id === accused.id), []);
    assert.equal((await admin.api.get('/api/v1/notifications?types[]=admin.report')).body.filter((n: any) => n.report.target_account.id === accused.id).length, 1);

    // A second report about the same account while the first is open: staff are not told again.
    await (await user()).api.post('/api/v1/reports', { account_id: target.id });
    assert.equal((await reportNotifications(moderator)).length, 1);
    // Resolved, a new one is news again.
    assert.equal((await admin.admin.post(`/api/v1/admin/reports/${report.id}/resolve`)).status, 200);
    const open = await admin.admin.get(`/api/v1/admin/reports?target_account_id=${target.id}`);
    for (const r of open.body) await admin.admin.post(`/api/v1/admin/reports/${r.id}/resolve`);
    await (await user()).api.post('/api/v1/reports', { account_id: target.id });
    assert.equal((await reportNotifications(moderator)).length, 2);
  });

  test('the admin.report notification is streamed to staff as it is filed', async () => {
    const stream = openStream(env.server, 'stream=user', moderator.token);
    try {
      await stream.settled();
      const { report } = await filed();
      const message = await stream.next((m) => m.event === 'notification' && JSON.parse(m.payload).type === 'admin.report');
      assert.deepEqual(JSON.parse(message.payload).report, report);
    } finally {
      stream.ws.close();
    }
  });

  test('admin reports: 401 without a token, 403 for a plain user, for staff without an admin scope, and for a token without the reports scope', async () => {
    const { report } = await filed();
    assert.equal((await env.api.as(undefined).get('/api/v1/admin/reports')).status, 401);
    const plain = await tokenWithScopes(env, await user(), 'read write admin:read admin:write');
    for (const res of [await plain.get('/api/v1/admin/reports'), await plain.post(`/api/v1/admin/reports/${report.id}/resolve`)]) {
      assert.deepEqual([res.status, res.body], [403, { error: 'This action is not allowed' }]);
    }
    // Staff, but a token without the admin scopes (an ordinary app).
    assert.equal((await moderator.api.get('/api/v1/admin/reports')).status, 403);
    const readOnly = await tokenWithScopes(env, moderator, 'admin:read:reports');
    assert.equal((await readOnly.get(`/api/v1/admin/reports/${report.id}`)).status, 200);
    assert.equal((await readOnly.post(`/api/v1/admin/reports/${report.id}/resolve`)).status, 403);
    const accountsOnly = await tokenWithScopes(env, moderator, 'admin:read:accounts');
    assert.equal((await accountsOnly.get('/api/v1/admin/reports')).status, 403);
  });

  test('an Admin::Report shows both accounts as Admin::Account, the statuses and the rules cited', async () => {
    const { reporter, target, post, report } = await filed({ category: 'violation', rule_ids: [ruleId] });
    const res = await moderator.admin.get(`/api/v1/admin/reports/${report.id}`);
    assert.equal(res.status, 200, JSON.stringify(res.body));
    const r = res.body;
    assert.deepEqual(keys(r), ADMIN_REPORT_KEYS);
    assert.deepEqual(keys(r.account), ADMIN_ACCOUNT_KEYS);
    assert.equal(r.account.id, reporter.id);
    assert.equal(r.account.email, reporter.email);
    assert.equal(r.account.account.id, reporter.id);
    assert.equal(r.account.domain, null);
    assert.equal(r.target_account.username, target.username);
    assert.equal(r.target_account.role.permissions, '0');
    assert.equal(r.target_account.suspended, false);
    assert.deepEqual(r.statuses.map((s: any) => s.id), [post.id]);
    assert.deepEqual(r.rules, [{ id: ruleId, text: 'لا للرسائل المزعجة', hint: 'No spam' }]);
    assert.equal(r.assigned_account, null);
    assert.equal(r.action_taken_by_account, null);
    assert.equal(r.updated_at, r.created_at);
    assert.equal((await moderator.admin.get('/api/v1/admin/reports/999999999')).status, 404);
  });

  test('assign_to_self, unassign, resolve, reopen and update change the report and are each audited', async () => {
    const { report } = await filed();
    const at = (path: string) => moderator.admin.post(`/api/v1/admin/reports/${report.id}/${path}`);

    const assigned = await at('assign_to_self');
    assert.equal(assigned.status, 200);
    assert.equal(assigned.body.assigned_account.id, moderator.id);
    assert.equal((await at('unassign')).body.assigned_account, null);
    const resolved = await at('resolve');
    assert.equal(resolved.body.action_taken, true);
    assert.match(resolved.body.action_taken_at, /^\d{4}-/);
    assert.equal(resolved.body.action_taken_by_account.id, moderator.id);
    const reopened = await at('reopen');
    assert.equal(reopened.body.action_taken, false);
    assert.equal(reopened.body.action_taken_at, null);
    assert.equal(reopened.body.action_taken_by_account, null);

    const toViolation = await moderator.admin.request('PUT', `/api/v1/admin/reports/${report.id}`, { category: 'violation', rule_ids: [ruleId] });
    assert.equal(toViolation.status, 200, JSON.stringify(toViolation.body));
    assert.equal(toViolation.body.category, 'violation');
    assert.deepEqual(toViolation.body.rules.map((r: any) => r.id), [ruleId]);
    const badRule = await moderator.admin.request('PUT', `/api/v1/admin/reports/${report.id}`, { category: 'violation', rule_ids: ['4242'] });
    assert.deepEqual([badRule.status, badRule.body], [422, { error: 'Validation failed: Rule ids does not reference valid rules' }]);
    assert.equal((await moderator.admin.request('PUT', `/api/v1/admin/reports/${report.id}`, { category: 'bogus' })).status, 422);
    assert.equal((await moderator.admin.request('PUT', `/api/v1/admin/reports/${report.id}`, { category: 'spam', rule_ids: [ruleId] })).status, 422);
    const unchanged = await moderator.admin.request('PUT', `/api/v1/admin/reports/${report.id}`);
    assert.equal(unchanged.status, 200, JSON.stringify(unchanged.body));
    assert.equal(unchanged.body.category, 'violation');
    const back = await moderator.admin.request('PUT', `/api/v1/admin/reports/${report.id}`, { category: 'legal' });
    assert.equal(back.body.category, 'legal');
    assert.deepEqual(back.body.rules, [], 'another category cites no rule');
    assert.ok(back.body.updated_at > back.body.created_at || back.body.updated_at === back.body.created_at);
    assert.equal((await moderator.admin.post('/api/v1/admin/reports/999999999/resolve')).status, 404);

    const log = await moderator.admin.get(`/api/v1/admin/action_logs?target_type=Report&target_id=${report.id}`);
    assert.equal(log.status, 200);
    assert.deepEqual(log.body.map((e: any) => e.action), ['update', 'update', 'update', 'reopen', 'resolve', 'unassigned', 'assigned_to_self']);
    assert.ok(log.body.every((e: any) => e.account.id === moderator.id && e.target_type === 'Report' && e.target_id === report.id));
  });

  test('the admin list: unresolved by default, filters, and Link paging', async () => {
    const target = await user();
    const reporters = [await user(), await user(), await user()];
    const ids: string[] = [];
    for (const reporter of reporters) ids.push((await reporter.api.post('/api/v1/reports', { account_id: target.id })).body.id);
    await admin.admin.post(`/api/v1/admin/reports/${ids[0]}/resolve`);
    const list = (query: string) => admin.admin.get(`/api/v1/admin/reports?target_account_id=${target.id}${query}`);

    assert.deepEqual((await list('')).body.map((r: any) => r.id), [ids[2], ids[1]]);
    assert.deepEqual((await list('&resolved=true')).body.map((r: any) => r.id), [ids[0]]);
    assert.deepEqual((await list('&resolved=false')).body.map((r: any) => r.id), [ids[2], ids[1]]);
    assert.deepEqual((await list(`&account_id=${reporters[1].id}`)).body.map((r: any) => r.id), [ids[1]]);

    const first = await list('&limit=1');
    assert.deepEqual(first.body.map((r: any) => r.id), [ids[2]]);
    const next = /<([^>]+)>; rel="next"/.exec(first.headers.get('link') ?? '')?.[1];
    assert.ok(next, first.headers.get('link') ?? 'no Link header');
    const second = await admin.admin.get(next!.slice(env.server.url.length));
    assert.deepEqual(second.body.map((r: any) => r.id), [ids[1]]);
    // Over the maximum (200) is clamped, as Mastodon does.
    assert.equal((await admin.admin.get('/api/v1/admin/reports?limit=500')).status, 200);
    assert.equal((await admin.admin.get('/api/v1/admin/reports?resolved=maybe')).status, 400);
  });

  test('masto.js files a report and drives the admin reports API', async () => {
    const url = env.server.url;
    const reporterUser = await user();
    const targetUser = await user();
    const post = await createPost(targetUser, 'منشور للإبلاغ عنه');
    const reporter = createRestAPIClient({ url, accessToken: reporterUser.token });
    const report = await reporter.v1.reports.create({ accountId: targetUser.id, statusIds: [post.id], comment: 'spam', category: 'spam' });
    assert.equal(report.category, 'spam');
    assert.deepEqual(report.statusIds, [post.id]);
    assert.equal(report.targetAccount.id, targetUser.id);
    const viaRules = await reporter.v1.reports.create({ accountId: targetUser.id, ruleIds: [ruleId] });
    assert.equal(viaRules.category, 'violation');

    const adminToken = admin.admin.token!;
    const staff = createRestAPIClient({ url, accessToken: adminToken });
    const listed = await staff.v1.admin.reports.list({ targetAccountId: targetUser.id });
    assert.deepEqual(listed.map((r) => r.id).sort(), [report.id, viaRules.id].sort());
    const fetched = await staff.v1.admin.reports.$select(report.id).fetch();
    // masto types these as Account; Mastodon sends Admin::Account, with the Account inside.
    assert.equal((fetched.targetAccount as any).account.id, targetUser.id);
    assert.equal(fetched.account.username, reporterUser.username);
    assert.deepEqual(fetched.statuses.map((s) => s.id), [post.id]);
    assert.equal((await staff.v1.admin.reports.$select(report.id).assignToSelf()).assignedAccount?.id, admin.id);
    const resolved = await staff.v1.admin.reports.$select(report.id).resolve();
    assert.equal(resolved.actionTaken, true);
    assert.equal(resolved.actionTakenByAccount?.id, admin.id);
    assert.equal((await staff.v1.admin.reports.$select(report.id).reopen()).actionTaken, false);
    await assert.rejects(async () => reporter.v1.admin.reports.list(), (error: any) => error.statusCode === 403);
  });
});

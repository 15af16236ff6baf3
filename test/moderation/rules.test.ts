// Instance rules (issue 11): the public list (GET /api/v1/instance/rules and `rules` in both
// instance answers) in priority order, and the admin editor (Sirb extension, CONTRACTS.md):
// manage_rules only, each change audited, a deleted rule still shown in reports that cited it.
import { before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createRestAPIClient } from 'masto';
import { useTestServer } from '../helpers/server.js';
import { createUser } from '../helpers/client.js';
import { createStaff, tokenWithScopes, type StaffUser } from './staff-fixtures.js';

describe('instance rules', () => {
  const env = useTestServer();
  let admin: StaffUser;
  let moderator: StaffUser;

  before(async () => {
    admin = await createStaff(env, 'admin');
    moderator = await createStaff(env, 'moderator');
  });

  const publicRules = async () => (await env.api.as(undefined).get('/api/v1/instance/rules')).body;

  test('rules are created by an admin and listed to everyone by priority, in v1 and v2 instance answers too', async () => {
    assert.deepEqual(await publicRules(), []);
    const later = await admin.admin.post('/api/v1/admin/rules', { text: 'احترم الآخرين', hint: 'Be kind', priority: 2 });
    assert.equal(later.status, 200, JSON.stringify(later.body));
    assert.deepEqual(Object.keys(later.body).sort(), ['created_at', 'hint', 'id', 'priority', 'text', 'updated_at']);
    assert.equal(later.body.priority, 2);
    const first = await admin.admin.post('/api/v1/admin/rules', new URLSearchParams({ text: '  لا للرسائل المزعجة  ', priority: '1' }));
    assert.equal(first.status, 200, JSON.stringify(first.body));
    assert.equal(first.body.text, 'لا للرسائل المزعجة');
    assert.equal(first.body.hint, '');

    const expected = [
      { id: first.body.id, text: 'لا للرسائل المزعجة', hint: '' },
      { id: later.body.id, text: 'احترم الآخرين', hint: 'Be kind' },
    ];
    assert.deepEqual(await publicRules(), expected);
    assert.deepEqual((await env.api.get('/api/v1/instance')).body.rules, expected);
    assert.deepEqual((await env.api.get('/api/v2/instance')).body.rules, expected);
    const masto = createRestAPIClient({ url: env.server.url });
    assert.deepEqual((await masto.v2.instance.fetch()).rules.map((r) => r.text), ['لا للرسائل المزعجة', 'احترم الآخرين']);
    assert.deepEqual((await admin.admin.get('/api/v1/admin/rules')).body.map((r: any) => r.id), [first.body.id, later.body.id]);

    // Re-ordered by priority.
    const moved = await admin.admin.request('PUT', `/api/v1/admin/rules/${later.body.id}`, { priority: 0, hint: 'Be kind, always' });
    assert.equal(moved.status, 200);
    assert.equal(moved.body.text, 'احترم الآخرين', 'what is not sent is kept');
    assert.deepEqual((await publicRules()).map((r: any) => r.hint), ['Be kind, always', '']);

    for (const id of [first.body.id, later.body.id]) assert.deepEqual((await admin.admin.delete(`/api/v1/admin/rules/${id}`)).body, {});
    assert.deepEqual(await publicRules(), []);
  });

  test('only staff with manage_rules and an admin token: 401, then 403 for a user, a moderator, an admin with an ordinary token', async () => {
    assert.equal((await env.api.as(undefined).get('/api/v1/admin/rules')).status, 401);
    const plain = await tokenWithScopes(env, await createUser(env.api, undefined, env.app), 'read write admin:read admin:write');
    const forbidden = [
      await plain.get('/api/v1/admin/rules'),
      await plain.post('/api/v1/admin/rules', { text: 'x' }),
      // Mastodon's moderator role has no manage_rules.
      await moderator.admin.post('/api/v1/admin/rules', { text: 'x' }),
      await moderator.admin.get('/api/v1/admin/rules'),
      await admin.api.post('/api/v1/admin/rules', { text: 'x' }),
    ];
    for (const res of forbidden) assert.equal(res.status, 403, JSON.stringify(res.body));
    const readOnly = await tokenWithScopes(env, admin, 'admin:read');
    assert.equal((await readOnly.get('/api/v1/admin/rules')).status, 200);
    assert.equal((await readOnly.post('/api/v1/admin/rules', { text: 'x' })).status, 403);
    assert.deepEqual(await publicRules(), []);
  });

  test('bad input: blank or over-long text 422, unknown rule 404', async () => {
    for (const body of [{}, { text: '   ' }, { text: 'x'.repeat(301) }, { text: 'ok', priority: 'first' }, { text: 'ok', hint: 'h'.repeat(2001) }]) {
      const res = await admin.admin.post('/api/v1/admin/rules', body);
      assert.equal(res.status, 422, JSON.stringify(body));
      assert.equal(typeof res.body.error, 'string');
    }
    assert.deepEqual((await admin.admin.request('PUT', '/api/v1/admin/rules/12345', { text: 'x' })).body, { error: 'Record not found' });
    assert.equal((await admin.admin.delete('/api/v1/admin/rules/12345')).status, 404);
    assert.equal((await admin.admin.delete('/api/v1/admin/rules/nope')).status, 404);
    const made = await admin.admin.post('/api/v1/admin/rules', { text: 'قاعدة' });
    assert.equal((await admin.admin.request('PUT', `/api/v1/admin/rules/${made.body.id}`, { text: '' })).status, 422);
    await admin.admin.delete(`/api/v1/admin/rules/${made.body.id}`);
    assert.equal((await admin.admin.delete(`/api/v1/admin/rules/${made.body.id}`)).status, 404, 'deleted once');
  });

  test('every change is audited; a report keeps showing a rule deleted after it was cited', async () => {
    const made = await admin.admin.post('/api/v1/admin/rules', { text: 'لا للتحرش' });
    const id = made.body.id;
    await admin.admin.request('PUT', `/api/v1/admin/rules/${id}`, { text: 'لا للتحرش أبداً' });
    const reporter = await createUser(env.api, undefined, env.app);
    const target = await createUser(env.api, undefined, env.app);
    const report = await reporter.api.post('/api/v1/reports', { account_id: target.id, rule_ids: [id] });
    assert.equal(report.status, 200);
    await admin.admin.delete(`/api/v1/admin/rules/${id}`);

    const log = await admin.admin.get(`/api/v1/admin/action_logs?target_type=Rule&target_id=${id}`);
    assert.deepEqual(log.body.map((e: any) => [e.action, e.account.id]), [['destroy', admin.id], ['update', admin.id], ['create', admin.id]]);

    const shown = await moderator.admin.get(`/api/v1/admin/reports/${report.body.id}`);
    assert.deepEqual(shown.body.rules, [{ id, text: 'لا للتحرش أبداً', hint: '' }]);
    // But it can no longer be cited.
    assert.equal((await reporter.api.post('/api/v1/reports', { account_id: target.id, rule_ids: [id] })).status, 422);
  });
});

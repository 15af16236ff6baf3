// A moderator's action taken from a report (report_id) resolves that report, as on Mastodon, and
// is in the audit log; a report about someone else is left as it was. Block, mute and report
// through megalodon, the library behind the Whalebird and Fedistar desktop apps, too.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import generator from 'megalodon';
import { useTestServer } from '../helpers/server.js';
import { createUser } from '../helpers/client.js';
import { createStaff } from './staff-fixtures.js';

describe('actions from reports', () => {
  const env = useTestServer();

  test('suspending with report_id resolves the report; a report about another account stays open', async () => {
    const [reporter, spammer, other] = await Promise.all([createUser(env.api, undefined, env.app), createUser(env.api, undefined, env.app), createUser(env.api, undefined, env.app)]);
    const mod = await createStaff(env, 'moderator');
    const post = await spammer.api.post('/api/v1/statuses', { status: 'اشترِ الآن!!! رابط مشبوه' });
    const report = await reporter.api.post('/api/v1/reports', { account_id: spammer.id, status_ids: [post.body.id], category: 'spam', comment: 'سبام' });
    assert.equal(report.status, 200, JSON.stringify(report.body));
    const unrelated = await reporter.api.post('/api/v1/reports', { account_id: other.id, category: 'other' });
    // report_id of a report about someone else: the action holds, that report is untouched.
    assert.equal((await mod.admin.post(`/api/v1/admin/accounts/${spammer.id}/action`, { type: 'silence', report_id: unrelated.body.id })).status, 200);
    assert.equal((await mod.admin.get(`/api/v1/admin/reports/${unrelated.body.id}`)).body.action_taken, false);
    const acted = await mod.admin.post(`/api/v1/admin/accounts/${spammer.id}/action`, { type: 'suspend', report_id: report.body.id, text: 'حساب سبام' });
    assert.equal(acted.status, 200);
    const after = await mod.admin.get(`/api/v1/admin/reports/${report.body.id}`);
    assert.equal(after.body.action_taken, true);
    assert.equal(after.body.action_taken_by_account.id, mod.id);
    // The reported post stays readable to staff after its author is suspended for it.
    assert.deepEqual(after.body.statuses.map((s: any) => s.id), [post.body.id]);
    assert.equal((await reporter.api.get(`/api/v1/statuses/${post.body.id}`)).status, 404, 'while nobody else sees it');
    const log = await mod.admin.get(`/api/v1/admin/action_logs?target_type=Report&target_id=${report.body.id}`);
    assert.deepEqual(log.body.map((e: any) => e.action), ['resolve']);
  });

  test('megalodon blocks, mutes, reports and reads the relationship', async () => {
    const [me, them] = await Promise.all([createUser(env.api, undefined, env.app), createUser(env.api, undefined, env.app)]);
    const client = generator('mastodon', env.server.url, me.token);
    const blocked = await client.blockAccount(them.id);
    assert.equal(blocked.data.blocking, true);
    assert.deepEqual((await client.getBlocks()).data.map((a) => a.id), [them.id]);
    await client.unblockAccount(them.id);
    const muted = await client.muteAccount(them.id, true);
    assert.equal(muted.data.muting, true);
    assert.equal(muted.data.muting_notifications, true);
    assert.deepEqual((await client.getMutes()).data.map((a) => a.id), [them.id]);
    const post = await them.api.post('/api/v1/statuses', { status: 'hello' });
    const report = await client.report(them.id, { status_ids: [post.body.id], comment: 'testing', category: 'other' });
    assert.equal(report.data.target_account?.id, them.id);
    const [rel] = (await client.getRelationships([them.id])).data;
    assert.equal(rel.muting, true);
    assert.equal(rel.blocking, false);
  });
});

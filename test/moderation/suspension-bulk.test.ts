// Bulk suspension over HTTP (Sirb extension, CONTRACTS.md): shapes, progress over several
// batches, filters in the v2 admin accounts terms, staff skipped unless outranked, and bad input
// answered with a clear 4xx.
import { before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { useTestServer } from '../helpers/server.js';
import { createUser, type TestApp } from '../helpers/client.js';
import { newId } from '../../src/lib/ids.js';
import { listActions } from '../../src/moderation/audit-log.js';
import { parseList } from '../../src/moderation/suspend-command.js';
import { SUSPENSION_BATCH } from '../../src/moderation/suspension.js';
import { createStaff, settledAction, staffApp, type Staff } from './fixtures.js';

const ISO = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/;

describe('bulk suspension', () => {
  const env = useTestServer();
  let admin: Staff;
  let moderator: Staff;
  let app: TestApp;
  const db = () => env.server.ctx.db.kysely;

  /** Accounts inserted directly (registering thousands through the API would take minutes). */
  async function insertAccounts(prefix: string, count: number, domain = 'crowd.example'): Promise<number[]> {
    const now = Date.now();
    const rows = Array.from({ length: count }, (_, i) => ({
      id: newId(now), username: `${prefix}${i}`, username_key: `${prefix}${i}`, email: `${prefix}${i}@${domain}`, password_hash: 'x',
      display_name: '', note: '', locale: 'ar', role: 'user', bot: 0, locked: 0, discoverable: 1, default_visibility: 'public',
      avatar_url: null, header_url: null, search_text: `${prefix}${i}`, last_status_at: null, suspended_at: null, created_at: now,
    }));
    for (let i = 0; i < rows.length; i += 500) await db().insertInto('accounts').values(rows.slice(i, i + 500)).execute();
    return rows.map((r) => r.id);
  }

  const suspendedAmong = async (ids: number[]) =>
    Number((await db().selectFrom('accounts').select((eb) => eb.fn.countAll().as('n')).where('id', 'in', ids).where('suspended_at', 'is not', null).executeTakeFirstOrThrow()).n);

  before(async () => {
    app = await staffApp(env.api);
    admin = await createStaff(env.api, db(), app, 'admin', 'bulk_admin');
    moderator = await createStaff(env.api, db(), app, 'moderator', 'bulk_moderator');
  });

  it('suspends thousands in batches, with progress, one audit entry each, and lists the action', async () => {
    const ids = await insertAccounts('wave', SUSPENSION_BATCH * 2 + 300);
    const res = await admin.admin.post('/api/v1/admin/accounts/bulk_action', { type: 'suspend', account_ids: ids.map(String) });
    assert.equal(res.status, 202);
    assert.deepEqual(Object.keys(res.body).sort(), ['created_at', 'done', 'failed', 'finished_at', 'id', 'state', 'total', 'type']);
    assert.equal(res.body.type, 'suspend');
    assert.equal(res.body.state, 'running');
    assert.equal(res.body.total, ids.length);
    assert.match(res.body.created_at, ISO);
    assert.equal(res.body.finished_at, null);
    // Progress seen while it runs never goes back and never passes the total.
    let last = 0;
    for (;;) {
      const poll = (await admin.admin.get(`/api/v1/admin/bulk_actions/${res.body.id}`)).body;
      assert.ok(poll.done >= last && poll.done + poll.failed <= poll.total, JSON.stringify(poll));
      last = poll.done;
      if (poll.state !== 'running') break;
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
    const done = await settledAction(admin.admin, res.body.id);
    assert.deepEqual([done.state, done.done, done.failed], ['finished', ids.length, 0]);
    assert.match(done.finished_at, ISO);
    assert.equal(await suspendedAmong(ids), ids.length);
    const entries = await listActions(db(), { limit: 200, actorId: Number(admin.id), targetType: 'Account' });
    assert.ok(entries.length === 200 && entries.every((e) => e.action === 'suspend'));
    const audited = await db().selectFrom('admin_action_logs').select((eb) => eb.fn.countAll().as('n')).where('account_id', '=', Number(admin.id)).where('action', '=', 'suspend').executeTakeFirstOrThrow();
    assert.equal(Number(audited.n), ids.length);
    const list = await admin.admin.get('/api/v1/admin/bulk_actions');
    assert.equal(list.status, 200);
    assert.equal(list.body[0].id, res.body.id);
  });

  it('takes the v2 admin accounts filter: username prefix, email domain, status', async () => {
    const byName = await insertAccounts('flood', 5, 'quiet.example');
    const byDomain = await insertAccounts('other', 4, 'bad.example');
    const one = await admin.admin.post('/api/v1/admin/accounts/bulk_action', { type: 'suspend', filter: { username: 'flood', origin: 'local' } });
    assert.equal(one.status, 202);
    assert.equal((await settledAction(admin.admin, one.body.id)).done, 5);
    assert.equal(await suspendedAmong(byName), 5);
    const two = await admin.admin.post('/api/v1/admin/accounts/bulk_action', { type: 'suspend', filter: { by_domain: 'bad.example' } });
    assert.equal((await settledAction(admin.admin, two.body.id)).done, 4);
    assert.equal(await suspendedAmong(byDomain), 4);
    // Unsuspend exactly the suspended ones among those names.
    const three = await admin.admin.post('/api/v1/admin/accounts/bulk_action', { type: 'unsuspend', filter: { status: 'suspended', username: 'other' } });
    assert.equal((await settledAction(admin.admin, three.body.id)).done, 4);
    assert.equal(await suspendedAmong(byDomain), 0);
    const remote = await admin.admin.post('/api/v1/admin/accounts/bulk_action', { type: 'suspend', filter: { origin: 'remote' } });
    assert.equal(remote.status, 422);
  });

  it('skips staff it does not outrank, and the actor, counting them as failed', async () => {
    const peer = await createStaff(env.api, db(), app, 'moderator', 'bulk_peer');
    const user = await createUser(env.api, 'bulk_plain', env.app);
    const res = await moderator.admin.post('/api/v1/admin/accounts/bulk_action', { type: 'suspend', usernames: [peer.username, admin.username, moderator.username, `@${user.username}`] });
    const done = await settledAction(moderator.admin, res.body.id);
    assert.deepEqual([done.total, done.done, done.failed], [4, 1, 3]);
    assert.equal(await suspendedAmong([Number(peer.id), Number(admin.id), Number(moderator.id)]), 0);
    assert.equal(await suspendedAmong([Number(user.id)]), 1);
    // An admin outranks a moderator.
    const byAdmin = await admin.admin.post('/api/v1/admin/accounts/bulk_action', { type: 'suspend', account_ids: [peer.id] });
    assert.equal((await settledAction(admin.admin, byAdmin.body.id)).done, 1);
    assert.equal((await peer.api.get('/api/v1/accounts/verify_credentials')).status, 403);
  });

  it('counts unknown ids and usernames as failed', async () => {
    const user = await createUser(env.api, 'bulk_known', env.app);
    const res = await admin.admin.post('/api/v1/admin/accounts/bulk_action', { type: 'suspend', account_ids: [user.id, '999999999999', 'not-an-id'], usernames: ['nobody_here'] });
    assert.equal(res.status, 202);
    const done = await settledAction(admin.admin, res.body.id);
    assert.deepEqual([done.state, done.total, done.done, done.failed], ['finished', 4, 1, 3]);
  });

  it('refuses bad input with a clear 4xx', async () => {
    const post = (body: unknown, api = admin.admin) => api.post('/api/v1/admin/accounts/bulk_action', body);
    const empty = await post({ type: 'suspend', account_ids: [] });
    assert.equal(empty.status, 422);
    assert.match(empty.body.error, /Validation failed/);
    assert.equal((await post({ type: 'suspend' })).status, 422);
    assert.equal((await post({ type: 'suspend', filter: {} })).status, 422);
    assert.equal((await post({ type: 'suspend', filter: { ip: '10.0.0.1' } })).status, 422);
    assert.equal((await post({ type: 'suspend', filter: { status: 'sleeping' } })).status, 422);
    assert.equal((await post({ type: 'silence', account_ids: [admin.id] })).status, 422);
    assert.equal((await post({ account_ids: [admin.id] })).status, 422);
    const unknown = await admin.admin.get('/api/v1/admin/bulk_actions/123456789');
    assert.equal(unknown.status, 404);
    assert.deepEqual(unknown.body, { error: 'Record not found' });
    assert.equal((await admin.admin.get('/api/v1/admin/bulk_actions/abc')).status, 404);
    // Plain users, tokens without the admin scope, and no token at all.
    // A plain user's token may even carry the admin scopes: the role refuses.
    const plain = await createStaff(env.api, db(), app, 'user', 'bulk_nobody');
    const forbidden = await post({ type: 'suspend', account_ids: [admin.id] }, plain.admin);
    assert.equal(forbidden.status, 403);
    assert.deepEqual(forbidden.body, { error: 'This action is not allowed' });
    assert.equal((await plain.admin.get('/api/v1/admin/bulk_actions')).status, 403);
    assert.equal((await plain.admin.get('/api/v1/admin/bulk_actions/1')).status, 403);
    assert.equal((await post({ type: 'suspend', account_ids: [admin.id] }, plain.api)).status, 403);
    assert.equal((await post({ type: 'suspend', account_ids: [plain.id] }, admin.api)).status, 403);
    assert.equal((await post({ type: 'suspend', account_ids: [plain.id] }, env.api)).status, 401);
    assert.equal(await suspendedAmong([Number(plain.id), Number(admin.id)]), 0);
  });

  it('reads list files: usernames and ids, comments and blank lines skipped', () => {
    assert.deepEqual(parseList('# wave one\n@spam_a\r\n\n123456789012345\nspam_b@example.test\n  12\n'), {
      account_ids: ['123456789012345'],
      usernames: ['@spam_a', 'spam_b@example.test', '12'],
    });
  });
});

// The audit log API (issue 11; Sirb extension, CONTRACTS.md): staff with view_audit_log read
// every moderator action newest first, filtered and in Link pages; no route changes an entry.
import { before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { useTestServer } from '../helpers/server.js';
import { createUser } from '../helpers/client.js';
import { recordAction } from '../../src/moderation/audit-log.js';
import { createStaff, tokenWithScopes, type StaffUser } from './staff-fixtures.js';

describe('audit log API', () => {
  const env = useTestServer();
  let admin: StaffUser;
  let moderator: StaffUser;

  before(async () => {
    admin = await createStaff(env, 'admin');
    moderator = await createStaff(env, 'moderator');
  });

  test('an entry says who did what to what, when and why', async () => {
    const rule = await admin.admin.post('/api/v1/admin/rules', { text: 'قاعدة للسجل' });
    const res = await moderator.admin.get(`/api/v1/admin/action_logs?target_type=Rule&target_id=${rule.body.id}`);
    assert.equal(res.status, 200);
    assert.equal(res.body.length, 1);
    const [entry] = res.body;
    assert.deepEqual(Object.keys(entry).sort(), ['account', 'action', 'created_at', 'id', 'reason', 'target_id', 'target_type']);
    assert.equal(entry.action, 'create');
    assert.equal(entry.target_type, 'Rule');
    assert.equal(entry.target_id, rule.body.id);
    assert.equal(entry.reason, null);
    assert.equal(entry.account.id, admin.id);
    assert.equal(entry.account.username, admin.username);
    assert.ok(Math.abs(Date.parse(entry.created_at) - Date.now()) < 60_000);
  });

  test('filters by actor, target type and target, newest first, in Link pages', async () => {
    const db = env.server.ctx.db.kysely;
    const target = await createUser(env.api, undefined, env.app);
    const actions = ['silence', 'unsilence', 'suspend', 'unsuspend', 'sensitive'];
    for (const action of actions) await recordAction(db, { actorId: Number(moderator.id), action, targetType: 'Account', targetId: target.id, reason: `سبب ${action}` });
    const base = `/api/v1/admin/action_logs?target_type=Account&target_id=${target.id}`;

    const all = await admin.admin.get(base);
    assert.deepEqual(all.body.map((e: any) => e.action), [...actions].reverse());
    assert.equal(all.body[0].reason, 'سبب sensitive');
    assert.deepEqual((await admin.admin.get(`${base}&account_id=${admin.id}`)).body, []);
    assert.equal((await admin.admin.get(`${base}&account_id=${moderator.id}`)).body.length, actions.length);

    const pages: string[][] = [];
    let next: string | undefined = `${base}&limit=2`;
    while (next && pages.length < 10) {
      const page: { body: any; headers: Headers } = await admin.admin.get(next);
      if (page.body.length === 0) break;
      pages.push(page.body.map((e: any) => e.action));
      const link: string | undefined = /<([^>]+)>; rel="next"/.exec(page.headers.get('link') ?? '')?.[1];
      next = link?.slice(env.server.url.length);
    }
    assert.deepEqual(pages, [['sensitive', 'unsuspend'], ['suspend', 'unsilence'], ['silence']]);

    // min_id: the entries just newer than the cursor, newest first.
    const oldest = all.body[all.body.length - 1].id;
    assert.deepEqual((await admin.admin.get(`${base}&min_id=${oldest}&limit=2`)).body.map((e: any) => e.action), ['suspend', 'unsilence']);
  });

  test('bad queries are 400, a limit over 200 is clamped', async () => {
    assert.equal((await admin.admin.get('/api/v1/admin/action_logs?target_type=Nonsense')).status, 400);
    assert.equal((await admin.admin.get('/api/v1/admin/action_logs?account_id=abc')).status, 400);
    assert.equal((await admin.admin.get('/api/v1/admin/action_logs?limit=1000')).status, 200);
  });

  test('view_audit_log and an admin:read token are needed: 401, then 403', async () => {
    assert.equal((await env.api.as(undefined).get('/api/v1/admin/action_logs')).status, 401);
    const plain = await tokenWithScopes(env, await createUser(env.api, undefined, env.app), 'read write admin:read admin:write');
    assert.deepEqual((await plain.get('/api/v1/admin/action_logs')).body, { error: 'This action is not allowed' });
    assert.equal((await moderator.api.get('/api/v1/admin/action_logs')).status, 403, 'an ordinary token of a moderator');
    const writeOnly = await tokenWithScopes(env, admin, 'admin:write');
    assert.equal((await writeOnly.get('/api/v1/admin/action_logs')).status, 403);
    const readOnly = await tokenWithScopes(env, moderator, 'admin:read');
    assert.equal((await readOnly.get('/api/v1/admin/action_logs')).status, 200);
  });

  test('entries cannot be changed or deleted through the API', async () => {
    await admin.admin.post('/api/v1/admin/rules', { text: 'قاعدة أخرى' });
    const before = (await admin.admin.get('/api/v1/admin/action_logs')).body;
    const id = before[0].id;
    for (const [method, path] of [
      ['PUT', `/api/v1/admin/action_logs/${id}`],
      ['PATCH', `/api/v1/admin/action_logs/${id}`],
      ['DELETE', `/api/v1/admin/action_logs/${id}`],
      ['DELETE', '/api/v1/admin/action_logs'],
      ['POST', '/api/v1/admin/action_logs'],
    ]) {
      const res = await admin.admin.request(method, path, method === 'DELETE' ? undefined : { action: 'nothing', reason: 'rewritten' });
      assert.equal(res.status, 404, `${method} ${path}`);
    }
    assert.deepEqual((await admin.admin.get('/api/v1/admin/action_logs')).body, before);
    // Nor does any route answer another method on the log's paths.
    const routes = env.server.app.printRoutes({ commonPrefix: false });
    assert.match(routes, /action_logs \(GET/);
    assert.doesNotMatch(routes, /action_logs[^\n]*\((?:[^)]*)(POST|PUT|PATCH|DELETE)/);
  });
});

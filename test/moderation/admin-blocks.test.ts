// Canonical email blocks, email domain blocks and IP blocks: Mastodon's admin endpoints, and
// what each block does to sign-up (and, for no_access, to every request).
import { before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import { createRestAPIClient } from 'masto';
import { useTestServer } from '../helpers/server.js';
import { createApp, type TestApp, type TestUser } from '../helpers/client.js';
import { ADMIN_SCOPES, staffUser } from './staff.js';

let signUps = 0;

describe('email blocks', () => {
  const env = useTestServer();
  let admin: TestUser, moderator: TestUser;

  before(async () => {
    const app: TestApp = await createApp(env.api, ADMIN_SCOPES);
    admin = await staffUser(env.server, env.api, 'admin', app);
    moderator = await staffUser(env.server, env.api, 'moderator', app);
  });

  const signUp = (email: string) =>
    env.api.as(env.app.appToken).post('/api/v1/accounts', { username: `blk${process.pid}_${++signUps}`, email, password: 'correct horse battery', agreement: true });

  it('canonical email blocks: create by address or hash, test, show, list, delete', async () => {
    const created = await admin.api.post('/api/v1/admin/canonical_email_blocks', { email: 'Some.One+spam@Example.test' });
    assert.equal(created.status, 200, JSON.stringify(created.body));
    const expected = crypto.createHash('sha256').update('someone@example.test').digest('hex');
    assert.deepEqual(created.body, { id: created.body.id, canonical_email_hash: expected });
    const tested = await admin.api.post('/api/v1/admin/canonical_email_blocks/test', { email: 'someone+other@example.test' });
    assert.deepEqual(tested.body, [created.body]);
    assert.deepEqual((await admin.api.post('/api/v1/admin/canonical_email_blocks/test', { email: 'nobody@example.test' })).body, []);
    assert.deepEqual((await admin.api.get(`/api/v1/admin/canonical_email_blocks/${created.body.id}`)).body, created.body);
    const again = await admin.api.post('/api/v1/admin/canonical_email_blocks', { canonical_email_hash: expected });
    assert.equal(again.status, 422);
    assert.equal(again.body.error, 'Validation failed: Canonical email hash has already been taken');
    assert.equal((await admin.api.post('/api/v1/admin/canonical_email_blocks', {})).status, 422);
    assert.equal((await admin.api.post('/api/v1/admin/canonical_email_blocks', { canonical_email_hash: 'abc' })).status, 422);

    const refused = await signUp('some.one@example.test');
    assert.equal(refused.status, 422);
    assert.equal(refused.body.details.email[0].error, 'ERR_TAKEN');

    assert.deepEqual((await admin.api.get('/api/v1/admin/canonical_email_blocks')).body.map((b: { id: string }) => b.id), [created.body.id]);
    const removed = await admin.api.delete(`/api/v1/admin/canonical_email_blocks/${created.body.id}`);
    assert.deepEqual([removed.status, removed.body], [200, {}]);
    assert.equal((await admin.api.get(`/api/v1/admin/canonical_email_blocks/${created.body.id}`)).status, 404);
    assert.equal((await admin.api.delete(`/api/v1/admin/canonical_email_blocks/${created.body.id}`)).status, 404);
    assert.equal((await signUp('some.one@example.test')).status, 200);
  });

  it('email domain blocks: a blocked domain and its subdomains cannot sign up', async () => {
    const created = await admin.api.post('/api/v1/admin/email_domain_blocks', { domain: 'Spam.Example' });
    assert.equal(created.status, 200, JSON.stringify(created.body));
    assert.equal(created.body.domain, 'spam.example');
    assert.equal(created.body.history.length, 7);
    assert.deepEqual(Object.keys(created.body.history[0]).sort(), ['accounts', 'day', 'uses']);
    for (const email of ['x@spam.example', 'y@mail.spam.example']) {
      const refused = await signUp(email);
      assert.equal(refused.status, 422, email);
      assert.deepEqual(refused.body.details.email, [{ error: 'ERR_BLOCKED', description: 'uses a disallowed e-mail provider' }]);
    }
    assert.equal((await signUp('z@notspam.example')).status, 200);
    assert.equal((await admin.api.post('/api/v1/admin/email_domain_blocks', { domain: 'spam.example' })).body.error, 'Validation failed: Domain has already been taken');
    assert.equal((await admin.api.post('/api/v1/admin/email_domain_blocks', { domain: '' })).body.error, "Validation failed: Domain can't be blank");
    assert.equal((await admin.api.post('/api/v1/admin/email_domain_blocks', { domain: 'not a domain' })).status, 422);
    // Arabic domains are stored as punycode.
    assert.equal((await admin.api.post('/api/v1/admin/email_domain_blocks', { domain: 'مثال.إختبار' })).body.domain, 'xn--mgbh0fb.xn--kgbechtv');
    const list = await admin.api.get('/api/v1/admin/email_domain_blocks?limit=1');
    assert.equal(list.body.length, 1);
    assert.match(list.headers.get('link') ?? '', /rel="next"/);
    assert.equal((await admin.api.get(`/api/v1/admin/email_domain_blocks/${created.body.id}`)).body.domain, 'spam.example');
    assert.deepEqual((await admin.api.delete(`/api/v1/admin/email_domain_blocks/${created.body.id}`)).body, {});
    assert.equal((await signUp('x@spam.example')).status, 200);
  });

  it('needs manage_blocks: moderators and plain users are refused', async () => {
    for (const path of ['/api/v1/admin/canonical_email_blocks', '/api/v1/admin/email_domain_blocks', '/api/v1/admin/ip_blocks']) {
      const res = await moderator.api.get(path);
      assert.equal(res.status, 403, path);
      assert.deepEqual(res.body, { error: 'This action is not allowed' });
    }
    assert.equal((await moderator.api.post('/api/v1/admin/email_domain_blocks', { domain: 'x.example' })).status, 403);
  });
});

describe('IP blocks', () => {
  const env = useTestServer();
  let admin: TestUser;

  before(async () => {
    admin = await staffUser(env.server, env.api, 'admin', await createApp(env.api, ADMIN_SCOPES));
  });

  const signUp = () =>
    env.api.as(env.app.appToken).post('/api/v1/accounts', { username: `ipb${process.pid}_${++signUps}`, email: `ipb${process.pid}_${signUps}@example.test`, password: 'correct horse battery', agreement: true });

  it('refuses bad ranges and severities with 422', async () => {
    for (const [body, message] of [
      [{ ip: '300.1.1.1/32', severity: 'no_access' }, /Ip is invalid/],
      [{ ip: '10.0.0.0/40', severity: 'no_access' }, /Ip is invalid/],
      [{ ip: '10.0.0.0/8' }, /Severity can't be blank/],
      [{ ip: '10.0.0.0/8', severity: 'nuke' }, /Severity is not included in the list/],
    ] as const) {
      const res = await admin.api.post('/api/v1/admin/ip_blocks', body);
      assert.equal(res.status, 422, JSON.stringify(body));
      assert.match(res.body.error, message);
    }
  });

  it('creates, shows, updates and lists blocks (masto.js), the range normalised', async () => {
    const client = createRestAPIClient({ url: env.server.url, accessToken: admin.token });
    const block = await client.v1.admin.ipBlocks.create({ ip: '192.0.2.77/24', severity: 'sign_up_block', comment: 'شبكة مزعجة', expiresIn: 3600 });
    assert.equal(block.ip, '192.0.2.0/24');
    assert.equal(block.severity, 'sign_up_block');
    assert.equal(block.comment, 'شبكة مزعجة');
    assert.ok(Math.abs(Date.parse(String(block.expiresAt)) - Date.now() - 3600_000) < 60_000);
    const updated = await client.v1.admin.ipBlocks.$select(block.id).update({ severity: 'sign_up_requires_approval' });
    assert.equal(updated.severity, 'sign_up_requires_approval');
    assert.equal((await client.v1.admin.ipBlocks.$select(block.id).fetch()).severity, 'sign_up_requires_approval');
    assert.ok((await client.v1.admin.ipBlocks.list()).some((b) => b.id === block.id));
    const single = await admin.api.post('/api/v1/admin/ip_blocks', { ip: '2001:db8::1', severity: 'no_access' });
    assert.equal(single.body.ip, '2001:db8::1/128');
    assert.equal((await admin.api.post('/api/v1/admin/ip_blocks', { ip: '2001:db8::1/128', severity: 'no_access' })).body.error, 'Validation failed: Ip has already been taken');
    await client.v1.admin.ipBlocks.$select(block.id).remove();
    assert.equal((await admin.api.get(`/api/v1/admin/ip_blocks/${block.id}`)).status, 404);
    assert.equal((await admin.api.request('PUT', `/api/v1/admin/ip_blocks/${block.id}`, { severity: 'no_access' })).status, 404);
    await admin.api.delete(`/api/v1/admin/ip_blocks/${single.body.id}`);
  });

  it('enforces each severity on the address it covers', async () => {
    const here = ['127.0.0.0/8', '::1/128'];
    const ids: string[] = [];
    for (const ip of here) ids.push((await admin.api.post('/api/v1/admin/ip_blocks', { ip, severity: 'sign_up_requires_approval' })).body.id);

    const pending = await signUp();
    assert.equal(pending.status, 200, JSON.stringify(pending.body));
    const row = await env.server.ctx.db.kysely.selectFrom('accounts').select(['approved']).orderBy('id', 'desc').executeTakeFirstOrThrow();
    assert.equal(row.approved, 0);

    for (const id of ids) assert.equal((await admin.api.request('PUT', `/api/v1/admin/ip_blocks/${id}`, { severity: 'sign_up_block' })).status, 200);
    const refused = await signUp();
    assert.equal(refused.status, 403);
    assert.deepEqual(refused.body, { error: 'This action is not allowed' });
    assert.equal((await admin.api.get('/api/v1/accounts/verify_credentials')).status, 200);

    // The first no_access block covering this address cuts it off: the second through the service.
    assert.equal((await admin.api.request('PUT', `/api/v1/admin/ip_blocks/${ids[0]}`, { severity: 'no_access' })).status, 200);
    await env.server.ctx.adminBlocks.ipUpdate(Number(admin.id), Number(ids[1]), { severity: 'no_access' });
    // Everything from here is refused now, signed in or not, staff too.
    assert.equal((await admin.api.get('/api/v1/accounts/verify_credentials')).status, 403);
    assert.equal((await env.api.as(undefined).get('/api/v1/timelines/public')).status, 403);
    // Lifted from the server side (the admin API is out of reach from a no_access address).
    for (const id of ids) await env.server.ctx.adminBlocks.ipDelete(Number(admin.id), Number(id));
    assert.equal((await admin.api.get('/api/v1/accounts/verify_credentials')).status, 200);
    assert.equal((await signUp()).status, 200);
  });

  it('stops enforcing a block once it has expired', async () => {
    const created = await admin.api.post('/api/v1/admin/ip_blocks', { ip: '127.0.0.0/8', severity: 'sign_up_block', expires_in: 1 });
    const created6 = await admin.api.post('/api/v1/admin/ip_blocks', { ip: '::1/128', severity: 'sign_up_block', expires_in: 1 });
    assert.equal((await signUp()).status, 403);
    await new Promise((resolve) => setTimeout(resolve, 1100));
    assert.equal((await signUp()).status, 200);
    for (const b of [created, created6]) await admin.api.delete(`/api/v1/admin/ip_blocks/${b.body.id}`);
  });
});

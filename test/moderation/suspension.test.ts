// Suspension (issue 11): a suspended account's posts leave every timeline, search, trends,
// context and notifications within seconds and come back intact on unsuspend; its tokens are
// refused at once; bulk actions report their progress in Mastodon-style shapes and refuse bad
// input with a clear 4xx.
import { before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { useTestServer } from '../helpers/server.js';
import { createPost, createUser, type TestUser } from '../helpers/client.js';
import { waitFor } from '../helpers/wait.js';
import { listActions } from '../../src/moderation/audit-log.js';
import type { CachedTimelineStore } from '../../src/timelines/cached-store.js';
import { createStaff, settledAction, staffApp, statusIds, type Staff } from './fixtures.js';

const TAG = 'موجة';
const WORD = 'زلزال';

describe('suspension', () => {
  const env = useTestServer();
  let admin: Staff;
  let spammers: TestUser[];
  let reader: TestUser;
  let victim: TestUser;
  let bystander: TestUser;
  let spamIds: string[];
  let calmId: string;
  let victimPostId: string;
  let replyId: string;

  const db = () => env.server.ctx.db.kysely;

  /** Everywhere a post can be served; the ids each place shows. */
  async function served(): Promise<Record<string, string[] | number>> {
    const enc = encodeURIComponent;
    const [home, pub, pubSignedOut, tag, search, context, notifications, trends] = await Promise.all([
      reader.api.get('/api/v1/timelines/home?limit=40'),
      reader.api.get('/api/v1/timelines/public?limit=40'),
      env.api.get('/api/v1/timelines/public?limit=40'),
      env.api.get(`/api/v1/timelines/tag/${enc(TAG)}`),
      reader.api.get(`/api/v2/search?type=statuses&q=${enc(WORD)}`),
      victim.api.get(`/api/v1/statuses/${victimPostId}/context`),
      victim.api.get('/api/v1/notifications'),
      env.api.get('/api/v1/trends/tags'),
    ]);
    return {
      home: statusIds(home.body),
      public: statusIds(pub.body),
      publicSignedOut: statusIds(pubSignedOut.body),
      tag: statusIds(tag.body),
      search: statusIds(search.body.statuses),
      context: statusIds(context.body.descendants),
      notifications: notifications.body.flatMap((n: { status?: { id: string } }) => (n.status ? [n.status.id] : [])),
      trends: trends.body.map((t: { name: string }) => t.name),
      account: (await env.api.get(`/api/v1/accounts/${spammers[0].id}/statuses`)).status,
      status: (await env.api.get(`/api/v1/statuses/${spamIds[0]}`)).status,
    };
  }

  /** The places (and statuses) where any spam post still shows. */
  function leaks(seen: Record<string, string[] | number>): string[] {
    const out: string[] = [];
    for (const [where, value] of Object.entries(seen)) {
      if (typeof value === 'number') {
        if (value !== 404) out.push(`${where}: ${value}`);
      } else if (where === 'trends') {
        if (value.includes(TAG)) out.push('trends');
      } else if (value.some((id) => spamIds.includes(id))) out.push(where);
    }
    return out;
  }

  before(async () => {
    const { api } = env;
    const app = await staffApp(api);
    admin = await createStaff(api, db(), app, 'admin');
    spammers = [await createUser(api, 'spam_one', app), await createUser(api, 'spam_two', app), await createUser(api, 'spam_three', app)];
    reader = await createUser(api, 'calm_reader', app);
    victim = await createUser(api, 'calm_victim', app);
    bystander = await createUser(api, 'calm_bystander', app);
    await reader.api.post(`/api/v1/accounts/${spammers[0].id}/follow`);
    await reader.api.post(`/api/v1/accounts/${bystander.id}/follow`);
    calmId = (await createPost(bystander, `منشور هادئ ${WORD} #${TAG}x`)).id;
    victimPostId = (await createPost(victim, 'سؤال بسيط')).id;
    spamIds = [];
    for (const spammer of spammers) spamIds.push((await createPost(spammer, `${WORD} #${TAG} @${victim.username}`)).id);
    replyId = (await createPost(spammers[0], 'رد مزعج', { in_reply_to_id: victimPostId })).id;
    spamIds.push(replyId);
    // Warm every cache (home feed, render cache, trends) before suspending.
    const seen = await served();
    assert.deepEqual(leaks(seen).sort(), ['context', 'home', 'notifications', 'public', 'publicSignedOut', 'search', 'tag', 'trends', 'account: 200', 'status: 200'].sort());
  });

  it('a suspended account’s posts leave every place within seconds, and its tokens are refused', async () => {
    const started = await admin.admin.post('/api/v1/admin/accounts/bulk_action', { type: 'suspend', usernames: spammers.map((s) => s.username), text: 'spam wave' });
    assert.equal(started.status, 202);
    const done = await settledAction(admin.admin, started.body.id);
    assert.equal(done.state, 'finished');
    assert.deepEqual([done.total, done.done, done.failed], [3, 3, 0]);
    for (const spammer of spammers) assert.equal((await spammer.api.get('/api/v1/accounts/verify_credentials')).status, 403);
    await waitFor(async () => leaks(await served()).length === 0, { timeout: 5000, what: 'spam gone everywhere' });
    // The cached home feed was dropped; rebuilt from SQL it has none of it either.
    await (env.server.ctx.timelineStore as CachedTimelineStore).feeds.drop(Number(reader.id));
    const seen = await served();
    assert.deepEqual(leaks(seen), []);
    // Everyone else's posts still show.
    assert.ok((seen.home as string[]).includes(calmId));
    assert.ok((seen.public as string[]).includes(calmId));
    assert.ok((seen.search as string[]).includes(calmId));
    // Audited, one entry per account.
    const log = await listActions(db(), { limit: 10, actorId: Number(admin.id) });
    assert.deepEqual(log.filter((e) => e.action === 'suspend').map((e) => e.target_id).sort(), spammers.map((s) => s.id).sort());
    assert.ok(log.every((e) => e.reason === 'spam wave'));
  });

  it('unsuspended, everything comes back intact and the tokens work again', async () => {
    const started = await admin.admin.post('/api/v1/admin/accounts/bulk_action', { type: 'unsuspend', account_ids: spammers.map((s) => s.id) });
    assert.equal(started.status, 202);
    assert.equal((await settledAction(admin.admin, started.body.id)).state, 'finished');
    await waitFor(async () => leaks(await served()).length === 10, { timeout: 5000, what: () => 'spam back everywhere' });
    const seen = await served();
    for (const id of spamIds) assert.ok((seen.public as string[]).includes(id) || id === replyId);
    assert.ok((seen.context as string[]).includes(replyId));
    for (const spammer of spammers) assert.equal((await spammer.api.get('/api/v1/accounts/verify_credentials')).status, 200);
    const log = await listActions(db(), { limit: 10, actorId: Number(admin.id) });
    assert.equal(log.filter((e) => e.action === 'unsuspend').length, 3);
  });

  it('AccountService.suspendAccount refuses the account’s tokens at once, and unsuspendAccount lets them back', async () => {
    const user = await createUser(env.api, 'at_once', env.app);
    assert.equal((await user.api.get('/api/v1/accounts/verify_credentials')).status, 200);
    assert.equal(await env.server.ctx.accounts.suspendAccount(Number(user.id)), true);
    assert.equal(await env.server.ctx.accounts.suspendAccount(Number(user.id)), false);
    const refused = await user.api.get('/api/v1/accounts/verify_credentials');
    assert.equal(refused.status, 403);
    assert.deepEqual(refused.body, { error: 'Your login is currently disabled' });
    const signIn = await env.api.post('/oauth/token', { grant_type: 'password', client_id: env.app.clientId, client_secret: env.app.clientSecret, username: user.username, password: user.password, scope: 'read' });
    assert.equal(signIn.status, 403);
    assert.equal(await env.server.ctx.accounts.unsuspendAccount(Number(user.id)), true);
    assert.equal(await env.server.ctx.accounts.unsuspendAccount(Number(user.id)), false);
    assert.equal(await env.server.ctx.accounts.unsuspendAccount(999_999_999), false);
    assert.equal((await user.api.get('/api/v1/accounts/verify_credentials')).status, 200);
  });
});

// The issue 11 matrix, suspension's row: suspend × home, public, tag, account, notifications,
// search, context, streams (WebSocket and SSE). In each cell the suspended author's post shows
// before, is gone within seconds of the suspension, and is back after unsuspending. Runs on
// every backend the test runner is given.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { useTestServer } from '../helpers/server.js';
import { createPost, createUser, type TestUser } from '../helpers/client.js';
import { openStream } from '../helpers/stream.js';
import { waitFor } from '../helpers/wait.js';
import { closed, openEventStream } from '../streaming/fixtures.js';
import { statusIds } from './fixtures.js';

let serial = 0;

describe('matrix: suspend ×', () => {
  const env = useTestServer();
  const ctx = () => env.server.ctx;
  const user = (role: string) => createUser(env.api, `mx_${role}_${++serial}`, env.app);
  const includes = async (api: TestUser['api'], path: string, id: string, pick = (body: any) => body) => {
    const res = await api.get(path);
    return res.status === 200 && statusIds(pick(res.body)).includes(id);
  };

  /**
   * One cell: `shows` tells whether the author's post is served in that place; it must hold,
   * stop within seconds of the suspension, and hold again after unsuspending.
   */
  async function cell(shows: () => Promise<boolean>, author: TestUser) {
    assert.equal(await shows(), true, 'shown before the suspension');
    assert.equal(await ctx().accounts.suspendAccount(Number(author.id)), true);
    await waitFor(async () => !(await shows()), { timeout: 3000, what: 'the post to be gone' });
    assert.equal(await ctx().accounts.unsuspendAccount(Number(author.id)), true);
    await waitFor(shows, { timeout: 3000, what: 'the post to be back' });
  }

  it('home', async () => {
    const [author, viewer] = [await user('a'), await user('v')];
    await viewer.api.post(`/api/v1/accounts/${author.id}/follow`);
    const post = await createPost(author, 'في الصفحة الرئيسية');
    await cell(() => includes(viewer.api, '/api/v1/timelines/home', post.id), author);
  });

  it('public', async () => {
    const author = await user('a');
    const post = await createPost(author, 'في الخط العام');
    await cell(() => includes(env.api, '/api/v1/timelines/public?limit=40', post.id), author);
  });

  it('tag', async () => {
    const author = await user('a');
    const tag = `وسم${serial}`;
    const post = await createPost(author, `منشور #${tag}`);
    await cell(() => includes(env.api, `/api/v1/timelines/tag/${encodeURIComponent(tag)}`, post.id), author);
  });

  it('account', async () => {
    const author = await user('a');
    const post = await createPost(author, 'في صفحة الحساب');
    await cell(() => includes(env.api, `/api/v1/accounts/${author.id}/statuses`, post.id), author);
  });

  it('notifications', async () => {
    const [author, viewer] = [await user('a'), await user('v')];
    const post = await createPost(author, `تنبيه @${viewer.username}`);
    await cell(() => includes(viewer.api, '/api/v1/notifications', post.id, (body) => body.flatMap((n: any) => (n.status ? [n.status] : []))), author);
  });

  it('search', async () => {
    const [author, viewer] = [await user('a'), await user('v')];
    const word = `كلمةفريدة${serial}`;
    const post = await createPost(author, `بحث ${word}`);
    await cell(() => includes(viewer.api, `/api/v2/search?type=statuses&q=${encodeURIComponent(word)}`, post.id, (body) => body.statuses), author);
  });

  it('context', async () => {
    const [author, viewer] = [await user('a'), await user('v')];
    const root = await createPost(viewer, 'سؤال');
    const reply = await createPost(author, 'جواب', { in_reply_to_id: root.id });
    await cell(() => includes(viewer.api, `/api/v1/statuses/${root.id}/context`, reply.id, (body) => body.descendants), author);
  });

  /**
   * Streams: the suspended account's own stream closes; a post of theirs still in flight when the
   * suspension lands (its event published after) reaches no one, while others' posts do; once
   * unsuspended, their new posts stream again.
   */
  it('streams (WebSocket)', async () => {
    const [author, bystander] = [await user('a'), await user('b')];
    const early = await createPost(author, 'قبل التعليق');
    const own = openStream(env.server, `stream=user&access_token=${author.token}`);
    const viewer = openStream(env.server, 'stream=public');
    await Promise.all([own.settled(), viewer.settled()]);
    const ownClosed = closed(own.ws);
    assert.equal(await ctx().accounts.suspendAccount(Number(author.id)), true);
    await ownClosed;
    await ctx().events.publish({ type: 'status.created', statusId: Number(early.id), accountId: Number(author.id) });
    const calm = await createPost(bystander, 'منشور عادي');
    await viewer.next((m) => m.event === 'update' && JSON.parse(m.payload).id === calm.id);
    assert.ok(!viewer.messages.some((m) => m.event === 'update' && JSON.parse(m.payload).account.id === author.id));
    assert.equal(await ctx().accounts.unsuspendAccount(Number(author.id)), true);
    const back = await createPost(author, 'بعد رفع التعليق');
    await viewer.next((m) => m.event === 'update' && JSON.parse(m.payload).id === back.id);
    viewer.ws.close();
  });

  it('streams (SSE)', async () => {
    const [author, bystander, reader] = [await user('a'), await user('b'), await user('r')];
    const early = await createPost(author, 'قبل التعليق');
    const own = await openEventStream(env.server.url, '/api/v1/streaming/user', author.token);
    const viewer = await openEventStream(env.server.url, '/api/v1/streaming/public', reader.token);
    assert.equal(own.status, 200);
    assert.equal(viewer.status, 200);
    assert.equal(await ctx().accounts.suspendAccount(Number(author.id)), true);
    await own.ended;
    await ctx().events.publish({ type: 'status.created', statusId: Number(early.id), accountId: Number(author.id) });
    const calm = await createPost(bystander, 'منشور عادي');
    await viewer.waitFor((text) => text.includes(`"id":"${calm.id}"`) || text.includes(`\\"id\\":\\"${calm.id}\\"`), 'the bystander’s post');
    assert.ok(!viewer.text().includes(early.id), 'the suspended author’s post was streamed');
    assert.equal(await ctx().accounts.unsuspendAccount(Number(author.id)), true);
    const back = await createPost(author, 'بعد رفع التعليق');
    await viewer.waitFor((text) => text.includes(back.id), 'the unsuspended author’s new post');
    viewer.close();
  });
});

// A reblog's visibility is bounded by its original's, and the original inside a reblog is
// checked for the viewer on every read path (issue 10, finding 5), as on Mastodon: a self-boost
// of a followers-only post is followers-only; others' followers-only and direct posts are not
// reblogged (403 when seen, 404 when not); no visibility asked means the account's default.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { useTestServer } from '../helpers/server.js';
import { openStream } from '../helpers/stream.js';
import { openTestDatabase } from '../helpers/database.js';
import { createPost, createUser, type TestUser } from '../helpers/client.js';
import { newId } from '../../src/lib/ids.js';
import * as reblogBounds from '../../src/db/migrations/2026-12-01-reblog-bounds.js';

const ids = (body: { id: string }[]) => body.map((s) => s.id);

describe('reblog bounds', () => {
  const env = useTestServer();
  const user = () => createUser(env.api, undefined, env.app);

  test('who may reblog what, and at which visibility', async () => {
    const author = await user();
    const follower = await user();
    const stranger = await user();
    await follower.api.post(`/api/v1/accounts/${author.id}/follow`);
    const secret = await createPost(author, 'للمتابعين', { visibility: 'private' });
    const dm = await createPost(author, `@${follower.username} سر`, { visibility: 'direct' });

    const self = await author.api.post(`/api/v1/statuses/${secret.id}/reblog`);
    assert.equal(self.status, 200);
    assert.equal(self.body.visibility, 'private');
    assert.equal(self.body.reblog.id, secret.id);
    assert.equal((await author.api.post(`/api/v1/statuses/${dm.id}/reblog`)).status, 403);
    assert.equal((await follower.api.post(`/api/v1/statuses/${secret.id}/reblog`)).status, 403);
    assert.equal((await follower.api.post(`/api/v1/statuses/${dm.id}/reblog`)).status, 403);
    assert.equal((await stranger.api.post(`/api/v1/statuses/${secret.id}/reblog`)).status, 404);
    // Reblogging the self-boost reblogs what it boosts, under the same rule.
    assert.equal((await follower.api.post(`/api/v1/statuses/${self.body.id}/reblog`)).status, 403);
    assert.equal((await stranger.api.post(`/api/v1/statuses/${self.body.id}/reblog`)).status, 404);

    // Without a visibility, the account's default posting visibility (Mastodon's).
    const quiet = await user();
    await quiet.api.patch('/api/v1/accounts/update_credentials', { source: { privacy: 'unlisted' } });
    const open = await createPost(author, 'للجميع');
    const boost = await quiet.api.post(`/api/v1/statuses/${open.id}/reblog`);
    assert.equal(boost.status, 200);
    assert.equal(boost.body.visibility, 'unlisted');
  });

  test('an old public reblog of a followers-only post shows the original to nobody who may not see it', async () => {
    const author = await user();
    const booster = await user();
    const reader = await user();
    await booster.api.post(`/api/v1/accounts/${author.id}/follow`);
    await reader.api.post(`/api/v1/accounts/${booster.id}/follow`);
    const secret = await createPost(author, 'سر قديم للمتابعين', { visibility: 'private' });
    const stream = openStream(env.server, `stream=user&access_token=${reader.token}`);
    try {
      await stream.settled();
      // As written before reblogs were bounded: the booster's public reblog of it, announced as
      // a new status (so fan-out and the stream decide on it too).
      const reblogId = newId();
      const now = Date.now();
      await env.server.ctx.db.kysely.insertInto('statuses').values({
        id: reblogId, account_id: Number(booster.id), text: '', content: '', spoiler_text: '', sensitive: 0, visibility: 'public',
        language: null, in_reply_to_id: null, in_reply_to_account_id: null, reblog_of_id: Number(secret.id), app_id: null,
        search_text: '', created_at: now, edited_at: null,
      }).execute();
      await env.server.ctx.events.publish({ type: 'status.created', statusId: reblogId, accountId: Number(booster.id) });
      const sentinel = await createPost(booster, 'علامة');
      await stream.next((m) => m.event === 'update' && JSON.parse(m.payload).id === sentinel.id);
      assert.deepEqual(stream.messages.filter((m) => m.event === 'update').map((m) => JSON.parse(m.payload).id), [sentinel.id], 'the stream');

      const check = async (viewer: TestUser | undefined) => {
        const api = viewer?.api ?? env.api;
        assert.equal((await api.get(`/api/v1/statuses/${reblogId}`)).status, 404, 'show');
        assert.equal((await api.get(`/api/v1/statuses/${reblogId}/context`)).status, 404, 'context');
        assert.deepEqual(ids((await api.get(`/api/v1/accounts/${booster.id}/statuses`)).body), [sentinel.id], 'profile');
        assert.ok(!ids((await api.get('/api/v1/timelines/public')).body).includes(String(reblogId)), 'public timeline');
      };
      await check(reader);
      await check(undefined);
      assert.deepEqual(ids((await reader.api.get('/api/v1/timelines/home')).body), [sentinel.id], 'home (fan-out)');
      // A rebuilt home (the SQL read) agrees.
      await reader.api.post(`/api/v1/accounts/${booster.id}/unfollow`);
      await reader.api.post(`/api/v1/accounts/${booster.id}/follow`);
      assert.deepEqual(ids((await reader.api.get('/api/v1/timelines/home')).body), [sentinel.id], 'home (SQL)');
      for (const action of ['favourite', 'bookmark', 'reblog']) {
        assert.equal((await reader.api.post(`/api/v1/statuses/${reblogId}/${action}`)).status, 404, action);
      }
      assert.deepEqual((await reader.api.get('/api/v1/favourites')).body, []);
      // Those who may see the original see the reblog.
      assert.equal((await author.api.get(`/api/v1/statuses/${reblogId}`)).status, 200);
      assert.equal((await booster.api.get(`/api/v1/statuses/${reblogId}`)).body.reblog.id, secret.id);
    } finally {
      stream.ws.close();
    }
  });
});

test('the reblog-bounds migration narrows reblogs written wider than their original', async () => {
  const db = await openTestDatabase();
  try {
    const row = (id: number, visibility: string, reblogOf: number | null) => ({
      id, account_id: 1, text: '', content: '', spoiler_text: '', sensitive: 0, visibility, language: null, in_reply_to_id: null,
      in_reply_to_account_id: null, reblog_of_id: reblogOf, app_id: null, search_text: '', created_at: 0, edited_at: null,
    });
    const originals = { 1: 'public', 2: 'unlisted', 3: 'private', 4: 'direct' } as const;
    const rows = Object.entries(originals).map(([id, v]) => row(Number(id), v, null));
    // Every original reblogged at every visibility: ids 10 * original + n.
    const vis = ['public', 'unlisted', 'private', 'direct'];
    for (const original of [1, 2, 3, 4]) vis.forEach((v, n) => rows.push(row(10 * original + n, v, original)));
    await db.kysely.insertInto('statuses').values(rows).execute();
    await reblogBounds.up(db.kysely);
    const after = new Map((await db.kysely.selectFrom('statuses').select(['id', 'visibility']).execute()).map((r) => [Number(r.id), r.visibility]));
    const expected: Record<number, string[]> = {
      1: ['public', 'unlisted', 'private', 'direct'],
      2: ['unlisted', 'unlisted', 'private', 'direct'],
      3: ['private', 'private', 'private', 'direct'],
      4: ['direct', 'direct', 'direct', 'direct'],
    };
    for (const original of [1, 2, 3, 4]) {
      assert.deepEqual(vis.map((_, n) => after.get(10 * original + n)), expected[original], `reblogs of a ${originals[original as 1]} post`);
      assert.equal(after.get(original), originals[original as 1], 'originals untouched');
    }
  } finally {
    await db.close();
  }
});

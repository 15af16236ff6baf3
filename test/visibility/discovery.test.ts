// What discovery shows (issue 10, finding 15): hashtag search, the tag page and full-text search
// reveal nothing of followers-only or direct posts (not even their hashtags' names), unlisted
// posts are not found by signed-out search, and bookmarks and favourites drop what the viewer
// may no longer see.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { useTestServer } from '../helpers/server.js';
import { createPost, createUser } from '../helpers/client.js';
import { TAG_SHOWN_SCAN } from '../../src/visibility/sql.js';

const ids = (body: { id: string }[]) => body.map((s) => s.id);
const names = (body: { hashtags: { name: string }[] }) => body.hashtags.map((t) => t.name);

describe('discovery shows public things only', () => {
  const env = useTestServer();
  const user = () => createUser(env.api, undefined, env.app);
  const tagSearch = (api: typeof env.api, q: string) => api.get(`/api/v2/search?type=hashtags&q=${encodeURIComponent(q)}`);

  test('hashtag search does not name the tags of followers-only and direct posts', async () => {
    const author = await user();
    const follower = await user();
    const stranger = await user();
    await follower.api.post(`/api/v1/accounts/${author.id}/follow`);
    await createPost(author, 'خطة #مشروع_سري_للمتابعين', { visibility: 'private' });
    await createPost(author, `@${follower.username} #رسالة_سرية_مباشرة`, { visibility: 'direct' });
    for (const api of [env.api, stranger.api, follower.api]) {
      assert.deepEqual(names((await tagSearch(api, 'مشروع_سري')).body), []);
      assert.deepEqual(names((await tagSearch(api, 'رسالة_سرية')).body), []);
      assert.deepEqual(names((await env.api.get(`/api/v2/search?q=${encodeURIComponent('مشروع_سري')}`)).body), []);
    }
    // Its author's own tags are no secret to them.
    assert.deepEqual(names((await tagSearch(author.api, 'مشروع_سري')).body), ['مشروع_سري_للمتابعين']);
    // Once a public post uses the tag, it is public.
    await createPost(stranger, 'وأنا أيضا #مشروع_سري_للمتابعين');
    assert.deepEqual(names((await tagSearch(env.api, 'مشروع_سري')).body), ['مشروع_سري_للمتابعين']);
  });

  test('the tag page: 404 for a tag only private posts use, and uses counted from public posts only', async () => {
    const author = await user();
    await createPost(author, '#وسم_خاص_فقط', { visibility: 'private' });
    await createPost(author, '#وسم_مختلط', { visibility: 'private' });
    await createPost(author, '#وسم_مختلط', { visibility: 'direct' });
    assert.equal((await env.api.get(`/api/v1/tags/${encodeURIComponent('وسم_خاص_فقط')}`)).status, 404);
    assert.equal((await env.api.get(`/api/v1/tags/${encodeURIComponent('وسم_مختلط')}`)).status, 404);
    await createPost(author, 'علنا #وسم_مختلط');
    const tag = await env.api.get(`/api/v1/tags/${encodeURIComponent('وسم_مختلط')}`);
    assert.equal(tag.status, 200);
    assert.equal(tag.body.history[0].uses, '1');
    assert.equal(tag.body.history[0].accounts, '1');
  });

  test('signed-out full-text search finds public posts, not unlisted ones', async () => {
    const author = await user();
    const reader = await user();
    const open = await createPost(author, 'كلمة_بحث_فريدة علنية');
    const quiet = await createPost(author, 'كلمة_بحث_فريدة هادئة', { visibility: 'unlisted' });
    const search = (api: typeof env.api) => api.get(`/api/v2/search?type=statuses&q=${encodeURIComponent('كلمة_بحث_فريدة')}`);
    assert.deepEqual(ids((await search(env.api)).body.statuses), [open.id]);
    assert.deepEqual(ids((await search(author.api)).body.statuses), [quiet.id, open.id]);
    // A follower finds the unlisted posts of those they follow; a stranger does not.
    assert.deepEqual(ids((await search(reader.api)).body.statuses), [open.id]);
    await reader.api.post(`/api/v1/accounts/${author.id}/follow`);
    assert.deepEqual(ids((await search(reader.api)).body.statuses), [quiet.id, open.id]);
  });

  test('bookmarks and favourites drop posts the viewer may no longer see', async () => {
    const author = await user();
    const reader = await user();
    await reader.api.post(`/api/v1/accounts/${author.id}/follow`);
    const secret = await createPost(author, 'للمتابعين', { visibility: 'private' });
    const open = await createPost(author, 'للجميع');
    for (const id of [secret.id, open.id]) {
      assert.equal((await reader.api.post(`/api/v1/statuses/${id}/bookmark`)).status, 200);
      assert.equal((await reader.api.post(`/api/v1/statuses/${id}/favourite`)).status, 200);
    }
    assert.deepEqual(ids((await reader.api.get('/api/v1/bookmarks')).body), [open.id, secret.id]);
    assert.deepEqual(ids((await reader.api.get('/api/v1/favourites')).body), [open.id, secret.id]);
    // Removed from the author's followers: the followers-only post leaves both lists.
    await author.api.post(`/api/v1/accounts/${reader.id}/remove_from_followers`);
    assert.deepEqual(ids((await reader.api.get('/api/v1/bookmarks')).body), [open.id]);
    assert.deepEqual(ids((await reader.api.get('/api/v1/favourites')).body), [open.id]);
    await reader.api.post(`/api/v1/accounts/${author.id}/follow`);
    await reader.api.post(`/api/v1/accounts/${author.id}/unfollow`);
    assert.deepEqual(ids((await reader.api.get('/api/v1/bookmarks')).body), [open.id]);
    assert.deepEqual(ids((await reader.api.get('/api/v1/favourites')).body), [open.id]);
  });

  test('the tag page checks a bounded number of a tag\'s newest posts (a suspended wave\'s tag is not walked to its first post)', async () => {
    const author = await user();
    const waver = await user();
    await createPost(author, 'قديم وعلني #موجة_محذوفة');
    const tagPath = `/api/v1/tags/${encodeURIComponent('موجة_محذوفة')}`;
    assert.equal((await env.api.get(tagPath)).status, 200);
    // TAG_SHOWN_SCAN - 1 newer posts by a suspended account, written straight to the tables.
    const db = env.server.ctx.db.kysely;
    const tag = await db.selectFrom('tags').select('id').where('name', '=', 'موجة_محذوفة').executeTakeFirstOrThrow();
    const write = async (from: number, count: number) => {
      for (let start = 0; start < count; start += 500) {
        const ids = Array.from({ length: Math.min(500, count - start) }, (_, i) => 5_000_000_000_000_000 + from + start + i);
        await db.insertInto('statuses').values(ids.map((id) => ({
          id, account_id: Number(waver.id), text: '#موجة_محذوفة', content: '', spoiler_text: '', sensitive: 0, visibility: 'public', language: null,
          in_reply_to_id: null, in_reply_to_account_id: null, reblog_of_id: null, app_id: null, search_text: '', created_at: 0, edited_at: null,
        }))).execute();
        await db.insertInto('status_tags').values(ids.map((id) => ({ status_id: id, tag_id: Number(tag.id), account_id: Number(waver.id), created_at: 0 }))).execute();
      }
    };
    await write(0, TAG_SHOWN_SCAN - 1);
    await db.updateTable('accounts').set({ suspended_at: Date.now() }).where('id', '=', Number(waver.id)).execute();
    // The old public post is still among the newest TAG_SHOWN_SCAN entries: the tag shows.
    assert.equal((await env.api.get(tagPath)).status, 200);
    // One more hidden post pushes it out: the tag reads as unused, as if only hidden posts used it.
    await write(TAG_SHOWN_SCAN, 1);
    assert.equal((await env.api.get(tagPath)).status, 404);
  });
});

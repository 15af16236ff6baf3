// GET /api/v1/accounts/:id/statuses filters: only_media, exclude_replies, exclude_reblogs, tagged,
// each with keyset paging and the visibility rules applied.
import { before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import sharp from 'sharp';
import { useTestServer } from '../helpers/server.js';
import { createPost, createUser, type TestUser } from '../helpers/client.js';

async function upload(user: TestUser): Promise<string> {
  const image = await sharp({ create: { width: 20, height: 20, channels: 3, background: '#a72' } }).png().toBuffer();
  const body = new FormData();
  body.append('file', new Blob([new Uint8Array(image)], { type: 'image/png' }), 'x.png');
  const res = await user.api.post('/api/v2/media', body);
  assert.equal(res.status, 200, JSON.stringify(res.body));
  return res.body.id;
}

describe('account statuses filters', () => {
  const env = useTestServer();
  let author: TestUser;
  let follower: TestUser;
  let other: TestUser;
  const posts: Record<string, string> = {};
  const ids = (res: { body: { id: string }[] }) => res.body.map((s) => s.id);

  before(async () => {
    author = await createUser(env.api, undefined, env.app);
    follower = await createUser(env.api, undefined, env.app);
    other = await createUser(env.api, undefined, env.app);
    await follower.api.post(`/api/v1/accounts/${author.id}/follow`);
    const elsewhere = await createPost(other, 'a post by someone else');
    posts.text = (await createPost(author, 'just words #قهوة')).id;
    posts.media1 = (await createPost(author, 'a picture', { media_ids: [await upload(author)] })).id;
    posts.reply = (await createPost(author, 'a reply', { in_reply_to_id: elsewhere.id })).id;
    posts.selfReply = (await createPost(author, 'thread #قهوة', { in_reply_to_id: posts.text })).id;
    posts.reblog = (await author.api.post(`/api/v1/statuses/${elsewhere.id}/reblog`)).body.id;
    posts.privateMedia = (await createPost(author, 'for followers', { visibility: 'private', media_ids: [await upload(author)] })).id;
    posts.media2 = (await createPost(author, 'another picture #قهوة', { media_ids: [await upload(author)] })).id;
  });

  test('only_media: statuses with attachments the viewer may see, never reblogs', async () => {
    const path = `/api/v1/accounts/${author.id}/statuses?only_media=true`;
    assert.deepEqual(ids(await env.api.get(path)), [posts.media2, posts.media1]);
    assert.deepEqual(ids(await other.api.get(path)), [posts.media2, posts.media1]);
    assert.deepEqual(ids(await follower.api.get(path)), [posts.media2, posts.privateMedia, posts.media1]);
    const first = await follower.api.get(`${path}&limit=2`);
    assert.deepEqual(ids(first), [posts.media2, posts.privateMedia]);
    const link = first.headers.get('link')!;
    const next = link.match(/<([^>]+)>; rel="next"/)![1];
    assert.match(next, /only_media=true/);
    assert.deepEqual(ids(await follower.api.get(next.replace(env.server.url, ''))), [posts.media1]);
    const prev = link.match(/<([^>]+)>; rel="prev"/)![1];
    assert.deepEqual(ids(await follower.api.get(prev.replace(env.server.url, ''))), []);
    const min = await follower.api.get(`${path}&min_id=${posts.media1}&limit=1`);
    assert.deepEqual(ids(min), [posts.privateMedia]);
    assert.ok((await follower.api.get(path)).body.every((s: any) => s.media_attachments.length > 0));
  });

  test('exclude_replies keeps self-replies; exclude_reblogs drops boosts; tagged matches the tag', async () => {
    const base = `/api/v1/accounts/${author.id}/statuses`;
    const noReplies = ids(await env.api.get(`${base}?exclude_replies=true`));
    assert.ok(!noReplies.includes(posts.reply));
    assert.ok(noReplies.includes(posts.selfReply), 'a reply to oneself stays (Mastodon)');
    const noReblogs = ids(await env.api.get(`${base}?exclude_reblogs=1`));
    assert.ok(!noReblogs.includes(posts.reblog));
    assert.ok(ids(await env.api.get(base)).includes(posts.reblog));
    assert.deepEqual(ids(await env.api.get(`${base}?tagged=${encodeURIComponent('قهوة')}`)), [posts.media2, posts.selfReply, posts.text]);
    assert.deepEqual(ids(await env.api.get(`${base}?tagged=${encodeURIComponent('قهوة')}&only_media=true`)), [posts.media2]);
    assert.deepEqual(ids(await env.api.get(`${base}?tagged=nothing`)), []);
  });

  test('bad input is a 4xx JSON answer', async () => {
    const base = `/api/v1/accounts/${author.id}/statuses`;
    for (const query of ['only_media=maybe', 'pinned=2', 'limit=-1', 'max_id=abc', `tagged=${'x'.repeat(300)}`]) {
      const res = await env.api.get(`${base}?${query}`);
      assert.ok(res.status >= 400 && res.status < 500, `${query}: ${res.status}`);
      assert.equal(typeof res.body.error, 'string');
    }
    assert.equal((await env.api.get('/api/v1/accounts/99999999/statuses?only_media=true')).status, 404);
  });
});

// Visibility outside the home timeline: a reblog is never wider than its original (and the
// original inside it is checked for the viewer), and a suspended author's posts reach nobody
// through favourites, search or media links.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import sharp from 'sharp';
import { startTestServer, type TestServer } from '../helpers/server.js';
import { Api, createApp, createPost, createUser, type TestApp, type TestUser } from '../helpers/client.js';

const ids = (body: { id: string }[]) => body.map((s) => s.id);

describe('visibility beyond home', () => {
  let server: TestServer;
  let api: Api;
  let app: TestApp;

  before(async () => {
    server = await startTestServer();
    api = new Api(server.url);
    app = await createApp(api);
  });
  after(() => server.close());

  const user = () => createUser(api, undefined, app);
  const suspend = async (who: TestUser) => {
    await server.ctx.db.kysely.updateTable('accounts').set({ suspended_at: Date.now() }).where('id', '=', Number(who.id)).execute();
    await server.ctx.events.publish({ type: 'account.changed', accountId: Number(who.id) });
  };

  it('a self-boost of a followers-only post stays followers-only', async () => {
    const author = await user();
    const follower = await user();
    const stranger = await user();
    await follower.api.post(`/api/v1/accounts/${author.id}/follow`);
    const secret = await createPost(author, 'للمتابعين فقط', { visibility: 'private' });
    const boost = await author.api.post(`/api/v1/statuses/${secret.id}/reblog`, { visibility: 'public' });
    assert.equal(boost.status, 200);
    assert.equal(boost.body.visibility, 'private');
    assert.equal((await stranger.api.get(`/api/v1/statuses/${boost.body.id}`)).status, 404);
    assert.equal((await follower.api.get(`/api/v1/statuses/${boost.body.id}`)).status, 200);
    const path = `/api/v1/accounts/${author.id}/statuses`;
    assert.deepEqual(ids((await stranger.api.get(path)).body), []);
    assert.deepEqual(ids((await follower.api.get(path)).body), [boost.body.id, secret.id]);
  });

  it('a reblog wider than its original (written before the bound) still hides the original', async () => {
    const author = await user();
    const stranger = await user();
    const secret = await createPost(author, 'قديم خاص', { visibility: 'private' });
    const boost = await author.api.post(`/api/v1/statuses/${secret.id}/reblog`);
    // As rows written before reblogs were bounded: a public reblog of a followers-only post.
    await server.ctx.db.kysely.updateTable('statuses').set({ visibility: 'public' }).where('id', '=', Number(boost.body.id)).execute();
    await server.ctx.events.publish({ type: 'status.changed', statusId: Number(boost.body.id) });
    assert.equal((await stranger.api.get(`/api/v1/statuses/${boost.body.id}`)).status, 404);
    assert.equal((await api.get(`/api/v1/statuses/${boost.body.id}`)).status, 404);
    assert.deepEqual(ids((await stranger.api.get(`/api/v1/accounts/${author.id}/statuses`)).body), []);
  });

  it('a suspended author’s posts leave favourites, search and context', async () => {
    const author = await user();
    const reader = await user();
    const root = await createPost(reader, 'سؤال للجميع');
    const post = await createPost(author, 'كلمة_نادرة_جدا', { in_reply_to_id: root.id });
    await reader.api.post(`/api/v1/statuses/${post.id}/favourite`);
    await reader.api.post(`/api/v1/statuses/${post.id}/bookmark`);
    const search = () => reader.api.get(`/api/v2/search?type=statuses&q=${encodeURIComponent('كلمة_نادرة_جدا')}`);
    assert.deepEqual(ids((await reader.api.get('/api/v1/favourites')).body), [post.id]);
    assert.deepEqual(ids((await search()).body.statuses), [post.id]);
    assert.deepEqual(ids((await reader.api.get(`/api/v1/statuses/${root.id}/context`)).body.descendants), [post.id]);
    await suspend(author);
    assert.deepEqual(ids((await reader.api.get('/api/v1/favourites')).body), []);
    assert.deepEqual(ids((await reader.api.get('/api/v1/bookmarks')).body), []);
    assert.deepEqual((await search()).body.statuses, []);
    assert.deepEqual((await reader.api.get(`/api/v1/statuses/${root.id}/context`)).body.descendants, []);
    assert.equal((await reader.api.get(`/api/v1/statuses/${post.id}`)).status, 404);
  });

  it('a suspended author’s media files are no longer served', async () => {
    const author = await user();
    const image = await sharp({ create: { width: 40, height: 30, channels: 3, background: '#a72' } }).png().toBuffer();
    const body = new FormData();
    body.append('file', new Blob([new Uint8Array(image)], { type: 'image/png' }), 'x.png');
    const media = await author.api.post('/api/v2/media', body);
    assert.equal(media.status, 200, JSON.stringify(media.body));
    await createPost(author, 'صورة', { media_ids: [media.body.id] });
    const fetchStatus = async (url: string) => {
      const res = await fetch(url);
      await res.arrayBuffer();
      return res.status;
    };
    assert.equal(await fetchStatus(media.body.url), 200);
    await suspend(author);
    assert.equal(await fetchStatus(media.body.url), 404);
    assert.equal(await fetchStatus(media.body.preview_url), 404);
  });
});

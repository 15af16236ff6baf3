// Timelines are rendered from an in-process cache (posts/render-cache.ts). Each test warms it by
// reading a timeline, changes something through the API, and reads again: the change must
// show at once, never a stale copy.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import sharp from 'sharp';
import { useTestServer } from '../helpers/server.js';
import { createPost, createUser, type TestUser } from '../helpers/client.js';
import { StatusPresenter } from '../../src/posts/presenter.js';
import { RenderCache } from '../../src/posts/render-cache.js';

describe('rendered statuses stay current', () => {
  const env = useTestServer();

  /** A reader following an author, with one post of the author already read (cached). */
  async function warmPair() {
    const reader = await createUser(env.api, undefined, env.app);
    const author = await createUser(env.api, undefined, env.app);
    await reader.api.post(`/api/v1/accounts/${author.id}/follow`);
    const post = await createPost(author, 'منشور يُقرأ ثم يتغيّر #سرب');
    assert.ok((await homeStatus(reader, post.id)), 'warm: the post is in the home timeline');
    return { reader, author, post };
  }

  async function homeStatus(reader: TestUser, id: string) {
    const home = await reader.api.get('/api/v1/timelines/home?limit=40');
    assert.equal(home.status, 200);
    // The post itself, or as reblogged (a reblog's own counters are the wrapper's, always 0).
    const entry = home.body.find((s: any) => s.id === id || s.reblog?.id === id);
    return entry?.reblog ?? entry;
  }

  test('favourites: the count and the viewer’s own mark', async () => {
    const { reader, post } = await warmPair();
    await reader.api.post(`/api/v1/statuses/${post.id}/favourite`);
    let seen = await homeStatus(reader, post.id);
    assert.equal(seen.favourites_count, 1);
    assert.equal(seen.favourited, true);
    await reader.api.post(`/api/v1/statuses/${post.id}/unfavourite`);
    seen = await homeStatus(reader, post.id);
    assert.equal(seen.favourites_count, 0);
    assert.equal(seen.favourited, false);
  });

  test('reblogs, replies and bookmarks', async () => {
    const { reader, author, post } = await warmPair();
    const other = await createUser(env.api, undefined, env.app);
    await other.api.post(`/api/v1/statuses/${post.id}/reblog`);
    await createPost(other, 'ردّ', { in_reply_to_id: post.id });
    await reader.api.post(`/api/v1/statuses/${post.id}/bookmark`);
    let seen = await homeStatus(reader, post.id);
    assert.equal(seen.reblogs_count, 1);
    assert.equal(seen.replies_count, 1);
    assert.equal(seen.bookmarked, true);
    await other.api.post(`/api/v1/statuses/${post.id}/unreblog`);
    seen = await homeStatus(reader, post.id);
    assert.equal(seen.reblogs_count, 0);
    // The author's own reblog shows in the reader's home as a reblog, with the same counts.
    const own = await author.api.post(`/api/v1/statuses/${post.id}/reblog`);
    assert.equal(own.status, 200, JSON.stringify(own.body));
    assert.equal(own.body.reblog.reblogs_count, 1, 'the answer counts it');
    assert.equal((await reader.api.get(`/api/v1/statuses/${post.id}`)).body.reblogs_count, 1, 'so does the status');
    seen = await homeStatus(reader, post.id);
    assert.equal(seen.reblogs_count, 1);
  });

  test('the author: display name, avatar and counters', async () => {
    const { reader, author, post } = await warmPair();
    const before = (await homeStatus(reader, post.id)).account;
    await author.api.patch('/api/v1/accounts/update_credentials', { display_name: 'اسم جديد' });
    await createPost(author, 'منشور ثانٍ');
    let account = (await homeStatus(reader, post.id)).account;
    assert.equal(account.display_name, 'اسم جديد');
    assert.equal(account.statuses_count, before.statuses_count + 1);
    assert.equal(account.followers_count, 1);
    const fan = await createUser(env.api, undefined, env.app);
    await fan.api.post(`/api/v1/accounts/${author.id}/follow`);
    account = (await homeStatus(reader, post.id)).account;
    assert.equal(account.followers_count, 2);

    const avatar = new FormData();
    const png = await sharp({ create: { width: 64, height: 64, channels: 3, background: '#2a7' } }).png().toBuffer();
    avatar.append('avatar', new Blob([new Uint8Array(png)], { type: 'image/png' }), 'me.png');
    const updated = await author.api.request('PATCH', '/api/v1/accounts/update_credentials', avatar);
    assert.equal(updated.status, 200);
    account = (await homeStatus(reader, post.id)).account;
    assert.equal(account.avatar, updated.body.avatar);
  });

  test('the viewer’s own marks: favourite, bookmark, reblog, and taking each back', async () => {
    const { reader, post } = await warmPair();
    const marks = async () => {
      const seen = await homeStatus(reader, post.id);
      return { favourited: seen.favourited, bookmarked: seen.bookmarked, reblogged: seen.reblogged };
    };
    assert.deepEqual(await marks(), { favourited: false, bookmarked: false, reblogged: false });
    await reader.api.post(`/api/v1/statuses/${post.id}/favourite`);
    await reader.api.post(`/api/v1/statuses/${post.id}/bookmark`);
    await reader.api.post(`/api/v1/statuses/${post.id}/reblog`);
    assert.deepEqual(await marks(), { favourited: true, bookmarked: true, reblogged: true });
    await reader.api.post(`/api/v1/statuses/${post.id}/unfavourite`);
    await reader.api.post(`/api/v1/statuses/${post.id}/unbookmark`);
    await reader.api.post(`/api/v1/statuses/${post.id}/unreblog`);
    assert.deepEqual(await marks(), { favourited: false, bookmarked: false, reblogged: false });
  });

  test('a changed alt text of an attached image', async () => {
    const reader = await createUser(env.api, undefined, env.app);
    const author = await createUser(env.api, undefined, env.app);
    await reader.api.post(`/api/v1/accounts/${author.id}/follow`);
    const body = new FormData();
    const png = await sharp({ create: { width: 64, height: 64, channels: 3, background: '#72a' } }).png().toBuffer();
    body.append('file', new Blob([new Uint8Array(png)], { type: 'image/png' }), 'photo.png');
    const media = await author.api.post('/api/v2/media', body);
    const post = await createPost(author, 'صورة', { media_ids: [media.body.id] });
    assert.equal((await homeStatus(reader, post.id)).media_attachments[0].description, null);
    await author.api.request('PUT', `/api/v1/media/${media.body.id}`, { description: 'وصف الصورة' });
    assert.equal((await homeStatus(reader, post.id)).media_attachments[0].description, 'وصف الصورة');
  });

  test('counts its hits and misses on /metrics', async () => {
    const lookups = async () => {
      const text = await (await fetch(`${env.server.url}/metrics`)).text();
      const count = (result: string) => Number(new RegExp(`sirb_render_cache_lookups_total\\{kind="status",result="${result}"\\} (\\d+)`).exec(text)?.[1]);
      return { hit: count('hit'), miss: count('miss'), entries: Number(/sirb_render_cache_entries\{kind="status"\} (\d+)/.exec(text)?.[1]) };
    };
    const { reader } = await warmPair();
    const before = await lookups();
    await reader.api.get('/api/v1/timelines/home');
    const after = await lookups();
    assert.ok(after.hit > before.hit, 'a second read of the same page hits');
    assert.equal(after.miss, before.miss, 'and misses nothing');
    assert.ok(after.entries >= 1);
  });

  test('a deleted post, and a deleted reply’s parent count', async () => {
    const { reader, author, post } = await warmPair();
    const reply = await createPost(author, 'ردّ على نفسي', { in_reply_to_id: post.id });
    assert.equal((await homeStatus(reader, post.id)).replies_count, 1);
    await author.api.delete(`/api/v1/statuses/${reply.id}`);
    assert.equal((await homeStatus(reader, post.id)).replies_count, 0);
    await author.api.delete(`/api/v1/statuses/${post.id}`);
    assert.equal(await homeStatus(reader, post.id), undefined);
    assert.equal((await reader.api.get(`/api/v1/statuses/${post.id}`)).status, 404);
  });
});

describe('marks beyond the newest ones a viewer has cached', () => {
  const env = useTestServer();

  test('come from the database, beside the cached ones, and stay current', async () => {
    const { ctx } = env.server;
    // A presenter that caches only each viewer's 2 newest marks of a kind, listening to the app.
    const presenter = new StatusPresenter(ctx.db.kysely, ctx.config.publicUrl, undefined, new RenderCache(), 2);
    const detach = presenter.cache.attach(ctx.events);
    const reader = await createUser(env.api, undefined, env.app);
    const author = await createUser(env.api, undefined, env.app);
    const posts: { id: string }[] = [];
    for (const text of ['الأقدم', 'الأوسط', 'الأحدث', 'بلا إعجاب']) posts.push(await createPost(author, text));
    for (const post of posts.slice(0, 3)) assert.equal((await reader.api.post(`/api/v1/statuses/${post.id}/favourite`)).status, 200);
    const read = async () => {
      const page = JSON.parse((await presenter.presentIdsAsJson(posts.map((p) => Number(p.id)), Number(reader.id))).toString());
      return page.map((s: any) => s.favourited);
    };
    // The 2 newest favourites are cached (horizon: the middle post); the oldest is asked of the database.
    assert.deepEqual(await read(), [true, true, true, false]);
    assert.equal(presenter.cache.get('marks', Number(reader.id))?.horizon, Number(posts[1].id));
    await reader.api.post(`/api/v1/statuses/${posts[0].id}/unfavourite`);
    await reader.api.post(`/api/v1/statuses/${posts[3].id}/favourite`);
    assert.deepEqual(await read(), [false, true, true, true]);
    detach();
  });

  test('a warm page, copied from the cache alone, is the page hydrated the first time', async () => {
    const { ctx } = env.server;
    const presenter = new StatusPresenter(ctx.db.kysely, ctx.config.publicUrl, undefined, new RenderCache());
    const detach = presenter.cache.attach(ctx.events);
    const reader = await createUser(env.api, undefined, env.app);
    const author = await createUser(env.api, undefined, env.app);
    const post = await createPost(author, `سلام @${reader.username} #سرب`);
    const reblog = (await reader.api.post(`/api/v1/statuses/${post.id}/reblog`)).body;
    const ids = [Number(reblog.id), Number(post.id)];
    const page = async () => JSON.parse((await presenter.presentIdsAsJson(ids, Number(reader.id))).toString());
    const cold = await page();
    const { misses } = presenter.cache.lookups.status;
    assert.deepEqual(await page(), cold);
    assert.equal(presenter.cache.lookups.status.misses, misses, 'the second page missed nothing');
    assert.equal(cold[0].reblog.id, post.id);
    assert.equal(cold[1].tags[0].name, 'سرب');
    assert.equal(cold[1].mentions[0].id, reader.id);
    assert.deepEqual(cold.map((s: any) => s.reblogged), [true, true]);
    // A change evicts what it touches; the next page is hydrated again and shows it.
    await reader.api.post(`/api/v1/statuses/${post.id}/favourite`);
    await author.api.patch('/api/v1/accounts/update_credentials', { display_name: 'كاتب جديد' });
    const changed = await page();
    assert.deepEqual(changed.map((s: any) => s.favourited), [true, true]);
    assert.equal(changed[1].account.display_name, 'كاتب جديد');
    assert.equal(changed[0].reblog.account.display_name, 'كاتب جديد');
    detach();
  });

  test('a page being hydrated keeps its own encoded heads while another request re-encodes them', async () => {
    const { ctx } = env.server;
    const presenter = new StatusPresenter(ctx.db.kysely, ctx.config.publicUrl, undefined, new RenderCache());
    const reader = await createUser(env.api, undefined, env.app);
    const author = await createUser(env.api, undefined, env.app);
    const older = await createPost(author, 'منشور مقروء من قبل');
    const newer = await createPost(author, 'منشور جديد');
    const ids = [Number(newer.id), Number(older.id)];
    await presenter.presentIdsAsJson(ids, Number(reader.id)); // both heads encoded
    presenter.cache.apply({ type: 'status.changed', statusId: Number(newer.id) }); // one row to hydrate
    // While the page waits for the new row's extras, another request re-encodes the older row
    // for a reloaded author object (as after an account.changed or the 60 s expiry).
    const hydrator = (presenter as any).hydrator;
    const loadExtras = hydrator.extras.bind(hydrator);
    hydrator.extras = async (rows: unknown[]) => {
      const status = presenter.cache.peek('status', Number(older.id))!;
      status.head = { status: status.version, author: presenter.cache.nextVersion(), until: Infinity, bytes: Buffer.from('{"id":"0","reblog":') };
      return loadExtras(rows);
    };
    const page = JSON.parse((await presenter.presentIdsAsJson(ids, Number(reader.id))).toString());
    assert.deepEqual(page.map((s: any) => s.id), [newer.id, older.id]);
  });
});

// Who may fetch a media file (issue 10, finding 6): file names are random, not the snowflake id;
// media of followers-only and direct posts is served only through short-lived signed links that
// the server puts in the statuses it shows to those allowed to see them; deleted posts' files
// and old unattached uploads are removed.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import sharp from 'sharp';
import { useTestServer } from '../helpers/server.js';
import { createPost, createUser, type TestUser } from '../helpers/client.js';
import { testClock } from '../helpers/clock.js';

const HOUR = 3600_000;

async function upload(user: TestUser, color = '#2a7'): Promise<{ id: string; url: string; preview_url: string }> {
  const image = await sharp({ create: { width: 40, height: 30, channels: 3, background: color } }).png().toBuffer();
  const body = new FormData();
  body.append('file', new Blob([new Uint8Array(image)], { type: 'image/png' }), 'x.png');
  const res = await user.api.post('/api/v2/media', body);
  assert.equal(res.status, 200, JSON.stringify(res.body));
  return res.body;
}

async function get(url: string): Promise<{ status: number; cache: string | null; type: string | null }> {
  const res = await fetch(url);
  await res.arrayBuffer();
  return { status: res.status, cache: res.headers.get('cache-control'), type: res.headers.get('content-type') };
}

/** The URL without its query (the signature and expiry). */
const bare = (url: string) => url.split('?')[0];
const fileOf = (dataDir: string, url: string) => path.join(dataDir, 'media', path.basename(new URL(url).pathname));

describe('media access', () => {
  const clock = testClock();
  const env = useTestServer({}, clock);
  let n = 0;
  const user = () => createUser(env.api, `mac${process.pid % 1000}_${++n}`, env.app);

  it('names files with random tokens, not the guessable snowflake id', async () => {
    const author = await user();
    const media = await upload(author);
    assert.match(new URL(media.url).pathname, /^\/media\/[0-9a-f]{32}\.webp$/);
    assert.match(new URL(media.preview_url).pathname, /^\/media\/[0-9a-f]{32}-small\.webp$/);
    assert.ok(!media.url.includes(media.id), 'the id is not in the file name');
    assert.equal((await get(`${env.server.url}/media/${media.id}.webp`)).status, 404);
  });

  it('serves public posts’ media to anyone with long public caching', async () => {
    const author = await user();
    const media = await upload(author);
    const post = await createPost(author, 'عام', { media_ids: [media.id] });
    const shown = (await env.api.get(`/api/v1/statuses/${post.id}`)).body.media_attachments[0];
    assert.equal(shown.url, media.url, 'a public post’s media link is not signed');
    const res = await get(shown.url);
    assert.equal(res.status, 200);
    assert.equal(res.type, 'image/webp');
    assert.match(res.cache ?? '', /public.*max-age=31536000/);
    assert.equal((await get(shown.preview_url)).status, 200);
  });

  for (const visibility of ['private', 'direct'] as const) {
    it(`serves ${visibility} posts’ media only through the signed link shown to allowed viewers, until it expires`, async () => {
      const author = await user();
      const follower = await user();
      const stranger = await user();
      assert.equal((await follower.api.post(`/api/v1/accounts/${author.id}/follow`)).status, 200);
      const media = await upload(author);
      const text = visibility === 'direct' ? `@${follower.username} سر` : 'للمتابعين';
      const post = await createPost(author, text, { media_ids: [media.id], visibility });

      // The uploader's own unsigned link, and guesses, no longer open it once it is in a restricted post.
      assert.equal((await get(media.url)).status, 404);
      assert.equal((await get(media.preview_url)).status, 404);
      assert.equal((await stranger.api.get(`/api/v1/statuses/${post.id}`)).status, 404);

      const seen = (await follower.api.get(`/api/v1/statuses/${post.id}`)).body.media_attachments[0];
      assert.equal(bare(seen.url), bare(media.url), 'the same file, with a signature');
      assert.match(seen.url, /\?.*sig=/);
      const ok = await get(seen.url);
      assert.equal(ok.status, 200);
      const maxAge = Number(/max-age=(\d+)/.exec(ok.cache ?? '')?.[1]);
      assert.match(ok.cache ?? '', /^private/);
      assert.ok(maxAge > 0 && maxAge <= 2 * 3600, `max-age ${maxAge} within the link's life`);
      assert.equal((await get(seen.preview_url)).status, 200);

      // In the follower's home timeline (rendered from the shared render cache) too.
      const home = (await follower.api.get('/api/v1/timelines/home')).body.find((s: { id: string }) => s.id === post.id);
      assert.equal((await get(home.media_attachments[0].url)).status, 200);

      // A tampered signature or expiry, or another file's signature, is refused as if the file
      // did not exist.
      const tampered = new URL(seen.url);
      tampered.searchParams.set('sig', 'A'.repeat(tampered.searchParams.get('sig')!.length));
      assert.equal((await get(tampered.toString())).status, 404);
      const extended = new URL(seen.url);
      extended.searchParams.set('exp', String(Number(extended.searchParams.get('exp')) + 86400));
      assert.equal((await get(extended.toString())).status, 404);
      const otherMedia = await upload(author, '#725');
      const otherPost = await createPost(author, text, { media_ids: [otherMedia.id], visibility });
      const otherSeen = (await follower.api.get(`/api/v1/statuses/${otherPost.id}`)).body.media_attachments[0];
      assert.equal((await get(otherSeen.url)).status, 200);
      const borrowed = new URL(otherSeen.url);
      borrowed.pathname = new URL(seen.url).pathname;
      assert.equal((await get(borrowed.toString())).status, 404);

      // Hours later the link another viewer was given is dead; the follower is shown a new one.
      clock.advance(3 * HOUR);
      try {
        assert.equal((await get(seen.url)).status, 404);
        assert.equal((await get(home.media_attachments[0].url)).status, 404);
        const again = (await follower.api.get('/api/v1/timelines/home')).body.find((s: { id: string }) => s.id === post.id);
        assert.notEqual(again.media_attachments[0].url, seen.url, 'a fresh link, not the cached one');
        assert.equal((await get(again.media_attachments[0].url)).status, 200);
        const single = (await follower.api.get(`/api/v1/statuses/${post.id}`)).body.media_attachments[0];
        assert.equal((await get(single.url)).status, 200);
      } finally {
        clock.advance(-3 * HOUR);
      }
    });
  }

  it('keeps serving files named by id before this change, under the same rules', async () => {
    const author = await user();
    const follower = await user();
    assert.equal((await follower.api.post(`/api/v1/accounts/${author.id}/follow`)).status, 200);
    const media = await upload(author);
    // As an upload was stored before: the file named by the attachment's id.
    const { kysely } = env.server.ctx.db;
    const dir = path.join(env.server.dataDir, 'media');
    for (const suffix of ['', '-small']) fs.renameSync(fileOf(env.server.dataDir, media.url.replace('.webp', `${suffix}.webp`)), path.join(dir, `${media.id}${suffix}.webp`));
    await kysely.updateTable('media_attachments').set({ file_name: media.id }).where('id', '=', Number(media.id)).execute();
    const post = await createPost(author, 'قديم', { media_ids: [media.id], visibility: 'private' });
    assert.equal((await get(`${env.server.url}/media/${media.id}.webp`)).status, 404);
    const seen = (await follower.api.get(`/api/v1/statuses/${post.id}`)).body.media_attachments[0];
    assert.equal(new URL(seen.url).pathname, `/media/${media.id}.webp`);
    assert.equal((await get(seen.url)).status, 200);

    // An avatar stored under an id is still served; an unknown id-named file is not.
    fs.copyFileSync(path.join(dir, `${media.id}.webp`), path.join(dir, '123456789.webp'));
    fs.copyFileSync(path.join(dir, `${media.id}.webp`), path.join(dir, '987654321.webp'));
    await kysely.updateTable('accounts').set({ avatar_url: '/media/123456789.webp' }).where('id', '=', Number(author.id)).execute();
    assert.equal((await get(`${env.server.url}/media/123456789.webp`)).status, 200);
    assert.equal((await get(`${env.server.url}/media/987654321.webp`)).status, 404);
  });

  it('removes a deleted post’s files at once: its links answer 404 and the files are gone', async () => {
    const author = await user();
    const media = await upload(author);
    const post = await createPost(author, 'سيحذف', { media_ids: [media.id] });
    assert.equal((await get(media.url)).status, 200);
    const file = fileOf(env.server.dataDir, media.url);
    const small = fileOf(env.server.dataDir, media.preview_url);
    assert.ok(fs.existsSync(file) && fs.existsSync(small));
    assert.equal((await author.api.delete(`/api/v1/statuses/${post.id}`)).status, 200);
    assert.equal((await get(media.url)).status, 404);
    assert.equal((await get(media.preview_url)).status, 404);
    assert.ok(!fs.existsSync(file) && !fs.existsSync(small), 'both renditions are deleted from disk');
    assert.equal((await author.api.get(`/api/v1/media/${media.id}`)).status, 404);
  });

  it('collects uploads never attached to a post once they are a day old', async () => {
    const author = await user();
    const old = await upload(author, '#a27');
    clock.advance(25 * HOUR);
    try {
      const fresh = await upload(author, '#27a');
      const attached = await upload(author, '#777');
      await createPost(author, 'باق', { media_ids: [attached.id] });
      // Two collectors at once (as several processes would run): each upload is removed once, no error.
      const media = env.server.ctx.media;
      const [first, second] = await Promise.all([media.collectGarbage(), media.collectGarbage()]);
      assert.ok(first + second >= 1);
      assert.equal(await media.collectGarbage(), 0, 'nothing old is left');
      assert.equal((await get(old.url)).status, 404);
      assert.ok(!fs.existsSync(fileOf(env.server.dataDir, old.url)));
      assert.ok(!fs.existsSync(fileOf(env.server.dataDir, old.preview_url)));
      assert.equal((await author.api.get(`/api/v1/media/${old.id}`)).status, 404);
      // An old upload cannot be attached once collected.
      assert.equal((await author.api.post('/api/v1/statuses', { status: 'x', media_ids: [old.id] })).status, 422);
      assert.equal((await get(fresh.url)).status, 200);
      assert.equal((await get(attached.url)).status, 200);

      // Files nothing refers to (a replaced avatar, a deleted post's files left by a crash) go
      // once a day old; an avatar in use and files with rows stay.
      const dir = path.join(env.server.dataDir, 'media');
      const stray = path.join(dir, `${'ab'.repeat(16)}.webp`);
      fs.copyFileSync(fileOf(env.server.dataDir, fresh.url), stray);
      const avatarForm = new FormData();
      avatarForm.append('avatar', new Blob([new Uint8Array(await sharp({ create: { width: 20, height: 20, channels: 3, background: '#123' } }).png().toBuffer())], { type: 'image/png' }), 'a.png');
      const firstAvatar = (await author.api.request('PATCH', '/api/v1/accounts/update_credentials', avatarForm)).body.avatar;
      const replaced = new FormData();
      replaced.append('avatar', avatarForm.get('avatar')!);
      const avatar = (await author.api.request('PATCH', '/api/v1/accounts/update_credentials', replaced)).body.avatar;
      assert.notEqual(firstAvatar, avatar);
      assert.ok((await media.sweepFiles()) >= 2);
      assert.ok(!fs.existsSync(stray) && !fs.existsSync(fileOf(env.server.dataDir, firstAvatar)));
      assert.equal((await get(avatar)).status, 200);
      for (const kept of [fresh, attached]) assert.equal((await get(kept.preview_url)).status, 200);
    } finally {
      clock.advance(-25 * HOUR);
    }
  });
});

// only_media on the public and tag timelines (it used to answer [] always), and Mastodon's link
// timeline (GET /api/v1/timelines/link?url=): public posts sharing a link, newest first, paged.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import sharp from 'sharp';
import { useTestServer } from '../helpers/server.js';
import { createPost, createUser, type TestUser } from '../helpers/client.js';

async function upload(user: TestUser): Promise<string> {
  const image = await sharp({ create: { width: 20, height: 20, channels: 3, background: '#27a' } }).png().toBuffer();
  const body = new FormData();
  body.append('file', new Blob([new Uint8Array(image)], { type: 'image/png' }), 'x.png');
  const res = await user.api.post('/api/v2/media', body);
  assert.equal(res.status, 200, JSON.stringify(res.body));
  return res.body.id;
}

describe('media-only and link timelines', () => {
  const env = useTestServer();

  test('only_media=true on public and tag timelines gives the posts with media, paged', async () => {
    const author = await createUser(env.api);
    const plain = await createPost(author, 'نص فقط #صور_سرب');
    const first = await createPost(author, 'صورة أولى #صور_سرب', { media_ids: [await upload(author)] });
    const hidden = await createPost(author, 'صورة للمتابعين #صور_سرب', { visibility: 'private', media_ids: [await upload(author)] });
    const second = await createPost(author, 'صورة ثانية #صور_سرب', { media_ids: [await upload(author)] });
    const ids = (res: { body: { id: string }[] }) => res.body.map((s) => s.id);
    const pub = await env.api.get('/api/v1/timelines/public?only_media=true&limit=40');
    assert.equal(pub.status, 200);
    assert.deepEqual(ids(pub).filter((id) => [plain.id, first.id, hidden.id, second.id].includes(id)), [second.id, first.id]);
    assert.deepEqual(ids(await env.api.get(`/api/v1/timelines/tag/${encodeURIComponent('صور_سرب')}?only_media=true`)), [second.id, first.id]);
    assert.deepEqual(ids(await env.api.get(`/api/v1/timelines/tag/${encodeURIComponent('صور_سرب')}?only_media=true&limit=1&max_id=${second.id}`)), [first.id]);
    assert.deepEqual(ids(await env.api.get(`/api/v1/timelines/tag/${encodeURIComponent('صور_سرب')}`)), [second.id, first.id, plain.id]);
  });

  test('the link timeline lists the public posts sharing a link; unknown or bad links are 404 JSON', async () => {
    const a = await createUser(env.api);
    const b = await createUser(env.api);
    const url = 'https://news.example.com/outage-2016?lang=ar';
    const p1 = await createPost(a, `تقرير ${url}`);
    await createPost(b, `للمتابعين ${url}`, { visibility: 'private' });
    const p2 = await createPost(b, `انظروا ${url}#part`);
    await createPost(a, 'بلا رابط');
    const res = await env.api.get(`/api/v1/timelines/link?url=${encodeURIComponent(url)}`);
    assert.equal(res.status, 200, JSON.stringify(res.body));
    assert.deepEqual(res.body.map((s: { id: string }) => s.id), [p2.id, p1.id]);
    const paged = await env.api.get(`/api/v1/timelines/link?url=${encodeURIComponent(url)}&limit=1`);
    assert.deepEqual(paged.body.map((s: { id: string }) => s.id), [p2.id]);
    assert.match(paged.headers.get('link') ?? '', /max_id=/);
    for (const bad of ['https://nobody.example.com/x', 'not a url']) {
      const missing = await env.api.get(`/api/v1/timelines/link?url=${encodeURIComponent(bad)}`);
      assert.equal(missing.status, 404);
      assert.equal(typeof missing.body.error, 'string');
    }
    assert.equal((await env.api.get('/api/v1/timelines/link')).status, 400);
  });
});

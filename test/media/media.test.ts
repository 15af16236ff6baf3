import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import sharp from 'sharp';
import { decode, isBlurhashValid } from 'blurhash';
import { startTestServer, type TestServer } from '../helpers/server.js';
import { Api, createApp, createUser, type TestUser } from '../helpers/client.js';

/** A JPEG carrying EXIF with GPS coordinates and a camera model, as phones write them. */
async function jpegWithGps(width = 2400, height = 1200): Promise<Buffer> {
  return sharp({ create: { width, height, channels: 3, background: '#2a7' } })
    .jpeg()
    .withExif({ IFD0: { Model: 'SirbPhone 1' }, IFD3: { GPSLatitudeRef: 'N', GPSLatitude: '51/1 30/1 0/1', GPSLongitudeRef: 'W', GPSLongitude: '0/1 7/1 0/1' } })
    .toBuffer();
}

function form(file: Buffer, name: string, type: string, fields: Record<string, string> = {}, field = 'file'): FormData {
  const body = new FormData();
  body.append(field, new Blob([new Uint8Array(file)], { type }), name);
  for (const [k, v] of Object.entries(fields)) body.append(k, v);
  return body;
}

describe('media', () => {
  let server: TestServer;
  let alice: TestUser;
  let bob: TestUser;

  before(async () => {
    server = await startTestServer();
    const api = new Api(server.url);
    const app = await createApp(api);
    alice = await createUser(api, 'media_alice', app);
    bob = await createUser(api, 'media_bob', app);
  });
  after(() => server.close());

  it('sniffs, strips metadata, resizes and attaches an image to a post', async () => {
    const original = await jpegWithGps();
    assert.ok((await sharp(original).metadata()).exif, 'fixture has EXIF');
    const res = await alice.api.post('/api/v2/media', form(original, 'holiday.txt', 'text/plain', { description: 'صورة اختبار' }));
    assert.equal(res.status, 200, JSON.stringify(res.body));
    assert.equal(res.body.type, 'image');
    assert.equal(res.body.description, 'صورة اختبار');
    assert.equal(res.body.meta.original.width, 1600);
    assert.equal(res.body.meta.small.width, 400);
    // A BlurHash (as Mastodon sends) whose colour is the image's: #2a7 is (34, 170, 119).
    assert.ok(isBlurhashValid(res.body.blurhash).result, String(res.body.blurhash));
    const pixels = decode(res.body.blurhash, 32, 32);
    for (const [channel, want] of [[0, 34], [1, 170], [2, 119]]) {
      let sum = 0;
      for (let i = channel; i < pixels.length; i += 4) sum += pixels[i]!;
      const mean = sum / (pixels.length / 4);
      assert.ok(Math.abs(mean - want) < 12, `channel ${channel}: ${mean}`);
    }

    const display = Buffer.from(await (await fetch(res.body.url)).arrayBuffer());
    const meta = await sharp(display).metadata();
    assert.equal(meta.format, 'webp');
    assert.equal(meta.exif, undefined, 'EXIF (with GPS) is gone');
    assert.equal(meta.width, 1600);

    const alt = await alice.api.request('PUT', `/api/v1/media/${res.body.id}`, { description: 'alt text' });
    assert.equal(alt.body.description, 'alt text');

    const post = await alice.api.post('/api/v1/statuses', { status: '', media_ids: [res.body.id] });
    assert.equal(post.status, 200, JSON.stringify(post.body));
    assert.equal(post.body.media_attachments.length, 1);
    assert.equal(post.body.media_attachments[0].id, res.body.id);

    const again = await alice.api.post('/api/v1/statuses', { status: 'again', media_ids: [res.body.id] });
    assert.equal(again.status, 422);
  });

  it('refuses what is not an image, other people’s media, and too many files, with clear 4xx', async () => {
    const notImage = await alice.api.post('/api/v2/media', form(Buffer.from('%PDF-1.4 not an image'), 'fake.png', 'image/png'));
    assert.equal(notImage.status, 422);
    assert.match(notImage.body.error, /not an image/);

    const missing = await alice.api.post('/api/v2/media', (() => { const f = new FormData(); f.append('description', 'x'); return f; })());
    assert.equal(missing.status, 422);

    const json = await alice.api.post('/api/v2/media', { file: 'abc' });
    assert.equal(json.status, 422);

    const mine = await alice.api.post('/api/v2/media', form(await jpegWithGps(100, 100), 'a.jpg', 'image/jpeg'));
    const stolen = await bob.api.post('/api/v1/statuses', { status: 'x', media_ids: [mine.body.id] });
    assert.equal(stolen.status, 422);
    const peek = await bob.api.get(`/api/v1/media/${mine.body.id}`);
    assert.equal(peek.status, 403);

    const anonymous = await new Api(server.url).post('/api/v2/media', form(await jpegWithGps(10, 10), 'a.jpg', 'image/jpeg'));
    assert.equal(anonymous.status, 401);
  });

  it('rejects a file over the size cap with 413', async () => {
    const huge = Buffer.alloc(11 * 1024 * 1024, 1);
    const res = await alice.api.post('/api/v2/media', form(huge, 'big.jpg', 'image/jpeg'));
    assert.equal(res.status, 413);
    assert.ok(res.body.error);
  });

  it('sets avatar and header through update_credentials', async () => {
    const body = form(await jpegWithGps(300, 300), 'me.jpg', 'image/jpeg', { display_name: 'أليس' }, 'avatar');
    const res = await alice.api.request('PATCH', '/api/v1/accounts/update_credentials', body);
    assert.equal(res.status, 200, JSON.stringify(res.body));
    assert.equal(res.body.display_name, 'أليس');
    assert.match(res.body.avatar, /\/media\/profile-[0-9a-f]{32}\.webp$/);
    const image = await fetch(res.body.avatar);
    assert.equal(image.status, 200);
    assert.equal(image.headers.get('content-type'), 'image/webp');
    assert.equal((await sharp(Buffer.from(await image.arrayBuffer())).metadata()).format, 'webp');
  });
});

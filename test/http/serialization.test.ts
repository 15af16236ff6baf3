// Statuses reach clients two ways: timeline pages as bytes encoded beforehand (sent as they
// are), everything else serialised by the route's response schema (which drops what the schema
// lacks and writes fields in its order). Both must read the same, byte for byte.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import sharp from 'sharp';
import { useTestServer } from '../helpers/server.js';
import { createPost, createUser } from '../helpers/client.js';

describe('one status, two serialisations', () => {
  const env = useTestServer();

  test('a status from GET /statuses/:id is the same text as in a timeline page', async () => {
    const author = await createUser(env.api, undefined, env.app);
    const viewer = await createUser(env.api, undefined, env.app);
    await viewer.api.post(`/api/v1/accounts/${author.id}/follow`);
    const image = await sharp({ create: { width: 40, height: 30, channels: 3, background: '#2a7' } }).png().toBuffer();
    const upload = new FormData();
    upload.set('file', new Blob([new Uint8Array(image)], { type: 'image/png' }), 'a.png');
    upload.set('description', 'مربع أخضر');
    const media = await author.api.post('/api/v2/media', upload);
    assert.equal(media.status, 200, JSON.stringify(media.body));

    const first = await createPost(author, `مرحبا @${viewer.username} #وسم https://example.com/x`, { media_ids: [media.body.id], spoiler_text: 'تنبيه' });
    await createPost(author, 'رد على نفسي', { in_reply_to_id: first.id, language: 'ar' });
    const other = await createUser(env.api, undefined, env.app);
    const boosted = await createPost(other, 'منشور يعاد نشره');
    await author.api.post(`/api/v1/statuses/${boosted.id}/reblog`);
    await viewer.api.post(`/api/v1/statuses/${first.id}/favourite`);
    await viewer.api.post(`/api/v1/statuses/${first.id}/bookmark`);
    // A poll: its shared part is in the encoded head, the viewer's votes after it.
    const poll = await createPost(author, 'استطلاع', { poll: { options: ['أ', 'ب', 'ج'], expires_in: 600, multiple: true } });
    await viewer.api.post(`/api/v1/polls/${poll.poll.id}/votes`, { choices: [0, 2] });

    for (const reader of [viewer.api, env.api]) {
      const res = await fetch(`${env.server.url}/api/v1/accounts/${author.id}/statuses`, { headers: reader.token ? { authorization: `Bearer ${reader.token}` } : {} });
      const page = (await res.json()) as Record<string, unknown>[];
      assert.equal(page.length, 4);
      for (const status of page) {
        const one = await fetch(`${env.server.url}/api/v1/statuses/${status.id}`, { headers: reader.token ? { authorization: `Bearer ${reader.token}` } : {} });
        assert.equal(await one.text(), JSON.stringify(status), `status ${status.id}`);
      }
    }
  });
});

// `POST /api/v1/statuses/:id/translate` with no translator (Sirb has none): 404 for a status the
// viewer may not see, else Mastodon's 403 when translation is not available; never a 500.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createRestAPIClient } from 'masto';
import { useTestServer } from '../helpers/server.js';
import { createPost, createUser } from '../helpers/client.js';

const env = useTestServer();

test('translate answers 403 without a translator, 404 where the status is not visible', async () => {
  const author = await createUser(env.api, undefined, env.app);
  const stranger = await createUser(env.api, undefined, env.app);
  const open = await createPost(author, 'مرحبا بالعالم', { visibility: 'public' });
  const direct = await createPost(author, 'سر', { visibility: 'direct' });

  const refused = await stranger.api.post(`/api/v1/statuses/${open.id}/translate`, { lang: 'en' });
  assert.equal(refused.status, 403);
  assert.deepEqual(refused.body, { error: 'This action is not allowed' });
  assert.equal((await stranger.api.post(`/api/v1/statuses/${open.id}/translate`)).status, 403);
  assert.equal((await author.api.post(`/api/v1/statuses/${direct.id}/translate`)).status, 403);
  assert.equal((await stranger.api.post(`/api/v1/statuses/${direct.id}/translate`)).status, 404);
  assert.equal((await stranger.api.post('/api/v1/statuses/999999/translate')).status, 404);
  assert.equal((await stranger.api.post('/api/v1/statuses/abc/translate')).status, 404);
  assert.equal((await env.api.as(undefined).post(`/api/v1/statuses/${open.id}/translate`)).status, 401);
  assert.equal((await stranger.api.post(`/api/v1/statuses/${open.id}/translate`, { lang: 'x'.repeat(100) })).status, 422);

  const masto = createRestAPIClient({ url: env.server.url, accessToken: stranger.token });
  await assert.rejects(masto.v1.statuses.$select(open.id).translate({ lang: 'en' }), (error: { statusCode?: number }) => error.statusCode === 403);
});

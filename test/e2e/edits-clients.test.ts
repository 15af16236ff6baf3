// Editing statuses through real client libraries (issue 12): masto.js (Elk, Phanpy) updates a
// status, lists its history and fetches its source; megalodon (Whalebird, Fedistar) edits and
// fetches the source too. Both see the `update` notification of a status they boosted.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { createRestAPIClient } from 'masto';
import generator from 'megalodon';
import { startTestServer, type TestServer } from '../helpers/server.js';
import { Api, createApp, createUser, type TestUser } from '../helpers/client.js';

let server: TestServer;
let author: TestUser;
let booster: TestUser;
before(async () => {
  server = await startTestServer();
  const api = new Api(server.url);
  const app = await createApp(api);
  author = await createUser(api, undefined, app);
  booster = await createUser(api, undefined, app);
});
after(() => server.close());

test('masto.js edits a status, lists its history and fetches its source', async () => {
  const masto = createRestAPIClient({ url: server.url, accessToken: author.token });
  const boosting = createRestAPIClient({ url: server.url, accessToken: booster.token });
  const status = await masto.v1.statuses.create({ status: 'مسودة أولى', visibility: 'public' });
  await boosting.v1.statuses.$select(status.id).reblog();
  const updated = await masto.v1.statuses.$select(status.id).update({ status: 'مسودة ثانية', spoilerText: 'تحذير', language: 'ar' });
  assert.equal(updated.id, status.id);
  assert.equal(updated.content, '<p>مسودة ثانية</p>');
  assert.equal(updated.spoilerText, 'تحذير');
  assert.ok(updated.editedAt);

  const history = await masto.v1.statuses.$select(status.id).history.list();
  assert.deepEqual(history.map((e) => e.content), ['<p>مسودة أولى</p>', '<p>مسودة ثانية</p>']);
  assert.equal(history[1].account.id, author.id);
  const source = await masto.v1.statuses.$select(status.id).source.fetch();
  assert.deepEqual({ ...source }, { id: status.id, text: 'مسودة ثانية', spoilerText: 'تحذير' });

  const [notification] = await boosting.v1.notifications.list({ types: ['update'] });
  assert.equal(notification.type, 'update');
  assert.equal(notification.status?.content, '<p>مسودة ثانية</p>');

  // Someone else's status: Mastodon's 404, which masto raises as an error carrying it.
  await assert.rejects(boosting.v1.statuses.$select(status.id).update({ status: 'not mine' }), (error: { statusCode?: number }) => error.statusCode === 404);
});

test('megalodon edits a status and fetches its source', async () => {
  const client = generator('mastodon', server.url, author.token);
  const posted = (await client.postStatus('from megalodon')).data as { id: string };
  const edited = await client.editStatus(posted.id, { status: 'from megalodon, edited', sensitive: true });
  assert.equal(edited.status, 200);
  assert.equal(edited.data.content, '<p>from megalodon, edited</p>');
  assert.equal(edited.data.sensitive, true);
  assert.ok(edited.data.edited_at);
  const source = await client.getStatusSource(posted.id);
  assert.equal(source.data.text, 'from megalodon, edited');
  assert.equal(source.data.spoiler_text, '');
});

// Issue 10, finding 15 (streaming part): the `delete` of a post reaches only streams that could
// have shown it. A direct message's goes to its author and those it mentions, a followers-only
// post's to them and the followers; not to the public streams, nor to strangers.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { startTestServer, type TestServer } from '../helpers/server.js';
import { Api, createApp, createUser, createPost, type TestUser } from '../helpers/client.js';
import { openStream } from '../helpers/stream.js';
import { openEventStream } from './fixtures.js';

describe('streaming: delete events go only where the post could be seen', () => {
  let server: TestServer;
  let author: TestUser;
  let mentioned: TestUser;
  let follower: TestUser;
  let stranger: TestUser;

  before(async () => {
    server = await startTestServer();
    const api = new Api(server.url);
    const app = await createApp(api);
    author = await createUser(api, 'del_author', app);
    mentioned = await createUser(api, 'del_mentioned', app);
    follower = await createUser(api, 'del_follower', app);
    stranger = await createUser(api, 'del_stranger', app);
    await follower.api.post(`/api/v1/accounts/${author.id}/follow`);
  });
  after(() => server.close());

  for (const visibility of ['direct', 'private'] as const) {
    it(`a deleted ${visibility} post’s delete reaches only those who could see it`, async () => {
      const post = await createPost(author, `@${mentioned.username} سرّ بيننا`, { visibility });
      const streams = {
        author: openStream(server, `stream=user&access_token=${author.token}`),
        mentioned: openStream(server, `stream=user&access_token=${mentioned.token}`),
        follower: openStream(server, `stream=user&access_token=${follower.token}`),
        stranger: openStream(server, `stream=user&access_token=${stranger.token}`),
        strangerPublic: openStream(server, `stream=public&access_token=${stranger.token}`),
        signedOut: openStream(server, 'stream=public'),
        signedOutTag: openStream(server, 'stream=hashtag&tag=سرب'),
      };
      await Promise.all(Object.values(streams).map((s) => s.settled()));
      const signedOutSse = await openEventStream(server.url, '/api/v1/streaming/public');
      const strangerSse = await openEventStream(server.url, '/api/v1/streaming/user', stranger.token);
      // Registered once they see a public post.
      const marker = await createPost(stranger, 'علامة #سرب');
      await signedOutSse.waitFor((t) => t.includes(marker.id), 'the marker on the signed-out SSE stream');
      await strangerSse.waitFor((t) => t.includes(marker.id), 'the marker on the stranger’s SSE stream');

      assert.equal((await author.api.delete(`/api/v1/statuses/${post.id}`)).status, 200);
      const isDelete = (m: { event: string; payload: string }) => m.event === 'delete' && m.payload === post.id;
      const told = visibility === 'private' ? ['author', 'mentioned', 'follower'] : ['author', 'mentioned'];
      for (const name of told) await streams[name as keyof typeof streams].next(isDelete);
      // Then a public post: a stream that was sent the delete has it before this one.
      const after = await createPost(stranger, 'بعدها #سرب');
      for (const [name, s] of Object.entries(streams)) {
        if (name !== 'author' && name !== 'mentioned' && name !== 'follower') await s.next((m) => m.event === 'update' && JSON.parse(m.payload).id === after.id);
        await s.settled();
        assert.equal(s.messages.some(isDelete), told.includes(name), name);
        s.ws.close();
      }
      for (const sse of [signedOutSse, strangerSse]) {
        await sse.waitFor((t) => t.includes(after.id), 'the later post on SSE');
        assert.ok(!sse.text().includes(`data: ${post.id}\n`), 'no delete on SSE');
        sse.close();
      }
    });
  }

  it('a public post’s delete still reaches the public streams', async () => {
    const s = openStream(server, 'stream=public');
    await s.settled();
    const post = await createPost(author, 'علني');
    await s.next((m) => m.event === 'update' && JSON.parse(m.payload).id === post.id);
    await author.api.delete(`/api/v1/statuses/${post.id}`);
    const deleted = await s.next((m) => m.event === 'delete');
    assert.equal(deleted.payload, post.id);
    assert.deepEqual(deleted.stream, ['public']);
    s.ws.close();
  });
});

// A connection that closes while the hub is still connecting it (looking up whom it follows)
// must not stay registered: it would be rendered for on every post, for good.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import WebSocket from 'ws';
import { startTestServer, type TestServer } from '../helpers/server.js';
import { Api, createApp, createUser, type TestUser } from '../helpers/client.js';
import { StreamingHub, Subscriber, type HubVisibility } from '../../src/streaming/hub.js';

/** A promise the test resolves when it chooses. */
function gate<T>() {
  let open!: (value: T) => void;
  const promise = new Promise<T>((resolve) => (open = resolve));
  return { promise, open };
}

describe('streaming hub: sockets closed while connecting', () => {
  let server: TestServer;
  let user: TestUser;

  before(async () => {
    server = await startTestServer();
    const api = new Api(server.url);
    user = await createUser(api, undefined, await createApp(api));
  });
  after(() => server.close());

  it('a subscriber disconnected while its follows are looked up is not left registered', async () => {
    const { ctx } = server;
    const lookup = gate<number[]>();
    const visibility: HubVisibility = {
      followedIdsOf: () => lookup.promise,
      factsForEveryone: (status) => ctx.visibility.factsForEveryone(status),
    };
    const hub = new StreamingHub(ctx.db.kysely, ctx.events, ctx.posts.presenter, ctx.notifications, visibility);
    try {
      const subscriber = new Subscriber(Number(user.id), () => {});
      const connecting = hub.connect(subscriber);
      // The socket closes (routes.ts calls disconnect) before the follows have come back.
      hub.disconnect(subscriber);
      lookup.open([]);
      await connecting;
      assert.equal(hub.size, 0);
      // And one that was already closed before connecting starts is never added.
      await hub.connect(subscriber);
      assert.equal(hub.size, 0);
    } finally {
      hub.close();
    }
  });

  it('twenty sockets closed at once leave no subscriber behind', async () => {
    const url = `${server.url.replace('http', 'ws')}/api/v1/streaming?stream=user&access_token=${user.token}`;
    await Promise.all(
      Array.from({ length: 20 }, async () => {
        const ws = new WebSocket(url);
        await new Promise<void>((resolve, reject) => {
          ws.once('open', () => resolve());
          ws.once('error', reject);
        });
        ws.terminate();
      }),
    );
    // Close handlers run as the server notices each socket go; wait until it has noticed all.
    const deadline = Date.now() + 10_000;
    while (server.ctx.streaming.size > 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 10));
    assert.equal(server.ctx.streaming.size, 0);
  });
});

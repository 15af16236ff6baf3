// A service cannot forget to publish: the store write itself records its events. Here a bare
// store write inside `ctx.write`, with no publish anywhere, still evicts the cached rendering
// and reaches a streaming client.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Kysely } from 'kysely';
import WebSocket from 'ws';
import { useTestServer } from '../helpers/server.js';
import { createPost, createUser } from '../helpers/client.js';
import { until } from '../helpers/until.js';
import { adjustStatusCounter } from '../../src/posts/store.js';
import { updateAccount } from '../../src/accounts/store.js';
import { insertNotification } from '../../src/notifications/store.js';
import type { Database } from '../../src/db/schema.js';

// Checked by the type check in `npm test`: a store write outside a unit of work does not compile.
export function writeWithoutTransaction(db: Kysely<Database>) {
  // @ts-expect-error a write needs the transaction (Tx) that publishes its events
  return adjustStatusCounter(db, 1, 'favourites_count', 1);
}

describe('store writes publish their own events', () => {
  const env = useTestServer();

  async function warmHome() {
    const reader = await createUser(env.api, undefined, env.app);
    const author = await createUser(env.api, undefined, env.app);
    await reader.api.post(`/api/v1/accounts/${author.id}/follow`);
    const post = await createPost(author, 'منشور في الذاكرة');
    const home = async () => (await reader.api.get('/api/v1/timelines/home')).body.find((s: any) => s.id === post.id);
    assert.ok(await home(), 'the post is in the reader’s home');
    return { reader, author, post, home };
  }

  test('a counter changed in a bare store write shows at once (the cached row is evicted)', async () => {
    const { post, home } = await warmHome();
    const cache = env.server.ctx.renderCache;
    assert.ok(cache.peek('status', Number(post.id)), 'the status row is cached');
    await env.server.ctx.write((tx) => adjustStatusCounter(tx, Number(post.id), 'favourites_count', 3));
    assert.equal(cache.peek('status', Number(post.id)), undefined, 'evicted by the time the write resolves');
    assert.equal((await home()).favourites_count, 3);
  });

  test('a profile changed in a bare store write shows at once', async () => {
    const { author, home } = await warmHome();
    await env.server.ctx.write((tx) => updateAccount(tx, Number(author.id), { display_name: 'اسم جديد' }));
    assert.equal((await home()).account.display_name, 'اسم جديد');
  });

  test('a notification inserted in a bare store write reaches the stream', async () => {
    const { reader, author, post } = await warmHome();
    const ctx = env.server.ctx;
    const ws = new WebSocket(`${env.server.url.replace('http', 'ws')}/api/v1/streaming?stream=user:notification&access_token=${author.token}`);
    const received = new Promise<{ event: string; payload: string }>((resolve, reject) => {
      ws.on('message', (data) => resolve(JSON.parse(String(data))));
      ws.once('error', reject);
    });
    try {
      const before = ctx.streaming.size;
      await new Promise((resolve) => ws.once('open', resolve));
      await until(() => ctx.streaming.size > before, 'the stream to register');
      await ctx.write((tx) =>
        insertNotification(tx, { accountId: Number(author.id), fromAccountId: Number(reader.id), type: 'favourite', statusId: Number(post.id), now: Date.now() }),
      );
      const message = await received;
      assert.equal(message.event, 'notification');
      assert.equal(JSON.parse(message.payload).type, 'favourite');
    } finally {
      ws.close();
    }
  });
});

// Clients send the same input many ways; the route schemas (with ajv's coercion and the flag
// keyword, http/schemas.ts) must read them all alike, and refuse what is not one of them.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { useTestServer } from '../helpers/server.js';
import { createPost, createUser } from '../helpers/client.js';

describe('route inputs', () => {
  const env = useTestServer();

  test('booleans as JSON, as form words (1/0, on/off, yes/no, true/false) and nothing else', async () => {
    const me = await createUser(env.api, undefined, env.app);
    const bot = async (body: unknown) => {
      const res = await me.api.request('PATCH', '/api/v1/accounts/update_credentials', body);
      return res.status === 200 ? res.body.bot : res.status;
    };
    assert.equal(await bot({ bot: true }), true);
    assert.equal(await bot(new URLSearchParams({ bot: '0' })), false);
    assert.equal(await bot(new URLSearchParams({ bot: '1' })), true);
    assert.equal(await bot(new URLSearchParams({ bot: 'off' })), false);
    assert.equal(await bot(new URLSearchParams({ bot: 'on' })), true);
    assert.equal(await bot(new URLSearchParams({ bot: 'false' })), false);
    assert.equal(await bot(new URLSearchParams({ bot: 'yes' })), true);
    const form = new FormData();
    form.set('bot', 'false');
    assert.equal(await bot(form), false);
    assert.equal(await bot({ bot: 'maybe' }), 422);
    assert.equal(await bot({ bot: 1 }), true);
  });

  test('query flags and numbers arrive typed', async () => {
    const me = await createUser(env.api, undefined, env.app);
    const other = await createUser(env.api, undefined, env.app);
    await createPost(me, 'أول');
    // A reply to someone else (replies to oneself, threads, are not excluded).
    await createPost(me, 'رد', { in_reply_to_id: (await createPost(other, 'سؤال')).id });
    const ids = async (query: string) => {
      const res = await me.api.get(`/api/v1/accounts/${me.id}/statuses?${query}`);
      return res.status === 200 ? res.body.length : res.status;
    };
    assert.equal(await ids(''), 2);
    assert.equal(await ids('exclude_replies=1'), 1);
    assert.equal(await ids('exclude_replies=true&limit=1'), 1);
    assert.equal(await ids('exclude_replies=0'), 2);
    assert.equal(await ids('exclude_replies=sometimes'), 400);
    assert.equal(await ids('limit=1.5'), 400);
    assert.deepEqual((await me.api.get('/api/v1/timelines/public?remote=1')).body, []);
  });

  test('ids one at a time or as lists, in forms and in JSON', async () => {
    const me = await createUser(env.api, undefined, env.app);
    const other = await createUser(env.api, undefined, env.app);
    const single = await me.api.get(`/api/v1/accounts/relationships?id=${other.id}`);
    assert.deepEqual(single.body.map((r: { id: string }) => r.id), [other.id]);
    const listed = await me.api.get(`/api/v1/accounts/relationships?id[]=${other.id}&id[]=${me.id}&id[]=nope`);
    assert.deepEqual(listed.body.map((r: { id: string }) => r.id), [other.id, me.id]);

    const parent = await createPost(other, 'سؤال');
    // A numeric id in JSON, an empty one in a form (no reply), a malformed one refused.
    const asNumber = await me.api.post('/api/v1/statuses', { status: 'جواب', in_reply_to_id: Number(parent.id) });
    assert.equal(asNumber.body.in_reply_to_id, parent.id);
    const empty = await me.api.post('/api/v1/statuses', new URLSearchParams({ status: 'وحده', in_reply_to_id: '' }));
    assert.equal(empty.status, 200);
    assert.equal(empty.body.in_reply_to_id, null);
    assert.equal((await me.api.post('/api/v1/statuses', { status: 'x', in_reply_to_id: 'abc' })).status, 422);
    assert.equal((await me.api.post('/api/v1/statuses', { status: 'x', media_ids: 'abc' })).status, 422);
  });
});

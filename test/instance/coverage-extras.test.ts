// Endpoints apps call at start and on their explore screens (issue 12): the directory, follow
// suggestions, familiar followers, several statuses by id, trending posts, and the instance's
// peers, activity, descriptions and languages; also through masto.js.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createRestAPIClient } from 'masto';
import { useTestServer } from '../helpers/server.js';
import { createUser } from '../helpers/client.js';

describe('explore and instance extras', () => {
  const env = useTestServer();

  test('suggestions: friends of friends first, then the most followed; familiar followers', async () => {
    const [me, friend, star, popular] = await Promise.all([createUser(env.api), createUser(env.api), createUser(env.api), createUser(env.api)]);
    await me.api.post(`/api/v1/accounts/${friend.id}/follow`);
    await friend.api.post(`/api/v1/accounts/${star.id}/follow`);
    await star.api.post(`/api/v1/accounts/${popular.id}/follow`);
    const v2 = await me.api.get('/api/v2/suggestions');
    assert.equal(v2.status, 200);
    assert.equal(v2.body[0].account.id, star.id);
    assert.deepEqual(v2.body[0].sources, ['friends_of_friends']);
    const ids = v2.body.map((s: any) => s.account.id);
    assert.ok(!ids.includes(me.id) && !ids.includes(friend.id), 'never oneself or someone followed');
    assert.ok(ids.includes(popular.id));
    const v1 = await me.api.get('/api/v1/suggestions');
    assert.equal(v1.body[0].id, star.id);
    const familiar = await me.api.get(`/api/v1/accounts/familiar_followers?id[]=${star.id}&id[]=${popular.id}`);
    assert.deepEqual(familiar.body, [
      { id: star.id, accounts: [familiar.body[0].accounts[0]] },
      { id: popular.id, accounts: [] },
    ]);
    assert.equal(familiar.body[0].accounts[0].id, friend.id);
    assert.equal((await env.api.get('/api/v2/suggestions')).status, 401);
  });

  test('directory, several statuses by id, trending posts', async () => {
    const [a, b] = await Promise.all([createUser(env.api), createUser(env.api)]);
    const dir = await env.api.get('/api/v1/directory?order=new&limit=5');
    assert.equal(dir.status, 200);
    assert.ok(dir.body.length >= 2 && dir.body.length <= 5);
    assert.equal((await env.api.get('/api/v1/directory?order=sideways')).status, 400);
    const p1 = (await a.api.post('/api/v1/statuses', { status: 'خبر عاجل' })).body;
    const p2 = (await a.api.post('/api/v1/statuses', { status: 'خاص', visibility: 'private' })).body;
    const many = await b.api.get(`/api/v1/statuses?id[]=${p2.id}&id[]=${p1.id}&id[]=999999`);
    assert.deepEqual(many.body.map((s: any) => s.id), [p1.id], 'only what the viewer may see, in the order asked');
    assert.deepEqual((await a.api.get(`/api/v1/statuses?id[]=${p2.id}&id[]=${p1.id}`)).body.map((s: any) => s.id), [p2.id, p1.id]);
    await b.api.post(`/api/v1/statuses/${p1.id}/favourite`);
    await b.api.post(`/api/v1/statuses/${p1.id}/reblog`);
    const trends = await env.api.get('/api/v1/trends/statuses');
    assert.equal(trends.status, 200);
    assert.equal(trends.body[0].id, p1.id);
    assert.ok(!trends.body.some((s: any) => s.id === p2.id));
    assert.deepEqual((await env.api.get('/api/v1/trends/links')).body, []);
  });

  test('instance peers, activity, descriptions, languages; and masto.js reads them', async () => {
    assert.deepEqual((await env.api.get('/api/v1/instance/peers')).body, []);
    const activity = await env.api.get('/api/v1/instance/activity');
    assert.equal(activity.body.length, 12);
    assert.ok(Number(activity.body[0].registrations) >= 1, 'this week has sign-ups');
    assert.ok(Number(activity.body[0].week) > Number(activity.body[1].week));
    for (const path of ['extended_description', 'privacy_policy']) {
      const page = await env.api.get(`/api/v1/instance/${path}`);
      assert.match(page.body.content, /<p>[\u0600-\u06FF]/, 'Arabic first');
      assert.ok(!Number.isNaN(Date.parse(page.body.updated_at)));
    }
    assert.deepEqual((await env.api.get('/api/v1/instance/translation_languages')).body, {});
    const masto = createRestAPIClient({ url: env.server.url });
    assert.deepEqual(await masto.v1.instance.peers.list(), []);
    assert.equal((await masto.v1.instance.activity.list()).length, 12);
    assert.ok(Array.isArray(await masto.v1.trends.statuses.list()));
    assert.ok(Array.isArray(await masto.v1.directory.list({ order: 'new' })));
  });
});

// The filters API as Mastodon answers it: /api/v2/filters with keywords and statuses,
// /api/v1/filters (one keyword of a v2 filter each), scopes, and the 4xx for bad input.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { useTestServer } from '../helpers/server.js';
import { createPost, createUser } from '../helpers/client.js';
import { tokenWithScopes, ALL_SCOPES } from '../streaming/fixtures.js';
import { createApp } from '../helpers/client.js';
import { openStream } from '../helpers/stream.js';
import { waitFor } from '../helpers/wait.js';
import { openEventStream } from '../streaming/fixtures.js';

const ISO = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

describe('filters API', () => {
  const env = useTestServer();

  test('v2: create, show, list, update keywords (add, change, destroy), delete', async () => {
    const me = await createUser(env.api, undefined, env.app);
    const created = await me.api.post('/api/v2/filters', {
      title: 'سياسة',
      context: ['home', 'public'],
      filter_action: 'hide',
      expires_in: 3600,
      keywords_attributes: [{ keyword: 'انتخابات', whole_word: true }, { keyword: 'حزب', whole_word: false }],
    });
    assert.equal(created.status, 200);
    const filter = created.body;
    assert.deepEqual(Object.keys(filter), ['id', 'title', 'context', 'expires_at', 'filter_action', 'keywords', 'statuses']);
    assert.equal(filter.title, 'سياسة');
    assert.deepEqual(filter.context, ['home', 'public']);
    assert.equal(filter.filter_action, 'hide');
    assert.match(filter.expires_at, ISO);
    assert.deepEqual(filter.keywords.map((k: any) => [k.keyword, k.whole_word]), [['انتخابات', true], ['حزب', false]]);
    assert.deepEqual(Object.keys(filter.keywords[0]), ['id', 'keyword', 'whole_word']);
    assert.deepEqual(filter.statuses, []);

    assert.deepEqual((await me.api.get(`/api/v2/filters/${filter.id}`)).body, filter);
    assert.deepEqual((await me.api.get('/api/v2/filters')).body, [filter]);

    const [first, second] = filter.keywords;
    const updated = await me.api.request('PUT', `/api/v2/filters/${filter.id}`, {
      title: 'سياسة محلية',
      filter_action: 'warn',
      expires_in: '',
      keywords_attributes: [{ id: first.id, _destroy: true }, { id: second.id, keyword: 'أحزاب' }, { keyword: 'برلمان', whole_word: false }],
    });
    assert.equal(updated.status, 200);
    assert.equal(updated.body.title, 'سياسة محلية');
    assert.equal(updated.body.filter_action, 'warn');
    assert.equal(updated.body.expires_at, null);
    assert.deepEqual(updated.body.context, ['home', 'public']);
    assert.deepEqual(updated.body.keywords.map((k: any) => [k.id === second.id, k.keyword, k.whole_word]), [[true, 'أحزاب', false], [false, 'برلمان', false]]);

    assert.deepEqual((await me.api.delete(`/api/v2/filters/${filter.id}`)).body, {});
    assert.equal((await me.api.get(`/api/v2/filters/${filter.id}`)).status, 404);
    assert.deepEqual((await me.api.get('/api/v2/filters')).body, []);
  });

  test('v2: form parameters as Rails reads them (context[]=, keywords_attributes[][keyword]=), warn by default', async () => {
    const me = await createUser(env.api, undefined, env.app);
    const form = new URLSearchParams([['title', 'ألعاب'], ['context[]', 'thread'], ['context[]', 'account'], ['keywords_attributes[][keyword]', 'مباراة'], ['keywords_attributes[][whole_word]', '0']]);
    const res = await me.api.post('/api/v2/filters', form);
    assert.equal(res.status, 200, JSON.stringify(res.body));
    assert.deepEqual(res.body.context, ['thread', 'account']);
    assert.equal(res.body.filter_action, 'warn');
    assert.equal(res.body.expires_at, null);
    assert.deepEqual(res.body.keywords.map((k: any) => [k.keyword, k.whole_word]), [['مباراة', false]]);
  });

  test('v2 keywords: list, add, show, update, delete', async () => {
    const me = await createUser(env.api, undefined, env.app);
    const filter = (await me.api.post('/api/v2/filters', { title: 'ت', context: ['home'] })).body;
    assert.deepEqual((await me.api.get(`/api/v2/filters/${filter.id}/keywords`)).body, []);
    const added = await me.api.post(`/api/v2/filters/${filter.id}/keywords`, { keyword: 'تويتر' });
    assert.equal(added.status, 200);
    assert.deepEqual([added.body.keyword, added.body.whole_word], ['تويتر', true]);
    assert.deepEqual((await me.api.get(`/api/v2/filters/keywords/${added.body.id}`)).body, added.body);
    const changed = await me.api.request('PUT', `/api/v2/filters/keywords/${added.body.id}`, { whole_word: false });
    assert.deepEqual(changed.body, { ...added.body, whole_word: false });
    assert.deepEqual((await me.api.get(`/api/v2/filters/${filter.id}/keywords`)).body, [changed.body]);
    assert.deepEqual((await me.api.delete(`/api/v2/filters/keywords/${added.body.id}`)).body, {});
    assert.equal((await me.api.get(`/api/v2/filters/keywords/${added.body.id}`)).status, 404);
  });

  test('v2 statuses: list, add, show, delete; a filtered status carries status_matches', async () => {
    const me = await createUser(env.api, undefined, env.app);
    const post = await createPost(me, 'منشور سأخفيه');
    const filter = (await me.api.post('/api/v2/filters', { title: 'منشورات', context: ['home'] })).body;
    const added = await me.api.post(`/api/v2/filters/${filter.id}/statuses`, { status_id: post.id });
    assert.equal(added.status, 200);
    assert.deepEqual(Object.keys(added.body), ['id', 'status_id']);
    assert.equal(added.body.status_id, post.id);
    assert.equal((await me.api.post(`/api/v2/filters/${filter.id}/statuses`, { status_id: post.id })).status, 422);
    assert.deepEqual((await me.api.get(`/api/v2/filters/${filter.id}/statuses`)).body, [added.body]);
    assert.deepEqual((await me.api.get(`/api/v2/filters/statuses/${added.body.id}`)).body, added.body);
    const [home] = (await me.api.get('/api/v1/timelines/home')).body;
    assert.deepEqual(home.filtered[0].status_matches, [post.id]);
    // Bookmarks have no filter context: the match is listed, the status stays (Mastodon).
    await me.api.post(`/api/v1/statuses/${post.id}/bookmark`);
    assert.deepEqual((await me.api.get('/api/v1/bookmarks')).body[0].filtered[0].status_matches, [post.id]);
    // Nor does search.
    const found = (await me.api.get(`/api/v2/search?type=statuses&q=${encodeURIComponent('سأخفيه')}`)).body.statuses;
    assert.deepEqual(found.map((s: any) => [s.id, s.filtered[0]?.status_matches]), [[post.id, [post.id]]]);
    assert.equal(home.filtered[0].keyword_matches, null);
    assert.deepEqual((await me.api.delete(`/api/v2/filters/statuses/${added.body.id}`)).body, {});
    assert.deepEqual((await me.api.get('/api/v1/timelines/home')).body[0].filtered, []);
    assert.equal((await me.api.post(`/api/v2/filters/${filter.id}/statuses`, { status_id: '999999999' })).status, 404);
    // A status the account may not see is as unknown as one that does not exist.
    const stranger = await createUser(env.api, undefined, env.app);
    const secret = await createPost(stranger, 'للمتابعين فقط', { visibility: 'private' });
    assert.equal((await me.api.post(`/api/v2/filters/${filter.id}/statuses`, { status_id: secret.id })).status, 404);
  });

  test('bad input: 422 with Mastodon\'s message, never a 500', async () => {
    const me = await createUser(env.api, undefined, env.app);
    const cases: [unknown, RegExp][] = [
      [{ title: 'x', context: ['home', 'timeline'] }, /Context/],
      [{ title: 'x', context: [] }, /Context/],
      [{ title: 'x' }, /Context/],
      [{ title: '', context: ['home'] }, /Title can't be blank/],
      [{ title: 'x', context: ['home'], filter_action: 'shout' }, /Filter action/],
      [{ title: 'x', context: ['home'], keywords_attributes: [{ keyword: '  ' }] }, /keyword can't be blank/],
      [{ title: 'x', context: ['home'], expires_in: 'soon' }, /Expires in/],
      [{ title: 'x', context: ['home'], expires_in: -5 }, /Expires in/],
      [{ title: 'x', context: ['home'], keywords_attributes: 'word' }, /Keywords/],
      [{ title: 'x', context: 'home', keywords_attributes: [{ keyword: 'x'.repeat(600) }] }, /too long/],
    ];
    for (const [body, message] of cases) {
      const res = await me.api.post('/api/v2/filters', body);
      assert.equal(res.status, 422, JSON.stringify(body));
      assert.match(res.body.error, message);
    }
    const filter = (await me.api.post('/api/v2/filters', { title: 'x', context: ['home'], keywords_attributes: [{ keyword: 'a' }] })).body;
    assert.equal((await me.api.post(`/api/v2/filters/${filter.id}/keywords`, { keyword: '' })).status, 422);
    assert.equal((await me.api.request('PUT', `/api/v2/filters/${filter.id}`, { context: ['nowhere'] })).status, 422);
    // A keyword id the filter does not have, on create or update: 404 (Mastodon).
    assert.equal((await me.api.post('/api/v2/filters', { title: 'x', context: ['home'], keywords_attributes: [{ id: filter.keywords[0].id, keyword: 'b' }] })).status, 404);
    assert.equal((await me.api.request('PUT', `/api/v2/filters/${filter.id}`, { keywords_attributes: [{ id: '123', keyword: 'b' }] })).status, 404);
    assert.equal((await me.api.post(`/api/v2/filters/${filter.id}/statuses`, {})).status, 422);
  });

  test('unknown ids and other people\'s filters: 404 Record not found', async () => {
    const me = await createUser(env.api, undefined, env.app);
    const other = await createUser(env.api, undefined, env.app);
    const theirs = (await other.api.post('/api/v2/filters', { title: 'x', context: ['home'], keywords_attributes: [{ keyword: 'y' }] })).body;
    const paths = [
      `/api/v2/filters/${theirs.id}`, '/api/v2/filters/123', '/api/v2/filters/abc', `/api/v2/filters/${theirs.id}/keywords`,
      `/api/v2/filters/keywords/${theirs.keywords[0].id}`, '/api/v2/filters/statuses/5', `/api/v1/filters/${theirs.keywords[0].id}`,
    ];
    for (const path of paths) {
      const res = await me.api.get(path);
      assert.equal(res.status, 404, path);
      assert.deepEqual(res.body, { error: 'Record not found' });
    }
    assert.equal((await me.api.delete(`/api/v2/filters/${theirs.id}`)).status, 404);
    assert.equal((await me.api.request('PUT', `/api/v2/filters/${theirs.id}`, { title: 'mine' })).status, 404);
    assert.equal((await me.api.delete(`/api/v2/filters/keywords/${theirs.keywords[0].id}`)).status, 404);
    assert.equal((await other.api.get(`/api/v2/filters/${theirs.id}`)).body.title, 'x');
  });

  test('scopes: read:filters reads, write:filters writes; no token is 401', async () => {
    const app = await createApp(env.api, ALL_SCOPES);
    const me = await createUser(env.api, undefined, app);
    const reader = env.api.as(await tokenWithScopes(env.api, app, me, 'read:filters'));
    const writer = env.api.as(await tokenWithScopes(env.api, app, me, 'write:filters'));
    const body = { title: 'x', context: ['home'] };
    assert.equal((await reader.post('/api/v2/filters', body)).status, 403);
    const created = await writer.post('/api/v2/filters', body);
    assert.equal(created.status, 200);
    assert.equal((await writer.get('/api/v2/filters')).status, 403);
    assert.equal((await reader.get('/api/v2/filters')).body.length, 1);
    assert.equal((await reader.get('/api/v1/filters')).status, 200);
    assert.equal((await env.api.get('/api/v2/filters')).status, 401);
    assert.equal((await env.api.post('/api/v1/filters', { phrase: 'x', context: ['home'] })).status, 401);
  });

  test('a change to the account\'s filters is announced on its user streams (filters_changed), as Mastodon', async () => {
    const me = await createUser(env.api, undefined, env.app);
    const other = await createUser(env.api, undefined, env.app);
    const socket = openStream(env.server, 'stream=user', me.token);
    const othersSocket = openStream(env.server, 'stream=user', other.token);
    const sse = await openEventStream(env.server.url, '/api/v1/streaming/user', me.token);
    try {
      await socket.settled();
      await othersSocket.settled();
      const filter = (await me.api.post('/api/v2/filters', { title: 'x', context: ['home'] })).body;
      const message = await socket.next((m) => m.event === 'filters_changed');
      assert.deepEqual(message, { stream: ['user'], event: 'filters_changed' });
      await sse.waitFor((text) => text.includes('event: filters_changed\ndata: undefined\n\n'), 'filters_changed over SSE');
      await me.api.delete(`/api/v2/filters/${filter.id}`);
      await waitFor(() => socket.messages.filter((m) => m.event === 'filters_changed').length === 2, { what: 'a second filters_changed' });
      assert.equal(othersSocket.messages.length, 0, 'nobody else is told');
    } finally {
      socket.ws.close();
      othersSocket.ws.close();
      sse.close();
    }
  });

  test('v1: each filter is one keyword of a v2 filter', async () => {
    const me = await createUser(env.api, undefined, env.app);
    const created = await me.api.post('/api/v1/filters', { phrase: 'داعش', context: ['home', 'notifications'], irreversible: true, whole_word: false, expires_in: 600 });
    assert.equal(created.status, 200);
    const v1 = created.body;
    assert.deepEqual(Object.keys(v1), ['id', 'phrase', 'context', 'whole_word', 'expires_at', 'irreversible']);
    assert.deepEqual([v1.phrase, v1.context, v1.whole_word, v1.irreversible], ['داعش', ['home', 'notifications'], false, true]);
    assert.match(v1.expires_at, ISO);
    // The same filter through v2: a hiding filter titled by its phrase, with that one keyword.
    const [v2] = (await me.api.get('/api/v2/filters')).body;
    assert.deepEqual([v2.title, v2.filter_action, v2.keywords.map((k: any) => k.id)], ['داعش', 'hide', [v1.id]]);
    assert.deepEqual((await me.api.get('/api/v1/filters')).body, [v1]);
    assert.deepEqual((await me.api.get(`/api/v1/filters/${v1.id}`)).body, v1);

    const updated = await me.api.request('PUT', `/api/v1/filters/${v1.id}`, { phrase: 'تنظيم', context: ['public'], irreversible: false, whole_word: true });
    assert.equal(updated.status, 200);
    assert.deepEqual([updated.body.phrase, updated.body.context, updated.body.irreversible, updated.body.whole_word], ['تنظيم', ['public'], false, true]);

    // A v2 filter of two keywords shows as two v1 filters, whose shared settings v1 cannot change.
    await me.api.post(`/api/v2/filters/${v2.id}/keywords`, { keyword: 'قراصنة' });
    const list = (await me.api.get('/api/v1/filters')).body;
    assert.deepEqual(list.map((f: any) => f.phrase), ['تنظيم', 'قراصنة']);
    assert.equal((await me.api.request('PUT', `/api/v1/filters/${v1.id}`, { context: ['home'] })).status, 422);
    assert.equal((await me.api.request('PUT', `/api/v1/filters/${v1.id}`, { phrase: 'التنظيم' })).status, 200);

    assert.deepEqual((await me.api.delete(`/api/v1/filters/${list[1].id}`)).body, {});
    assert.deepEqual((await me.api.get('/api/v2/filters')).body[0].keywords.map((k: any) => k.keyword), ['التنظيم']);
    await me.api.delete(`/api/v1/filters/${v1.id}`);
    assert.deepEqual((await me.api.get('/api/v2/filters')).body, []);
    assert.equal((await me.api.post('/api/v1/filters', { phrase: '', context: ['home'] })).status, 422);
    assert.equal((await me.api.post('/api/v1/filters', { phrase: 'x', context: ['everywhere'] })).status, 422);
  });
});

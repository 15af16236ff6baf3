// `filtered` is per viewer while status bytes are cached and shared (posts/render-cache.ts,
// status-bytes.ts, repeat-pages.ts): one viewer's filters must never reach another's page, a
// viewer without filters gets the same bytes as before, changes apply at once, and expired
// filters (test clock) do nothing.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { useTestServer } from '../helpers/server.js';
import { testClock } from '../helpers/clock.js';
import { createPost, createUser } from '../helpers/client.js';
import { clauseWith, createFilter } from './fixtures.js';

const clock = testClock();
const MATCHING = clauseWith('قراصنة تنظيم داعش');

describe('filters per viewer', () => {
  const env = useTestServer({}, clock);

  async function twoReaders() {
    const author = await createUser(env.api, undefined, env.app);
    const filtering = await createUser(env.api, undefined, env.app);
    const plain = await createUser(env.api, undefined, env.app);
    for (const reader of [filtering, plain]) await reader.api.post(`/api/v1/accounts/${author.id}/follow`);
    const post = await createPost(author, MATCHING);
    return { author, filtering, plain, post };
  }

  test('cached pages never carry one viewer\'s filters to another; unfiltered bytes are unchanged', async () => {
    const { filtering, plain } = await twoReaders();
    const before = await plain.api.request('GET', '/api/v1/timelines/home');
    await createFilter(filtering, { title: 'قراصنة', keywords: [{ keyword: 'قراصنه' }] });
    // Read each several times, interleaved: the second identical read is served from the
    // viewer's repeat page, the rest from the render cache's heads.
    for (let round = 0; round < 3; round++) {
      for (const path of ['/api/v1/timelines/home', '/api/v1/timelines/public']) {
        const theirs = (await filtering.api.get(path)).body;
        assert.equal(theirs[0].filtered[0].filter.title, 'قراصنة', path);
        assert.deepEqual(theirs[0].filtered[0].keyword_matches, ['قراصنه']);
        const mine = (await plain.api.get(path)).body;
        assert.deepEqual(mine[0].filtered, [], path);
        const anonymous = (await env.api.get('/api/v1/timelines/public')).body;
        assert.deepEqual(anonymous[0].filtered, []);
      }
    }
    const after = await plain.api.request('GET', '/api/v1/timelines/home');
    assert.deepEqual(after.body, before.body);
  });

  test('a change to a filter applies on the next read', async () => {
    const { filtering } = await twoReaders();
    const filter = await createFilter(filtering, { filter_action: 'warn', keywords: [{ keyword: 'داعش' }] });
    assert.equal((await filtering.api.get('/api/v1/timelines/home')).body[0].filtered.length, 1);
    await filtering.api.request('PUT', `/api/v2/filters/${filter.id}`, { filter_action: 'hide' });
    assert.deepEqual((await filtering.api.get('/api/v1/timelines/home')).body, []);
    await filtering.api.request('PUT', `/api/v2/filters/${filter.id}`, { keywords_attributes: [{ id: filter.keywords[0].id, keyword: 'فيسبوك' }] });
    assert.deepEqual((await filtering.api.get('/api/v1/timelines/home')).body[0].filtered, []);
    await filtering.api.post(`/api/v2/filters/${filter.id}/keywords`, { keyword: 'تنظيم' });
    assert.deepEqual((await filtering.api.get('/api/v1/timelines/home')).body, []);
    await filtering.api.delete(`/api/v2/filters/${filter.id}`);
    assert.deepEqual((await filtering.api.get('/api/v1/timelines/home')).body[0].filtered, []);
  });

  test('an expired filter does nothing, in timelines and on the status itself', async () => {
    const { filtering, post } = await twoReaders();
    const filter = await createFilter(filtering, { filter_action: 'hide', expires_in: 3600, keywords: [{ keyword: 'داعش' }] });
    assert.ok(new Date(filter.expires_at).getTime() - clock() === 3600_000);
    assert.deepEqual((await filtering.api.get('/api/v1/timelines/home')).body, []);
    clock.advance(3599_000);
    assert.deepEqual((await filtering.api.get('/api/v1/timelines/home')).body, []);
    clock.advance(1_000);
    const home = (await filtering.api.get('/api/v1/timelines/home')).body;
    assert.deepEqual(home.map((s: any) => [s.id, s.filtered]), [[post.id, []]]);
    assert.deepEqual((await filtering.api.get(`/api/v1/statuses/${post.id}`)).body.filtered, []);
    // Still listed (Mastodon keeps expired filters), with its expiry in the past.
    assert.equal((await filtering.api.get('/api/v2/filters')).body[0].expires_at, filter.expires_at);
  });
});

// GET /api/v1/trends/tags: a tag trends by growth against its own baseline, and carries
// Mastodon's 7-day history. Posts are back-dated by moving the server's clock.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { startTestServer, type TestServer } from '../helpers/server.js';
import { testClock, type TestClock } from '../helpers/clock.js';
import { Api, createApp, createPost, createUser, type TestUser } from '../helpers/client.js';

const DAY = 86_400_000;
// Noon UTC, so a whole test day stays inside one UTC day.
const NOON = Math.floor(Date.now() / DAY) * DAY + 12 * 3_600_000;
const ALWAYS_BUSY = 'كرة_القدم';
const NEWLY_BUSY = 'تويتر_معطل';
const BUSY_AND_GROWING = 'أخبار';
const SMALL_BURST = 'لندن';

describe('trending tags', () => {
  let server: TestServer;
  let clock: TestClock;
  let api: Api;
  let regulars: TestUser[];
  let newcomers: TestUser[];

  before(async () => {
    clock = testClock(NOON);
    server = await startTestServer({}, clock);
    api = new Api(server.url);
    const app = await createApp(api);
    regulars = [];
    newcomers = [];
    for (let i = 0; i < 4; i++) regulars.push(await createUser(api, `regular${i}`, app));
    for (let i = 0; i < 5; i++) newcomers.push(await createUser(api, `newcomer${i}`, app));
    // Four accounts talk football every day for the last eight days, today included.
    for (let day = 7; day >= 0; day--) {
      for (const [i, user] of regulars.entries()) {
        clock.set(NOON - day * DAY + i * 1000);
        await createPost(user, `مباراة اليوم #${ALWAYS_BUSY}`);
      }
    }
    // Four accounts post news daily too, but today all nine do: growth on a busy baseline.
    for (let day = 7; day >= 1; day--) {
      for (const [i, user] of regulars.entries()) {
        clock.set(NOON - day * DAY + 30_000 + i * 1000);
        await createPost(user, `عاجل #${BUSY_AND_GROWING}`);
      }
    }
    for (const [i, user] of [...regulars, ...newcomers].entries()) {
      clock.set(NOON + 30_000 + i * 1000);
      await createPost(user, `عاجل اليوم #${BUSY_AND_GROWING}`);
    }
    // Three accounts, from nothing: trends, but below the bigger bursts.
    for (const [i, user] of newcomers.slice(0, 3).entries()) {
      clock.set(NOON + 90_000 + i * 1000);
      await createPost(user, `#${SMALL_BURST}`);
    }
    // Yesterday one account mentioned the outage tag; today five do, one of them twice.
    clock.set(NOON - DAY + 60_000);
    await createPost(newcomers[0], `#${NEWLY_BUSY} مرة`);
    for (const [i, user] of newcomers.entries()) {
      clock.set(NOON + 120_000 + i * 1000);
      await createPost(user, `للمرة الثانية خلال 24 ساعة #${NEWLY_BUSY}`);
    }
    clock.set(NOON + 200_000);
    await createPost(newcomers[0], `#تُوِيتَر_مُعطل مرة أخرى`);
    // A private burst does not count toward trends.
    for (const user of newcomers) await createPost(user, '#سري', { visibility: 'private' });
    clock.set(NOON + 3_600_000);
  });
  after(() => server.close());

  test('ranked by growth against each tag’s own baseline; an always-busy tag does not trend', async () => {
    const res = await api.get('/api/v1/trends/tags');
    assert.equal(res.status, 200);
    const names = res.body.map((t: any) => t.name);
    assert.deepEqual(names, [NEWLY_BUSY, BUSY_AND_GROWING, SMALL_BURST]);
    assert.equal(res.body[0].url, `${server.url}/tags/${encodeURIComponent(NEWLY_BUSY)}`);
  });

  test('history: seven UTC days, newest first, as strings', async () => {
    const [tag] = (await api.get('/api/v1/trends/tags')).body;
    assert.equal(tag.history.length, 7);
    const today = Math.floor(NOON / DAY) * 86_400;
    assert.deepEqual(tag.history.map((h: any) => h.day), Array.from({ length: 7 }, (_, i) => String(today - i * 86_400)));
    assert.deepEqual(tag.history[0], { day: String(today), uses: '6', accounts: '5' });
    assert.deepEqual(tag.history[1], { day: String(today - 86_400), uses: '1', accounts: '1' });
    assert.ok(tag.history.slice(2).every((h: any) => h.uses === '0' && h.accounts === '0'));
  });

  test('/api/v1/tags/:name gives the same history for a tag that does not trend', async () => {
    const res = await api.get(`/api/v1/tags/${encodeURIComponent(ALWAYS_BUSY)}`);
    assert.equal(res.status, 200);
    assert.equal(res.body.name, ALWAYS_BUSY);
    assert.deepEqual(res.body.history.map((h: any) => [h.uses, h.accounts]), Array.from({ length: 7 }, () => ['4', '4']));
    assert.equal((await api.get(`/api/v1/tags/${encodeURIComponent('لا_وجود')}`)).status, 404);
  });

  test('limit and offset; bad ones are 400', async () => {
    assert.deepEqual((await api.get('/api/v1/trends/tags?offset=2')).body.map((t: any) => t.name), [SMALL_BURST]);
    assert.equal((await api.get('/api/v1/trends/tags?limit=1')).body.length, 1);
    assert.equal((await api.get('/api/v1/trends/tags?limit=0')).status, 400);
    assert.equal((await api.get('/api/v1/trends/tags?limit=abc')).status, 400);
  });

  test('a day later, with the burst over, the tag no longer trends', async () => {
    clock.set(NOON + 2 * DAY);
    assert.deepEqual((await api.get('/api/v1/trends/tags')).body, []);
  });
});

describe('trending tags on an empty server', () => {
  test('is an empty list', async () => {
    const server = await startTestServer();
    try {
      const res = await new Api(server.url).get('/api/v1/trends/tags');
      assert.equal(res.status, 200);
      assert.deepEqual(res.body, []);
    } finally {
      await server.close();
    }
  });
});
